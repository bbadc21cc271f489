"""Restarts: the job lives in the database, and what fell due while no process ran is sent once on start."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session

from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import service
from reminders.db import make_engine, open_database
from reminders.delivery import ChatTarget
from reminders.dispatch import Dispatcher
from reminders.scheduler import JOB_ID, JOB_TABLE, ReminderScheduler
from tests.fakes.outage import Outage

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
        self.sent.append((target.chat_id, text))


@pytest.fixture
def url(tmp_path, plan: Document, registry: UnitRegistry) -> str:
    url = f"sqlite:///{tmp_path / 'scheduler.db'}"
    engine = open_database(url)
    with Session(engine) as session:
        service.sync_projects(session, [plan], at("2026-11-24T07:00"))
        service.bind(session, registry, "市生态环境局", "telegram", "-1001", "console:local", at("2026-11-24T07:00"))
        service.bind(session, registry, "潞州区", "wecom", "robot", "console:local", at("2026-11-24T07:00"))
    engine.dispose()
    return url


async def start_process(url: str, sender: Recorder, clock, interval: timedelta = timedelta(minutes=1)):
    """What a bot process does on start: its own engine, dispatcher and scheduler on the shared database."""
    engine = open_database(url)
    scheduler = ReminderScheduler(engine, Dispatcher(engine, {"telegram": sender, "wecom": sender}, limits={}),
                                  clock=clock, interval=interval)
    return scheduler, await scheduler.start()


async def test_missed_reminders_are_sent_once_after_a_restart(url):
    sender = Recorder()
    now = {"t": at("2026-11-24T07:00")}  # before working hours: the overdue notices wait for 09:30
    first, report = await start_process(url, sender, lambda: now["t"])
    assert report.sent == 0
    first.shutdown()
    engine = make_engine(url)
    assert JOB_TABLE in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT id FROM {JOB_TABLE}")).scalars().all() == [JOB_ID]

    now["t"] = at("2026-11-24T11:00")  # the process was down at 09:30
    second, report = await start_process(url, sender, lambda: now["t"])
    assert report.sent == 10 and len(sender.sent) == 10  # 5 overdue projects × 2 chats
    second.shutdown()

    third, report = await start_process(url, sender, lambda: now["t"] + timedelta(minutes=5))
    assert report.sent == 0 and len(sender.sent) == 10
    third.shutdown()


async def test_the_periodic_job_sends_what_falls_due_while_running(url):
    sender = Recorder()
    now = {"t": at("2026-11-24T07:00")}
    scheduler, report = await start_process(url, sender, lambda: now["t"], interval=timedelta(seconds=0.05))
    assert report.sent == 0
    now["t"] = at("2026-11-24T09:31")
    for _ in range(1500):  # up to 30 s: a loaded machine may run the 50 ms job late, never wrongly
        await asyncio.sleep(0.02)
        if len(sender.sent) == 10:
            break
    scheduler.shutdown()
    assert len(sender.sent) == 10


async def test_reminders_pause_while_the_database_is_down_log_it_once_and_resume(pg_url, plan, registry, caplog):
    outage = Outage()
    try:
        url = outage.url(pg_url)
        engine = open_database(url)
        with Session(engine) as session:
            service.sync_projects(session, [plan], at("2026-11-24T07:00"))
            service.bind(session, registry, "市生态环境局", "telegram", "-1001", "console:local",
                         at("2026-11-24T07:00"))
        sender = Recorder()
        scheduler = ReminderScheduler(engine, Dispatcher(engine, {"telegram": sender}, limits={}),
                                      clock=lambda: at("2026-11-24T11:00"))
        outage.down()
        first, second = await scheduler.run_once(), await scheduler.run_once()
        assert (first.sent, first.errors, second.errors) == (0, 1, 1) and sender.sent == []
        outage.up()
        back = await scheduler.run_once()
        assert back.sent == 5 and len(sender.sent) == 5  # what fell due meanwhile, once
        assert [r.getMessage().split(":")[0] for r in caplog.records if r.name == "reminders.scheduler"] == [
            "reminders paused", "reminders resumed"]
        engine.dispose()
    finally:
        outage.close()
