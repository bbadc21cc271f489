"""Chunks stay small whatever a document looks like: a 50,000-line text without one sentence end (issue 18)."""

from __future__ import annotations

from corpus.load import document_from_text
from corpus.units import UnitRegistry
from index.chunks import MAX_CHARS, chunk_documents

ROW = "行数据记录没有句末标点，只有逗号分隔的内容，一行接一行"


def test_a_text_without_sentence_ends_is_cut_into_chunk_sized_pieces():
    text = "某市数据汇总\n" + "\n".join(f"第{i}{ROW}" for i in range(50_000))
    doc = document_from_text(text, UnitRegistry.default(), doc_id="rows")
    assert max(len(s.text) for s in doc.sections) < 1_100  # lines are not rejoined into one giant paragraph
    chunks = chunk_documents([doc])
    assert max(len(c.text) for c in chunks) <= MAX_CHARS
    assert sum(len(c.text) for c in chunks) >= len(text) - 50_000 * 2  # nothing dropped (line breaks aside)

