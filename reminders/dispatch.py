"""Delivery: claim in the database, send, confirm — each reminder once, whoever else is running.

The guard is a conditional UPDATE: a row moves `planned → claimed` (or takes
over a `claimed` row whose lease expired, i.e. a sender that died before it
confirmed) only if it is still in that state, so of two processes sharing
one database exactly one wins each row. Only the winner sends; confirmation
(`claimed → sent`) requires its own claim token. A confirmed row is never
touched again.

A claim is a lease held by a live run: while a run sends, it renews the
`claimed_at` of every claim it still holds every `lease / 3`, so a run that
waits out rate limits for an hour keeps its rows, while the claims of a
process that died (kill -9, a lost host) go stale `lease` (30 s) after its
last renewal and the next run (the scheduler ticks every minute) sends
them. A sender that died between sending and confirming leaves a row that
is sent again: at-least-once at that one point — one message per chat, the
one in flight — since no chat platform takes an idempotency key.

Reminders import no chat library: the adapters satisfy the port in
`reminders/delivery.py`, and the composition root hands them in, keyed by platform.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Engine, insert, or_, update
from sqlmodel import Session, col, select

from reminders import messages, views
from reminders.delivery import (
    DEFAULT_LIMITS,
    Attachment,
    Backoff,
    ChatTarget,
    Limits,
    Sender,
    SendError,
    Sleep,
    SlidingWindow,
)
from reminders.models import ChatBinding, ProjectRow, ProjectUnit, Reminder, SendAttempt
from reminders.policy import missed, occasion_kind, superseded
from reminders.service import plan
from reminders.workdays import local_date

T = TypeVar("T")
SummaryFile = Callable[[Session, datetime], Attachment]
log = logging.getLogger(__name__)
SUMMARY_LOOKBACK = timedelta(days=7)
LEASE = timedelta(seconds=30)  # a claim not renewed for this long belongs to a dead run


@dataclass
class DispatchReport:
    sent: int = 0  # reminder rows confirmed
    messages: int = 0  # messages delivered (a digest carries several rows)
    failed: int = 0
    deferred: int = 0
    superseded: int = 0
    missed: int = 0  # over a week late (downtime, a clock that jumped): recorded, not sent
    errors: int = 0  # chats whose run broke off (a database failure): their claims are retried after the lease
    skipped: dict[str, int] = field(default_factory=dict)  # platform without a sender → rows left planned


@dataclass
class _Message:
    rows: list[Reminder]
    text: str
    attachment: Attachment | None = None


@dataclass
class _Held:
    """One run's claim tokens of the chats it is sending to, and those another process took over."""

    tokens: set[str] = field(default_factory=set)
    lost: set[str] = field(default_factory=set)


@dataclass
class _Context:
    """What messages are written from, read once per run: projects, their units, the admins' standings."""

    projects: dict[int | None, ProjectRow]
    units: dict[int, list[tuple[str, str]]]
    standings: dict[int, views.Standing] = field(default_factory=dict)
    failed: list[tuple[ProjectRow, Reminder]] = field(default_factory=list)
    summary_file: Attachment | None = None


class Dispatcher:
    """Sends what is due, once, through the senders it is given.

    `summary_file`, if given, makes the file that goes with the admins'
    weekly summary (the composition root hands in the 督办台账 as xlsx): it is
    made once per run, from the same session the summary is written from.
    """

    def __init__(self, engine: Engine, senders: Mapping[str, Sender], *, lease: timedelta = LEASE,
                 backoff: Backoff | None = None, limits: Mapping[str, Limits] = DEFAULT_LIMITS,
                 sleep: Sleep = asyncio.sleep, clock: Callable[[], float] = time.monotonic,
                 concurrency: int = 100, db_threads: int = 8, summary_file: SummaryFile | None = None) -> None:
        self.engine, self.senders, self.lease = engine, senders, lease
        self.summary_file = summary_file
        self.backoff = backoff or Backoff()
        self.limits, self.sleep, self.clock = limits, sleep, clock
        self.concurrency = concurrency
        self._windows: dict[tuple[str, str], list[SlidingWindow]] = {}
        # SQLite takes one writer at a time (more threads would only queue in its busy handler); PostgreSQL
        # commits several at once, so confirmations of different chats overlap.
        threads = 1 if engine.dialect.name == "sqlite" else db_threads
        self._db = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="reminders-db")

    async def run_due(self, now: datetime) -> DispatchReport:
        """Plan as of `now`, then send everything due by `now` that nobody has sent or is sending."""
        report = DispatchReport()
        start = self.clock()  # before planning: the claims' times keep up with the clock however long it takes
        by_chat, context = await self._in_db(self._prepare, now, report)
        gate = asyncio.Semaphore(self.concurrency)
        held = _Held()

        async def one_chat(binding: ChatBinding, ids: list[int]) -> None:
            async with gate:
                await self._chat(binding, ids, now, start, context, report, held)

        renewing = asyncio.create_task(self._renew(now, start, held))
        try:
            outcomes = await asyncio.gather(*(one_chat(b, ids) for b, ids in by_chat), return_exceptions=True)
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
        for (binding, _), outcome in zip(by_chat, outcomes, strict=True):
            if isinstance(outcome, Exception):  # its claimed rows wait out the lease, then go again
                report.errors += 1
                log.error("reminders for %s chat of %s stopped: %s: %s", binding.platform, binding.unit,
                          type(outcome).__name__, outcome)
            elif isinstance(outcome, BaseException):
                raise outcome
        return report

    async def _in_db(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking database call off the event loop, so the bot keeps answering while a city falls due."""
        return await asyncio.get_running_loop().run_in_executor(self._db, partial(call, *args, **kwargs))

    async def _renew(self, now: datetime, start: float, held: _Held) -> None:
        """Keep this run's claims alive while it runs (real seconds: liveness is about this process); a claim
        that holds no row any more was taken over, and its chat stops sending."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            if not held.tokens:
                continue
            try:
                alive = await self._in_db(self._touch, tuple(held.tokens), self._moment(now, start))
            except Exception as exc:  # the sends go on; an unrenewed claim may be sent twice
                log.warning("could not renew the reminders' claims: %s", exc)
                continue
            held.lost |= held.tokens - alive

    def _moment(self, now: datetime, start: float) -> datetime:
        """The time in the run's clock: `now` when it began, plus what has passed since."""
        return now + timedelta(seconds=self.clock() - start)

    def _touch(self, tokens: Sequence[str], at: datetime) -> set[str]:
        """Renew the claims; the tokens that still hold claimed rows."""
        with self.engine.begin() as connection:
            connection.execute(update(Reminder).where(col(Reminder.claim_token).in_(tokens),
                                                      Reminder.state == "claimed").values(claimed_at=at))
            return set(connection.execute(select(Reminder.claim_token).where(
                col(Reminder.claim_token).in_(tokens), Reminder.state == "claimed").distinct()).scalars())

    def _prepare(self, now: datetime, report: DispatchReport) -> tuple[list[tuple[ChatBinding, list[int]]], _Context]:
        """Plan, thin out late reminders, and read what is due per chat and what messages are written from."""
        with Session(self.engine) as session:
            plan(session, now)
            self._prune(session, now, report)
            by_chat, occasions = self._candidates(session, now, report)
            context = _Context({p.id: p for p in session.exec(select(ProjectRow))}, defaultdict(list))
            for link in session.exec(select(ProjectUnit).order_by(col(ProjectUnit.position))):
                context.units[link.project_id].append((link.unit, link.role))
            if any(occasion_kind(o) == "summary" for o in occasions):
                context.standings = views.standings(session)
                context.failed = views.failures(session, now - SUMMARY_LOOKBACK)
                context.summary_file = self._summary_file(session, now)
        return by_chat, context

    def _summary_file(self, session: Session, now: datetime) -> Attachment | None:
        """The weekly summary's file, or None when it cannot be made: the summary and every notice of the run
        still go out (a file is a convenience; a reminder is the job), and the cause is logged."""
        if self.summary_file is None:
            return None
        try:
            return self.summary_file(session, now)
        except Exception as exc:  # any fault of the file's making, whatever the format library raised
            log.warning("the weekly summary goes without its 督办台账 file: %s: %s", type(exc).__name__, exc)
            return None

    def _prune(self, session: Session, now: datetime, report: DispatchReport) -> None:
        """Cancel late reminders: those over a week late (`policy.missed`), and those newer ones make pointless
        (`policy.superseded`)."""
        groups: dict[tuple[int, str, int], list[tuple[int, str, datetime]]] = defaultdict(list)
        late: dict[int, str] = {}
        for r in session.exec(select(Reminder).where(Reminder.state == "planned", Reminder.scheduled_at <= now)):
            why = missed(r.scheduled_at, now)
            if why:
                late[r.id or 0] = why
            else:
                groups[(r.project_id, r.unit, r.binding_id)].append((r.id or 0, r.occasion, r.scheduled_at))
        report.missed += _cancelled(session, late)
        for rows in groups.values():
            report.superseded += _cancelled(session, superseded(rows, local_date(now)))
        session.commit()

    def _claimable(self, now: datetime):  # type: ignore[no-untyped-def]
        return (Reminder.scheduled_at <= now) & or_(
            Reminder.state == "planned",
            (Reminder.state == "claimed") & (col(Reminder.claimed_at) <= now - self.lease))

    def _candidates(self, session: Session, now: datetime,
                    report: DispatchReport) -> tuple[list[tuple[ChatBinding, list[int]]], set[str]]:
        """The claimable reminders' ids per chat (oldest first), and the occasions among them."""
        found: dict[int, list[int]] = defaultdict(list)
        bindings: dict[int, ChatBinding] = {}
        occasions: set[str] = set()
        query = select(Reminder, ChatBinding).join(ChatBinding, col(Reminder.binding_id) == col(ChatBinding.id)) \
            .where(self._claimable(now)).order_by(col(Reminder.scheduled_at), col(Reminder.id))
        for reminder, binding in session.exec(query):
            if binding.platform not in self.senders:
                report.skipped[binding.platform] = report.skipped.get(binding.platform, 0) + 1
                continue
            bindings[binding.id or 0] = binding
            found[binding.id or 0].append(reminder.id or 0)
            occasions.add(reminder.occasion)
        return [(bindings[b], ids) for b, ids in found.items()], occasions

    def _claim(self, ids: Sequence[int], now: datetime, at: datetime) -> tuple[str, list[Reminder]]:
        """The conditional UPDATE every once-only guarantee rests on; returns the rows this call won.

        `now` is the run's time, which decides what is due; `at` the moment of
        claiming, which starts the lease (a chat may wait its turn for minutes).
        """
        token = uuid.uuid4().hex
        with Session(self.engine) as session:
            session.execute(update(Reminder).where(col(Reminder.id).in_(ids), self._claimable(now))
                            .values(state="claimed", claim_token=token, claimed_at=at))
            session.commit()
            won = session.exec(select(Reminder).where(Reminder.claim_token == token, Reminder.state == "claimed")
                               .order_by(col(Reminder.scheduled_at), col(Reminder.id))).all()
            return token, list(won)

    async def _chat(self, binding: ChatBinding, ids: list[int], now: datetime, start: float, context: _Context,
                    report: DispatchReport, held: _Held) -> None:
        """One chat's due reminders, in order, within its rate limits."""
        token, rows = await self._in_db(self._claim, ids, now, self._moment(now, start))
        if not rows:
            return
        sender = self.senders[binding.platform]
        target = ChatTarget(binding.platform, binding.chat_id, binding.unit)
        held.tokens.add(token)
        try:
            for message in self._compose(rows, context, now):
                if token in held.lost:
                    log.warning("the claims for %s chat of %s were taken over; it stops here", binding.platform,
                                binding.unit)
                    return
                await self._deliver(sender, target, message, token, now, start, report)
        finally:
            held.tokens.discard(token)

    @staticmethod
    def _compose(rows: list[Reminder], context: _Context, now: datetime) -> list[_Message]:
        """One message per reminder, except that one week's digest or summary rows for a chat become one message."""
        out: list[_Message] = []
        weekly: dict[str, list[Reminder]] = defaultdict(list)
        projects, units = context.projects, context.units
        for r in rows:
            if occasion_kind(r.occasion) in ("digest", "summary"):
                weekly[r.occasion].append(r)
            else:
                text = messages.reminder(projects[r.project_id], units[r.project_id], r.unit, r.via, r.role,
                                         r.occasion, now)
                out.append(_Message([r], text))
        for occasion, group in weekly.items():
            if occasion_kind(occasion) == "summary":
                standing = [context.standings[r.project_id] for r in group if r.project_id in context.standings]
                out.append(_Message(group, messages.summary(standing, context.failed, now), context.summary_file))
            else:
                text = messages.digest(group[0].unit, [(projects[r.project_id], r.via, r.role) for r in group], now)
                out.append(_Message(group, text))
        return out

    def _windows_for(self, target: ChatTarget) -> list[SlidingWindow]:
        limits = self.limits.get(target.platform, Limits())
        chat = self._windows.setdefault((target.platform, target.chat_id), [
            SlidingWindow(n, s, self.clock, self.sleep) for n, s in limits.per_chat])
        shared = self._windows.setdefault((target.platform, ""), [
            SlidingWindow(n, s, self.clock, self.sleep) for n, s in limits.per_platform])
        return chat + shared

    async def _deliver(self, sender: Sender, target: ChatTarget, message: _Message, token: str, now: datetime,
                       start: float, report: DispatchReport) -> None:
        """Send with retries; every attempt is recorded, the outcome confirmed under our claim token."""
        ids = [r.id for r in message.rows]
        attempt = 0
        while True:
            attempt += 1
            error: str | None = None
            async with AsyncExitStack() as held:  # every place taken is given back, even on cancellation
                for window in self._windows_for(target):
                    await held.enter_async_context(window)
                try:
                    await sender.send(target, message.text, message.attachment)
                except SendError as exc:
                    error, retryable, retry_after = str(exc), exc.retryable, exc.retry_after
                except Exception as exc:  # an adapter bug must not kill the other chats' deliveries
                    error, retryable, retry_after = f"{type(exc).__name__}: {exc}", False, None
            if error is None:
                confirmed = await self._in_db(self._record, ids, token, now, start, "sent", None, state="sent",
                                              text=message.text)  # rows still ours: a lost claim confirms none
                report.sent += confirmed  # after the await: `+= await` would add to a value read before it
                report.messages += 1
                return
            delay = self.backoff.delay(attempt, retry_after)
            if not retryable or attempt >= self.backoff.attempts:
                given_up = await self._in_db(self._record, ids, token, now, start, "failed", error,
                                             state="failed", text=message.text)
                report.failed += given_up
                return
            if delay > self.backoff.max_wait:
                handed_back = await self._in_db(self._record, ids, token, now, start, "retry", error,
                                                state="planned", text=message.text, defer=timedelta(seconds=delay))
                report.deferred += handed_back
                return
            await self._in_db(self._record, ids, token, now, start, "retry", error)
            await self.sleep(delay)

    def _record(self, ids: Sequence[int | None], token: str, now: datetime, start: float, outcome: str,
                error: str | None, *, state: str | None = None, text: str | None = None,
                defer: timedelta | None = None) -> int:
        """Record an attempt; the number of rows whose state it set (only rows this claim still holds)."""
        at = self._moment(now, start)
        with self.engine.begin() as connection:
            connection.execute(insert(SendAttempt.__table__), [  # type: ignore[attr-defined]
                {"reminder_id": rid, "at": at, "outcome": outcome, "error": error} for rid in ids])
            values: dict[str, object] = {"attempts": Reminder.attempts + 1}
            if state == "sent":
                values.update(state="sent", sent_at=at, text=text, reason=None)
            elif state == "failed":
                values.update(state="failed", text=text, reason=error)
            elif state == "planned":  # handed back: a later run sends it once the platform allows
                values.update(state="planned", claim_token=None, claimed_at=None, scheduled_at=at + (defer or
                              timedelta()), reason=error)
            done = connection.execute(update(Reminder).where(col(Reminder.id).in_(ids), Reminder.claim_token == token,
                                                             Reminder.state == "claimed").values(**values))
        return done.rowcount  # type: ignore[attr-defined]


def _cancelled(session: Session, reasons: dict[int, str]) -> int:
    """Cancel the planned reminders of `reasons`, each with its reason; how many were still planned."""
    return sum(session.execute(update(Reminder).where(col(Reminder.id) == rid, Reminder.state == "planned")
                               .values(state="cancelled", reason=why)).rowcount  # type: ignore[attr-defined]
               for rid, why in reasons.items())
