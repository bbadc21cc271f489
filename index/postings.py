"""BM25 scores of a question, read straight from the tables bm25s saves.

bm25s builds the index (`index.store`) and saves, for each term, the
precomputed score of every chunk the term occurs in: a CSC table of three
arrays and a vocabulary. Scoring a question is summing the columns of its
terms, which numpy does alone over the arrays memory-mapped: a process that
answers one question reads the pages its terms touch, and never imports
bm25s, which imports scipy (a third of `policybot ask`'s start-up).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# bm25s's variants that add a score for terms a chunk lacks; it keeps that array out of its saved tables.
_NONOCCURRENCE = ("bm25l", "bm25+")


@dataclass(frozen=True)
class Postings:
    data: np.ndarray  # the score of each (term, chunk) posting, grouped by term
    indices: np.ndarray  # the chunk of each posting
    indptr: np.ndarray  # where each term's postings start, one past the last term
    vocabulary: dict[str, int]  # term → its column
    chunks: int

    @classmethod
    def load(cls, folder: Path) -> Postings:
        """The tables `bm25s.BM25.save` wrote to `folder`, memory-mapped."""
        params = json.loads((folder / "params.index.json").read_text("utf-8"))
        if params.get("method") in _NONOCCURRENCE:
            raise ValueError(f"BM25 variant {params['method']} is not read here")
        vocabulary = json.loads((folder / "vocab.index.json").read_text("utf-8"))
        arrays = (np.load(folder / f"{name}.csc.index.npy", mmap_mode="r") for name in ("data", "indices", "indptr"))
        return cls(*arrays, vocabulary, int(params["num_docs"]))

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """Each chunk's BM25 score for `terms` (a repeated term counts again, as in bm25s; unknown ones add 0)."""
        out = np.zeros(self.chunks, dtype=np.float32)
        for term in terms:
            column = self.vocabulary.get(term)
            if column is not None:
                start, end = self.indptr[column], self.indptr[column + 1]
                out[self.indices[start:end]] += self.data[start:end]
        return out
