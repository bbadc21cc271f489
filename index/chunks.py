"""Chunks: sentence windows that never cross a section boundary.

A citation names a section, so a chunk belongs to exactly one; its offsets
point into the section's clean text so a quote can be cut from the source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from corpus.model import Document
from corpus.text import sentences

TARGET_CHARS = 200
MAX_CHARS = 300


@dataclass(frozen=True)
class Chunk:
    chunk_id: int
    doc_id: str
    section_id: str
    heading: str  # the heading path: document title and section label
    start: int
    end: int
    text: str

    def passage(self) -> str:
        """What is embedded: the heading path gives a short window its topic."""
        return f"{self.heading}：{self.text}"

    def to_json(self) -> dict:
        return asdict(self)


def _spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a text, in order; a "sentence" longer than a chunk (text without
    sentence ends, a pasted table) is cut into chunk-sized pieces, so no chunk outgrows MAX_CHARS."""
    spans, cursor = [], 0
    for sentence in sentences(text):
        start = text.index(sentence, cursor)
        spans += [(at, min(at + MAX_CHARS, start + len(sentence))) for at in range(start, start + len(sentence),
                                                                               MAX_CHARS)]
        cursor = start + len(sentence)
    return spans


def _windows(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Windows of whole sentences near TARGET_CHARS, overlapping by one sentence."""
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= TARGET_CHARS:
            j += 1
        windows.append((spans[i][0], spans[j][1]))
        if j + 1 >= len(spans):
            break
        i = j if j > i else j + 1
    return windows


def chunk_documents(documents: list[Document]) -> list[Chunk]:
    """All chunks of all documents; a short section is one chunk."""
    chunks: list[Chunk] = []
    for doc in documents:
        for section in doc.sections:
            heading = f"{doc.title} {section.label}"
            text = section.text
            if not text.strip():
                continue  # an article that is only its items' heading: its items carry its label
            windows = [(0, len(text))] if len(text) <= MAX_CHARS else _windows(_spans(text))
            for start, end in windows:
                chunks.append(Chunk(len(chunks), doc.doc_id, section.section_id, heading, start, end,
                                    text[start:end]))
    return chunks
