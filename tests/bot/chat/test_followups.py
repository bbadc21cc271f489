"""Follow-ups in chat: the thread's subject kept in the database, per private chat or per user in a group,
forgotten after 30 minutes, a decline or /reset; and `ask --batch` lines with a chat resolved the same way."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from answers.answer import ASK_WHAT
from bot.adapters.console import plain
from bot.app import App
from bot.chat.conversation import Conversation, Incoming
from bot.settings import Settings
from reminders.models import ConversationRow

START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def conv(home, tmp_path, clock) -> Conversation:
    return Conversation(App(settings(home, tmp_path)), clock)


def settings(home, tmp_path, database_url: str | None = None) -> Settings:
    """The session's index, a database of the test's own."""
    return Settings(home=home, admins="telegram:1", database_url=database_url or f"sqlite:///{tmp_path / 'db.sqlite'}")


def ask(conv: Conversation, text: str, chat: str = "42", kind: str = "private", user: str = "7") -> str:
    (reply,) = conv.handle(Incoming("telegram", chat, kind, user, text, mentioned=kind == "group"))
    return plain(reply)


def test_a_follow_up_in_a_private_chat_is_resolved_against_the_last_answer(conv):
    ask(conv, "散煤清零工程什么时候完成")
    assert ask(conv, "那第7项呢？").startswith("接上一问（附表第7项）：附表第7项的完成时限：2025年底")


def test_a_restarted_bot_keeps_the_conversation(home, tmp_path, clock):
    first = Conversation(App(settings(home, tmp_path)), clock)
    ask(first, "交通领域的措施由谁牵头？")
    second = Conversation(App(settings(home, tmp_path)), clock)
    assert "市市场监管局" in ask(second, "参与的还有谁？")


def test_in_a_group_each_users_questions_are_their_own_thread(conv):
    ask(conv, "交通领域的措施由谁牵头？", chat="-100", kind="group", user="7")
    ask(conv, "散煤清零工程什么时候完成", chat="-100", kind="group", user="8")
    assert ask(conv, "参与的还有谁？", chat="-100", kind="group", user="7").startswith(
        "接上一问（三、（九）推进交通领域协同增效）")
    assert "附表第2项" in ask(conv, "过期了没？", chat="-100", kind="group", user="8")


def test_after_thirty_minutes_the_bot_asks_back_and_waits_for_the_subject(conv, clock):
    ask(conv, "交通领域的措施由谁牵头？")
    clock.now = START + timedelta(minutes=31)
    assert ask(conv, "那截止时间呢？").startswith(ASK_WHAT.split("？")[0])
    with Session(conv.backend.engine) as session:  # the old subject is gone; the question waits for its own
        assert [(r.section_id, r.intent) for r in session.exec(select(ConversationRow))] == [("", "deadline")]
    assert "2025年底" in ask(conv, "我说的是新增大宗固废综合利用率那个工程")


def test_reset_and_a_decline_forget_the_subject(conv):
    ask(conv, "交通领域的措施由谁牵头？")
    assert "已清除上下文" in ask(conv, "/reset")
    assert ask(conv, "参与的还有谁？").startswith(ASK_WHAT.split("？")[0])
    ask(conv, "交通领域的措施由谁牵头？")
    assert ask(conv, "明天天气怎么样").startswith("该文件未涉及")
    assert ask(conv, "那截止时间呢？").startswith(ASK_WHAT.split("？")[0])


def test_two_bot_instances_on_one_postgresql_share_a_conversation(pg_url, home, tmp_path, clock):
    one = Conversation(App(settings(home, tmp_path, pg_url)), clock)
    other = Conversation(App(settings(home, tmp_path, pg_url)), clock)
    ask(one, "散煤清零工程什么时候完成")
    assert "附表第2项" in ask(other, "过期了没？")


def test_ask_batch_lines_of_one_chat_are_one_conversation(home, tmp_path):
    lines = [{"id": "a1", "chat": "c1", "question": "交通领域的措施由谁牵头？"},
             {"id": "b1", "chat": "c2", "question": "散煤清零工程什么时候完成"},
             {"id": "a2", "chat": "c1", "question": "参与的还有谁？"},
             {"id": "b2", "chat": "c2", "question": "过期了没？"},
             {"id": "x", "question": "那截止时间呢？"},
             {"id": "a3", "chat": "c1", "user": "someone else", "question": "参与的还有谁？"}]
    batch = tmp_path / "chats.jsonl"
    batch.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    env = {"POLICYBOT_HOME": str(home), "POLICYBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "--batch", str(batch)],
                          capture_output=True, text=True, env=env, timeout=300, check=True)
    out = {row["id"]: row for row in map(json.loads, done.stdout.splitlines())}
    assert out["a2"]["citations"][0]["section_id"] == "art-9" and not out["a2"]["abstained"]
    assert out["b2"]["citations"][0]["section_id"] == "annex-2"
    assert out["x"]["abstained"] and out["a3"]["abstained"]
