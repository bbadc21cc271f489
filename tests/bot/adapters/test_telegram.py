"""The Telegram adapter: the real PTB Application over real HTTP against a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import shutil
import socket
import subprocess
import sys
import time
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import aiohttp
import openpyxl
import pytest
from sqlmodel import Session, select
from telegram import Bot

from bot import adapters
from bot.adapters.telegram import SORRY, TelegramPlatform, TelegramSender
from bot.app import App
from bot.serve import serve
from bot.settings import Secret, Settings
from reminders.delivery import Backoff
from reminders.dispatch import Dispatcher
from reminders.models import ChatBinding, FeedbackRow, Reminder, SendAttempt
from reminders.service import bind, plan, set_external_deadline
from tests.bot.adapters import seconds_held
from tests.documents import county_v1
from tests.fakes.outage import Outage
from tests.fakes.telegram import BOT, TOKEN, FakeTelegram, button_press, document, message, visible_text

NOW = datetime(2024, 1, 10, 3, 0, tzinfo=UTC)  # 11:00 on a working Wednesday in Changzhi
ADMIN, OFFICIAL = 111, 222
GROUP = -1001234
PLAN = "《长治市减污降碳协同增效实施方案》"


@pytest.fixture
async def fake():
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def settings(home, tmp_path, fake) -> Settings:
    """The session's indexed home for the search index; a database of the test's own."""
    return Settings(home=home, database_url=f"sqlite:///{tmp_path / 'policybot.db'}", admins=f"telegram:{ADMIN}",
                    telegram_token=TOKEN, telegram_base_url=fake.base_url)


@asynccontextmanager
async def running(settings: Settings, *, webhook: bool = False, reminders: bool = False, lease: float = 30):
    """The bot process's lifecycle (`serve`) in this loop, with the clock at NOW; yields the PTB Application."""
    platform = TelegramPlatform(settings, webhook=webhook, lease=timedelta(seconds=lease))
    stop = asyncio.Event()
    task = asyncio.create_task(serve(App(settings), platform, stop, clock=lambda: NOW, reminders=reminders))
    deadline = time.monotonic() + 30
    while platform.application is None or not platform.application.running:
        assert not task.done(), task.exception()
        assert time.monotonic() < deadline, "the bot did not start"
        await asyncio.sleep(0.02)
    try:
        yield platform.application
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def texts(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [visible_text(m["text"]) if m.get("parse_mode") == "HTML" else m["text"]
            for m in fake.sent if int(m["chat_id"]) == chat_id]


def bindings(settings: Settings) -> list[ChatBinding]:
    with Session(App(settings).engine) as session:
        return list(session.exec(select(ChatBinding)))


async def test_a_private_question_gets_the_cited_answer(fake, settings):
    async with running(settings):
        fake.push(message("交通领域的减污降碳工作由哪个部门牵头？", chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(1)
    (text,) = texts(fake, OFFICIAL)
    assert "市交通局" in text.split("出处")[0]
    assert f"1. {PLAN}三、（九）推进交通领域协同增效：「" in text
    assert "3. 《" in text and "4. 《" not in text  # three citations in chat; `ask --json` keeps all five
    assert fake.sent[0]["parse_mode"] == "HTML"


async def test_a_picture_s_caption_is_the_question_and_a_sticker_gets_one_line(fake, settings):
    photo = message("交通领域的措施由谁牵头？", chat_id=OFFICIAL, user_id=OFFICIAL)
    photo["message"]["caption"] = photo["message"].pop("text")
    photo["message"]["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    sticker_body = {"file_id": "s1", "file_unique_id": "u2", "width": 512, "height": 512, "is_animated": False,
                    "is_video": False, "type": "regular"}
    others = []
    for chat, kind, field, body in ((OFFICIAL, "private", "sticker", sticker_body),
                                    (OFFICIAL, "private", "voice", {"file_id": "v1", "file_unique_id": "u3",
                                                                    "duration": 3}),
                                    (GROUP, "supergroup", "sticker", sticker_body)):
        update = message("", chat_id=chat, user_id=OFFICIAL, chat_type=kind)
        del update["message"]["text"]
        update["message"][field] = body
        others.append(update)
    sticker, voice, in_group = others
    async with running(settings):
        for update in (photo, sticker, voice, in_group):
            fake.push(update)
        await fake.wait_sent(3)
        await asyncio.sleep(0.5)
    answer, *refusals = texts(fake, OFFICIAL)
    assert "市交通局" in answer.split("出处")[0]
    assert refusals == ["目前只能回答文字消息，请用文字提问（图片可附文字说明）。发送 /help 查看可用命令。"] * 2
    assert texts(fake, GROUP) == []  # a group's stickers are the group's business


async def test_groups_hear_the_bot_only_when_addressed(fake, settings):
    async with running(settings):
        fake.push(message("今天下午的会改到三点", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        fake.push(message("/help@someotherbot", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        fake.push(message("/ask 交通领域的减污降碳工作由哪个部门牵头？", chat_id=GROUP, user_id=OFFICIAL,
                          chat_type="supergroup"))
        fake.push(message(f"@{BOT['username']} 散煤清零工程的完成时限是什么时候？", chat_id=GROUP, user_id=OFFICIAL,
                          chat_type="supergroup"))
        fake.push(message("那么公转铁呢？", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup",
                          reply_to_bot=True))
        fake.push(message(f"/help@{BOT['username']}", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        await fake.wait_sent(4)
        await asyncio.sleep(0.3)
    ask, mention, reply, help_ = texts(fake, GROUP)
    assert "（九）推进交通领域协同增效" in ask
    assert "2023年10月底" in mention and "附表" in mention
    assert "出处" in reply
    assert "使用说明" in help_
    assert all("reply_parameters" in m for m in fake.sent)  # in a group the bot answers the message it was asked


async def test_admin_binds_a_group_and_its_reminders_arrive_over_http(fake, settings):
    async with running(settings):
        fake.push(message("/bind 市生态环境局", chat_id=GROUP, user_id=ADMIN, chat_type="supergroup"))
        await fake.wait_sent(1)
        assert "已将本群绑定到市生态环境局" in texts(fake, GROUP)[0]
        async with Bot(TOKEN, base_url=fake.base_url) as bot:
            report = await Dispatcher(App(settings).engine, {"telegram": TelegramSender(bot)}).run_due(NOW)
    assert report.failed == 0 and report.sent >= 1
    reminders = texts(fake, GROUP)[1:]
    assert any(t.startswith("【逾期提醒】附表第2项") and "已逾期 71 天" in t and "/done 2" in t for t in reminders)
    assert len(reminders) == report.messages


async def test_a_non_admin_bind_is_refused_and_nothing_changes(fake, settings):
    async with running(settings):
        fake.push(message("/bind 市生态环境局", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        fake.push(message("/setdeadline 1 2025-06-30", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        await fake.wait_sent(2)
    assert all("仅限管理员" in t for t in texts(fake, GROUP))
    assert bindings(settings) == []


async def test_the_run_mode_schedules_reminders_through_telegram(fake, settings):
    app = App(settings)
    with Session(app.engine) as session:
        bind(session, app.registry, "市生态环境局", "telegram", str(GROUP), "test", NOW)

    async with running(settings, reminders=True):
        await fake.wait_sent(1)
    assert any(t.startswith("【逾期提醒】附表第2项") for t in texts(fake, GROUP))


async def test_a_429_is_retried_after_retry_after(fake, settings):
    fake.fail("sendMessage", 429, retry_after=1)
    async with running(settings):
        fake.push(message("/projects", chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(1)
    attempts = [c for c in fake.calls if c[0] == "sendMessage"]
    assert len(attempts) == 2 and "附表第8项" in texts(fake, OFFICIAL)[0]


async def test_reminder_sends_retry_429_and_5xx_and_give_up_on_403(fake, settings):
    app = App(settings)
    with Session(app.engine) as session:
        bind(session, app.registry, "市生态环境局", "telegram", str(GROUP), "test", NOW)
        bind(session, app.registry, "潞州区", "telegram", "-1009", "test", NOW)
    fake.fail("sendMessage", 429, retry_after=1)
    fake.fail("sendMessage", 502)
    async with Bot(TOKEN, base_url=fake.base_url) as bot:
        dispatcher = Dispatcher(app.engine, {"telegram": TelegramSender(bot)}, backoff=Backoff(base=0.1),
                                concurrency=1)
        started = time.monotonic()
        first = await dispatcher.run_due(NOW)
        elapsed = time.monotonic() - started
        fake.fail("sendMessage", 403, description="Forbidden: bot was kicked from the group chat")
        with Session(app.engine) as session:
            set_external_deadline(session, "1", NOW.date() - timedelta(days=3), "test", NOW)
        second = await dispatcher.run_due(NOW + timedelta(minutes=5))
    assert first.failed == 0 and first.sent >= 2 and elapsed >= 1.0  # waited out retry_after
    assert second.failed >= 1
    with Session(app.engine) as session:
        outcomes = [a.outcome for a in session.exec(select(SendAttempt).order_by(SendAttempt.id))]
        failed = session.exec(select(Reminder).where(Reminder.state == "failed")).all()
    assert outcomes[:2] == ["retry", "retry"] and "sent" in outcomes and "failed" in outcomes
    assert failed and "Forbidden" in failed[0].reason


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_checks_the_secret_token(fake, settings):
    port = free_port()
    settings = settings.replace(
        telegram_webhook_url="https://bot.example.gov.cn/tg/hook", telegram_listen=f"127.0.0.1:{port}",
        telegram_webhook_secret=Secret("s3cret-Token_1"))
    url = f"http://127.0.0.1:{port}/tg/hook"
    update = message("/projects", chat_id=OFFICIAL, user_id=OFFICIAL)
    async with running(settings, webhook=True), aiohttp.ClientSession() as http:
        assert fake.webhook["url"] == "https://bot.example.gov.cn/tg/hook"
        assert fake.webhook["secret_token"] == "s3cret-Token_1"
        async with http.post(url, json=fake.update(update)) as response:
            assert response.status == 403
        async with http.post(url, json=fake.update(update),
                             headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}) as response:
            assert response.status == 403
        async with http.post(url, json={"update_id": 77, "message": {"text": "no chat, no date"}},
                             headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}) as response:
            assert response.status == 400
        await asyncio.sleep(0.3)
        assert fake.sent == []
        async with http.post(url, json=fake.update(update),
                             headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}) as response:
            assert response.status == 200
        await fake.wait_sent(1)
    assert "附表第2项" in texts(fake, OFFICIAL)[0]


def webhook_settings(settings: Settings, database_url: str = "") -> Settings:
    return settings.replace(
        telegram_webhook_url="https://bot.example.gov.cn/tg/hook", telegram_listen=f"127.0.0.1:{free_port()}",
        telegram_webhook_secret=Secret("s3cret-Token_1"), database_url=database_url or settings.database_url)


async def post(settings: Settings, body: bytes) -> int:
    url = f"http://{settings.telegram_listen}/tg/hook"
    async with aiohttp.ClientSession() as http, http.post(url, data=body, headers={
            "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1", "Content-Type": "application/json"}) as response:
        return response.status


@pytest.mark.parametrize("body", [b"{garbled", b"[1, 2, 3]", b"{}", b'"update"', b'{"update_id": "7"}',
                                  b'{"update_id": 7, "message": "\xff\xfe"}',
                                  b"\xff\xfe{}", b"x" * (1 << 21), b"[" * 500_000 + b"]" * 500_000,
                                  b'{"update_id": 8, "message": {"message_id": 1, "date": 1700000000, '
                                  b'"chat": {"id": 5, "type": "private"}, "text": "no sender"}}'])
async def test_a_webhook_body_that_is_no_update_gets_400_or_413_and_one_warning_never_500(fake, settings, caplog,
                                                                                           body):
    settings = webhook_settings(settings)
    async with running(settings, webhook=True):
        status = await post(settings, body)
        assert status == (413 if len(body) > 1 << 20 else 400)
        assert await post(settings, json.dumps(fake.update(message("/projects", chat_id=OFFICIAL,
                                                                   user_id=OFFICIAL))).encode()) == 200
        await fake.wait_sent(1)  # and it goes on answering
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    if len(body) <= 1 << 20:
        assert [r.levelname for r in caplog.records if "refused" in r.getMessage()] == ["WARNING"]


async def test_a_webhook_client_that_trickles_or_leaves_costs_one_debug_line(fake, settings, caplog, monkeypatch):
    monkeypatch.setattr(adapters, "BODY_SECONDS", 0.5)
    settings = webhook_settings(settings)
    host, port = settings.telegram_listen.split(":")
    head = (b"POST /tg/hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"X-Telegram-Bot-Api-Secret-Token: s3cret-Token_1\r\nContent-Length: 500\r\n\r\n{\"update_id\"")
    caplog.set_level(logging.DEBUG, logger="bot.adapters")
    async with running(settings, webhook=True):
        slow_reader, slow = await asyncio.open_connection(host, int(port))
        slow.write(head)
        await slow.drain()
        status_line = await asyncio.wait_for(slow_reader.readline(), 5)  # answered once the 0.5 s are up
        assert status_line.startswith(b"HTTP/1.1 408")
        slow.close()
        _, gone = await asyncio.open_connection(host, int(port))
        gone.write(head)
        await gone.drain()
        gone.close()  # the client leaves halfway through its body
        await asyncio.sleep(0.3)
        assert await post(settings, json.dumps(fake.update(message("/projects", chat_id=OFFICIAL,
                                                                   user_id=OFFICIAL))).encode()) == 200
        await fake.wait_sent(1)
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert [r.levelname for r in caplog.records if "the body did not arrive" in r.getMessage()] == ["DEBUG"] * 2


@pytest.mark.parametrize("trickle", [True, False])
async def test_a_webhook_client_that_never_finishes_its_request_head_is_let_go(fake, settings, monkeypatch, trickle):
    monkeypatch.setattr(adapters, "HEADER_SECONDS", 0.5)
    settings = webhook_settings(settings)
    host, port = settings.telegram_listen.split(":")
    async with running(settings, webhook=True):
        assert await seconds_held(host, int(port), trickle=trickle) < 3
        assert await post(settings, json.dumps(fake.update(message("/projects", chat_id=OFFICIAL,
                                                                   user_id=OFFICIAL))).encode()) == 200
        await fake.wait_sent(1)


async def test_a_redelivered_update_is_answered_once_even_by_another_process_on_one_postgresql(fake, settings,
                                                                                             pg_url):
    one, other = webhook_settings(settings, pg_url), webhook_settings(settings, pg_url)
    update = json.dumps(fake.update(message("/projects", chat_id=OFFICIAL, user_id=OFFICIAL))).encode()
    async with running(one, webhook=True), running(other, webhook=True):
        assert [await post(one, update), await post(one, update), await post(other, update)] == [200, 200, 200]
        await fake.wait_sent(1)
        await asyncio.sleep(1.0)
    assert len(texts(fake, OFFICIAL)) == 1


async def test_polling_after_a_restart_does_not_answer_an_update_again(fake, settings):
    update = message("/projects", chat_id=OFFICIAL, user_id=OFFICIAL)
    async with running(settings):
        fake.push(update)
        await fake.wait_sent(1)
    fake.updates.append({"update_id": 1, **update})  # Telegram hands out the last batch again after a restart
    async with running(settings):
        fake.push(message("/help", chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(2)
        await asyncio.sleep(0.3)
    first, second = texts(fake, OFFICIAL)
    assert "附表第2项" in first and "使用说明" in second


async def test_a_question_taken_by_a_bot_killed_before_its_reply_is_answered_once_after_a_restart(fake, settings):
    fake.fail("sendMessage", 429, retry_after=15)  # the first reply waits out 15 s: the process dies meanwhile
    env = {"PATH": "/usr/bin:/bin", "POLICYBOT_HOME": str(settings.home), "POLICYBOT_TELEGRAM_TOKEN": TOKEN,
           "POLICYBOT_DATABASE_URL": settings.database_url, "POLICYBOT_TELEGRAM_BASE_URL": fake.base_url}
    dying = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", "--telegram", env=env,
                                                 stderr=asyncio.subprocess.DEVNULL)
    try:
        update_id = fake.push(message("交通领域的措施由谁牵头？", chat_id=OFFICIAL, user_id=OFFICIAL))
        deadline = time.monotonic() + 60
        while not (any(method == "sendMessage" for method, _ in fake.calls)
                   and any(method == "getUpdates" and int(p.get("offset") or 0) > update_id
                           for method, p in fake.calls)):  # replying, and the update confirmed to Telegram
            assert time.monotonic() < deadline and dying.returncode is None, "the first bot never replied"
            await asyncio.sleep(0.05)
    finally:
        dying.kill()  # SIGKILL: no handler, no clean-up
        await dying.wait()
    assert fake.sent == [] and fake.updates == []  # nothing answered, and Telegram will not deliver it again
    async with running(settings, lease=1):
        await fake.wait_sent(1)
        await asyncio.sleep(1.5)  # more sweeps than one: it must not be answered again
    [answer] = texts(fake, OFFICIAL)
    assert "市交通局" in answer


async def test_a_reply_refused_by_a_5xx_is_answered_again_after_the_lease_not_apologised_for(fake, settings):
    fake.fail("sendMessage", 502)
    async with running(settings, lease=1):
        fake.push(message("交通领域的措施由谁牵头？", chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(1)
        await asyncio.sleep(1.5)
    [answer] = texts(fake, OFFICIAL)
    assert "市交通局" in answer and SORRY not in answer


async def test_with_the_database_down_questions_are_still_answered_and_commands_say_so(fake, settings, pg_url):
    outage = Outage()
    settings = settings.replace(database_url=outage.url(pg_url))
    try:
        async with running(settings):
            fake.push(message("交通领域的措施由谁牵头？", chat_id=OFFICIAL, user_id=OFFICIAL))
            await fake.wait_sent(1)
            outage.down()
            fake.push(message("散煤清零工程什么时候完成？", chat_id=OFFICIAL, user_id=OFFICIAL))
            fake.push(message("/projects", chat_id=OFFICIAL, user_id=OFFICIAL))
            await fake.wait_sent(3)
            outage.up()
            fake.push(message("/projects", chat_id=OFFICIAL, user_id=OFFICIAL))
            await fake.wait_sent(4)
    finally:
        outage.close()
    _, coal, down, back = texts(fake, OFFICIAL)
    assert "2023年10月底" in coal and "出处" in coal  # from the corpus already loaded
    assert down.startswith("数据库暂时无法访问") and "附表第8项" in back
    assert keyboard(fake.sent[1]) == []  # an answer that could not be kept carries no buttons


async def test_a_malformed_update_does_not_stop_polling(fake, settings):
    async with running(settings):
        fake.push({"message": {"text": "no chat, no date"}})
        fake.push({"message": {"message_id": 3, "date": 0, "chat": "not-a-chat", "text": "broken"}})
        fake.push({"channel_post": {"message_id": 4, "date": 0, "chat": {"id": -100777, "type": "channel"},
                                    "text": "a channel post"}})
        fake.push(message("/help", chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(1)
    assert "使用说明" in texts(fake, OFFICIAL)[0]


async def test_a_failing_handler_is_logged_answered_politely_and_the_bot_goes_on(fake, settings, monkeypatch, caplog):
    async with running(settings) as application:
        conversation = application.bot_data["conversation"]
        real = conversation.handle
        monkeypatch.setattr(conversation, "handle", lambda msg: 1 / 0 if msg.text == "/projects" else real(msg))
        fake.push(message("/projects", chat_id=OFFICIAL, user_id=OFFICIAL))
        fake.push(message("/help", chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(2)
    sorry, help_ = texts(fake, OFFICIAL)
    assert sorry == SORRY and "使用说明" in help_
    assert any("ZeroDivisionError" in (r.exc_text or "") or r.exc_info for r in caplog.records)


async def test_an_oversized_reply_is_split_into_valid_html_messages(fake, settings):
    one_report = "推进“公转铁”<运输结构调整>&多式联运。" * 120  # about 2,700 characters, markup-like text included
    async with running(settings):
        fake.push(message("/bind 市生态环境局", chat_id=GROUP, user_id=ADMIN, chat_type="supergroup"))
        for _ in range(3):
            fake.push(message(f"/progress 2 {one_report}", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        fake.push(message("/project 2", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        await fake.wait_sent(6)
        await asyncio.sleep(0.3)
    parts = fake.sent[4:]
    assert len(parts) >= 3  # 8,000+ characters of reports
    assert all(len(p["text"]) <= 4096 for p in parts)
    shown = "".join(visible_text(p["text"]) for p in parts)
    assert shown.count("<运输结构调整>&") == 3 * 120


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "POLICYBOT_HOME": env.pop("home"), **env})


def test_run_refuses_to_start_without_what_the_mode_needs(tmp_path):
    no_token = run_cli("run", "--telegram", home=str(tmp_path))
    assert no_token.returncode == 1 and "POLICYBOT_TELEGRAM_TOKEN is not set" in no_token.stderr
    no_secret = run_cli("run", "--telegram", "--webhook", home=str(tmp_path), POLICYBOT_TELEGRAM_TOKEN=TOKEN,
                        POLICYBOT_TELEGRAM_WEBHOOK_URL="https://bot.example.gov.cn/tg/hook")
    assert no_secret.returncode == 1 and "POLICYBOT_TELEGRAM_WEBHOOK_SECRET must be set" in no_secret.stderr
    assert TOKEN not in no_secret.stderr
    webhook_alone = run_cli("run", "--webhook", home=str(tmp_path))
    assert webhook_alone.returncode == 1 and "--telegram" in webhook_alone.stderr


async def test_reminders_run_due_posts_telegram_reminders_when_a_token_is_set(fake, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "POLICYBOT_HOME": str(tmp_path), "POLICYBOT_TELEGRAM_TOKEN": TOKEN,
           "POLICYBOT_TELEGRAM_BASE_URL": fake.base_url}

    async def cli(*args: str) -> str:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", *args, env=env,
                                                       stdout=asyncio.subprocess.PIPE)
        out, _ = await process.communicate()
        assert process.returncode == 0
        return out.decode()

    await cli("units", "bind", "市生态环境局", "--telegram-chat", str(GROUP))
    out = await cli("reminders", "run-due", "--now", "2024-01-10T11:00")
    assert "0 failed" in out and "—— telegram" not in out  # posted, not printed
    assert any(t.startswith("【逾期提醒】附表第2项") for t in texts(fake, GROUP))


async def test_admins_send_files_others_are_refused_without_a_download(fake, home, tmp_path):
    """A home of the test's own: the admin's upload goes live in it."""
    shutil.copytree(home / "index", tmp_path / "index")
    settings = Settings(home=tmp_path, admins=f"telegram:{ADMIN}", telegram_token=TOKEN,
                        telegram_base_url=fake.base_url, max_upload_mb=1, env_file=None)
    fake.files["f1"] = county_v1()
    async with running(settings):
        fake.push(document("f1", "方案.docx", len(county_v1()), chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(1)
        fake.push(document("f9", "大文件.pdf", 5 * 1024 * 1024, chat_id=ADMIN, user_id=ADMIN))
        await fake.wait_sent(2)
        fake.push(document("f1", "方案.docx", len(county_v1()), chat_id=ADMIN, user_id=ADMIN))
        await fake.wait_sent(4, timeout=180)
    shown = [(int(m["chat_id"]), visible_text(m["text"])) for m in fake.sent]
    assert shown[0][0] == OFFICIAL and "只有管理员" in shown[0][1]
    assert "over the 1 MB limit" in shown[1][1]
    assert "正在重建检索索引" in shown[2][1] and "已生效：新增《某县农业农村减污降碳实施方案》" in shown[3][1]
    downloads = [c for c in fake.calls if c[0] in ("getFile", "file")]
    assert [c[0] for c in downloads] == ["getFile", "file"]  # only the admin's file within the cap was fetched
    assert App(settings).documents[-1].title == "某县农业农村减污降碳实施方案"


def workbook_rows(data: bytes) -> dict[str, tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if str(row[0]).startswith("附表")}


async def wait_documents(fake: FakeTelegram, count: int) -> None:
    deadline = time.monotonic() + 20
    while len(fake.documents) < count:
        assert time.monotonic() < deadline, f"expected {count} documents, got {len(fake.documents)}"
        await asyncio.sleep(0.02)


async def test_an_admins_report_arrives_as_a_document(fake, settings):
    async with running(settings):
        fake.push(message("/report", chat_id=ADMIN, user_id=ADMIN))
        await wait_documents(fake, 1)
    (sent,) = fake.documents
    assert int(sent["chat_id"]) == ADMIN and sent["document"]["filename"] == "督办台账-2024-01-10.xlsx"
    rows = workbook_rows(sent["document"]["content"])
    assert len(rows) == 8
    assert rows["附表第2项"][5:8] == (datetime(2023, 10, 31), -71, "已逾期")  # 30 + 31 + 10 days after 10-31
    assert rows["附表第5项"][5:8] == (datetime(2024, 12, 31), 356, "未到期")  # 21 + 335 (2024 is a leap year)
    (text,) = texts(fake, ADMIN)
    assert "共 8 项重点工程，其中已逾期 1 项" in text and "督办台账-2024-01-10.xlsx" in text


async def test_a_report_in_an_unbound_group_is_refused(fake, settings):
    async with running(settings):
        fake.push(message("/report", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        await fake.wait_sent(1)
        await asyncio.sleep(0.3)
    assert fake.documents == [] and "仅限管理员" in texts(fake, GROUP)[0]


async def test_the_weekly_summary_carries_the_workbook(fake, settings):
    app = App(settings)
    with Session(app.engine) as session:
        bind(session, app.registry, "管理员", "telegram", str(GROUP), "console:local", NOW)
        plan(session, NOW)  # Wednesday: the next summary is Monday 2024-01-15 09:30
    monday = datetime(2024, 1, 15, 2, 0, tzinfo=UTC)  # 10:00 in Changzhi
    async with Bot(TOKEN, base_url=fake.base_url) as bot:
        report = await app.dispatcher({"telegram": TelegramSender(bot)}, limits={}).run_due(monday)
    assert (report.failed, report.messages) == (0, 1)
    (summary,) = texts(fake, GROUP)
    assert summary.startswith("【督办周报】管理员（截至 2024-01-15）")
    (sent,) = fake.documents
    assert int(sent["chat_id"]) == GROUP and sent["document"]["filename"] == "督办台账-2024-01-15.xlsx"
    assert workbook_rows(sent["document"]["content"])["附表第2项"][6] == -76


def keyboard(sent: dict) -> list[str]:
    """The callback data of an inline keyboard as the fake received it."""
    markup = sent.get("reply_markup") or {}
    return [button["callback_data"] for row in markup.get("inline_keyboard", []) for button in row]


async def test_a_follow_up_in_one_chat_and_two_chats_interleaved_keep_their_own_subjects(fake, settings):
    other = 333
    async with running(settings):
        fake.push(message("交通领域的措施由谁牵头？", chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(1)
        fake.push(message("散煤清零工程的完成时限？", chat_id=other, user_id=other))
        await fake.wait_sent(2)
        fake.push(message("那参与的还有谁？", chat_id=OFFICIAL, user_id=OFFICIAL))
        await fake.wait_sent(3)
        fake.push(message("过期了没？", chat_id=other, user_id=other))
        await fake.wait_sent(4)
    _, units = texts(fake, OFFICIAL)
    _, overdue = texts(fake, other)
    assert units.startswith("接上一问（三、（九）推进交通领域协同增效）") and "市住建局" in units.split("出处")[0]
    assert overdue.startswith("接上一问（附表第2项") and "已逾期" in overdue.split("出处")[0]


async def test_answers_carry_feedback_buttons_and_a_press_is_recorded_once_and_answered(fake, settings):
    async with running(settings):
        fake.push(message("交通领域的措施由谁牵头？", chat_id=OFFICIAL, user_id=OFFICIAL))
        fake.push(message("/projects", chat_id=ADMIN, user_id=ADMIN))
        await fake.wait_sent(2)
        answer = next(m for m in fake.sent if int(m["chat_id"]) == OFFICIAL)
        up, down = keyboard(answer)
        assert up.startswith("fb:u:") and down.startswith("fb:w:") and up[5:] == down[5:]
        assert all(keyboard(m) == [] for m in fake.sent if int(m["chat_id"]) == ADMIN)  # lists carry none
        answer_id = 1000 + fake.sent.index(answer)
        fake.push(button_press(down, chat_id=OFFICIAL, user_id=OFFICIAL, message_id=answer_id))
        fake.push(button_press(down, chat_id=OFFICIAL, user_id=OFFICIAL, message_id=answer_id))
        fake.push(button_press(down, chat_id=OFFICIAL, user_id=OFFICIAL, message_id=answer_id + 1))  # under another
        fake.push(button_press("fb:w:deadbeefdeadbeef", chat_id=OFFICIAL, user_id=OFFICIAL, message_id=answer_id))
        fake.push(button_press("not ours", chat_id=OFFICIAL, user_id=OFFICIAL, message_id=answer_id))
        await fake.wait_answered(5)
    notices = [a["text"] for a in fake.answered]
    assert notices[0].startswith("已记录：不对") and notices[1] == "已记录过了，谢谢。"
    assert "不属于这条回答" in notices[2] and "已不存在" in notices[3] and "无法识别" in notices[4]
    with Session(App(settings).engine) as session:
        (row,) = session.exec(select(FeedbackRow))
    assert (row.kind, row.user_id, row.question) == ("wrong", str(OFFICIAL), "交通领域的措施由谁牵头？")


async def test_a_reply_to_an_answer_in_a_group_follows_that_answer_up_for_anyone(fake, settings):
    async with running(settings):
        fake.push(message("/ask 交通领域的措施由谁牵头？", chat_id=GROUP, user_id=OFFICIAL, chat_type="supergroup"))
        await fake.wait_sent(1)
        answer_id = 1000
        fake.push(message("那截止时间呢？", chat_id=GROUP, user_id=ADMIN, chat_type="supergroup", reply_to_bot=True,
                          reply_to=answer_id))
        await fake.wait_sent(2)
        fake.push(message("不对 少了市公安局", chat_id=GROUP, user_id=ADMIN, chat_type="supergroup",
                          reply_to_bot=True, reply_to=answer_id))
        await fake.wait_sent(3)
    _, follow, verdict = texts(fake, GROUP)
    assert follow.startswith("接上一问（三、（九）推进交通领域协同增效）")
    assert "散煤" not in follow.split("出处")[0]
    assert verdict.startswith("已记录")
    with Session(App(settings).engine) as session:
        (row,) = session.exec(select(FeedbackRow))
    assert (row.user_id, row.note, row.question) == (str(ADMIN), "少了市公安局", "交通领域的措施由谁牵头？")
