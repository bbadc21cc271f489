"""The reminder guarantees end to end: the real Telegram sender over HTTP to the fake Bot API on 127.0.0.1.

Restart, once-only, two processes on one PostgreSQL, a chat's rate limit and
cancellation, each judged by what the fake server received.
"""

from __future__ import annotations

import asyncio
import copy
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from telegram import Bot

from bot.adapters.telegram import TelegramSender
from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import service
from reminders.db import make_engine, open_database
from reminders.dispatch import Dispatcher
from reminders.models import Reminder
from reminders.scheduler import ReminderScheduler
from tests.fakes.telegram import TOKEN, FakeTelegram

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in

CHATS = {"市生态环境局": "-1001", "潞州区": "-1002", "市工信局": "-1003"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
async def fake():
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


def setup(url: str, plan: Document, registry: UnitRegistry, now: datetime, chats: dict[str, str] = CHATS) -> None:
    """The plan's projects and the chats bound (a key's first word is the unit, so one unit can have many)."""
    engine = open_database(url)
    with Session(engine) as session:
        service.sync_corpus(session, registry, [plan], now)
        for unit, chat in chats.items():
            service.bind(session, registry, unit.split()[0], "telegram", chat, "console:local", now)
    engine.dispose()


def received(fake: FakeTelegram, chat: str | None = None) -> list[str]:
    return [m["text"] for m in fake.sent if chat is None or str(m["chat_id"]) == chat]


async def process(url: str, fake: FakeTelegram, clock: Callable[[], datetime]) -> tuple[ReminderScheduler, int]:
    """What a bot process does on start: its own engine, Bot, dispatcher and scheduler; returns what it sent."""
    bot = Bot(TOKEN, base_url=fake.base_url)
    await bot.initialize()
    engine = open_database(url)
    scheduler = ReminderScheduler(engine, Dispatcher(engine, {"telegram": TelegramSender(bot)}), clock=clock)
    report = await scheduler.start()
    return scheduler, report.sent


async def test_a_restart_sends_what_fell_due_while_down_once(tmp_path, fake, plan, registry):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    setup(url, plan, registry, at("2026-11-24T07:00"))
    now = {"t": at("2026-11-24T07:00")}  # before working hours: the overdue notices wait for 09:30
    first, sent = await process(url, fake, lambda: now["t"])
    first.shutdown()
    assert sent == 0 and received(fake) == []
    now["t"] = at("2026-11-24T11:00")  # no process ran at 09:30
    second, sent = await process(url, fake, lambda: now["t"])
    second.shutdown()
    assert sent == 5 + 5 + 2 == len(received(fake)) == len(set(map(str, fake.sent)))
    assert sorted(t.split("：")[0] for t in received(fake, "-1001")) == [
        f"【逾期提醒】附表第{n}项" for n in (2, 5, 6, 7, 8)]
    now["t"] = at("2026-11-24T11:30")
    third, sent = await process(url, fake, lambda: now["t"])
    third.shutdown()
    assert sent == 0 and len(received(fake)) == 12


async def test_a_chat_gets_at_most_one_reminder_a_second(tmp_path, fake, plan, registry):
    url = f"sqlite:///{tmp_path / 'limit.db'}"
    setup(url, plan, registry, at("2026-11-24T07:00"), {"市生态环境局": "-1001"})
    bot = Bot(TOKEN, base_url=fake.base_url)
    await bot.initialize()
    engine = open_database(url)
    arrivals: list[float] = []
    sender = TelegramSender(bot)

    class Clocked:
        async def send(self, target, text: str, attachment=None) -> None:
            await sender.send(target, text)
            arrivals.append(time.monotonic())

    report = await Dispatcher(engine, {"telegram": Clocked()}).run_due(at("2026-11-24T10:00"))
    assert report.sent == len(received(fake, "-1001")) == 5
    assert all(b - a >= 0.95 for a, b in pairwise(arrivals))  # the dispatcher's limit, not the fake's


async def test_a_changed_deadline_and_a_done_project_stop_their_reminders_on_the_wire(tmp_path, fake, plan, registry):
    url = f"sqlite:///{tmp_path / 'cancel.db'}"
    setup(url, plan, registry, at("2026-09-01T10:00"), {"市生态环境局": "-1001"})
    bot = Bot(TOKEN, base_url=fake.base_url)
    await bot.initialize()
    engine = open_database(url)
    dispatcher = Dispatcher(engine, {"telegram": TelegramSender(bot)}, limits={})
    await dispatcher.run_due(at("2026-09-01T10:00"))  # the five overdue notices; 附表第3项 is due 2030
    fake.sent.clear()
    moved = copy.deepcopy(plan)
    three = next(p for p in moved.key_projects if p.number == 3)
    three.deadline_text, three.due_date = "2026年12月底", date(2026, 12, 31)
    with Session(engine) as session:
        service.sync_projects(session, [moved], at("2026-09-02T10:00"))
        service.mark_done(session, "2", "telegram", "42", "市生态环境局", at("2026-09-02T10:00"))
    day = at("2026-09-02T10:00")
    while day < at("2027-01-05T10:00"):
        await dispatcher.run_due(day)
        with Session(engine) as session:
            upcoming = session.exec(select(func.min(Reminder.scheduled_at)).where(
                Reminder.state == "planned", Reminder.scheduled_at > day)).one()
        day = min(day + timedelta(days=7), upcoming or day + timedelta(days=7))
    three_texts = [t for t in received(fake, "-1001") if "附表第3项" in t and not t.startswith("【逾期周报】")]
    assert [t.split("：")[0] for t in three_texts] == ["【督办提醒】附表第3项"] * 5 + ["【逾期提醒】附表第3项"]
    assert all("2026年12月底（2026-12-31）" in t for t in three_texts)
    assert not [t for t in received(fake) if "附表第2项" in t]


def test_two_processes_on_one_postgres_post_each_reminder_once(pg_url, plan, registry):
    setup(pg_url, plan, registry, at("2026-11-24T07:00"),
          {**CHATS, **{f"潞城区 {i}": f"-20{i:02d}" for i in range(30)}})
    fake = FakeTelegram()
    loop = asyncio.new_event_loop()
    loop.run_until_complete(fake.start())
    serving = threading.Thread(target=loop.run_forever, daemon=True)
    serving.start()
    barrier = threading.Barrier(2)
    reports: list[int] = []
    errors: list[BaseException] = []

    def one() -> None:
        async def send_all() -> int:
            bot = Bot(TOKEN, base_url=fake.base_url)
            await bot.initialize()
            engine = make_engine(pg_url)
            try:
                barrier.wait()
                return (await Dispatcher(engine, {"telegram": TelegramSender(bot)}, limits={})
                        .run_due(at("2026-11-24T10:00"))).sent
            finally:
                engine.dispose()
                await bot.shutdown()

        try:
            reports.append(asyncio.run(send_all()))
        except BaseException as exc:  # surfaced below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    serving.join(10)
    assert errors == []
    posted = [(str(m["chat_id"]), m["text"]) for m in fake.sent]
    assert sum(reports) == len(posted) == len(set(posted)) == 12 + 30 * 5  # 潞城区 is in five overdue projects
    print("sent per process:", reports)
