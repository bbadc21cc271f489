"""The reminder policy on the real plan's key projects, without a database."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from corpus.model import Document
from reminders import messages
from reminders.models import ProjectRow
from reminders.policy import ADMINS, ProjectState, occasion_kind, occasions, still_applies, superseded, targets
from reminders.workdays import local

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def state(plan: Document, number: int, due: date | None = None, open_: bool = True) -> ProjectState:
    kp = next(p for p in plan.key_projects if p.number == number)
    units = tuple((u, "lead" if i == 0 else "co") for i, u in enumerate(kp.units))
    return ProjectState(number, number, kp.deadline_kind, due or kp.due_date, open_, units)


def row(plan: Document, number: int, doc_id: str | None = None) -> ProjectRow:
    kp = next(p for p in plan.key_projects if p.number == number)
    return ProjectRow(id=number, doc_id=doc_id or plan.doc_id, doc_title=plan.title, number=number, task=kp.task,
                      deadline_text=kp.deadline_text, deadline_kind=kp.deadline_kind, due_date=kp.due_date)


def schedule(found, kind: str | None = None) -> list[tuple[str, str]]:
    """The occasions' names and local times; the admins' weekly summaries only when asked for by `kind`."""
    return [(o.name, local(o.at).strftime("%Y-%m-%d %H:%M")) for o in found
            if (occasion_kind(o.name) == kind if kind else occasion_kind(o.name) != "summary")]


def test_fixed_deadline_from_the_plans_publication(plan):
    found = occasions(state(plan, 2), at("2023-05-25T10:00"))
    assert schedule(found) == [
        ("due-90:2023-10-31", "2023-08-02 09:30"),
        ("due-30:2023-10-31", "2023-10-07 09:30"),  # 10-01 is National Day; 10-07 a make-up Saturday
        ("due-7:2023-10-31", "2023-10-24 09:30"),
        ("due-1:2023-10-31", "2023-10-30 09:30"),
        ("due-0:2023-10-31", "2023-10-31 09:30"),
        ("overdue:2023-10-31", "2023-11-01 09:30"),
    ]


def test_first_run_late_plans_no_back_dated_countdown(plan):
    found = occasions(state(plan, 6), at("2026-11-24T10:00"))
    assert [o.name for o in found if o.name.startswith("due-")] == []
    notice = [o for o in found if o.name.startswith("overdue")]
    assert schedule(notice) == [("overdue:2025-12-31", "2026-11-24 10:00")]  # in working hours: at once
    digests = [o for o in found if o.name.startswith("digest")]
    assert schedule(digests)[0] == ("digest:2026-W49", "2026-11-30 09:30")  # the week after the notice
    evening = occasions(state(plan, 6), at("2026-11-24T20:00"))
    assert schedule([o for o in evening if o.name.startswith("overdue")]) == [
        ("overdue:2025-12-31", "2026-11-25 09:30")]


def test_existing_notice_keeps_its_time_and_digests_follow_it(plan):
    found = occasions(state(plan, 2), at("2023-11-03T10:00"), notice_at=at("2023-11-01T09:30"))
    assert ("overdue:2023-10-31", "2023-11-01 09:30") in schedule(found)
    assert [n for n, _ in schedule(found) if n.startswith("digest")][:2] == ["digest:2023-W45", "digest:2023-W46"]


def test_slot_pushed_past_the_due_day_is_dropped(plan):
    # due on a Sunday: the 1-day and on-the-day reminders would both move to Monday, after the deadline
    found = occasions(state(plan, 1, due=date(2024, 6, 30)), at("2024-03-10T10:00"))
    assert schedule(found) == [
        ("due-90:2024-06-30", "2024-04-01 09:30"),
        ("due-30:2024-06-30", "2024-05-31 09:30"),
        ("due-7:2024-06-30", "2024-06-24 09:30"),
        ("overdue:2024-06-30", "2024-07-01 09:30"),
    ]


def test_ongoing_asks_monthly_and_external_asks_the_admins(plan):
    progress = occasions(state(plan, 4), at("2025-09-15T10:00"))
    assert schedule(progress) == [("progress:2025-10", "2025-10-09 09:30")]  # after National Day
    request = occasions(state(plan, 1), at("2025-09-15T10:00"))
    assert [(o.name, o.audience) for o in request if o.name.startswith("set")] == [("setdeadline:2025-10", "admins")]
    assert occasions(state(plan, 4, open_=False), at("2025-09-15T10:00")) == []


def test_every_open_project_is_in_the_admins_weekly_summary(plan):
    for number in (1, 2, 3, 4):  # external, overdue, future and ongoing alike
        found = occasions(state(plan, number), at("2026-11-24T10:00"))
        assert schedule(found, "summary") == [  # this week's Monday has passed; the horizon is 40 days
            ("summary:2026-W49", "2026-11-30 09:30"), ("summary:2026-W50", "2026-12-07 09:30"),
            ("summary:2026-W51", "2026-12-14 09:30"), ("summary:2026-W52", "2026-12-21 09:30"),
            ("summary:2026-W53", "2026-12-28 09:30")]
        assert {o.audience for o in found if o.name.startswith("summary")} == {"admins"}
    # the week of National Day 2025: the summary waits for its first working day, Thursday 10-09
    assert schedule(occasions(state(plan, 4), at("2025-09-30T10:00")), "summary")[0] == (
        "summary:2025-W41", "2025-10-09 09:30")
    assert occasions(state(plan, 2, open_=False), at("2026-11-24T10:00")) == []
    assert still_applies(state(plan, 2), "summary:2026-W49", at("2026-11-30T09:30"))
    assert not still_applies(state(plan, 2, open_=False), "summary:2026-W49", at("2026-11-30T09:30"))


def test_every_unit_and_every_bound_county_is_reached_and_the_rest_reported(plan):
    bindings = {"市工信局": [1], "潞州区": [2], "上党区": [3, 4]}
    found, unbound = targets(state(plan, 1), bindings)
    assert [(t.binding_id, t.unit, t.via, t.role) for t in found] == [
        (1, "市工信局", "市工信局", "lead"),
        (2, "潞州区", "有关县区人民政府", "co"),
        (3, "上党区", "有关县区人民政府", "co"),
        (4, "上党区", "有关县区人民政府", "co"),
    ]
    assert unbound[0] == "市生态环境局"
    assert "潞州区" not in unbound and "沁源县" in unbound and len(unbound) == 1 + 10
    found, unbound = targets(state(plan, 4), {"各县区人民政府": [9]})
    assert [(t.unit, t.via) for t in found] == [("各县区人民政府", "各县区人民政府")]
    assert unbound == ["市交通局", "市发展改革委", "市工信局", "市生态环境局", "市住建局"]


def test_what_still_applies_after_changes(plan):
    fixed = state(plan, 3)
    assert still_applies(fixed, "due-30:2030-12-31", at("2030-12-02T09:30"))
    assert not still_applies(state(plan, 3, due=date(2029, 6, 30)), "due-30:2030-12-31", at("2030-12-02T09:30"))
    assert not still_applies(state(plan, 3, open_=False), "due-30:2030-12-31", at("2030-12-02T09:30"))
    assert still_applies(state(plan, 2), "digest:2026-W49", at("2026-11-30T09:30"))
    assert not still_applies(state(plan, 2, due=date(2027, 6, 30)), "digest:2026-W49", at("2026-11-30T09:30"))
    assert still_applies(state(plan, 1), "setdeadline:2026-12", at("2026-12-01T09:30"))
    assert not still_applies(state(plan, 1, due=date(2027, 6, 30)), "setdeadline:2026-12", at("2026-12-01T09:30"))


def test_late_reminders_after_downtime_are_thinned_not_flooded():
    rows = [(1, "due-7:2025-12-31", at("2025-12-24T09:30")), (2, "due-1:2025-12-31", at("2025-12-30T09:30")),
            (3, "due-0:2025-12-31", at("2025-12-31T09:30")), (4, "overdue:2025-12-31", at("2026-01-04T09:30")),
            (5, "digest:2026-W02", at("2026-01-05T09:30"))]
    assert set(superseded(rows, date(2026, 1, 5))) == {1, 2, 3, 5}
    before = rows[:2]
    assert set(superseded(before, date(2025, 12, 30))) == {1}
    assert superseded(rows[3:4], date(2026, 1, 5)) == {}


def test_message_names_project_deadline_units_role_and_how_to_reply(plan):
    project = row(plan, 2)
    units = (("市生态环境局", "lead"), ("有关县区人民政府", "co"))
    lead = messages.reminder(project, units, "市生态环境局", "市生态环境局", "lead", "due-30:2023-10-31",
                             at("2023-10-07T09:30"))
    assert lead.startswith("【督办提醒】附表第2项：上党革命老区散煤清零工程。")
    assert "2023年10月底（2023-10-31），距截止还有 24 天" in lead
    assert "市生态环境局（牵头）、有关县区人民政府" in lead and "贵单位牵头" in lead
    assert "/done 2" in lead and "/progress 2 说明" in lead
    county = messages.reminder(project, units, "潞州区", "有关县区人民政府", "co", "overdue:2023-10-31",
                               at("2023-11-01T09:30"))
    assert "已逾期 1 天" in county and "潞州区（有关县区人民政府）" in county and "贵单位牵头" not in county
    admin = messages.reminder(row(plan, 1), units, ADMINS, ADMINS, "lead", "setdeadline:2023-06",
                              at("2023-06-01T09:30"))
    assert "附表第1项" in admin and "/setdeadline 1 YYYY-MM-DD" in admin


@pytest.mark.parametrize("doc_id, expected", [("changzhi-2023-5", "附表第3项"),
                                              ("other-2024-1", "长治市减污降碳协同增效实施方案附表第3项")])
def test_citation_names_the_document_unless_it_is_the_bundled_plan(plan, doc_id, expected):
    assert messages.cite(row(plan, 3, doc_id)) == expected


def test_digest_lists_each_overdue_project_once(plan):
    items = [(row(plan, n), "市生态环境局", "lead" if n != 6 else "co") for n in (8, 2, 6)]
    text = messages.digest("市生态环境局", items, at("2026-11-30T09:30"))
    assert text.startswith("【逾期周报】市生态环境局")
    listed = [line.split("：")[0] for line in text.splitlines() if line.startswith("·")]
    assert listed == ["· [2] 附表第2项", "· [6] 附表第6项", "· [8] 附表第8项"]
    assert "已逾期 1126 天" in text and "/done 编号" in text
