"""Schema through Alembic on SQLite and PostgreSQL, and two processes sharing one PostgreSQL.

The PostgreSQL tests create a database of their own on 127.0.0.1:5432 (user
postgres) and drop it afterwards; without a reachable server they are skipped
with the reason printed.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select

from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import service
from reminders.db import HEAD, alembic_config, make_engine, open_database, schema_revision, upgrade
from reminders.delivery import ChatTarget
from reminders.dispatch import Dispatcher
from reminders.models import ChatBinding, Reminder

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)


def schema_drift(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)


def test_head_names_the_newest_migration():
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_a_database_at_head_opens_without_loading_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'policybot.db'}"
    assert schema_revision(make_engine(url)) is None  # empty: the first open migrates
    open_database(url)
    assert schema_revision(make_engine(url)) == HEAD
    probe = ("import sys; from reminders.db import open_database; open_database(sys.argv[1]); "
             "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe, url], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sqlite_schema_comes_from_the_migrations_and_upgrading_again_keeps_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'nested' / 'db.sqlite'}"
    engine = open_database(url)
    assert schema_drift(engine) == []
    with Session(engine) as session:
        session.add(ChatBinding(platform="telegram", chat_id="-1", unit="市生态环境局", created_at=NOW))
        session.commit()
    upgrade(engine)
    with Session(open_database(url)) as session:
        assert session.exec(select(ChatBinding)).one().chat_id == "-1"
    assert "alembic_version" in inspect(engine).get_table_names()


def test_postgres_schema_comes_from_the_migrations(pg_url):
    engine = open_database(pg_url)
    assert schema_drift(engine) == []
    upgrade(engine)
    engine.dispose()


class Shared:
    """A sender both processes post through, so the test sees every message either sent."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[tuple[str, str]] = []

    async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
        await asyncio.sleep(0.001)
        with self.lock:
            self.sent.append((target.chat_id, text))


def test_two_processes_on_one_postgres_send_each_reminder_once(pg_url, plan: Document, registry: UnitRegistry):
    setup = open_database(pg_url)
    with Session(setup) as session:
        service.sync_projects(session, [plan], NOW)
        for i in range(40):
            service.bind(session, registry, "市生态环境局", "telegram", f"-100{i}", "console:local", NOW)
            service.bind(session, registry, "潞州区", "wecom", f"robot-{i}", "console:local", NOW)
    setup.dispose()
    shared = Shared()
    start = threading.Barrier(2)
    reports: list = []
    errors: list[BaseException] = []

    def process() -> None:
        engine = make_engine(pg_url)  # each "process" its own engine, pool and event loop
        dispatcher = Dispatcher(engine, {"telegram": shared, "wecom": shared}, limits={})
        try:
            start.wait()
            reports.append(asyncio.run(dispatcher.run_due(NOW)))
        except BaseException as exc:  # surfaced below, not lost in the thread
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=process) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(shared.sent) == len(set(shared.sent)) == 400  # 5 overdue projects × 80 chats
    assert sum(r.sent for r in reports) == 400
    print("sent per process:", [r.sent for r in reports])
    check = make_engine(pg_url)
    with Session(check) as session:
        states = session.exec(select(Reminder.state).where(Reminder.scheduled_at <= NOW)).all()
    check.dispose()
    assert set(states) == {"sent"} and len(states) == 400
