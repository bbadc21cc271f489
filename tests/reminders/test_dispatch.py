"""Delivery guarantees on SQLite: once-only claims, leases, retries with recorded attempts, rate limits."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import event, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import service
from reminders.db import open_database
from reminders.delivery import Backoff, ChatTarget, SendError, SlidingWindow
from reminders.dispatch import Dispatcher
from reminders.models import Reminder, SendAttempt

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in

START = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


class Scripted:
    """A sender that fails as told (one entry per call; None = succeed), then succeeds."""

    def __init__(self, *outcomes: Exception | None) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[tuple[str, str]] = []
        self.calls = 0

    async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
        self.calls += 1
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        self.sent.append((target.chat_id, text))


class FakeTime:
    """A monotonic clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def engine(tmp_path, plan: Document, registry: UnitRegistry):
    engine = open_database(f"sqlite:///{tmp_path / 'dispatch.db'}")
    with Session(engine) as session:
        service.sync_corpus(session, registry, [plan], START)
    yield engine
    engine.dispose()


def bind(engine, registry: UnitRegistry, unit: str, chat: str, platform: str = "telegram") -> None:
    with Session(engine) as session:
        service.bind(session, registry, unit, platform, chat, "console:local", START)


def rows(engine) -> list[Reminder]:
    with Session(engine) as session:
        return list(session.exec(select(Reminder).order_by(Reminder.id)))


def attempts(engine) -> list[SendAttempt]:
    with Session(engine) as session:
        return list(session.exec(select(SendAttempt).order_by(SendAttempt.id)))


def run(dispatcher: Dispatcher, now: datetime):
    return asyncio.run(dispatcher.run_due(now))


def test_nothing_is_sent_twice(engine, registry):
    bind(engine, registry, "市生态环境局", "-1001")
    sender = Scripted()
    dispatcher = Dispatcher(engine, {"telegram": sender}, limits={})
    first = run(dispatcher, at("2026-11-24T10:00"))
    assert first.sent == 5 and len(sender.sent) == 5
    assert run(dispatcher, at("2026-11-24T10:00")).sent == 0
    assert run(Dispatcher(engine, {"telegram": sender}, limits={}), at("2026-11-24T11:00")).sent == 0
    assert len(sender.sent) == 5
    sent = next(r for r in rows(engine) if r.state == "sent")
    with Session(engine) as session, pytest.raises(IntegrityError):  # the unique key refuses a second plan
        session.execute(insert(Reminder).values(
            project_id=sent.project_id, unit=sent.unit, via=sent.via, role=sent.role, occasion=sent.occasion,
            binding_id=sent.binding_id, scheduled_at=sent.scheduled_at, state="planned", attempts=0))


def test_two_dispatchers_racing_on_one_database_send_each_reminder_once(engine, registry):
    for i in range(20):
        bind(engine, registry, "市生态环境局", f"-20{i:02d}")
    sender = Scripted()

    async def both():
        a = Dispatcher(engine, {"telegram": sender}, limits={})
        b = Dispatcher(engine, {"telegram": sender}, limits={})
        return await asyncio.gather(a.run_due(at("2026-11-24T10:00")), b.run_due(at("2026-11-24T10:00")))

    reports = asyncio.run(both())
    assert sum(r.sent for r in reports) == 100
    assert len(sender.sent) == len(set(sender.sent)) == 100


def test_a_claim_left_by_a_dead_sender_is_retried_after_the_lease_a_confirmed_one_never(engine, registry):
    due = one_due(engine, registry)

    class Hangs:
        async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
            await asyncio.Event().wait()

    async def crash():
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(Dispatcher(engine, {"telegram": Hangs()}, limits={}).run_due(due), 0.2)

    asyncio.run(crash())
    assert [r.state for r in rows(engine)] == ["claimed", "planned"]  # the next month's request waits
    sender = Scripted()
    fresh = Dispatcher(engine, {"telegram": sender}, limits={}, lease=timedelta(minutes=10))
    assert run(fresh, due + timedelta(minutes=5)).sent == 0  # still within the lease
    assert run(fresh, due + timedelta(minutes=11)).sent == 1
    assert run(fresh, due + timedelta(days=1)).sent == 0
    assert len(sender.sent) == 1 and rows(engine)[0].state == "sent"


KILLED_SENDER = """
import asyncio, sys
from datetime import datetime
from reminders.db import open_database
from reminders.dispatch import Dispatcher

class Hangs:
    async def send(self, target, text, attachment=None):
        print("sending", flush=True)
        await asyncio.Event().wait()

asyncio.run(Dispatcher(open_database(sys.argv[1]), {"telegram": Hangs()}, limits={}).run_due(
    datetime.fromisoformat(sys.argv[2])))
"""


def test_the_claims_of_a_killed_process_are_sent_by_the_next_run_after_thirty_seconds(engine, registry, tmp_path):
    due = one_due(engine, registry)
    dying = subprocess.Popen([sys.executable, "-c", KILLED_SENDER, str(engine.url), due.isoformat()],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert dying.stdout is not None and dying.stdout.readline() == "sending\n"
    finally:
        os.kill(dying.pid, signal.SIGKILL)
        dying.wait(30)
    assert [r.state for r in rows(engine)][:1] == ["claimed"]
    sender = Scripted()
    assert run(Dispatcher(engine, {"telegram": sender}, limits={}), due + timedelta(seconds=20)).sent == 0
    assert run(Dispatcher(engine, {"telegram": sender}, limits={}), due + timedelta(seconds=31)).sent == 1
    assert len(sender.sent) == 1


def test_a_live_run_keeps_its_claims_past_the_lease_by_renewing_them(engine, registry):
    due = one_due(engine, registry)
    lease = timedelta(seconds=0.6)
    release = asyncio.Event()

    class Slow:
        sent = 0

        async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
            await release.wait()
            Slow.sent += 1

    async def scenario():
        slow = asyncio.create_task(Dispatcher(engine, {"telegram": Slow()}, limits={}, lease=lease).run_due(due))
        await asyncio.sleep(1.5)  # 2.5 leases with the send in flight
        thief = Scripted()
        stolen = await Dispatcher(engine, {"telegram": thief}, limits={}, lease=lease).run_due(
            due + timedelta(seconds=1.5))
        release.set()
        return await slow, stolen, thief

    report, stolen, thief = asyncio.run(scenario())
    assert stolen.sent == 0 and thief.sent == [] and report.sent == 1 and Slow.sent == 1


def one_due(engine, registry) -> datetime:
    """One reminder due: 附表第4项's progress request of 2026-12, planned on 11-20 when 市交通局 was bound."""
    bind(engine, registry, "市交通局", "-1003")
    with Session(engine) as session:
        service.plan(session, START)
    return at("2026-12-01T10:00")


def test_429_waits_as_told_and_5xx_backs_off_every_attempt_recorded(engine, registry):
    due = one_due(engine, registry)
    sender = Scripted(SendError("429 Too Many Requests", retryable=True, retry_after=2.5),
                      SendError("502 Bad Gateway", retryable=True), SendError("503", retryable=True))
    fake = FakeTime()
    dispatcher = Dispatcher(engine, {"telegram": sender}, limits={}, backoff=Backoff(base=0.5), sleep=fake.sleep,
                            clock=fake.clock)
    report = run(dispatcher, due)
    assert report.sent == 1 and len(sender.sent) == 1
    assert fake.sleeps == [2.5, 1.0, 2.0]  # retry_after honoured, then 0.5·2^(n-1)
    log = attempts(engine)
    assert [a.outcome for a in log] == ["retry", "retry", "retry", "sent"]
    assert [a.error for a in log][:3] == ["429 Too Many Requests", "502 Bad Gateway", "503"]
    assert (log[-1].at - log[0].at).total_seconds() == pytest.approx(5.5)
    sent = rows(engine)[0]
    assert sent.state == "sent" and sent.attempts == 4 and sent.text and "附表第4项" in sent.text


def test_a_refused_send_fails_at_once_and_persistent_errors_give_up(engine, registry):
    due = one_due(engine, registry)
    fake = FakeTime()
    refused = Scripted(SendError("403 Forbidden: bot was kicked", retryable=False))
    run(Dispatcher(engine, {"telegram": refused}, limits={}, sleep=fake.sleep, clock=fake.clock), due)
    assert [a.outcome for a in attempts(engine)] == ["failed"] and fake.sleeps == []
    assert rows(engine)[0].state == "failed" and "403" in (rows(engine)[0].reason or "")


def test_retries_are_bounded(engine, registry):
    due = one_due(engine, registry)
    fake = FakeTime()
    down = Scripted(*[SendError("500", retryable=True)] * 10)
    report = run(Dispatcher(engine, {"telegram": down}, limits={}, backoff=Backoff(base=1, attempts=5),
                            sleep=fake.sleep, clock=fake.clock), due)
    assert report.failed == 1 and down.calls == 5 and fake.sleeps == [1, 2, 4, 8]
    assert [a.outcome for a in attempts(engine)] == ["retry"] * 4 + ["failed"]


def test_a_long_retry_after_hands_the_reminder_to_a_later_run(engine, registry):
    due = one_due(engine, registry)
    fake = FakeTime()
    sender = Scripted(SendError("429", retryable=True, retry_after=3600))
    dispatcher = Dispatcher(engine, {"telegram": sender}, limits={}, sleep=fake.sleep, clock=fake.clock)
    assert run(dispatcher, due).deferred == 1 and fake.sleeps == []
    assert run(dispatcher, due + timedelta(minutes=30)).sent == 0
    assert run(dispatcher, due + timedelta(minutes=61)).sent == 1
    assert [a.outcome for a in attempts(engine)] == ["retry", "sent"]


def test_wecom_robot_gets_at_most_20_a_minute_and_telegram_one_a_second(engine, registry):
    for unit in ("市生态环境局", "潞州区", "上党区", "屯留区", "潞城区"):  # 5 overdue projects each
        bind(engine, registry, unit, "robot-1", "wecom")
    bind(engine, registry, "市生态环境局", "-1001")
    fake = FakeTime()
    times: dict[str, list[float]] = {"robot-1": [], "-1001": []}

    class Timed:
        async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
            times[target.chat_id].append(fake.now)

    timed = Timed()
    report = run(Dispatcher(engine, {"wecom": timed, "telegram": timed}, sleep=fake.sleep, clock=fake.clock),
                 at("2026-11-24T10:00"))
    assert report.messages == 30
    robot = times["robot-1"]
    assert len(robot) == 25
    assert all(sum(1 for t in robot if start <= t < start + 60) <= 20 for start in robot)
    assert robot[20] - robot[0] >= 60
    telegram = times["-1001"]
    assert all(b - a >= 1.0 for a, b in pairwise(telegram))


def test_sliding_window_allows_a_burst_then_spaces_to_the_window():
    fake = FakeTime()
    window = SlidingWindow(3, 10.0, fake.clock, fake.sleep)

    async def take(n: int) -> list[float]:
        out = []
        for _ in range(n):
            async with window:
                out.append(fake.now)
        return out

    assert asyncio.run(take(7)) == [0, 0, 0, 10, 10, 10, 20]


def test_a_send_holds_its_place_until_a_period_after_it_ends():
    """The platform may receive a send as late as its end: the window counts from there."""
    fake = FakeTime()
    window = SlidingWindow(2, 1.0, fake.clock, fake.sleep)

    async def slow_sends(n: int) -> list[float]:
        starts = []
        for _ in range(n):
            async with window:
                starts.append(fake.now)
                await fake.sleep(0.4)
        return starts

    assert asyncio.run(slow_sends(4)) == pytest.approx([0, 0.4, 1.4, 1.8])


def test_a_platform_without_a_sender_is_left_for_later_not_lost(engine, registry):
    bind(engine, registry, "市工信局", "robot-gx", "wecom")
    report = run(Dispatcher(engine, {"telegram": Scripted()}, limits={}), at("2026-11-24T10:00"))
    assert report.sent == 0 and report.skipped == {"wecom": 2}
    assert run(Dispatcher(engine, {"wecom": Scripted()}, limits={}), at("2026-11-24T10:05")).sent == 2


def test_the_admins_weekly_summary_names_failed_sends_and_units_without_a_chat(engine, registry):
    bind(engine, registry, "市发展改革委", "-1003")
    bind(engine, registry, "管理员", "900")
    received: dict[str, list[str]] = {}
    kicked: set[str] = set()

    class KickedFromOneGroup:
        async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
            if target.chat_id in kicked:
                raise SendError("403 Forbidden: bot was kicked from the group chat", retryable=False)
            received.setdefault(target.chat_id, []).append(text)

    dispatcher = Dispatcher(engine, {"telegram": KickedFromOneGroup()}, limits={})
    assert run(dispatcher, START).sent == 1  # 附表第7项's overdue notice
    kicked.add("-1003")
    assert run(dispatcher, at("2026-12-01T10:00")).failed == 2  # 7's weekly digest, 4's progress request
    run(dispatcher, at("2026-12-07T10:00"))
    summaries = [t for t in received["900"] if t.startswith("【督办周报】")]
    assert len(summaries) == 2  # weeks 48 and 49 both fell due by 12-01: only the newer went out; then week 50
    summary = summaries[-1]
    failed = summary.split("近 7 天发送失败 2 条：\n")[1].splitlines()
    assert sorted(failed) == ["· 附表第4项 → 市发展改革委：403 Forbidden: bot was kicked from the group chat",
                              "· 附表第7项 → 市发展改革委：403 Forbidden: bot was kicked from the group chat"]
    assert "未办结重点项目 8 项，其中逾期 5 项" in summary
    lines = summary.splitlines()
    assert [line.split(" ")[1] for line in lines if line.startswith("· [")] == [  # most overdue first
        "[2]", "[5]", "[6]", "[7]", "[8]", "[3]", "[1]", "[4]"]
    (unbound,) = [line for line in lines if line.startswith("· 市生态环境局")]
    unreachable = summary.split("未绑定群聊")[1].split("近 7 天")[0]
    assert "市发展改革委" not in unreachable and "市交通局" in unreachable
    assert "潞州区" in unbound and unbound.endswith("[2] [5] [6] [7] [8] [3] [1] [4]")


def test_a_database_failure_mid_send_stops_that_chat_only_and_loses_nothing(engine, registry):
    bind(engine, registry, "市生态环境局", "-1001")
    bind(engine, registry, "市工信局", "-1002")
    broken = {"left": 1}

    def disk_error_once(conn, cursor, statement, *args) -> None:  # the first confirmation hits a failing disk
        if statement.startswith("INSERT INTO send_attempts") and broken["left"]:
            broken["left"] -= 1
            raise sqlite3.OperationalError("disk I/O error")

    event.listen(engine, "before_cursor_execute", disk_error_once)
    sender = Scripted()
    first = run(Dispatcher(engine, {"telegram": sender}, limits={}), at("2026-11-24T10:00"))
    assert first.errors == 1 and first.sent == 5 + 2 - len(claimed(engine))
    assert len(sender.sent) == first.sent + 1  # the unconfirmed message went out; the chat's others wait
    stuck = claimed(engine)
    assert stuck and {r.binding_id for r in stuck} == {stuck[0].binding_id}
    assert run(Dispatcher(engine, {"telegram": sender}, limits={}), at("2026-11-24T10:00:20")).sent == 0  # leased
    later = run(Dispatcher(engine, {"telegram": sender}, limits={}), at("2026-11-24T10:00:31"))
    assert later.sent == len(stuck) and claimed(engine) == []
    assert {r.state for r in rows(engine) if r.scheduled_at <= at("2026-11-24T10:00")} == {"sent"}
    assert len(sender.sent) == len(set(sender.sent)) + 1  # at-least-once only for the one unconfirmed message


def claimed(engine) -> list[Reminder]:
    return [r for r in rows(engine) if r.state == "claimed"]


def test_a_run_whose_claims_were_taken_over_stops_sending_to_that_chat(engine, registry):
    bind(engine, registry, "市生态环境局", "-1001")  # five reminders due in one chat at 10:00

    class Slow:
        sent = 0
        sending: asyncio.Event

        async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
            Slow.sending.set()
            await asyncio.sleep(0.5)
            Slow.sent += 1

    async def scenario():
        Slow.sending = asyncio.Event()
        run = asyncio.create_task(Dispatcher(engine, {"telegram": Slow()}, limits={},
                                             lease=timedelta(seconds=0.6)).run_due(at("2026-11-24T10:00")))
        await Slow.sending.wait()  # the rows are claimed and the first message is on its way, however slow the host
        with Session(engine) as session:  # another process decided the claim was stale and took it
            session.execute(update(Reminder).where(Reminder.state == "claimed").values(claim_token="thief"))
            session.commit()
        return await run

    report = asyncio.run(scenario())
    assert Slow.sent <= 2 and report.sent == 0  # it stopped within a renewal; nothing of the thief's confirmed
    assert {r.claim_token for r in rows(engine) if r.state == "claimed"} == {"thief"}


def test_a_summary_file_that_cannot_be_made_stops_neither_the_summary_nor_the_notices(engine, registry, caplog):
    bind(engine, registry, "市生态环境局", "-1001")
    bind(engine, registry, "管理员", "900")
    sender = Scripted()

    def broken_file(session, now):
        raise ValueError("All strings must be XML compatible")  # what a format library says of a bad cell

    dispatcher = Dispatcher(engine, {"telegram": sender}, limits={}, summary_file=broken_file)
    run(dispatcher, START)  # planned from here: the week's summary falls due on Monday
    report = run(dispatcher, at("2026-12-07T10:00"))
    assert report.failed == 0
    assert any(chat == "900" and text.startswith("【督办周报】") for chat, text in sender.sent)
    assert any(chat == "-1001" for chat, _ in sender.sent)  # the overdue notices of the same run
    (warning,) = [r for r in caplog.records if "goes without its 督办台账 file" in r.getMessage()]
    assert "All strings must be XML compatible" in warning.getMessage()


def test_a_progress_note_pasted_with_control_characters_keeps_the_weekly_file(engine, registry):
    from bot.app import weekly_ledger  # the file the bot processes attach

    bind(engine, registry, "管理员", "900")
    with Session(engine) as session:
        service.record_progress(session, "2", "telegram", "222", "市生态环境局", "已完成\x0b80%\x1b[0m",
                                at("2026-12-01T09:00"))
    files: list = []

    class Keeping:
        async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
            files.append(attachment)

    dispatcher = Dispatcher(engine, {"telegram": Keeping()}, limits={}, summary_file=weekly_ledger)
    run(dispatcher, START)
    run(dispatcher, at("2026-12-07T10:00"))
    (sheet,) = [f for f in files if f is not None]
    workbook = openpyxl.load_workbook(io.BytesIO(sheet.data)).active
    assert "已完成 80% [0m（市生态环境局，2026-12-01）" in [c.value for row in workbook.iter_rows() for c in row]


def test_a_clock_jumped_years_ahead_sends_no_old_occasion_and_back_and_forth_nothing_twice(engine, registry):
    bind(engine, registry, "市生态环境局", "-1001")
    bind(engine, registry, "管理员", "900")
    sender = Scripted()
    dispatcher = Dispatcher(engine, {"telegram": sender}, limits={})
    run(dispatcher, START)
    jump = at("2030-03-04T10:00")
    ahead = run(dispatcher, jump)
    assert ahead.missed > 0  # the digests and summaries planned ahead in 2026: recorded, not sent
    late = [r for r in rows(engine) if r.state == "sent" and r.sent_at - r.scheduled_at > timedelta(days=7)]
    assert late == []
    missed = [r for r in rows(engine) if (r.reason or "").startswith("missed: due 2026-")]
    assert len(missed) == ahead.missed
    # 2030-03-04 is a Monday and 10:00 is past the week's 09:30 slot: the overdue units still hear this week
    this_week = {r.unit for r in rows(engine) if r.occasion == "digest:2030-W10" and r.state == "sent"}
    assert this_week == {"市生态环境局"}
    sent_ahead = len(sender.sent)
    run(dispatcher, START + timedelta(hours=2))  # the clock put back …
    run(dispatcher, jump + timedelta(minutes=5))  # … and forward again
    assert sender.sent[sent_ahead:] == []  # every occasion of either time was taken once already
    assert all(r.sent_at - r.scheduled_at <= timedelta(days=7) for r in rows(engine) if r.state == "sent")
