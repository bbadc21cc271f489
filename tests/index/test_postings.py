"""BM25 read from the saved tables scores as bm25s itself does, on the plan's real chunks."""

from __future__ import annotations

import bm25s
import numpy as np

from index.postings import Postings
from index.store import current_build
from index.tokenize import tokens


def test_the_saved_tables_score_every_question_as_bm25s_does(home):
    build = current_build(home / "index")
    ours = Postings.load(build / "bm25")
    reference = bm25s.BM25.load(str(build / "bm25"))
    for question in ("交通领域的措施由谁牵头？", "散煤清零 散煤 什么时候完成", "光伏 光伏 光伏", "a word no chunk has"):
        asked = tokens(question)
        known = [t for t in asked if t in reference.vocab_dict]
        expected = reference.get_scores(known) if known else np.zeros(ours.chunks)
        assert np.allclose(ours.scores(asked), expected, atol=1e-5), question
    assert isinstance(ours.data, np.memmap)  # read by memory map, not into memory
    assert ours.scores([]).tolist() == [0.0] * ours.chunks
