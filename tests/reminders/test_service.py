"""What the chat and CLI layers call: corpus sync with changed deadlines, bindings, /done, /progress, listings."""

from __future__ import annotations

import copy
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import service, views
from reminders.db import open_database
from reminders.models import AuditEntry, Reminder, StatusReport

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)


@pytest.fixture
def session(tmp_path, plan: Document, registry: UnitRegistry):
    engine = open_database(f"sqlite:///{tmp_path / 'service.db'}")
    with Session(engine) as session:
        service.sync_corpus(session, registry, [plan], NOW)
        service.bind(session, registry, "长治市生态环境局", "telegram", "-1001", "console:local", NOW)
        service.bind(session, registry, "潞州区", "wecom", "robot-lz", "console:local", NOW)
        yield session
    engine.dispose()


def reminders(session: Session, number: int, state: str | None = None) -> list[Reminder]:
    project = service.find_project(session, str(number))
    query = select(Reminder).where(Reminder.project_id == project.id)
    return [r for r in session.exec(query) if state is None or r.state == state]


def test_a_changed_deadline_cancels_what_no_longer_applies_and_plans_anew(session, plan):
    service.plan(session, NOW)
    eight = service.find_project(session, "8").id
    assert [r for r in session.exec(select(Reminder).where(Reminder.project_id == eight))]
    old = {r.occasion for r in reminders(session, 3, "planned")}
    assert {o.split(":")[0] for o in old} == {"due-90", "due-30", "due-7", "due-1", "due-0", "overdue"}
    changed = copy.deepcopy(plan)
    three = next(p for p in changed.key_projects if p.number == 3)
    three.deadline_text, three.due_date = "2029年6月底", date(2029, 6, 30)
    six = next(p for p in changed.key_projects if p.number == 6)
    six.deadline_text, six.due_date = "2027年6月底", date(2027, 6, 30)  # overdue no more
    changed.key_projects = [p for p in changed.key_projects if p.number != 8]

    report = service.sync_projects(session, [changed], NOW)
    assert report.changed == ["changzhi-2023-5#3", "changzhi-2023-5#6"]
    assert report.removed == ["changzhi-2023-5#8"]
    result = service.plan(session, NOW)
    assert result.cancelled > 0

    cancelled = {r.occasion for r in reminders(session, 3, "cancelled")}
    assert cancelled == old
    planned = sorted((r.occasion, r.scheduled_at.astimezone(TZ).date().isoformat())
                     for r in reminders(session, 3, "planned") if r.unit == "市生态环境局")
    assert planned == [("due-1:2029-06-30", "2029-06-29"),  # 06-30 is a Saturday: no on-the-day slot
                       ("due-30:2029-06-30", "2029-05-31"), ("due-7:2029-06-30", "2029-06-25"),
                       ("due-90:2029-06-30", "2029-04-02"), ("overdue:2029-06-30", "2029-07-02")]
    assert not [r for r in reminders(session, 6, "planned") if r.occasion.startswith(("digest", "overdue:2025"))]
    assert {r.occasion.split(":")[0] for r in reminders(session, 6, "planned")} >= {"due-90", "due-30"}
    assert not session.exec(select(Reminder).where(Reminder.project_id == eight, Reminder.state == "planned")).all()
    with pytest.raises(service.ReminderError):
        service.find_project(session, "8")


def test_done_stops_the_reminders_and_is_recorded(session):
    service.plan(session, NOW)
    assert reminders(session, 2, "planned")
    service.mark_done(session, "2", "telegram", "42", "市生态环境局", NOW, text="已完成验收")
    assert reminders(session, 2, "planned") == []
    assert {r.reason for r in reminders(session, 2, "cancelled")} == {"the project was marked done"}
    service.plan(session, NOW)
    assert reminders(session, 2, "planned") == []
    report = session.exec(select(StatusReport)).one()
    assert (report.kind, report.unit, report.user_id, report.text) == ("done", "市生态环境局", "42", "已完成验收")
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "done")).one().who == "telegram:42"


def test_progress_is_kept_as_said_and_needs_words(session):
    service.record_progress(session, "4", "wecom", "zhangsan", "潞州区", " 已更换新能源公交 30 辆 ", NOW)
    project = service.find_project(session, "4")
    (report,) = views.reports(session, project.id)
    assert (report.kind, report.text) == ("progress", "已更换新能源公交 30 辆")
    assert (report.unit, report.platform, report.user_id) == ("潞州区", "wecom", "zhangsan")
    with pytest.raises(service.ReminderError, match="说明"):
        service.record_progress(session, "4", "wecom", "zhangsan", "潞州区", "  ", NOW)
    with pytest.raises(service.ReminderError, match="没有附表第99项"):
        service.record_progress(session, "99", "wecom", "zhangsan", "潞州区", "x", NOW)


def test_setting_an_external_deadline_replaces_the_admin_requests(session, registry):
    service.bind(session, registry, "admins", "telegram", "900", "console:local", NOW)
    service.plan(session, NOW)
    requests = {"setdeadline:2026-12", "setdeadline:2027-01"}
    assert {r.occasion for r in reminders(session, 1, "planned") if r.occasion.startswith("set")} == requests
    service.set_external_deadline(session, "1", date(2027, 3, 31), "telegram:900", NOW)
    assert {r.occasion for r in reminders(session, 1, "cancelled")} == requests
    planned = {(r.unit, r.occasion.split(":")[0]) for r in reminders(session, 1, "planned")}
    assert ("市生态环境局", "due-90") in planned and ("潞州区", "due-0") in planned
    with pytest.raises(service.ReminderError, match=r"2023年10月底.*无需设定"):
        service.set_external_deadline(session, "2", date(2027, 3, 31), "telegram:900", NOW)
    refused = session.exec(select(AuditEntry).where(AuditEntry.result != "ok")).one()
    assert refused.action == "setdeadline" and refused.result.startswith("refused")


def test_binding_resolves_names_and_unbinding_cancels(session, registry):
    with pytest.raises(service.ReminderError, match="unknown unit: 火星局"):
        service.bind(session, registry, "火星局", "telegram", "1", "console:local", NOW)
    with pytest.raises(service.ReminderError, match="unknown platform"):
        service.bind(session, registry, "市工信局", "slack", "1", "console:local", NOW)
    binding = service.bind(session, registry, "Industry and Information Technology Bureau", "telegram", "-7",
                           "console:local", NOW)
    assert binding.unit == "市工信局"
    service.plan(session, NOW)
    assert [r for r in reminders(session, 6, "planned") if r.unit == "市工信局"]
    cancelled = service.unbind(session, registry, "工信局", "telegram", "-7", "console:local", NOW)
    assert cancelled > 0
    assert not [r for r in reminders(session, 6, "planned") if r.unit == "市工信局"]
    with pytest.raises(service.ReminderError, match="no such telegram chat"):
        service.unbind(session, registry, "工信局", "telegram", "-7", "console:local", NOW)


def test_units_without_a_chat_are_reported_not_skipped(session):
    report = service.plan(session, NOW)
    unbound = {n: report.unbound[service.find_project(session, str(n)).id] for n in (1, 2, 4)}
    assert unbound[1][0] == "市工信局" and "管理员" in unbound[1]
    assert "市生态环境局" not in unbound[2] and "潞州区" not in unbound[2] and "上党区" in unbound[2]
    assert unbound[4][:2] == ["市交通局", "市发展改革委"] and unbound[4][-1] == "管理员"  # no admins chat: no summary


def test_listings_show_the_plan_per_project_and_mask_robot_keys(session):
    listing = views.upcoming(session, NOW)
    assert session.exec(select(Reminder)).all() == []  # a preview writes nothing
    two = next(p for p in listing["projects"] if p["number"] == 2)
    assert two["citation"] == "附表第2项" and two["overdue"] and two["days_left"] == -1120
    notices = [r for r in two["reminders"] if r["occasion"] == "overdue:2023-10-31"]
    assert {(r["unit"], r["chat"], r["due_now"]) for r in notices} == {
        ("市生态环境局", "telegram:-1001", True), ("潞州区", "wecom:robot-…", True)}
    units = {u["unit"]: u for u in views.units(session)}
    assert units["潞州区"]["chats"] == ["wecom:robot-…"] and units["潞州区"]["kind"] == "county"
    assert "附表第2项（牵头）" in units["市生态环境局"]["projects"]
    assert units["管理员"]["kind"] == "admins"
