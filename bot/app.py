"""The application wiring: settings in, corpus, encoder and searcher out, in one place."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from sqlalchemy import Engine
from sqlmodel import Session

from bot.answer import Answerer
from bot.settings import Settings
from corpus.load import bundled_documents
from corpus.model import Document
from corpus.units import UnitRegistry
from index.encoders import Encoder, make_encoder
from index.search import Searcher
from index.store import build_index, current_build, load_index
from reminders import service
from reminders.db import open_database
from reminders.dispatch import Dispatcher, Sender
from reminders.scheduler import ReminderScheduler, utcnow


@dataclass
class App:
    settings: Settings

    @cached_property
    def registry(self) -> UnitRegistry:
        return UnitRegistry.default()

    @cached_property
    def documents(self) -> list[Document]:
        return bundled_documents(self.registry)

    @cached_property
    def engine(self) -> Engine:
        """The reminders' database on its current schema, its units and key projects synced from the corpus."""
        engine = open_database(self.settings.db_url)
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

    def build_index(self, quiet: bool = False) -> None:
        def progress(done: int, total: int) -> None:
            if not quiet:
                print(f"\r正在生成向量 {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

        build_index(self.documents, self.settings.index_dir, self.encoder, progress=progress)

    def answerer(self, build_if_missing: bool = False) -> Answerer:
        return Answerer(self.searcher(build_if_missing), self.documents, self.registry)

    def searcher(self, build_if_missing: bool = False) -> Searcher:
        """The live index's searcher; the console may build a missing index first."""
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
