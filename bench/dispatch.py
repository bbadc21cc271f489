"""Reminder benchmark: plan and dispatch 10,000 reminders to 1,000 chats, each exactly once.

Run: `python -m bench.dispatch` (also part of `make bench`); `--reminders`,
`--chats` and `--telegram` change the sizes. Prints one line per run and
exits non-zero if any reminder was lost or sent twice.

The synthetic city: 1,000 units, each bound to a chat of its own; 1,000 key
projects (10 documents of 100) with 10 responsible units each, all overdue on
a first start, so every (project, unit) owes one overdue notice now, and the
weekly digests of the next 40 days are planned behind them. Each run is a
child process (its peak RSS is its own) on a fresh database, SQLite and
PostgreSQL (127.0.0.1:5432, user postgres; skipped with the reason when
unreachable), through an in-memory sender and through the real WeCom robot
sender over HTTP to `bench.fake_chat` in a process of its own.

Rate limits are the dispatcher's real ones, not bypassed: a WeCom robot
takes 20 messages a minute and each robot gets 10 here, so the limiter never
waits and the figure is the machinery's own. The Telegram run shows the other
side: one bot may send 30 messages a second in all (and one a second per
chat), so its throughput is the limiter's, by design, on a smaller batch.

Per message: `send` is the sender's call alone (the HTTP round trip);
`deliver` adds the limiter's wait and the database confirmation, queue
included (100 chats are served at once, and SQLite confirms one at a time);
`confirmed` is how long after sending began the message was confirmed, the
wait a unit sees when a whole city falls due at once. Peak RSS is the child
process's; "after imports" includes the adapters (bot.telegram and bot.wecom
import the whole bot).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import psycopg
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from corpus.model import Document, KeyProject
from corpus.units import UnitRegistry
from reminders import service
from reminders.db import open_database
from reminders.delivery import ChatTarget, Sender
from reminders.dispatch import Dispatcher
from reminders.models import Reminder, SendAttempt

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)  # a Tuesday, in working hours: overdue notices are due at once
DOCS = 10
UNITS_PER_PROJECT = 10
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
TELEGRAM_TOKEN = "4242:bench-token"


def city(units: int, projects: int) -> tuple[UnitRegistry, list[Document]]:
    """Units 基准单位0000局…, and projects each naming UNITS_PER_PROJECT consecutive units (the first leads)."""
    registry = UnitRegistry()
    names = [f"基准单位{i:04d}局" for i in range(units)]
    for name in names:
        registry.add(name)
    per_doc = max(1, projects // DOCS)
    docs = []
    for d in range(DOCS):
        kps = []
        for n in range(1, per_doc + 1):
            first = ((d * per_doc + n - 1) * UNITS_PER_PROJECT) % units
            kps.append(KeyProject(number=n, section_id=f"annex-{n}", task=f"基准重点项目{d}-{n}：推进减污降碳协同增效",
                                  deadline_text="2025年底", deadline_kind="fixed", due_date=date(2025, 12, 31),
                                  units=[names[(first + k) % units] for k in range(UNITS_PER_PROJECT)]))
        docs.append(Document(doc_id=f"bench-{d:02d}", title=f"基准文件{d:02d}", key_projects=kps))
    return registry, docs


class Memory:
    """The in-memory sender: what the dispatcher costs without a network."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
        self.sent.append((target.chat_id, text))


class TimedSender:
    """A sender with each call timed: the wire alone (an HTTP round trip, or nothing for the in-memory one)."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender
        self.calls: list[float] = []

    async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
        started = time.perf_counter()
        await self.sender.send(target, text)
        self.calls.append(time.perf_counter() - started)


class TimedDispatcher(Dispatcher):
    """The dispatcher, with each message's delivery (limiter wait, send, confirmation) timed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deliveries: list[float] = []

    async def _deliver(self, *args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        await super()._deliver(*args, **kwargs)
        self.deliveries.append(time.perf_counter() - started)


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh database URL of the kind asked for, dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    name = f"policybot_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_unreachable() -> str | None:
    try:
        psycopg.connect(PG_ADMIN).close()
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]
    return None


def make_sender(kind: str, port: int) -> tuple[str, Sender]:
    """(platform, sender): the real adapters' senders, posting over HTTP to the fake on `port`."""
    if kind == "memory":
        return "wecom", Memory()
    if kind == "wecom":
        from bot.adapters.wecom import WeComSender
        from bot.adapters.wecom.api import WeComClient

        return "wecom", WeComSender(WeComClient(f"http://127.0.0.1:{port}"))
    from telegram import Bot

    from bot.adapters.telegram import TelegramSender

    return "telegram", TelegramSender(Bot(TELEGRAM_TOKEN, base_url=f"http://127.0.0.1:{port}/bot"))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


async def one_run(db: str, sender_kind: str, reminders: int, chats: int, port: int) -> dict[str, Any]:
    """Set up the city, plan, dispatch, dispatch again; the figures and the once-only checks."""
    platform, sender = make_sender(sender_kind, port)
    imported_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if sender_kind == "telegram":
        await sender.bot.initialize()  # type: ignore[attr-defined]
    registry, docs = city(chats, reminders // UNITS_PER_PROJECT)
    out: dict[str, Any] = {"db": db, "sender": sender_kind, "platform": platform}
    with database(db) as url:
        engine = open_database(url)
        started = time.perf_counter()
        with Session(engine) as session:
            service.sync_corpus(session, registry, docs, NOW)
            for i, name in enumerate(registry.units):
                chat = f"-100{i:06d}" if platform == "telegram" else f"bench-robot-{i:04d}"
                service.bind(session, registry, name, platform, chat, "console:local", NOW)
        out["setup_s"] = time.perf_counter() - started

        started = time.perf_counter()
        with Session(engine) as session:
            planned = service.plan(session, NOW)
        out["plan_s"], out["planned"] = time.perf_counter() - started, planned.created
        due = count(engine, Reminder.scheduled_at <= NOW)
        out["due"] = due

        timed = TimedSender(sender)
        dispatcher = TimedDispatcher(engine, {platform: timed})
        started, cpu = time.perf_counter(), cpu_seconds()
        report = await dispatcher.run_due(NOW)
        out["dispatch_s"] = time.perf_counter() - started
        out["cpu_ms_per_msg"] = (cpu_seconds() - cpu) / max(report.messages, 1) * 1000
        out.update(sent=report.sent, messages=report.messages, failed=report.failed, deferred=report.deferred)
        out["per_s"] = report.messages / out["dispatch_s"]
        out["deliver_p50_ms"] = statistics.median(dispatcher.deliveries) * 1000
        out["deliver_p95_ms"] = percentile(dispatcher.deliveries, 0.95) * 1000
        out["send_p50_ms"] = statistics.median(timed.calls) * 1000
        out["send_p95_ms"] = percentile(timed.calls, 0.95) * 1000
        with Session(engine) as session:
            confirmed = [(a.at - NOW).total_seconds() for a in session.exec(
                select(SendAttempt).where(SendAttempt.outcome == "sent"))]
        out["confirmed_p50_s"], out["confirmed_p95_s"] = statistics.median(confirmed), percentile(confirmed, 0.95)

        started = time.perf_counter()
        again = await dispatcher.run_due(NOW)
        out["again_s"], out["sent_again"] = time.perf_counter() - started, again.sent
        out["rows_sent"] = count(engine, Reminder.state == "sent")
        out["attempts"] = count_attempts(engine)
        out["rows_unsent_due"] = count(engine, (Reminder.scheduled_at <= NOW) & (Reminder.state != "sent")
                                       & (Reminder.state != "cancelled"))
        engine.dispose()
    if isinstance(sender, Memory):
        out["received"], out["distinct"] = len(sender.sent), len(set(sender.sent))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["imported_rss_mb"] = imported_rss
    return out


def cpu_seconds() -> float:
    """This process's CPU time, user and system: what a send costs whatever else shares the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def count(engine: Engine, where: Any) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Reminder).where(where)).one()


def count_attempts(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count(col(SendAttempt.id)))).one()


def child(args: argparse.Namespace) -> None:
    result = asyncio.run(one_run(args.one[0], args.one[1], args.reminders, args.chats, args.port))
    print(json.dumps(result))


def run_child(db: str, sender: str, reminders: int, chats: int, port: int) -> dict[str, Any]:
    httpx.post(f"http://127.0.0.1:{port}/reset")
    proc = subprocess.run([sys.executable, "-m", "bench.dispatch", "--one", db, sender, "--reminders", str(reminders),
                           "--chats", str(chats), "--port", str(port)], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{db}/{sender} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if sender != "memory":
        wire = httpx.get(f"http://127.0.0.1:{port}/stats").json()
        result.update(received=wire["messages"], distinct=wire["distinct"], wire=wire)
    return result


def verdict(r: dict[str, Any]) -> list[str]:
    """What would make the run wrong: a reminder lost, sent twice, or a limit broken."""
    problems = []
    if not (r["due"] == r["sent"] == r["rows_sent"] == r["attempts"] == r["received"] == r["distinct"]):
        problems.append(f"due {r['due']}, sent {r['sent']}, rows sent {r['rows_sent']}, attempts {r['attempts']}, "
                        f"received {r['received']}, distinct {r['distinct']}")
    if r["sent_again"] or r["rows_unsent_due"] or r["failed"] or r["deferred"]:
        problems.append(f"sent again {r['sent_again']}, unsent {r['rows_unsent_due']}, failed {r['failed']}")
    wire = r.get("wire", {})
    if wire.get("refused") or wire.get("busiest_robot_minute", 0) > 20 or wire.get("busiest_bot_second", 0) > 30:
        problems.append(f"limits: {wire}")
    return problems


def line(r: dict[str, Any]) -> str:
    text = (f"{r['db']:<10} {r['sender']:<8} {r['messages']:>6} msgs to {r['platform']} in {r['dispatch_s']:6.1f} s "
            f"= {r['per_s']:7.1f} msg/s, CPU {r['cpu_ms_per_msg']:4.1f} ms/msg"
            f" | send p50 {r['send_p50_ms']:5.2f} ms p95 {r['send_p95_ms']:5.2f} ms"
            f" | deliver p50 {r['deliver_p50_ms']:6.1f} ms p95 {r['deliver_p95_ms']:6.1f} ms"
            f" | confirmed p50 {r['confirmed_p50_s']:5.1f} s p95 {r['confirmed_p95_s']:5.1f} s"
            f" | plan {r['planned']} rows {r['plan_s']:5.1f} s (setup {r['setup_s']:4.1f} s)"
            f" | rerun {r['again_s']:4.1f} s sends {r['sent_again']}"
            f" | peak RSS {r['peak_rss_mb']:.0f} MB ({r['imported_rss_mb']:.0f} after imports)")
    wire = r.get("wire")
    if wire:
        text += (f" | wire: busiest robot minute {wire['busiest_robot_minute']}, "
                 f"busiest bot second {wire['busiest_bot_second']}, refused {wire['refused']}")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=1_000)
    parser.add_argument("--telegram", type=int, default=1_000, help="reminders in the Telegram run (0: none)")
    parser.add_argument("--one", nargs=2, metavar=("DB", "SENDER"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        child(args)
        return
    fake = subprocess.Popen([sys.executable, "-m", "bench.fake_chat"], stdout=subprocess.PIPE, text=True)
    try:
        port = int(fake.stdout.readline().split()[1])  # type: ignore[union-attr]
        databases = ["sqlite"]
        reason = postgres_unreachable()
        if reason:
            print(f"PostgreSQL at 127.0.0.1:5432 skipped: {reason}")
        else:
            databases.append("postgresql")
        runs = [(db, sender, args.reminders, args.chats) for db in databases for sender in ("memory", "wecom")]
        if args.telegram:
            runs += [(db, "telegram", args.telegram, max(1, args.telegram // 10)) for db in databases]
        print(f"dispatch: {args.reminders} reminders to {args.chats} chats (Telegram: {args.telegram} to "
              f"{max(1, args.telegram // 10)}), overdue on a first start, each run a fresh database")
        failed = False
        for db, sender, reminders, chats in runs:
            result = run_child(db, sender, reminders, chats, port)
            print(line(result), flush=True)
            for problem in verdict(result):
                failed = True
                print(f"  WRONG: {problem}", flush=True)
        print("every reminder sent exactly once" if not failed else "SOME RUNS WERE WRONG")
        if failed:
            raise SystemExit(1)
    finally:
        fake.terminate()
        fake.wait()


if __name__ == "__main__":
    main()
