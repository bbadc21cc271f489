"""The composition root: settings in; the corpus, the answer engine, the database and the reminders wired once.

Every entry point — each `policybot` command, each bot process — builds one
`App` and takes what it needs from it, so nothing is wired twice. A command
loads only what it uses: everything here is made on first use, and the chat
core, the corpus admin flow and the reminders' service are imported by the
methods that make them, so `policybot ask` reads the live corpus and answers
without loading them (`python -m bench.startup`).
`serve` is the one lifecycle of a bot process, whatever its platform.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from answers import Answerer
from bot.library.live import LiveCorpus, Progress
from bot.settings import Settings
from corpus.clock import office_zone, utcnow
from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import workdays
from reminders.delivery import DEFAULT_LIMITS, Attachment, Limits, Sender

if TYPE_CHECKING:
    from bot.chat import Conversation
    from bot.library import CorpusAdmin, PendingUploads
    from reminders.dispatch import Dispatcher
    from reminders.scheduler import ReminderScheduler

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


class Platform(Protocol):
    """A chat platform's run mode (`bot.adapters.*`): entered with the conversation, it receives until the
    context ends and yields the senders its reminders go out through."""

    ready: str  # one line for the operator: where it listens

    def __call__(self, conversation: Conversation) -> AbstractAsyncContextManager[Mapping[str, Sender]]: ...


@dataclass
class App:
    settings: Settings
    _answerer: Answerer | None = field(default=None, init=False, repr=False)
    _answerer_version: int = field(default=0, init=False, repr=False)  # the corpus version it was built for

    def __post_init__(self) -> None:
        workdays.use_zone(self.zone)

    @cached_property
    def zone(self) -> ZoneInfo:
        return office_zone(self.settings.timezone)

    @cached_property
    def registry(self) -> UnitRegistry:
        return UnitRegistry.default()

    @cached_property
    def library(self) -> LiveCorpus:
        s = self.settings
        return LiveCorpus(s.home, s.db_url, self.registry, s.encoder, configured_database=bool(s.database_url))

    @property
    def documents(self) -> list[Document]:
        return self.library.documents

    @property
    def database(self) -> Engine:
        return self.library.database

    @cached_property
    def engine(self) -> Engine:
        """The reminders' database on its current schema, its units and key projects synced from the corpus."""
        from reminders import service

        engine = self.database
        with Session(engine) as session:
            service.sync_corpus(session, self.registry, self.documents, utcnow())
        return engine

    @property
    def admins(self) -> frozenset[str]:
        return self.settings.admin_ids

    @property
    def max_upload_bytes(self) -> int:
        return self.settings.max_upload_bytes

    @cached_property
    def pending(self) -> PendingUploads:
        from bot.library import PendingUploads

        return PendingUploads(self.settings.home)

    def corpus_admin(self, who: str) -> CorpusAdmin:
        from bot.library import CorpusAdmin

        return CorpusAdmin(self.library, who, self.max_upload_bytes, self.settings.max_upload_chars,
                           self.settings.max_upload_passages)

    def corpus_version(self) -> int:
        return self.library.corpus_version()

    def tidy(self) -> None:
        """On a bot process's start: what interrupted corpus changes left behind, and expired uploads, removed."""
        self.library.tidy()
        try:
            self.pending.expire()
        except OSError as exc:
            log.warning("could not remove expired pending uploads: %s", exc)

    def answerer(self, build: Progress | None = None) -> Answerer:
        """The answer engine, loaded on first use and again after any process changed the corpus.

        With `build`, a missing index is built first (reporting to it): the
        console and the bot processes do that on a fresh home.
        """
        library = self.library
        changed = library.refresh() or self._answerer_version != library.loaded_version
        if self._answerer is None or changed:
            if build is not None and library.index_missing():
                library.build_index(build)
            self._answerer = Answerer(library.searcher(), library.documents, self.registry, zone=self.zone)
            self._answerer_version = library.loaded_version
        return self._answerer

    def conversation(self, clock: Clock = utcnow) -> Conversation:
        from bot.chat import Conversation

        return Conversation(self, clock)

    def dispatcher(self, senders: Mapping[str, Sender], limits: Mapping[str, Limits] = DEFAULT_LIMITS) -> Dispatcher:
        from reminders.dispatch import Dispatcher

        return Dispatcher(self.engine, senders, limits=limits, summary_file=weekly_ledger)

    def reminder_scheduler(self, senders: Mapping[str, Sender], clock: Clock = utcnow) -> ReminderScheduler:
        """A bot process's reminders, sent through the platforms it serves within their rate limits."""
        from reminders.scheduler import ReminderScheduler

        return ReminderScheduler(self.engine, self.dispatcher(senders), clock=clock)


def weekly_ledger(session: Session, now: datetime) -> Attachment:
    """The 督办台账 of every live project as xlsx: the file the admins' weekly summary carries."""
    from bot import ledger as files
    from reminders.ledger import ledger

    return files.attachment(ledger(session, now), "xlsx", workdays.local_date(now))


async def serve(app: App, platform: Platform, stop: asyncio.Event, *, clock: Clock = utcnow,
                reminders: bool = True, ready: Callable[[str], None] | None = None) -> None:
    """A bot process until `stop` is set: the index loaded (or built), the platform receiving, the reminders sent.

    On the way out the reminders stop first (never cut between claiming and
    confirming: the scheduler's job finishes), then the platform.
    """
    conversation = app.conversation(clock)
    await asyncio.to_thread(app.tidy)
    await asyncio.to_thread(app.answerer, _log_progress)  # load (or build) before the platform calls
    async with platform(conversation) as senders:
        scheduler = app.reminder_scheduler(senders, clock) if reminders else None
        try:
            if scheduler:
                await scheduler.start()
            if ready:
                ready(platform.ready)
            await stop.wait()
        finally:
            if scheduler:
                scheduler.shutdown()


def run(app: App, platform: Platform, ready: Callable[[str], None]) -> int:
    """`policybot run --telegram|--wecom`: logging set up, then `serve` until SIGINT or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry tokens in the URL
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not two lines a minute for every tick
    asyncio.run(until_signalled(lambda stop: serve(app, platform, stop, ready=ready)))
    return 0


async def until_signalled(run: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run `run(stop)`, `stop` being set by SIGINT or SIGTERM (a clean shutdown either way)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run(stop)


def _log_progress(done: int, total: int) -> None:
    if done in (0, total):
        log.info("building the search index: %d/%d passages embedded", done, total)
