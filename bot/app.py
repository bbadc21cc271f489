"""The application wiring: settings in, corpus, encoder and searcher out, in one place."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine, update
from sqlmodel import Session

from bot.answer import Answerer
from bot.corpus_versions import live_documents
from bot.settings import Settings
from corpus.load import bundled_documents
from corpus.model import Document
from corpus.parse import CorpusError
from corpus.units import UnitRegistry
from index.encoders import Encoder, make_encoder
from index.search import Searcher
from index.store import current_build, discard, load_index, stage_build, switch
from reminders import service
from reminders.corpus_records import STATE_ID, CorpusState, corpus_state
from reminders.db import open_database
from reminders.dispatch import Dispatcher, Sender
from reminders.scheduler import ReminderScheduler, utcnow

Progress = Callable[[int, int], None]


@dataclass
class App:
    settings: Settings
    loaded_version: int = 0  # the corpus version `documents` was read at

    @cached_property
    def registry(self) -> UnitRegistry:
        return UnitRegistry.default()

    @cached_property
    def database(self) -> Engine:
        """The database on its current schema."""
        return open_database(self.settings.db_url)

    def _has_database(self) -> bool:
        """A home whose default SQLite file does not exist yet has had no admin change: nothing to read."""
        return bool(self.settings.database_url) or (self.settings.home / "policybot.db").exists()

    @cached_property
    def documents(self) -> list[Document]:
        """The bundled plan and the live versions of the documents admins added."""
        if not self._has_database():
            return bundled_documents(self.registry)
        with Session(self.database) as session:
            self.loaded_version, documents = live_documents(session, self.settings.home, self.registry, self._parsed)
        return documents

    @cached_property
    def _parsed(self) -> dict[tuple[str, int], Document]:
        """Versions parsed so far: a reload after a change parses only the changed document."""
        return {}

    @cached_property
    def engine(self) -> Engine:
        """The reminders' database on its current schema, its units and key projects synced from the corpus."""
        engine = self.database
        with Session(engine) as session:
            service.sync_corpus(session, self.registry, self.documents, service.utcnow())
        return engine

    def reminder_scheduler(self, senders: Mapping[str, Sender],
                           clock: Callable[[], datetime] = utcnow) -> ReminderScheduler:
        """A bot process's reminders, sent through the platforms it serves within their rate limits."""
        return ReminderScheduler(self.engine, Dispatcher(self.engine, senders), clock=clock)

    @cached_property
    def encoder(self) -> Encoder:
        return make_encoder(self.settings.encoder)

    def corpus_version(self) -> int:
        if not self._has_database():
            return 0
        with Session(self.database) as session:
            return corpus_state(session).version

    def refresh(self) -> bool:
        """Whether another process changed the corpus since it was loaded; if so, it is read again on next use.

        Long-running processes call this before answering: the database's
        corpus version is what tells them, whoever made the change.
        """
        if "documents" not in self.__dict__ or self.corpus_version() == self.loaded_version:
            return False
        del self.__dict__["documents"]
        return True

    def publish(self, documents: list[Document], change: Callable[[Session], None] | None = None,
                progress: Progress | None = None) -> Path:
        """Make `documents` the live corpus: index beside the live one, commit, then switch.

        The database commit is the moment the change happens: before it any
        failure discards the new build and leaves everything as it was; after
        it, a failed switch is finished by the next reader (`searcher`), which
        follows the build the database names.
        """
        with Session(self.database) as session:
            base = corpus_state(session).version
        version = base + 1 if change else base
        build = stage_build(documents, self.settings.index_dir, self.encoder, version, progress)
        try:
            with Session(self.database) as session:
                self._claim(session, base, version, build.name)
                if change:
                    change(session)
                session.commit()
        except BaseException:
            discard(build)
            raise
        switch(self.settings.index_dir, build.name)
        self.__dict__["documents"], self.loaded_version = documents, version
        return build

    @staticmethod
    def _claim(session: Session, base: int, version: int, build_id: str) -> None:
        """Move the corpus state from `base` to `version`, or refuse if another change got there first."""
        now = service.utcnow()
        if session.get(CorpusState, STATE_ID) is None:
            session.add(CorpusState(id=STATE_ID, version=version, build_id=build_id, changed_at=now))
            session.flush()  # a concurrent first change fails here on the primary key
            return
        moved = session.execute(update(CorpusState).where(CorpusState.id == STATE_ID, CorpusState.version == base)
                                .values(version=version, build_id=build_id, changed_at=now))
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise CorpusError("the corpus was changed by someone else meanwhile; nothing changed, try again")

    def build_index(self, quiet: bool = False) -> None:
        def progress(done: int, total: int) -> None:
            if not quiet:
                print(f"\r正在生成向量 {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

        self.publish(self.documents, progress=progress)

    def _follow_database(self) -> None:
        """Switch to the build the database names if a change committed but its switch never happened."""
        if not self._has_database():
            return
        with Session(self.database) as session:
            build_id = corpus_state(session).build_id
        live = current_build(self.settings.index_dir)
        committed = self.settings.index_dir / "builds" / build_id
        if build_id and (live is None or live.name != build_id) and committed.is_dir():
            switch(self.settings.index_dir, build_id)

    def answerer(self, build_if_missing: bool = False) -> Answerer:
        return Answerer(self.searcher(build_if_missing), self.documents, self.registry)

    def searcher(self, build_if_missing: bool = False) -> Searcher:
        """The live index's searcher; the console may build a missing index first."""
        self._follow_database()
        if build_if_missing and current_build(self.settings.index_dir) is None:
            print("首次运行：正在建立索引……", file=sys.stderr, flush=True)
            self.build_index()
        return Searcher(load_index(self.settings.index_dir, self.encoder), self.encoder)


async def until_signalled(run: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run a bot process's `run(stop)`, `stop` being set by SIGINT or SIGTERM (a clean shutdown either way)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run(stop)
