"""Feedback: declines recorded as sent; verdicts on one answer by /feedback, typed 有用/不对 or a button, checked
against the message they belong to; /misses for admins, `feedback list`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

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
    assert (row.kind, row.question, row.note) == ("wrong", "交通领域的措施由谁牵头？", "应由市发展改革委牵头")
    assert row.citations.startswith("art-9,") and "市交通局" in row.answer


def test_a_verdict_typed_as_a_message_marks_the_last_answer_and_a_second_changes_it(conv):
    say(conv, "交通领域的措施由谁牵头？")
    assert say(conv, "有用") == ("info", "已记录，谢谢反馈。")
    say(conv, "不对，还应有市公安局")
    (row,) = rows(conv)
    assert (row.kind, row.note, row.question) == ("wrong", "还应有市公安局", "交通领域的措施由谁牵头？")


def test_a_verdict_word_followed_by_a_question_is_a_question(conv):
    say(conv, "交通领域的措施由谁牵头？")
    kind, text = say(conv, "对，那截止时间呢？")
    assert kind == "answer" and text.startswith("接上一问（三、（九）推进交通领域协同增效）")
    assert rows(conv) == []


def test_a_verdict_with_nothing_answered_in_the_last_half_hour_is_refused(home, db_url):
    now = [NOW]
    conv = Conversation(App(Settings(home=home, database_url=db_url)), lambda: now[0])
    say(conv, "交通领域的措施由谁牵头？")
    now[0] += timedelta(minutes=31)
    kind, text = say(conv, "不对")
    assert kind == "refusal" and "没有可反馈的上一条回答" in text
    assert rows(conv) == []


def first_answer(conv: Conversation, question: str, chat: str = "7") -> str:
    """Ask in a private chat and deliver the answer as Telegram message 501; its button token."""
    (reply,) = conv.handle(Incoming("telegram", chat, "private", chat, question))
    assert reply.answer_token
    conv.delivered(reply, "501")
    return reply.answer_token


def press(conv: Conversation, data: str, message_id: str = "501", chat: str = "7", user: str = "7") -> str:
    return conv.pressed(Incoming("telegram", chat, "private", user, ""), data, message_id)


def test_a_button_records_its_verdict_once_with_the_answer_it_sat_under(conv):
    token = first_answer(conv, "交通领域的措施由谁牵头？")
    assert press(conv, f"fb:w:{token}").startswith("已记录：不对")
    assert press(conv, f"fb:w:{token}") == "已记录过了，谢谢。"
    (row,) = rows(conv)
    assert (row.kind, row.answer_token, row.question) == ("wrong", token, "交通领域的措施由谁牵头？")
    assert press(conv, f"fb:u:{token}") == "已记录：有用，谢谢。"
    assert [r.kind for r in rows(conv)] == ["useful"]


@pytest.mark.parametrize(("data", "message_id", "chat", "says"), [
    ("fb:w:{token}", "502", "7", "不属于这条回答"),  # the token copied under another message
    ("fb:w:{token}", "501", "8", "不属于这条回答"),  # the same message id in another chat
    ("fb:w:0123456789abcdef", "501", "7", "已不存在"),  # a made-up token
    ("fb:x:{token}", "501", "7", "无法识别"),
    ("DROP TABLE feedback", "501", "7", "无法识别"),
])
def test_a_forged_button_records_nothing(conv, data, message_id, chat, says):
    token = first_answer(conv, "交通领域的措施由谁牵头？")
    assert says in press(conv, data.format(token=token), message_id, chat=chat, user=chat)
    assert rows(conv) == []


def test_a_button_under_an_answer_older_than_a_week_is_refused(home, db_url):
    now = [NOW]
    conv = Conversation(App(Settings(home=home, database_url=db_url)), lambda: now[0])
    token = first_answer(conv, "交通领域的措施由谁牵头？")
    now[0] += timedelta(days=8)
    assert "已超过7天" in press(conv, f"fb:u:{token}")
    assert rows(conv) == []


def test_a_reply_to_an_answer_in_a_group_follows_it_up_and_marks_it_whoever_replies(conv):
    (reply,) = conv.handle(Incoming("telegram", "-100", "group", "7", "交通领域的措施由谁牵头？", mentioned=True))
    conv.delivered(reply, "900")
    (follow,) = conv.handle(Incoming("telegram", "-100", "group", "8", "那截止时间呢？", reply_to_bot=True,
                                     replied="900"))
    assert plain(follow).startswith("接上一问（三、（九）推进交通领域协同增效）")
    (verdict,) = conv.handle(Incoming("telegram", "-100", "group", "9", "不对", reply_to_bot=True, replied="900"))
    assert verdict.text == "已记录，谢谢反馈。管理员会据此核对文件和回答。"
    (row,) = rows(conv)
    assert (row.user_id, row.question) == ("9", "交通领域的措施由谁牵头？")


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
    (in_group,) = conv.handle(Incoming("telegram", "-100", "group", ADMIN, "/misses"))  # other users' words
    assert in_group.kind == "refusal" and "只在与管理员的私聊中显示" in in_group.text
    assert "明天天气怎么样" not in in_group.text


def test_feedback_list_json_from_the_command_line(conv, home, db_url):
    say(conv, "明天天气怎么样")
    say(conv, "明天天气怎么样？", user="8")
    say(conv, "交通领域的措施由谁牵头？")
    say(conv, "/feedback 不对 少了县区")
    token = first_answer(conv, "散煤清零工程什么时候完成？", chat="9")
    press(conv, f"fb:w:{token}", chat="9", user="9")
    env = {"POLICYBOT_HOME": str(home), "POLICYBOT_DATABASE_URL": db_url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "feedback", "list", "--json", "--since", "2026-11-24"],
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    listed = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(m["count"], m["kinds"]) for m in listed] == [(2, ["declined"]), (1, ["wrong"]), (1, ["wrong"])]
    marked = {m["question"]: m for m in listed[1:]}
    assert marked["交通领域的措施由谁牵头？"]["notes"] == ["少了县区"]
    assert marked["交通领域的措施由谁牵头？"]["citations"][0] == "art-9"
    assert "2023年10月底" in marked["散煤清零工程什么时候完成？"]["answer"]  # the 👎 keeps the answer it sat under
    assert marked["散煤清零工程什么时候完成？"]["citations"][0] == "annex-2"
    later = subprocess.run([sys.executable, "-m", "bot.cli", "feedback", "list", "--since", "2026-12-02"],
                           capture_output=True, text=True, env=env, timeout=120, check=True)
    assert "没有被拒答" in later.stdout
