"""`/report` in the conversation core: who gets which projects, and that reports show at once."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
import openpyxl
import pytest

from bot.app import App
from bot.chat.conversation import Conversation, Incoming
from bot.settings import Settings

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in Changzhi, a Tuesday
ADMIN, OFFICIAL = "111", "222"
GROUP = "-1001"


@pytest.fixture
def conv(tmp_path) -> Conversation:
    return Conversation(App(Settings(home=tmp_path, admins=f"telegram:{ADMIN}", env_file=None)), lambda: NOW)


def say(conv: Conversation, text: str, user: str = OFFICIAL, chat: str = GROUP):
    return conv.handle(Incoming("telegram", chat, "group", user, text))


def rows_of(reply) -> dict[str, tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(reply.attachment.data)).active
    return {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if str(row[0]).startswith("附表")}


def test_a_units_chat_gets_its_projects_with_what_it_reported(conv):
    say(conv, "/bind 市发展改革委", user=ADMIN)
    say(conv, "/progress 7 已完成 45%")  # 市发展改革委 leads 附表第7项
    (reply,) = say(conv, "/report")
    assert reply.kind == "info" and reply.attachment.name == "督办台账-市发展改革委-2026-11-24.xlsx"
    assert reply.attachment.mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = rows_of(reply)
    assert list(rows) == ["附表第4项", "附表第7项"]  # it joins 4 and leads 7
    assert rows["附表第7项"][6:9] == (-328, "已逾期", "已完成 45%（市发展改革委，2026-11-24）")
    assert reply.text == "共 2 项重点工程，其中已逾期 1 项；详见附件 督办台账-市发展改革委-2026-11-24.xlsx。"


def test_a_done_shows_at_once_and_an_admin_gets_every_project(conv):
    say(conv, "/bind 市生态环境局", user=ADMIN)
    say(conv, "/done 2 已全部完成")  # from the lead unit's chat: the project is closed
    (reply,) = say(conv, "/report docx", user=ADMIN, chat=ADMIN)
    table = docx.Document(io.BytesIO(reply.attachment.data)).tables[0]
    assert len(table.rows) == 9 and reply.attachment.name == "督办台账-2026-11-24.docx"
    two = [c.text for c in table.rows[2].cells]
    assert two[6:9] == ["", "已完成", "报告完成：已全部完成（市生态环境局，2026-11-24）"]


def test_refusals(conv):
    (reply,) = say(conv, "/report")
    assert reply.kind == "refusal" and reply.attachment is None and "仅限管理员" in reply.text
    (reply,) = say(conv, "/report pdf", user=ADMIN)
    assert reply.kind == "refusal" and "xlsx、docx、md、csv" in reply.text
    say(conv, "/bind 市水利局", user=ADMIN)  # a unit of the plan that no annex row names
    (reply,) = say(conv, "/report")
    assert reply.kind == "refusal" and reply.text == "市水利局没有需要督办的重点工程。"


def test_the_admins_chat_gets_every_project(conv):
    say(conv, "/bind 管理员", user=ADMIN)
    (reply,) = say(conv, "/report md")
    assert reply.attachment.data.decode("utf-8").count("| 附表第") == 8
