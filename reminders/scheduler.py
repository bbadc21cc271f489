"""The timing: APScheduler 3 with its job store in the reminders' own database.

One periodic job calls `Dispatcher.run_due`; on start the scheduler runs it
once at once, so whatever fell due while no process was running is sent
(once: the dispatcher's claims see to that). The job is stored by reference
to `_tick` and a key, never as a pickled dispatcher, so a job loaded from the
database by a fresh process runs that process's own dispatcher. Several
processes may share the job store: whichever runs a tick, each reminder is
still claimed by one of them.

AsyncIOScheduler, because the chat adapters' senders live on the bot's event
loop.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from corpus.clock import utcnow
from reminders import workdays
from reminders.dispatch import Dispatcher, DispatchReport

JOB_ID = "policybot-reminders-run-due"
JOB_TABLE = "apscheduler_jobs"
log = logging.getLogger(__name__)
_RUNNERS: dict[str, Callable[[], Awaitable[DispatchReport]]] = {}


async def _tick(key: str) -> None:
    """The stored job: run this process's dispatcher registered under `key`."""
    runner = _RUNNERS.get(key)
    if runner is None:
        log.warning("reminder job %s has no dispatcher in this process; skipped", key)
        return
    report = await runner()
    if report.messages or report.failed:
        log.info("reminders: %d sent in %d messages, %d failed", report.sent, report.messages, report.failed)


class ReminderScheduler:
    """Runs the dispatcher now and every `interval`, with the job kept in the database."""

    def __init__(self, engine: Engine, dispatcher: Dispatcher, *, interval: timedelta = timedelta(minutes=1),
                 clock: Callable[[], datetime] = utcnow, key: str = "default") -> None:
        self.dispatcher, self.interval, self.clock, self.key = dispatcher, interval, clock, key
        self.paused = False
        self.scheduler = AsyncIOScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE)}, timezone=workdays.zone())

    async def run_once(self) -> DispatchReport:
        """One run; with the database unreachable, nothing is sent (reminders pause) and that is logged once
        until a run succeeds again. Nothing is lost: what fell due meanwhile is sent by the first run after."""
        try:
            report = await self.dispatcher.run_due(self.clock())
        except SQLAlchemyError as exc:
            if not self.paused:
                log.warning("reminders paused: the database is unreachable (%s)", str(exc).strip().splitlines()[0])
            self.paused = True
            return DispatchReport(errors=1)
        if self.paused:
            log.warning("reminders resumed: the database is reachable again")
            self.paused = False
        return report

    async def start(self) -> DispatchReport:
        """Send what was missed while down, then keep sending on schedule; returns the start-up report."""
        report = await self.run_once()
        _RUNNERS[self.key] = self.run_once
        self.scheduler.add_job(_tick, "interval", args=[self.key], id=JOB_ID, replace_existing=True,
                               seconds=self.interval.total_seconds(), coalesce=True, max_instances=1,
                               misfire_grace_time=int(self.interval.total_seconds()) or 1)
        self.scheduler.start()
        return report

    def shutdown(self) -> None:
        """Stop ticking; the job stays in the store for the next start to replace."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        _RUNNERS.pop(self.key, None)
