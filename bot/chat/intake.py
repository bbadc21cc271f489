"""Intake: each update a platform delivers is answered by one process behind this bot, and at least once.

An adapter calls `take` before handling an update (False: another process
has it, or it was answered), `answered` when the reply is out, and `release`
when the reply could not go out for a reason that passes (the platform
unreachable, rate limits past their retries), so it is taken again after the
lease. `keep` runs beside the bot: it renews the leases of what this process
is answering and hands back, through the adapter's `resume`, what a process
that died between taking and answering left (see `reminders.deliveries`).
With the database down an update is answered anyway: answering twice beats
not answering.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from corpus.clock import utcnow
from reminders import deliveries

LEASE = timedelta(seconds=30)  # as the reminders' claims: a dead process's updates are answered this long after
log = logging.getLogger(__name__)


class Intake:
    """One platform's intake in one process (`owner` is a random id: a restarted process is another owner)."""

    def __init__(self, engine: Engine, platform: str, *, lease: timedelta = LEASE,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.engine, self.platform, self.lease, self.clock = engine, platform, lease, clock
        self.owner = uuid.uuid4().hex
        self._held: set[str] = set()
        self._lock = threading.Lock()  # takes and answers run in worker threads, renewals in the loop's

    def take(self, key: str, payload: str) -> bool:
        """Whether this process is to answer the update `key` (`payload`: the update as received, kept until
        it is answered so another process can answer it if this one dies)."""
        try:
            with Session(self.engine) as session:
                won = deliveries.take(session, self.platform, key, payload, owner=self.owner, now=self.clock(),
                                      lease=self.lease)
        except SQLAlchemyError as exc:
            log.warning("could not check %s delivery %s against the database: %s", self.platform, key, exc)
            return True
        if won:
            with self._lock:
                self._held.add(key)
        return won

    def answered(self, key: str) -> None:
        """The reply to `key` went out (or the failure was told to the user): never answered again."""
        with self._lock:
            self._held.discard(key)
        try:
            with Session(self.engine) as session:
                deliveries.answered(session, self.platform, key, self.owner)
        except SQLAlchemyError as exc:  # its lease runs out and some process answers it once more
            log.warning("could not mark %s delivery %s answered: %s", self.platform, key, exc)

    def release(self, key: str) -> None:
        """The reply to `key` could not go out for now: let its lease run out, so it is taken again."""
        with self._lock:
            self._held.discard(key)

    async def keep(self, resume: Callable[[str], Awaitable[None]]) -> None:
        """Until cancelled, every third of the lease: renew what this process holds, resume what was left."""
        while True:
            try:
                left = await asyncio.to_thread(self._sweep)
            except SQLAlchemyError as exc:
                log.warning("could not renew or look for %s updates left unanswered: %s", self.platform, exc)
                left = []
            for payload in left:
                try:
                    await resume(payload)
                except Exception:  # one unreadable copy must not stop the others or the renewals
                    log.exception("a %s update left unanswered could not be resumed: %.300r", self.platform, payload)
            await asyncio.sleep(self.lease.total_seconds() / 3)

    def _sweep(self) -> list[str]:
        now = self.clock()
        with self._lock:
            held = tuple(self._held)
        with Session(self.engine) as session:
            if held:
                deliveries.renew(session, self.platform, held, self.owner, now)
            left = deliveries.stale(session, self.platform, now, self.lease)
        if left:
            log.info("%d %s update(s) taken by a process that stopped are answered now", len(left), self.platform)
        return left
