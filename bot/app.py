"""The composition root: settings in; the corpus, the answer engine, the database and the reminders wired once.

Every entry point — each `policybot` command, each bot process — builds one
`App` and takes what it needs from it, so nothing is wired twice. A command
loads only what it uses: everything here is made on first use, and the chat
core, the corpus admin flow and the reminders' service are imported by the
methods that make them, so `policybot ask` reads the live corpus and answers
without loading them (`python -m bench.startup`).
A bot process's lifecycle is `bot.serve`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from answers import Answerer
from bot.settings import Settings
from corpus.clock import office_zone, utcnow
from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import workdays

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from bot.chat import Conversation
    from bot.library import CorpusAdmin, LiveCorpus, PendingUploads, Progress
    from reminders.delivery import Attachment, Limits, Sender
    from reminders.dispatch import Dispatcher
    from reminders.scheduler import ReminderScheduler

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


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
        from bot.library import LiveCorpus

        s = self.settings
        return LiveCorpus(s.home, s.index_dir, s.db_url, self.registry, s.encoder,
                          configured_database=bool(s.database_url))

    @property
    def documents(self) -> list[Document]:
        return self.library.documents

    @property
    def database(self) -> Engine:
        return self.library.database

    @cached_property
    def engine(self) -> Engine:
        """The reminders' database on its current schema, its units and key projects synced from the corpus."""
        from sqlmodel import Session

        from reminders import service

        engine = self.database
        with Session(engine) as session:
            service.sync_corpus(session, self.registry, self.documents, utcnow())
        return engine

    def session(self) -> Session:
        """A session on the reminders' database (opened, migrated and synced on first use)."""
        from sqlmodel import Session

        return Session(self.engine)

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
        """On a bot process's start: what interrupted corpus changes left behind, and expired uploads, removed;
        a home that other users of the host can read is warned about (it holds the database and the uploads)."""
        try:
            mode = self.settings.home.stat().st_mode
        except OSError:
            mode = 0
        if mode & 0o077:
            log.warning("POLICYBOT_HOME %s can be read by other users of this host (mode %o): chmod 700 it",
                        self.settings.home, mode & 0o777)
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

    def standalone_answerer(self) -> Answerer:
        """The answer engine over the live build and the documents it carries, no database opened: a question
        from the shell (`policybot ask`, `search`) loads no SQL layer (`python -m bench.startup`).

        It answers from the build `CURRENT` names: a change whose switch a
        crash interrupted is seen once a bot process or an admin command has
        finished it (`LiveCorpus.searcher`). A build that does not carry its
        documents (made by older code, or by other parser code) is read as a
        bot process reads it, through the database.
        """
        from index.encoders import make_encoder
        from index.search import Searcher
        from index.store import current_build, load_index

        index_dir = self.settings.index_dir
        if current_build(index_dir) is not None:
            encoder = make_encoder(self.settings.encoder)
            index = load_index(index_dir, encoder)
            if index.documents is not None:
                return Answerer(Searcher(index, encoder), index.documents, self.registry, zone=self.zone)
        return self.answerer()

    def conversation(self, clock: Clock = utcnow) -> Conversation:
        from bot.chat import Conversation

        return Conversation(self, clock)

    def dispatcher(self, senders: Mapping[str, Sender], limits: Mapping[str, Limits] | None = None) -> Dispatcher:
        from reminders.delivery import DEFAULT_LIMITS
        from reminders.dispatch import Dispatcher

        return Dispatcher(self.engine, senders, limits=DEFAULT_LIMITS if limits is None else limits,
                          summary_file=weekly_ledger)

    def reminder_scheduler(self, senders: Mapping[str, Sender], clock: Clock = utcnow) -> ReminderScheduler:
        """A bot process's reminders, sent through the platforms it serves within their rate limits."""
        from reminders.scheduler import ReminderScheduler

        return ReminderScheduler(self.engine, self.dispatcher(senders), clock=clock)


def weekly_ledger(session: Session, now: datetime) -> Attachment:
    """The 督办台账 of every live project as xlsx: the file the admins' weekly summary carries."""
    from bot import ledger as files
    from reminders.ledger import ledger

    return files.attachment(ledger(session, now), "xlsx", workdays.local_date(now))
