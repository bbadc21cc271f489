"""Embeddings kept by passage content and encoder, so a rebuild embeds only what changed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from index.encoders import Encoder


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _cache_file(cache_dir: Path, encoder: Encoder) -> Path:
    return cache_dir / f"{hashlib.sha1(encoder.id.encode()).hexdigest()[:16]}.npz"


def embed_passages(passages: list[str], encoder: Encoder, cache_dir: Path, batch: int = 32,
                   progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Vectors for the passages, reusing cached ones; the cache is rewritten atomically."""
    path = _cache_file(cache_dir, encoder)
    cached: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as stored:
            cached = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [_key(p) for p in passages]
    missing = sorted({k: p for k, p in zip(keys, passages, strict=True) if k not in cached}.items())
    for start in range(0, len(missing), batch):
        part = missing[start:start + batch]
        vectors = encoder.encode_passages([p for _, p in part])
        cached.update(zip([k for k, _ in part], vectors, strict=True))
        if progress:
            progress(min(start + batch, len(missing)), len(missing))
    vectors = np.stack([cached[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, encoder.dim), "f4")
    if missing:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(list(cached)), vectors=np.stack(list(cached.values())))
        os.replace(tmp, path)
    return vectors
