"""BM25 terms of chunks, reused from the live build wherever a new build cannot segment them differently.

Segmenting is the slow part of a build (jieba over every chunk), so adding one
document to hundreds would cost as much as indexing them all. A chunk's terms
depend on its text and on the segmenter's dictionary; a word added to or gone
from the dictionary (the unit names of the documents) can only change how a
text containing it is cut, so only chunks that are new or that contain such a
word are segmented again.
"""

from __future__ import annotations

import json
from pathlib import Path

from index.chunks import Chunk
from index.tokenize import tokens

TERMS_FILE = "terms.json"
EMPTY = "\u2205"  # BM25 needs a term in every document


def _text(heading: str, text: str) -> str:
    return f"{heading} {text}"


def _previous(build: Path | None) -> tuple[dict[str, list[str]], set[str]]:
    """Terms by chunk text and the dictionary words of a build; nothing when it has no terms file."""
    if build is None or not (build / TERMS_FILE).exists():
        return {}, set()
    try:
        chunks = json.loads((build / "chunks.json").read_text("utf-8"))
        terms = json.loads((build / TERMS_FILE).read_text("utf-8"))
        words = json.loads((build / "manifest.json").read_text("utf-8")).get("words", [])
    except (OSError, ValueError):
        return {}, set()
    if len(chunks) != len(terms):
        return {}, set()
    return {_text(c["heading"], c["text"]): t for c, t in zip(chunks, terms, strict=True)}, set(words)


def chunk_terms(chunks: list[Chunk], words: list[str], previous: Path | None) -> list[list[str]]:
    """The terms of each chunk, from the previous build where still valid, else segmented now."""
    known, old_words = _previous(previous)
    changed = set(words) ^ old_words if known else set()
    out = []
    for chunk in chunks:
        text = _text(chunk.heading, chunk.text)
        terms = known.get(text)
        if terms is None or any(word in text for word in changed):
            terms = tokens(text) or [EMPTY]
        out.append(terms)
    return out


def save_terms(build: Path, terms: list[list[str]]) -> None:
    (build / TERMS_FILE).write_text(json.dumps(terms, ensure_ascii=False), "utf-8")
