"""Reading documents from disk: decoding, metadata, the bundled plan.

A file that cannot become a document fails here with its name and the
reason, before anything downstream sees it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import cache
from pathlib import Path

from corpus.errors import CorpusError
from corpus.extract import Extracted, extract, too_big
from corpus.gazetteer import head_place, is_home, named, opens_at_home
from corpus.identity import document_contact, document_date, document_issuer, document_number, document_title
from corpus.model import Document
from corpus.parse import parse_document
from corpus.units import UnitRegistry

DOCUMENTS_DIR = Path(__file__).parent / "documents"
BUNDLED_DOC_ID = "changzhi-2023-5"
TEXT_SUFFIXES = (".md", ".txt")
NO_LIMIT = 1 << 62
OPENING = 300  # characters of a document's opening, read for its place when its title, issuer and 文号 name none
_PIECE = 1 << 20  # read a megabyte at a time: the cap is checked as the bytes come, never allocated ahead


def read_upload(path: Path, max_bytes: int = NO_LIMIT) -> bytes:
    """A file's bytes: from a regular file only, and never more than `max_bytes` read, whatever size the file
    claims — /dev/zero claims 0 and never ends, a FIFO fed without end has no size, a file may grow."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO without a writer must not block the open
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror})") from exc
    with os.fdopen(handle, "rb") as file:
        found = os.fstat(file.fileno())
        if not stat.S_ISREG(found.st_mode):
            raise CorpusError(f"{path}: not a regular file (a device, pipe or folder cannot be a document)")
        if found.st_size > max_bytes:
            raise too_big(path.name, found.st_size, max_bytes)
        parts, read = [], 0
        try:
            while read <= max_bytes and (part := file.read(min(_PIECE, max_bytes + 1 - read))):
                parts.append(part)
                read += len(part)
        except OSError as exc:
            raise CorpusError(f"{path}: cannot read the file ({exc.strerror})") from exc
    if read > max_bytes:
        raise too_big(path.name, read, max_bytes)
    return b"".join(parts)


def read_file(path: Path, max_bytes: int = NO_LIMIT) -> Extracted:
    """The text of a file of any supported format."""
    return extract(read_upload(path, max_bytes), path.name, max_bytes)


def content_hash(text: str) -> str:
    """The identity of a document's content, whatever file format or encoding carried it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_from_text(text: str, registry: UnitRegistry, *, doc_id: str, title: str | None = None,
                       version: int = 1, bare_ids: bool = False, admitted: bool = False, **meta: str) -> Document:
    """Parse extracted text; the title and 文号 come from the text unless given.

    A document of another place (its head names 嘉兴市, 山西省) keeps its unit
    names as written: Changzhi's registry would read its 市经信局 as 市工信局.
    `admitted`: a stored version parsed again — what today's upload checks
    refuse is noted in it, not raised (`corpus.parse.parse_document`).
    """
    meta.setdefault("number", document_number(text))
    meta.setdefault("issuer", document_issuer(text))
    meta.setdefault("date", document_date(text))
    meta.setdefault("contact", document_contact(text))
    title = title or document_title(text) or doc_id
    head = f"{title} {meta['issuer']} {meta['number']}"
    elsewhere = head_place(title, text) or head_place(meta["issuer"], text)  # 豫阳市…: a place the gazetteer lacks
    home = is_home(head) if named(head) else not elsewhere and opens_at_home(text[:OPENING])
    own = registry if home else UnitRegistry()
    doc = parse_document(text, doc_id, title, registry=own, bare_ids=bare_ids, version=version, admitted=admitted,
                         **meta)
    doc.home = own is registry
    doc.place = elsewhere or ""
    doc.content_hash = content_hash(text)
    return doc


def load_document(path: Path, registry: UnitRegistry, *, doc_id: str | None = None,
                  title: str | None = None, version: int = 1, bare_ids: bool = False,
                  **meta: str) -> Document:
    """Parse one file into a document, naming the file in any error."""
    text = read_file(path).text
    try:
        return document_from_text(text, registry, doc_id=doc_id or path.stem, title=title,
                                  version=version, bare_ids=bare_ids, **meta)
    except CorpusError as exc:
        raise CorpusError(f"{path.name}: {exc}") from exc


@cache
def parser_version() -> str:
    """A digest of this package's code: a parse kept on disk (the documents an index build carries) is read
    back only by the code that made it; after an upgrade the text is parsed again."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def bundled_documents(registry: UnitRegistry) -> list[Document]:
    """The documents shipped in corpus/documents, each beside its .meta.json."""
    docs = []
    for meta_path in sorted(DOCUMENTS_DIR.glob("*.meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        source = next(p for p in DOCUMENTS_DIR.glob(meta["doc_id"] + ".*")
                      if p.suffix.lower() in TEXT_SUFFIXES)
        docs.append(load_document(
            source, registry, doc_id=meta["doc_id"], title=meta["title"], version=meta["version"],
            bare_ids=meta["doc_id"] == BUNDLED_DOC_ID, number=meta["number"], issuer=meta["issuer"],
            date=meta["date"]))
    return docs
