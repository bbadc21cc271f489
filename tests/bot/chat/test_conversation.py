"""The conversation core on the real plan and a real SQLite database: addressing, commands, admin checks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from bot.adapters.console import plain
from bot.app import App
from bot.chat.conversation import Conversation, Incoming
from bot.settings import Settings
from reminders.models import AuditEntry, ChatBinding, ProjectRow, Reminder, StatusReport
from reminders.service import plan

NOW = datetime(2024, 1, 10, 3, 0, tzinfo=UTC)  # 11:00 in Changzhi, a Wednesday
ADMIN, OFFICIAL = "111", "222"
GROUP = "-1001"


@pytest.fixture
def conv(tmp_path) -> Conversation:
    return Conversation(App(Settings(home=tmp_path, admins=f"telegram:{ADMIN}")), lambda: NOW)


def say(conv: Conversation, text: str, user: str = ADMIN, kind: str = "group", chat: str = GROUP, **flags) -> list:
    return conv.handle(Incoming("telegram", chat, kind, user, text, **flags))


def one(conv: Conversation, text: str, **kw) -> tuple[str, str]:
    (reply,) = say(conv, text, **kw)
    return reply.kind, plain(reply)


def db(conv: Conversation) -> Session:
    return Session(conv.backend.engine)


def test_help_in_chinese_lists_every_command(conv):
    _, text = one(conv, "/help")
    for command in ("/ask", "/projects", "/project N", "/units", "/bind", "/unbind", "/done N", "/progress N",
                    "/status", "/setdeadline"):
        assert command in text
    assert "管理员" in text and "私聊直接发送问题" in text


def test_group_chatter_and_other_bots_commands_get_silence(conv):
    assert say(conv, "今天开会吗") == []
    assert say(conv, "/weather") == []
    assert say(conv, "/weather@otherbot") == []


def test_unknown_command_points_to_help(conv):
    kind, text = one(conv, "/foo", kind="private", chat=ADMIN)
    assert kind == "refusal" and "/foo" in text and "/help" in text
    kind, text = one(conv, "/foo", mentioned=True)
    assert "/help" in text


def test_ask_without_a_question_explains_usage(conv):
    kind, text = one(conv, "/ask   ")
    assert kind == "refusal" and "/ask 交通" in text


def test_projects_lists_the_annex_with_days_left_or_overdue(conv):
    _, text = one(conv, "/projects", user=OFFICIAL)
    assert [f"附表第{n}项" in text for n in range(1, 9)] == [True] * 8
    assert "2023年10月底（2023-10-31），已逾期 71 天" in text  # 2023-10-31 → 2024-01-10
    assert "2024年底（2024-12-31），距截止还有 356 天" in text
    assert "按照省政府规定时限" in text and "持续推进" in text


def test_project_shows_units_and_reports(conv):
    kind, text = one(conv, "/project 2", user=OFFICIAL)
    assert "市生态环境局（牵头）、有关县区人民政府" in text and "进展报告：暂无" in text
    kind, text = one(conv, "/project 99", user=OFFICIAL)
    assert kind == "refusal" and "没有附表第99项" in text and "共 8 项" in text
    kind, text = one(conv, "/project", user=OFFICIAL)
    assert kind == "refusal" and "/project 2" in text


def test_non_admin_admin_commands_are_refused_and_change_nothing(conv):
    with db(conv) as session:
        audit_before = len(session.exec(select(AuditEntry)).all())
    for command in ("/bind 市生态环境局", "/unbind", "/status", "/setdeadline 1 2025-06-30"):
        kind, text = one(conv, command, user=OFFICIAL)
        assert kind == "refusal" and "仅限管理员" in text, command
    with db(conv) as session:
        assert session.exec(select(ChatBinding)).all() == []
        assert session.exec(select(ProjectRow).where(ProjectRow.number == 1)).one().admin_due_date is None
        assert len(session.exec(select(AuditEntry)).all()) == audit_before


def test_admin_binds_lists_and_unbinds_a_group(conv):
    kind, text = one(conv, "/bind 长治市生态环境局")
    assert kind == "info" and "已将本群绑定到市生态环境局" in text
    kind, text = one(conv, "/units", user=OFFICIAL)
    assert f"市生态环境局：telegram:{GROUP}" in text
    with db(conv) as session:
        (binding,) = session.exec(select(ChatBinding)).all()
        assert (binding.platform, binding.chat_id, binding.unit, binding.active) == ("telegram", GROUP, "市生态环境局",
                                                                                     True)
    kind, text = one(conv, "/unbind")
    assert "已解除本群与市生态环境局的绑定" in text
    kind, text = one(conv, "/unbind")
    assert kind == "refusal" and "未绑定任何单位" in text
    with db(conv) as session:
        assert not session.exec(select(ChatBinding)).one().active


def test_bind_to_an_unknown_unit_is_refused(conv):
    kind, text = one(conv, "/bind 火星开发局")
    assert kind == "refusal" and "未找到单位“火星开发局”" in text
    kind, text = one(conv, "/bind " + "很长" * 3000)
    assert kind == "refusal" and len(text) < 200
    with db(conv) as session:
        assert session.exec(select(ChatBinding)).all() == []


def test_done_needs_a_responsible_units_chat(conv):
    kind, text = one(conv, "/done 2", user=OFFICIAL)
    assert kind == "refusal" and "未绑定附表第2项的责任单位" in text
    with db(conv) as session:
        assert session.exec(select(ProjectRow).where(ProjectRow.number == 2)).one().status == "open"


def test_lead_units_done_closes_the_project_and_cancels_its_reminders(conv):
    one(conv, "/bind 市生态环境局")
    with db(conv) as session:
        plan(session, NOW)
        project = session.exec(select(ProjectRow).where(ProjectRow.number == 2)).one()
        planned = session.exec(select(Reminder).where(Reminder.project_id == project.id,
                                                      Reminder.state == "planned")).all()
        assert planned
    kind, text = one(conv, "/done 2 已全部清零", user=OFFICIAL)
    assert kind == "info" and "已将附表第2项标记为完成" in text
    with db(conv) as session:
        project = session.exec(select(ProjectRow).where(ProjectRow.number == 2)).one()
        assert project.status == "done"
        assert all(r.state == "cancelled" for r in session.exec(select(Reminder).where(
            Reminder.project_id == project.id)))
        (report,) = session.exec(select(StatusReport).where(StatusReport.project_id == project.id)).all()
        assert (report.kind, report.unit, report.user_id, report.text, report.at) == (
            "done", "市生态环境局", OFFICIAL, "已全部清零", NOW)
    kind, text = one(conv, "/projects", user=OFFICIAL)
    assert "已完成（2024-01-10）" in text


def test_co_units_done_is_recorded_but_leaves_the_project_open(conv):
    one(conv, "/bind 市生态环境局")
    _, text = one(conv, "/done 3", user=OFFICIAL)  # 附表第3项 is led by 市工信局
    assert "牵头单位或管理员确认办结" in text
    with db(conv) as session:
        project = session.exec(select(ProjectRow).where(ProjectRow.number == 3)).one()
        assert project.status == "open"
        (report,) = session.exec(select(StatusReport).where(StatusReport.project_id == project.id)).all()
        assert (report.kind, report.unit) == ("progress", "市生态环境局")


def test_a_county_chat_reports_for_the_county_governments(conv):
    one(conv, "/bind 潞州区")
    _, text = one(conv, "/progress 2 潞州区已完成散煤清零", user=OFFICIAL)
    assert "已记录潞州区对附表第2项的进展报告" in text
    _, text = one(conv, "/project 2", user=OFFICIAL)
    assert "潞州区 进展：潞州区已完成散煤清零（telegram:222）" in text


def test_progress_needs_a_description(conv):
    one(conv, "/bind 市交通局")
    kind, text = one(conv, "/progress 4", user=OFFICIAL)
    assert kind == "refusal" and "/progress 4 " in text
    with db(conv) as session:
        assert session.exec(select(StatusReport)).all() == []


def test_status_shows_bindings_unbound_units_overdue_and_last_reminders(conv):
    one(conv, "/bind 市生态环境局")
    _, text = one(conv, "/status")
    assert f"市生态环境局：telegram:{GROUP}" in text
    unbound = text.split("未绑定群的责任单位：")[1].split("逾期项目")[0]
    assert "市工信局" in unbound and "潞州区" in unbound and "市生态环境局" not in unbound
    assert "附表第2项：2023年10月底（2023-10-31），已逾期 71 天" in text
    assert "最近提醒：无" in text


def test_setdeadline_dates_only_the_external_project(conv):
    kind, text = one(conv, "/setdeadline 1 2025-06-30")
    assert kind == "info" and "2025-06-30" in text
    kind, text = one(conv, "/setdeadline 2 2025-06-30")
    assert kind == "refusal" and "2023年10月底" in text
    kind, text = one(conv, "/setdeadline 1 明年六月")
    assert kind == "refusal" and "YYYY-MM-DD" in text
    with db(conv) as session:
        rows = {p.number: p for p in session.exec(select(ProjectRow))}
        assert rows[1].admin_due_date.isoformat() == "2025-06-30" and rows[2].admin_due_date is None
    kind, text = one(conv, "/projects")
    assert "按照省政府规定时限，管理员设定为（2025-06-30），距截止还有 537 天" in text


def test_a_unit_that_does_not_answer_for_the_project_cannot_report_on_it(conv):
    one(conv, "/bind 市交通局")
    kind, text = one(conv, "/done 2", user=OFFICIAL)  # 附表第2项: 市生态环境局, 有关县区人民政府
    assert kind == "refusal" and "未绑定附表第2项的责任单位" in text
    with db(conv) as session:
        assert session.exec(select(ProjectRow).where(ProjectRow.number == 2)).one().status == "open"
        assert session.exec(select(StatusReport)).all() == []


def test_an_admin_reports_from_any_chat(conv):
    _, text = one(conv, "/progress 第4项 已召开推进会", kind="private", chat=ADMIN)
    assert "已记录管理员对附表第4项的进展报告" in text
    _, text = one(conv, "/project 4", user=OFFICIAL)
    assert "管理员 进展：已召开推进会（telegram:111）" in text
