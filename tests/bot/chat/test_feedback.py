"""Feedback: declines recorded as sent, /feedback on the last answer, /misses for admins, `feedback list`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from bot.adapters.console import plain
from bot.app import App
from bot.chat.conversation import Conversation, Incoming
from bot.settings import Settings
from reminders.models import FeedbackRow

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
ADMIN = "1"


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'db.sqlite'}"


@pytest.fixture
def conv(home, db_url) -> Conversation:
    return Conversation(App(Settings(home=home, admins=f"telegram:{ADMIN}", database_url=db_url)), lambda: NOW)


def say(conv: Conversation, text: str, user: str = "7") -> tuple[str, str]:
    (reply,) = conv.handle(Incoming("telegram", user, "private", user, text))
    return reply.kind, plain(reply)


def rows(conv: Conversation) -> list[FeedbackRow]:
    with Session(conv.backend.engine) as session:
        return list(session.exec(select(FeedbackRow).order_by(FeedbackRow.id)))


def test_a_declined_question_is_recorded_with_its_answer_and_nothing_about_the_person_but_the_id(conv):
    say(conv, "明天天气怎么样")
    (row,) = rows(conv)
    assert (row.kind, row.platform, row.user_id, row.question) == ("declined", "telegram", "7", "明天天气怎么样")
    assert row.answer.startswith("该文件未涉及") and row.citations  # the nearest topics it named


def test_an_answered_question_is_not_recorded(conv):
    say(conv, "交通领域的措施由谁牵头？")
    assert rows(conv) == []


def test_feedback_marks_the_last_answer(conv):
    say(conv, "交通领域的措施由谁牵头？")
    kind, text = say(conv, "/feedback 不对 应由市发展改革委牵头")
    assert kind == "info" and "已记录" in text
    (row,) = rows(conv)
    assert (row.kind, row.question, row.citations, row.note) == (
        "wrong", "交通领域的措施由谁牵头？", "art-9", "应由市发展改革委牵头")


@pytest.mark.parametrize(("text", "says"), [("/feedback 不对", "没有可反馈的上一条回答"),
                                            ("/feedback 好极了", "请写明“有用”或“不对”")])
def test_feedback_without_an_answer_or_a_verdict_is_refused_and_records_nothing(conv, text, says):
    kind, reply = say(conv, text)
    assert kind == "refusal" and says in reply
    assert rows(conv) == []


def test_misses_lists_the_most_frequent_first_for_admins_only(conv):
    for user in ("7", "8", "9"):
        say(conv, "明天天气怎么样", user=user)
    say(conv, "交通领域的措施由谁牵头？")
    say(conv, "/feedback 不对")
    assert say(conv, "/misses")[0] == "refusal"
    kind, text = say(conv, "/misses", user=ADMIN)
    assert kind == "info"
    lines = text.splitlines()
    assert "3次 明天天气怎么样（拒答）" in lines[1]
    assert "1次 交通领域的措施由谁牵头？（标记不对）" in lines[2]


def test_feedback_list_json_from_the_command_line(conv, home, db_url):
    say(conv, "明天天气怎么样")
    say(conv, "明天天气怎么样？", user="8")
    say(conv, "交通领域的措施由谁牵头？")
    say(conv, "/feedback 不对 少了县区")
    env = {"POLICYBOT_HOME": str(home), "POLICYBOT_DATABASE_URL": db_url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "feedback", "list", "--json", "--since", "2026-11-24"],
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    listed = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(m["count"], m["kinds"]) for m in listed] == [(2, ["declined"]), (1, ["wrong"])]
    assert listed[1]["notes"] == ["少了县区"] and listed[1]["citations"] == ["art-9"]
    later = subprocess.run([sys.executable, "-m", "bot.cli", "feedback", "list", "--since", "2026-12-02"],
                           capture_output=True, text=True, env=env, timeout=120, check=True)
    assert "没有被拒答" in later.stdout
