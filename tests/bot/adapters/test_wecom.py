"""The WeCom adapter end to end: callbacks in over real HTTP, answers and reminders out to the fake WeCom server.

The tests play WeCom: callbacks are signed and encrypted with wechatpy's
enterprise crypto; what the bot sends lands on the fake API server, which
checks tokens and byte limits and records everything.
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import socket
import sys
import time
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo

import httpx
import openpyxl
import pytest
from sqlmodel import Session, col, select

from bot import adapters
from bot.adapters.console import plain
from bot.adapters.wecom import CHAT, USER, WeComBot, WeComPlatform, WeComSender
from bot.adapters.wecom.api import TEXT_LIMIT, WeComClient
from bot.adapters.wecom.callback import PATH
from bot.app import App
from bot.chat import Incoming
from bot.chat.reply import Reply
from bot.serve import serve
from bot.settings import Settings
from reminders import service
from reminders.delivery import Attachment, Backoff, ChatTarget, SendError
from reminders.dispatch import Dispatcher
from reminders.models import ChatBinding, FeedbackRow, Reminder, SendAttempt
from tests.bot.adapters import seconds_held
from tests.fakes.wecom import (
    AES_KEY,
    AGENT_ID,
    CORP_ID,
    SECRET,
    TOKEN,
    FakeWeCom,
    echo_query,
    encrypted_callback,
    message_xml,
    signature,
)

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)  # a Tuesday, in working hours: overdue notices are due
ADMIN, OFFICIAL = "admin1", "zhangsan"
ROBOT = "6d1a4c1e-0f2b-4c55-9a77-2f4e1d3b5a10"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def fake():
    server = await FakeWeCom().start()
    yield server
    await server.stop()


@pytest.fixture
def settings(tmp_path, home, fake) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{tmp_path / 'policybot.db'}", admins=f"wecom:{ADMIN}",
                    wecom_base_url=fake.base_url, wecom_corp_id=CORP_ID, wecom_agent_id=AGENT_ID,
                    wecom_secret=SECRET, wecom_token=TOKEN, wecom_aes_key=AES_KEY,
                    wecom_listen=f"127.0.0.1:{free_port()}", env_file=None)


async def eventually(check, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


@pytest.fixture
async def bot(settings):
    """`serve` running in this loop (as `policybot run --wecom` runs it); yields an HTTP client to its endpoint."""
    async with serving(settings) as http:
        yield http


@asynccontextmanager
async def serving(settings: Settings, lease: float = 30):
    stop = asyncio.Event()
    platform = WeComPlatform(settings, lease=timedelta(seconds=lease))
    task = asyncio.create_task(serve(App(settings), platform, stop, clock=lambda: NOW))
    async with httpx.AsyncClient(base_url=f"http://{settings.wecom_listen}") as http:
        async def listening() -> bool:
            try:
                return (await http.get(PATH)).status_code == 400
            except httpx.TransportError:
                assert not task.done(), task.exception()
                return False
        while not await listening():
            await asyncio.sleep(0.05)
        yield http
    stop.set()
    await task


async def say(http: httpx.AsyncClient, text: str, *, user: str = OFFICIAL, msg_id: str = "1", chat_id: str = "",
              msg_type: str = "text") -> httpx.Response:
    query, body = encrypted_callback(message_xml(text, user=user, msg_id=msg_id, chat_id=chat_id,
                                                 msg_type=msg_type))
    return await http.post(f"{PATH}?{query}", content=body)


def contents(fake: FakeWeCom, path: str = "/cgi-bin/message/send") -> list[str]:
    return [r.body[r.body["msgtype"]]["content"] for r in fake.delivered(path)]


# --- the callback, served ---------------------------------------------------------------------------

async def test_url_verification(bot):
    response = await bot.get(f"{PATH}?{echo_query('1639874402')}")
    assert response.status_code == 200 and response.text == "1639874402"


async def test_a_private_command_is_answered_through_message_send(bot, fake):
    response = await say(bot, "/projects")
    assert response.status_code == 200 and response.text == ""
    await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
    (sent,) = fake.delivered("/cgi-bin/message/send")
    assert sent.body["touser"] == OFFICIAL and sent.body["agentid"] == int(AGENT_ID)
    assert "重点工程清单" in sent.body["text"]["content"] and "附表第8项" in sent.body["text"]["content"]


async def test_a_question_gets_a_cited_answer(bot, fake, plan):
    await say(bot, "大宗物料“公转铁”由哪个单位牵头？", msg_id="2")
    await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
    text = "\n".join(contents(fake))
    transport = next(s for s in plan.sections if s.section_id == "art-9")
    assert transport.lead in text  # the lead unit, from the article's responsibility clause
    assert "出处" in text and f"《{plan.title}》{transport.label}" in text


async def test_a_follow_up_and_a_typed_verdict_in_one_private_chat(bot, fake, settings):
    await say(bot, "交通领域的措施由谁牵头？", msg_id="31")
    await eventually(lambda: len(contents(fake)) >= 1)
    await say(bot, "那截止时间呢？", msg_id="32")
    await eventually(lambda: len(contents(fake)) >= 2)
    await say(bot, "不对 交通的时限没写清楚", msg_id="33")
    await eventually(lambda: len(contents(fake)) >= 3)
    _, follow, verdict = contents(fake)
    assert follow.startswith("接上一问（三、（九）推进交通领域协同增效）") and "散煤" not in follow.split("出处")[0]
    assert verdict.startswith("已记录")
    with Session(App(settings).engine) as session:
        (row,) = session.exec(select(FeedbackRow))
    assert (row.platform, row.user_id, row.kind, row.question, row.note) == (
        "wecom", OFFICIAL, "wrong", "交通领域的措施由谁牵头？ 那截止时间呢？", "交通的时限没写清楚")


@pytest.mark.parametrize("trickle", [True, False])
async def test_a_client_that_never_finishes_its_request_head_is_let_go(fake, settings, monkeypatch, trickle):
    monkeypatch.setattr(adapters, "HEADER_SECONDS", 0.5)
    async with serving(settings) as http:
        host, port = settings.wecom_listen.split(":")
        assert await seconds_held(host, int(port), trickle=trickle) < 3
        assert (await say(http, "/projects")).status_code == 200
        await eventually(lambda: fake.delivered("/cgi-bin/message/send"))


async def test_forged_replayed_stale_and_garbled_callbacks_are_refused_and_not_processed(bot, fake):
    query, body = encrypted_callback(message_xml("/projects", msg_id="10"))
    fields = {k: v[0] for k, v in parse_qs(query).items()}
    forged = urlencode({**fields, "msg_signature": signature("guess", fields["timestamp"], fields["nonce"], "x")})
    assert (await bot.post(f"{PATH}?{forged}", content=body)).status_code == 403
    stale = encrypted_callback(message_xml("/projects", msg_id="11"), int(time.time()) - 3600)
    assert (await bot.post(f"{PATH}?{stale[0]}", content=stale[1])).status_code == 403
    ts, nonce = str(int(time.time())), "n"
    garbled = urlencode({"msg_signature": signature(TOKEN, ts, nonce, "garbage"), "timestamp": ts, "nonce": nonce})
    assert (await bot.post(f"{PATH}?{garbled}", content=b"<xml><Encrypt>garbage</Encrypt></xml>")).status_code == 400
    assert (await say(bot, "/help", msg_id="12")).status_code == 200
    assert (await say(bot, "/help", msg_id="12")).status_code == 409  # WeCom's retry, or a replay: answered once
    await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
    await asyncio.sleep(0.3)
    assert [c.splitlines()[0] for c in contents(fake)] == ["policybot 使用说明"]


async def test_a_callback_redelivered_to_another_process_or_after_a_restart_is_answered_once(fake, settings,
                                                                                           pg_url):
    one = settings.replace(database_url=pg_url)
    other = one.replace(wecom_listen=f"127.0.0.1:{free_port()}")
    query, body = encrypted_callback(message_xml("/help", msg_id="4711"))
    async with serving(one) as first, serving(other) as second:
        assert (await first.post(f"{PATH}?{query}", content=body)).status_code == 200
        await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
        assert (await second.post(f"{PATH}?{query}", content=body)).status_code == 200  # its own guard is new
    async with serving(one) as restarted:
        assert (await restarted.post(f"{PATH}?{query}", content=body)).status_code == 200
        await asyncio.sleep(0.5)
    assert [c.splitlines()[0] for c in contents(fake)] == ["policybot 使用说明"]


async def test_a_reply_wecom_cannot_take_for_a_minute_is_sent_after_the_lease_once(fake, settings):
    fake.fail("/cgi-bin/message/send", status=503, headers={"Retry-After": "60"})  # longer than a reply waits
    async with serving(settings, lease=1) as http:
        assert (await say(http, "/help", msg_id="4712")).status_code == 200
        await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
        await asyncio.sleep(1.5)
    assert [c.splitlines()[0] for c in contents(fake)] == ["policybot 使用说明"]
    assert len(fake.calls("/cgi-bin/message/send")) == 2


async def test_a_non_admins_bind_is_refused_and_an_admins_binds_the_app_chat(bot, fake, settings):
    await say(bot, "/bind 潞州区", user=OFFICIAL, chat_id="wrGroup01", msg_id="20")
    await eventually(lambda: fake.delivered("/cgi-bin/appchat/send"))
    with Session(App(settings).engine) as session:
        assert session.exec(select(ChatBinding)).all() == []
    await say(bot, "/bind 潞州区", user=ADMIN, chat_id="wrGroup01", msg_id="21")
    await eventually(lambda: len(fake.delivered("/cgi-bin/appchat/send")) == 2)
    refusal, done = fake.delivered("/cgi-bin/appchat/send")
    assert len(fake.calls("/cgi-bin/gettoken")) == 1  # the token is cached across messages
    assert refusal.body["chatid"] == "wrGroup01" and "仅限管理员" in refusal.body["text"]["content"]
    assert "已将本群绑定到潞州区" in done.body["text"]["content"]
    with Session(App(settings).engine) as session:
        (binding,) = session.exec(select(ChatBinding)).all()
    assert (binding.platform, binding.chat_id, binding.unit) == ("wecom", CHAT + "wrGroup01", "潞州区")


async def test_group_chatter_is_left_alone_and_non_text_gets_a_hint_in_private(bot, fake):
    await say(bot, "今天下午开会", chat_id="wrGroup01", msg_id="30")
    await say(bot, "", msg_type="image", msg_id="31")
    await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
    await asyncio.sleep(0.3)
    assert fake.delivered("/cgi-bin/appchat/send") == []
    assert ["只能回答文字消息" in c for c in contents(fake)] == [True]


@pytest.fixture
def robot_bound(settings):
    """潞州区 bound to a group robot, as `policybot units bind 潞州区 --wecom-webhook KEY` does."""
    app = App(settings)
    with Session(app.engine) as session:
        service.bind(session, app.registry, "潞州区", "wecom", ROBOT, "console:local", NOW)
    return app


async def test_the_reminders_run_in_wecom_mode_through_the_robot(robot_bound, bot, fake):
    def sent() -> int:
        with Session(robot_bound.engine) as session:
            return len(session.exec(select(Reminder).where(Reminder.state == "sent")).all())

    # one delivery per reminder marked sent, once the sender has marked the last it delivered (a loaded machine
    # may be between the two when the robot's count is first read)
    await eventually(lambda: 0 < len(fake.delivered("/cgi-bin/webhook/send")) == sent())
    await asyncio.sleep(0.3)  # a second delivery of any of them would show now, and not be matched by a mark
    await eventually(lambda: len(fake.delivered("/cgi-bin/webhook/send")) == sent())
    assert {r.query["key"] for r in fake.delivered("/cgi-bin/webhook/send")} == {ROBOT}
    assert all("【逾期提醒】" in c and "潞州区" in c for c in contents(fake, "/cgi-bin/webhook/send"))


# --- sending --------------------------------------------------------------------------------------

@pytest.fixture
async def client(fake):
    async with WeComClient(fake.base_url, corp_id=CORP_ID, secret=SECRET, agent_id=AGENT_ID) as c:
        yield c


async def test_the_chat_id_says_where_a_message_goes(fake, client):
    sender = WeComSender(client)
    await sender.post(USER + "zhangsan", "text", "私聊")
    await sender.post(CHAT + "wrGroup01", "text", "群聊")
    await sender.post(ROBOT, "text", "机器人")
    assert contents(fake) == ["私聊"] and contents(fake, "/cgi-bin/appchat/send") == ["群聊"]
    assert contents(fake, "/cgi-bin/webhook/send") == ["机器人"]


LONG = "".join(f"第{i}条：推进减污降碳协同增效👩‍👩‍👧，é 与 ﬁ 同列；重点工程按期完成。" for i in range(80))


async def test_a_long_reply_is_split_within_the_byte_limit_never_mid_character(fake, client, tmp_path):
    conversation = App(Settings(home=tmp_path, env_file=None)).conversation()
    wecom_bot = WeComBot(conversation, WeComSender(client))
    await wecom_bot.deliver(USER + "zhangsan", [Reply(LONG, title="长答复")])
    parts = contents(fake)
    assert len(parts) > 2 and all(len(p.encode()) <= TEXT_LIMIT for p in parts)
    assert "".join(parts).replace("\n", "") == plain(Reply(LONG, title="长答复")).replace("\n", "")
    assert all(p.count("👩‍👩‍👧") == p.count("👩") // 2 for p in parts)  # the family emoji is never cut apart


async def test_a_reply_is_retried_after_5xx_and_an_expired_token(fake, client, tmp_path):
    wecom_bot = WeComBot(App(Settings(home=tmp_path, env_file=None)).conversation(), WeComSender(client),
                         backoff=Backoff(base=0.01))
    await wecom_bot.deliver(USER + "zhangsan", [Reply("第一条")])
    fake.expire_tokens()
    fake.fail("/cgi-bin/message/send", status=502)
    await wecom_bot.deliver(USER + "zhangsan", [Reply("第二条")])
    assert contents(fake) == ["第一条", "第二条"] and len(fake.calls("/cgi-bin/gettoken")) == 2


async def test_progress_from_the_worker_thread_reaches_the_chat(fake, client, tmp_path):
    conversation = App(Settings(home=tmp_path, env_file=None)).conversation()
    wecom_bot = WeComBot(conversation, WeComSender(client))
    msg = Incoming("wecom", USER + ADMIN, "private", ADMIN, "/remove luzhou-2024-3")
    await asyncio.get_running_loop().run_in_executor(wecom_bot.worker, conversation.notify, msg,
                                                     Reply("正在重建检索索引"))
    await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
    (sent,) = fake.delivered("/cgi-bin/message/send")
    assert sent.body["touser"] == ADMIN and sent.body["text"]["content"] == "正在重建检索索引"


async def test_a_long_reminder_goes_on_from_the_part_that_failed(fake, client):
    sender = WeComSender(client)
    target = ChatTarget("wecom", ROBOT, "潞州区")
    fake.fail("/cgi-bin/webhook/send", status=503, after=1)  # the second part fails once
    with pytest.raises(SendError) as info:
        await sender.send(target, LONG)
    assert info.value.retryable and len(contents(fake, "/cgi-bin/webhook/send")) == 1
    await sender.send(target, LONG)  # the dispatcher's retry of the whole reminder
    parts = contents(fake, "/cgi-bin/webhook/send")
    assert len(parts) > 2 and all(len(p.encode()) <= TEXT_LIMIT for p in parts)
    assert "".join(parts).replace("\n", "") == LONG  # each part once, in order


async def test_run_due_delivers_to_the_robot_once_and_waits_out_its_rate_limit(robot_bound, fake, client):
    fake.fail("/cgi-bin/webhook/send", errcode=45009)  # the robot's 20 a minute are used up
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    engine = robot_bound.engine
    report = await Dispatcher(engine, {"wecom": WeComSender(client)}, sleep=sleep).run_due(NOW)
    again = await Dispatcher(engine, {"wecom": WeComSender(client)}, sleep=sleep).run_due(NOW)
    robot = fake.delivered("/cgi-bin/webhook/send")
    assert report.sent == report.messages == len(robot) > 0 and again.sent == 0 and report.failed == 0
    assert 60.0 in waits  # the next minute, not a blind exponential guess
    with Session(engine) as session:
        outcomes = sorted(a.outcome for a in session.exec(select(SendAttempt)))
        assert outcomes.count("retry") == 1 and outcomes.count("sent") == len(robot)
        assert session.exec(select(Reminder).where(col(Reminder.state) != "sent",
                                                   col(Reminder.scheduled_at) <= NOW,
                                                   Reminder.state == "planned")).all() == []


def test_the_bot_processes_scheduler_keeps_the_robots_rate_limit(settings):
    scheduler = App(settings).reminder_scheduler({})
    assert scheduler.dispatcher.limits["wecom"].per_chat == ((20, 60.0),)


# --- the commands, as processes --------------------------------------------------------------------

def _env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYBOT_")}
    env.update({"POLICYBOT_HOME": str(settings.home), "POLICYBOT_DATABASE_URL": settings.database_url,
                "POLICYBOT_WECOM_BASE_URL": settings.wecom_base_url}, **extra)
    return env


async def run_cli(env: dict[str, str], *argv: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", *argv, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    return process.returncode or 0, out.decode(), err.decode()


async def test_cli_run_due_posts_to_the_bound_robot_once(settings, fake):
    env = _env(settings)
    code, out, _ = await run_cli(env, "units", "bind", "潞州区", "--wecom-webhook",
                                 f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={ROBOT}")
    assert code == 0
    code, out, err = await run_cli(env, "reminders", "run-due", "--now", "2026-11-24T10:00")
    assert code == 0, err
    robot = fake.delivered("/cgi-bin/webhook/send")
    assert robot and f"sent {len(robot)} reminders in {len(robot)} messages" in out
    code, out, _ = await run_cli(env, "reminders", "run-due", "--now", "2026-11-24T10:30")
    assert code == 0 and "sent 0 reminders" in out and len(fake.delivered("/cgi-bin/webhook/send")) == len(robot)


async def test_cli_run_wecom_serves_until_terminated(settings, fake):
    env = _env(settings, POLICYBOT_WECOM_CORP_ID=CORP_ID, POLICYBOT_WECOM_AGENT_ID=AGENT_ID,
               POLICYBOT_WECOM_SECRET=SECRET, POLICYBOT_WECOM_TOKEN=TOKEN, POLICYBOT_WECOM_AES_KEY=AES_KEY,
               POLICYBOT_WECOM_LISTEN=settings.wecom_listen)
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", "--wecom", env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 120)
        assert f"http://{settings.wecom_listen}{PATH}" in line.decode()
        async with httpx.AsyncClient(base_url=f"http://{settings.wecom_listen}") as http:
            assert (await http.get(f"{PATH}?{echo_query('42')}")).text == "42"
            assert (await say(http, "/help")).status_code == 200
        await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 60)
    assert code == 0


async def test_cli_run_wecom_names_missing_settings(settings):
    code, _, err = await run_cli(_env(settings), "run", "--wecom")
    assert code == 1 and "POLICYBOT_WECOM_TOKEN" in err and len(err.strip().splitlines()) == 1


# --- files: the 督办台账 ------------------------------------------------------------------------------

def texts_to(fake: FakeWeCom, path: str) -> list[str]:
    return [r.body["text"]["content"] for r in fake.delivered(path) if r.body["msgtype"] == "text"]


def overdue_days(data: bytes) -> dict[str, int | None]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return {row[0]: row[6] for row in sheet.iter_rows(min_row=3, values_only=True) if str(row[0]).startswith("附表")}


async def test_an_admins_report_is_uploaded_and_sent_as_a_file(bot, fake):
    await say(bot, "/report", user=ADMIN, msg_id="40")
    await eventually(lambda: fake.files_delivered("/cgi-bin/message/send"))
    (upload,) = fake.calls("/cgi-bin/media/upload")
    assert upload.query["type"] == "file" and upload.body["_files"]["media"]["filename"] == "督办台账-2026-11-24.xlsx"
    (name, data), = fake.files_delivered("/cgi-bin/message/send")
    assert name == "督办台账-2026-11-24.xlsx"
    assert overdue_days(data)["附表第2项"] == -1120 and len(overdue_days(data)) == 8
    (text,) = texts_to(fake, "/cgi-bin/message/send")
    assert "共 8 项重点工程，其中已逾期 5 项" in text  # 2, 5, 6, 7, 8 (see tests/reminders/test_ledger.py)
    file_message = next(r for r in fake.delivered("/cgi-bin/message/send") if r.body["msgtype"] == "file")
    assert file_message.body["touser"] == ADMIN and file_message.body["agentid"] == int(AGENT_ID)


async def test_a_report_without_a_bound_unit_is_refused_and_no_file_goes(bot, fake):
    await say(bot, "/report", user=OFFICIAL, msg_id="41")
    await eventually(lambda: fake.delivered("/cgi-bin/message/send"))
    await asyncio.sleep(0.3)
    assert fake.calls("/cgi-bin/media/upload") == [] and fake.files_delivered("/cgi-bin/message/send") == []
    assert "仅限管理员" in texts_to(fake, "/cgi-bin/message/send")[0]


async def test_a_units_app_chat_gets_its_own_projects(bot, fake, settings):
    app = App(settings)
    with Session(app.engine) as session:
        service.bind(session, app.registry, "市交通局", "wecom", CHAT + "wrTraffic", "console:local", NOW)
    await say(bot, "/report csv", user=OFFICIAL, chat_id="wrTraffic", msg_id="42")
    await eventually(lambda: fake.files_delivered("/cgi-bin/appchat/send"))
    (name, data), = fake.files_delivered("/cgi-bin/appchat/send")
    assert name == "督办台账-市交通局-2026-11-24.csv"
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and ",附表第4项," in lines[1]  # 市交通局 leads 附表第4项 and joins no other


async def test_the_weekly_summary_reaches_the_admins_robot_with_the_workbook(settings, fake):
    app = App(settings)
    with Session(app.engine) as session:
        service.bind(session, app.registry, "管理员", "wecom", ROBOT, "console:local", NOW)
        service.plan(session, NOW)  # Tuesday: the next summary is Monday 2026-11-30 09:30
    monday = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)
    async with WeComClient(fake.base_url) as robots:
        report = await app.dispatcher({"wecom": WeComSender(robots)}, limits={}).run_due(monday)
    assert report.failed == 0 and report.messages == 1
    (summary,) = texts_to(fake, "/cgi-bin/webhook/send")
    assert summary.startswith("【督办周报】管理员（截至 2026-11-30）")
    (upload,) = fake.calls("/cgi-bin/webhook/upload_media")
    assert upload.query == {"key": ROBOT, "type": "file"}
    (name, data), = fake.files_delivered("/cgi-bin/webhook/send")
    assert name == "督办台账-2026-11-30.xlsx" and overdue_days(data)["附表第2项"] == -1126  # six days on


async def test_a_failed_upload_is_retried_without_repeating_the_text(fake, client):
    sender = WeComSender(client)
    target = ChatTarget("wecom", ROBOT, "管理员")
    attachment = Attachment("督办台账-2026-11-24.md", "# 督办台账\n".encode(), "text/markdown; charset=utf-8")
    fake.fail("/cgi-bin/webhook/upload_media", errcode=45009)
    with pytest.raises(SendError) as info:
        await sender.send(target, "【督办周报】", attachment)
    assert (info.value.retryable, info.value.retry_after) == (True, 60.0)  # the robot's minute
    await sender.send(target, "【督办周报】", attachment)  # the dispatcher's retry
    assert texts_to(fake, "/cgi-bin/webhook/send") == ["【督办周报】"]
    assert fake.files_delivered("/cgi-bin/webhook/send") == [("督办台账-2026-11-24.md", "# 督办台账\n".encode())]


async def test_a_file_wecom_would_refuse_is_not_sent(fake, client):
    with pytest.raises(SendError, match="more than 5 bytes and at most 20 MB, not 3 bytes"):
        await WeComSender(client).send(ChatTarget("wecom", USER + "zhangsan", "x"), "文字",
                                       Attachment("a.csv", b"abc", "text/csv"))
    assert fake.calls("/cgi-bin/media/upload") == []
