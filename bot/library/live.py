"""The live corpus of one home: its documents, the index build that answers for them, and how a change goes live.

The database is the one authority several processes share: `corpus_state`
names the corpus version and its index build, `live_documents` which version
of each document is live. A change is published in three steps — build the
new index beside the live one, commit the database, switch `CURRENT` — so a
failure before the commit leaves everything as it was, and a process that
dies after it leaves a switch that the next reader (`searcher`) finishes.
Other processes notice a change by comparing the database's corpus version
with the one they loaded (`refresh`, a one-row read).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from bot.library.versions import live_documents, set_aside_orphans
from corpus.clock import utcnow
from corpus.errors import CorpusError
from corpus.load import bundled_documents
from corpus.model import Document
from corpus.units import UnitRegistry
from index.encoders import Encoder, make_encoder
from index.search import Searcher
from index.store import current_build, discard, load_index, parsed_documents, remove_stale, stage_build, switch
from reminders.corpus_records import STATE_ID, CorpusState, DocumentVersion, corpus_state
from reminders.db import open_database

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)
STALE_SECONDS = 15 * 60  # far longer than a bounded upload takes: a younger leftover may be a change in progress


@dataclass
class LiveCorpus:
    """One home's documents and index, read lazily and re-read when another process changed them."""

    home: Path
    index_dir: Path
    database_url: str
    registry: UnitRegistry
    encoder_spec: str
    configured_database: bool = False  # a database URL was set: it may hold changes even without a local file
    loaded_version: int = 0  # the corpus version `documents` was read at
    unreachable: bool = False  # the database failed the last check: the loaded corpus is used meanwhile
    _parsed: dict[tuple[str, int], Document] = field(default_factory=dict, repr=False)

    def has_database(self) -> bool:
        """A home whose default SQLite file does not exist yet has had no admin change: nothing to read."""
        return self.configured_database or (self.home / "policybot.db").exists()

    @cached_property
    def database(self) -> Engine:
        """The database on its current schema."""
        return open_database(self.database_url)

    @cached_property
    def encoder(self) -> Encoder:
        return make_encoder(self.encoder_spec)

    @cached_property
    def documents(self) -> list[Document]:
        """The bundled plan and the live versions of the documents admins added.

        The build the database names carries them as parsed for it, so they are
        read from there; else they are parsed, keeping versions already parsed
        (a version's text never changes): a reload parses only what changed.
        """
        if not self.has_database():
            return bundled_documents(self.registry)
        with Session(self.database) as session:
            state = corpus_state(session)
            build = self.index_dir / "builds" / state.build_id
            carried = parsed_documents(build) if state.build_id and build.is_dir() else None
            if carried is not None:
                self.loaded_version = state.version
                return carried
            self.loaded_version, documents = live_documents(session, self.home, self.registry, self._parsed)
        return documents

    def corpus_version(self) -> int:
        if not self.has_database():
            return 0
        with Session(self.database) as session:
            return corpus_state(session).version

    def refresh(self) -> bool:
        """Whether another process changed the corpus since it was loaded; if so, it is read again on next use.

        With the database unreachable the loaded corpus stays and questions
        are answered from it; that is logged once per outage.
        """
        if "documents" not in self.__dict__:
            return False
        try:
            version = self.corpus_version()
        except SQLAlchemyError as exc:
            if not self.unreachable:
                log.warning("database unreachable, answering from the corpus loaded at version %d: %s",
                            self.loaded_version, str(exc).strip().splitlines()[0])
            self.unreachable = True
            return False
        if self.unreachable:
            log.warning("database reachable again")
            self.unreachable = False
        if version == self.loaded_version:
            return False
        del self.__dict__["documents"]
        return True

    def publish(self, documents: list[Document], change: Callable[[Session], None] | None = None,
                progress: Progress | None = None) -> Path:
        """Make `documents` the live corpus: index beside the live one, commit, then switch.

        The database commit is the moment the change happens: before it any
        failure discards the new build and leaves everything as it was.
        `change` adds the change's own rows to that transaction; without one
        (an index rebuild) the corpus version stays.
        """
        with Session(self.database) as session:
            base = corpus_state(session).version
        version = base + 1 if change else base
        build = stage_build(documents, self.index_dir, self.encoder, version, progress)
        try:
            with Session(self.database) as session:
                _claim(session, base, version, build.name)
                if change:
                    change(session)
                session.commit()
        except BaseException:
            discard(build)
            raise
        switch(self.index_dir, build.name)
        self.__dict__["documents"], self.loaded_version = documents, version
        return build

    def tidy(self) -> int:
        """Clear what an interrupted change (kill -9, a full disk) left behind: staged builds of processes that
        are gone, and version files no database row names once `STALE_SECONDS` old (set aside, not deleted);
        how many. Best effort: a failure here is logged and stops nothing."""
        try:
            cleared = remove_stale(self.index_dir, STALE_SECONDS)
            if self.has_database():
                with Session(self.database) as session:
                    recorded = {(r.doc_id, r.version) for r in session.exec(select(DocumentVersion))}
                cleared += set_aside_orphans(self.home, recorded, STALE_SECONDS)
        except (OSError, SQLAlchemyError) as exc:
            log.warning("could not clear what interrupted corpus changes left behind: %s", exc)
            return 0
        if cleared:
            log.info("cleared %d builds or files an interrupted corpus change left behind", cleared)
        return cleared

    def build_index(self, progress: Progress | None = None) -> Path:
        """Index the live documents again (a new encoder, a lost build); the corpus version stays."""
        return self.publish(self.documents, progress=progress)

    def index_missing(self) -> bool:
        self._follow_database()
        return current_build(self.index_dir) is None

    def searcher(self) -> Searcher:
        """The live index's searcher, after finishing a switch the database names but that never happened."""
        self._follow_database()
        return Searcher(load_index(self.index_dir, self.encoder), self.encoder)

    def _follow_database(self) -> None:
        if not self.has_database():
            return
        with Session(self.database) as session:
            build_id = corpus_state(session).build_id
        live = current_build(self.index_dir)
        committed = self.index_dir / "builds" / build_id
        if build_id and (live is None or live.name != build_id) and committed.is_dir():
            switch(self.index_dir, build_id)


def _claim(session: Session, base: int, version: int, build_id: str) -> None:
    """Move the corpus state from `base` to `version`, or refuse if another change got there first."""
    now = utcnow()
    if session.get(CorpusState, STATE_ID) is None:
        session.add(CorpusState(id=STATE_ID, version=version, build_id=build_id, changed_at=now))
        session.flush()  # a concurrent first change fails here on the primary key
        return
    moved = session.execute(update(CorpusState).where(CorpusState.id == STATE_ID, CorpusState.version == base)
                            .values(version=version, build_id=build_id, changed_at=now))
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise CorpusError("the corpus was changed by someone else meanwhile; nothing changed, try again")
