"""The corpus's versions as database rows: what several bot processes must agree on.

The files of each version live under POLICYBOT_HOME/documents; the database
says which versions exist, which one of each document is live, and the
corpus version number that every process compares with the one it loaded.
The bundled plan's first version ships with the package and has no row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

from reminders.utc import UTCDateTime

STATE_ID = 1


class DocumentVersion(SQLModel, table=True):
    """One uploaded version of a document: its file, its identity and who added it."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("doc_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    doc_id: str = Field(max_length=100)
    version: int
    title: str = Field(max_length=300)
    number: str = Field(default="", max_length=100)  # 文号
    content_hash: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=10)  # docx | pdf | text
    source_name: str = Field(default="", max_length=300)
    stored: str = Field(max_length=300)  # the extracted text, relative to POLICYBOT_HOME
    added_by: str = Field(max_length=200)
    added_at: datetime = Field(sa_type=UTCDateTime)


class LiveDocument(SQLModel, table=True):
    """Which version of a document answers questions; a removed document has no row."""

    __tablename__ = "live_documents"

    doc_id: str = Field(primary_key=True, max_length=100)
    version: int
    changed_at: datetime = Field(sa_type=UTCDateTime)


class CorpusState(SQLModel, table=True):
    """The corpus version number (bumped by every change) and the index build that goes with it."""

    __tablename__ = "corpus_state"

    id: int = Field(default=STATE_ID, primary_key=True)
    version: int = 0
    build_id: str = Field(default="", max_length=100)
    changed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


def corpus_state(session: Session) -> CorpusState:
    """The state row, or a fresh one (version 0) before any admin change."""
    return session.get(CorpusState, STATE_ID) or CorpusState()


def live_versions(session: Session) -> dict[str, int]:
    return {row.doc_id: row.version for row in session.exec(select(LiveDocument))}
