"""Where the versions of added documents live, and the live corpus rebuilt from them.

Each version is kept as two files under POLICYBOT_HOME/documents/<doc-id>/:
the upload as sent (`v3.docx`) and the text extracted from it (`v3.txt`),
which is what is parsed, so a version reads the same whatever the parser
library does with the original later. The database rows (reminders.corpus_records)
say which versions exist and which is live; these files are never rewritten.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from sqlmodel import Session, col, select

from corpus.errors import CorpusError
from corpus.extract import Extracted
from corpus.load import BUNDLED_DOC_ID, bundled_documents, document_from_text
from corpus.model import Document
from corpus.units import UnitRegistry
from reminders.corpus_records import DocumentVersion, corpus_state, live_versions

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}[a-z0-9]$|^[a-z0-9]$")


def check_doc_id(doc_id: str) -> str:
    """A document id safe in a file name and in a section id (`<doc-id>:art-3`)."""
    if not DOC_ID.fullmatch(doc_id):  # `match` with `$` would let a trailing newline through
        raise CorpusError(f"invalid document id {doc_id!r}: use lower-case letters, digits, '.', '-' or '_' "
                          "(at most 64), e.g. --doc-id luzhou-2024-3")
    return doc_id


def text_path(home: Path, doc_id: str, version: int) -> Path:
    return home / "documents" / doc_id / f"v{version}.txt"


def store_version(home: Path, doc_id: str, version: int, upload: bytes, extracted: Extracted) -> list[Path]:
    """Write a version's two files (each complete or absent); returns them so a failed change can delete them."""
    text = text_path(home, doc_id, version)
    original = text.with_suffix(extracted.suffix if extracted.kind != "text" else ".source.txt")
    text.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for path, data in ((original, upload), (text, extracted.text.encode("utf-8"))):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        written.append(path)
    return written


ORPHANED = ".orphaned"  # version files of changes that never committed, kept out of the corpus
_VERSION_FILE = re.compile(r"\.?v(\d+)\..+")  # v3.txt, v3.source.txt, v3.docx, .v3.txt.1234.tmp


def set_aside_orphans(home: Path, recorded: set[tuple[str, int]], older_than: float) -> int:
    """Move version files no database row names — an add killed between writing them and its commit — out of
    the corpus into `documents/.orphaned/`, once untouched for `older_than` seconds (a younger one may be an
    add in progress); how many. Moved, not deleted: a home pointed at another or a restored database would
    otherwise lose every upload that database does not know."""
    cutoff = time.time() - older_than
    moved = 0
    for path in (home / "documents").glob("*/*"):
        match = _VERSION_FILE.fullmatch(path.name)
        if path.parent.name.startswith(".") or not match or not path.is_file():
            continue
        try:
            if (path.parent.name, int(match.group(1))) in recorded or path.stat().st_mtime >= cutoff:
                continue
            aside = home / "documents" / ORPHANED / path.parent.name / path.name
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, aside)
        except FileNotFoundError:  # another process finished with it meanwhile
            continue
        moved += 1
    return moved


def version_document(home: Path, row: DocumentVersion, registry: UnitRegistry) -> Document:
    """A stored version parsed again from its extracted text; the bundled plan's versions keep bare ids. It was
    admitted: a check added since (a malformed annex row, a headings-only text) notes, never refuses, so the live
    corpus still loads after an upgrade."""
    try:
        text = (home / row.stored).read_text("utf-8")
    except OSError as exc:
        raise CorpusError(f"{row.doc_id} v{row.version}: its file {row.stored} is missing under "
                          f"{home} ({exc.strerror})") from exc
    return document_from_text(text, registry, doc_id=row.doc_id, title=row.title, version=row.version,
                              bare_ids=row.doc_id == BUNDLED_DOC_ID, admitted=True, number=row.number)


def stored_version(session: Session, doc_id: str, version: int) -> DocumentVersion | None:
    return session.exec(select(DocumentVersion).where(DocumentVersion.doc_id == doc_id,
                                                      DocumentVersion.version == version)).first()


def live_documents(session: Session, home: Path, registry: UnitRegistry,
                   parsed: dict[tuple[str, int], Document] | None = None) -> tuple[int, list[Document]]:
    """The corpus version and the live documents: the bundled plan (or its live revision), then the added ones
    in the order they were first added, so a new document's chunks come last and the index can be extended.

    `parsed` keeps versions already parsed (a version's text never changes), so a
    process reloading after a change parses only what changed.
    """
    parsed = {} if parsed is None else parsed
    state = corpus_state(session)
    live = live_versions(session)
    documents = []
    for doc in bundled_documents(registry):
        version = live.pop(doc.doc_id, doc.version)
        row = stored_version(session, doc.doc_id, version) if version != doc.version else None
        documents.append(version_document(home, row, registry) if row else doc)
    first_added: dict[str, int] = {}
    for doc_id, row_id in session.exec(select(DocumentVersion.doc_id, DocumentVersion.id)
                                       .order_by(col(DocumentVersion.id))):
        first_added.setdefault(doc_id, row_id or 0)
    for doc_id in sorted(live, key=lambda d: (first_added.get(d, 0), d)):  # in the order they were added
        key = (doc_id, live[doc_id])
        if key not in parsed:
            row = stored_version(session, *key)
            if row is None:
                raise CorpusError(f"the database names {doc_id} v{live[doc_id]} as live but has no such version")
            parsed[key] = version_document(home, row, registry)
        documents.append(parsed[key])
    return state.version, documents
