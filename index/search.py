"""Hybrid search: BM25 and dense ranks fused per section, with the evidence kept for abstention.

BM25 is sharp when the question uses the plan's words and blind to English;
the dense model bridges paraphrase and language but blurs near topics. Both
score chunks; chunks roll up to sections (a citation names a section); each
signal is standardised over the sections (z-scores) and the two are added.
Ranks would throw away how far ahead a signal's leader is: when the dense
cosines are flat (0.835 against 0.837) and BM25 points far ahead at one
section, the sum follows BM25; when BM25 scores nothing (English), dense
decides alone. Weights measured on the dev questions (ARCHITECTURE.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from corpus.text import sentences
from index.dictionary import translate
from index.encoders import Encoder
from index.glossary import abbreviations, beyond_glossary, expand, spelt_out
from index.places import region_words, regions_asked
from index.store import LoadedIndex
from index.tokenize import STOP_WORDS, characters, fold, tokens

BM25_WEIGHT = 1.0
DENSE_WEIGHT = 1.0
CHARACTER_WEIGHT = 0.7  # the plateau 0.6-0.75 of the 187 answerable dev questions (ARCHITECTURE.md)
DENSE_CANDIDATES = 200
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass
class Hit:
    section_id: str
    doc_id: str
    doc_title: str
    doc_version: int
    label: str
    title: str
    score: float
    quote: str
    bm25: float
    dense: float


@dataclass
class SearchResult:
    question: str
    hits: list[Hit]
    query_tokens: list[str]
    signals: dict[str, float] = field(default_factory=dict)


class Searcher:
    """Searches one loaded index; holds the per-chunk arrays that make a query cheap."""

    def __init__(self, index: LoadedIndex, encoder: Encoder) -> None:
        self.index = index
        self.encoder = encoder
        self.section_ids = list(dict.fromkeys(c.section_id for c in index.chunks))
        position = {sid: i for i, sid in enumerate(self.section_ids)}
        self.chunk_section = np.array([position[c.section_id] for c in index.chunks], dtype=np.int64)
        self.region_words = region_words(index.vocabulary)
        self.short_forms = abbreviations(index.vocabulary)

    def _bm25(self, query_tokens: list[str]) -> np.ndarray:
        return self.index.bm25.scores(query_tokens)

    def _characters(self, question: str) -> np.ndarray:
        """BM25 of the question's characters over each chunk's (zeros for an index built without them)."""
        index = self.index.characters
        if index is None:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        return index.scores(characters(question))

    def _dense(self, question: str) -> np.ndarray:
        """Cosine of the question with each chunk among the nearest candidates (-1 elsewhere)."""
        scores = np.full(len(self.index.chunks), -1.0, dtype=np.float32)
        vector = self.encoder.encode_queries([question])
        k = min(DENSE_CANDIDATES, len(self.index.chunks))
        found, ids = self.index.vectors.search(vector, k)
        keep = ids[0] >= 0
        scores[ids[0][keep]] = found[0][keep]
        return scores

    def _per_section(self, chunk_scores: np.ndarray, floor: float) -> np.ndarray:
        out = np.full(len(self.section_ids), floor, dtype=np.float32)
        np.maximum.at(out, self.chunk_section, chunk_scores)
        return out

    def search(self, question: str, k: int = 5, within: set[str] | None = None) -> SearchResult:
        """The k best sections for a question, best first, each with its best quote."""
        english = translate(beyond_glossary(question), self.index.manifest.get("english", {}))  # investment → 投资
        query_tokens = tokens(f"{question} {expand(question)} {english}") + regions_asked(question, self.region_words)
        query_tokens += spelt_out(query_tokens, self.index.vocabulary, self.short_forms)
        query_tokens += mended(question, query_tokens, self.index.vocabulary)
        bm25_chunks = self._bm25(query_tokens)
        dense_chunks = self._dense(fold(question))
        bm25_sections = self._per_section(bm25_chunks, 0.0)
        dense_sections = self._per_section(dense_chunks, -1.0)
        character_sections = self._per_section(self._characters(question), 0.0)
        fused = (BM25_WEIGHT * _standardised(bm25_sections) + DENSE_WEIGHT * _standardised(dense_sections)
                 + CHARACTER_WEIGHT * _standardised(character_sections))
        candidate = (bm25_sections > 0) | (dense_sections > -1.0)
        if within is not None:
            candidate &= np.array([sid in within for sid in self.section_ids])
        hits = [self._hit(int(i), float(fused[i]), bm25_chunks, dense_chunks, query_tokens)
                for i in _top(fused, candidate, k)]
        in_vocabulary = [t for t in query_tokens if t in self.index.vocabulary]
        signals = {
            "dense_top": float(dense_sections.max()),
            "bm25_top": float(bm25_sections.max()),
            "coverage": len(in_vocabulary) / len(query_tokens) if query_tokens else 0.0,
            "query_tokens": float(len(query_tokens)),
        }
        return SearchResult(question, hits, query_tokens, signals)

    def _hit(self, i: int, score: float, bm25_chunks: np.ndarray, dense_chunks: np.ndarray,
             query_tokens: list[str]) -> Hit:
        section_id = self.section_ids[i]
        members = np.flatnonzero(self.chunk_section == i)
        bm25_top = bm25_chunks.max() or 1.0
        best = members[np.argmax(bm25_chunks[members] / bm25_top + dense_chunks[members])]
        info = self.index.sections[section_id]
        return Hit(section_id, info.doc_id, info.doc_title, info.doc_version, info.label, info.title, score,
                   best_sentence(self.index.chunks[best].text, query_tokens),
                   float(bm25_chunks[members].max()), float(dense_chunks[members].max()))


MENDED_LONGEST = 6


def mended(question: str, query_tokens: list[str], vocabulary: set[str] | frozenset[str]) -> list[str]:
    """The corpus's words over the characters of a question word the corpus lacks: jieba cuts 今年新改户厕 into
    新/改户/厕, and 改户 is no word of any document, where 户厕 is. A question word the corpus holds is no mis-cut,
    so only the characters of those it lacks are read again, and only the corpus's own words come of them."""
    out: list[str] = []
    for run in _CJK_RUN.findall(fold(question)):
        for word in {t for t in query_tokens if len(t) > 1 and t not in vocabulary and t in run}:
            at = run.find(word)
            for start in range(max(0, at - MENDED_LONGEST + 1), at + len(word)):
                for end in range(max(start + 2, at + 1), min(len(run), start + MENDED_LONGEST) + 1):
                    piece = run[start:end]
                    if piece in vocabulary and piece not in query_tokens and piece not in out \
                            and piece not in STOP_WORDS:
                        out.append(piece)
    return out


def _top(scores: np.ndarray, candidate: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best candidate scores, best first, without sorting every section."""
    pool = np.flatnonzero(candidate)
    if len(pool) > k:
        pool = pool[np.argpartition(-scores[pool], k)[:k]]
    return pool[np.argsort(-scores[pool], kind="stable")]


def _standardised(scores: np.ndarray) -> np.ndarray:
    """Scores as standard deviations above the mean; a signal that cannot tell sections apart adds 0."""
    spread = float(scores.std())
    if spread == 0.0:
        return np.zeros(len(scores), dtype=np.float64)
    return (scores.astype(np.float64) - float(scores.mean())) / spread


def overlap(text: str, query_tokens: list[str]) -> int:
    """How much of the question a text holds: the characters of the question words it contains."""
    folded = fold(text)
    return sum(len(w) for w in set(query_tokens) if w in folded)


def best_sentence(text: str, query_tokens: list[str], prefer: Callable[[str], bool] | None = None) -> str:
    """The sentence of a passage that shares the most question words (the first if none). On a tie, one that
    `prefer` accepts (a when-question's: one naming a time, not the item's heading above it), then the shorter."""
    candidates = sentences(text) or [text]
    shared = [overlap(sentence, query_tokens) for sentence in candidates]
    if not any(shared):  # nothing shared: what the passage is, or when it is due
        return next((s for s in candidates if prefer is not None and prefer(s)), candidates[0])
    best = max(range(len(candidates)), key=lambda i: (shared[i], prefer is not None and prefer(candidates[i]),
                                                      -len(candidates[i])))
    return candidates[best]

