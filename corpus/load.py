"""Reading documents from disk: decoding, metadata, the bundled plan.

A file that cannot become a document fails here with its name and the
reason, before anything downstream sees it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from charset_normalizer import from_bytes

from corpus.model import Document
from corpus.parse import CorpusError, parse_document
from corpus.units import UnitRegistry

DOCUMENTS_DIR = Path(__file__).parent / "documents"
BUNDLED_DOC_ID = "changzhi-2023-5"
TEXT_SUFFIXES = (".md", ".txt")
_GB_FAMILY = ("gb2312", "gbk", "gb18030", "hz")


def decode(data: bytes, name: str) -> str:
    """Text from bytes in UTF-8, GBK, GB18030 or whatever charset-normalizer recognises."""
    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise CorpusError(f"{name}: not a text file (binary content)")
    best = from_bytes(data).best()
    if best is None:
        raise CorpusError(f"{name}: cannot decode the text (unknown encoding)")
    if best.encoding in _GB_FAMILY:
        return data.decode("gb18030")
    return str(best)


def read_text(path: Path) -> str:
    """The decoded text of a .md or .txt file."""
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise CorpusError(f"{path.name}: unsupported file type {path.suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror})") from exc
    return decode(data, path.name)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_document(path: Path, registry: UnitRegistry, *, doc_id: str | None = None,
                  title: str | None = None, version: int = 1, bare_ids: bool = False,
                  **meta: str) -> Document:
    """Parse one file into a document, naming the file in any error."""
    text = read_text(path)
    try:
        doc = parse_document(text, doc_id or path.stem, title or path.stem, registry=registry,
                             bare_ids=bare_ids, version=version, **meta)
    except CorpusError as exc:
        raise CorpusError(f"{path.name}: {exc}") from exc
    doc.content_hash = content_hash(text)
    return doc


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
