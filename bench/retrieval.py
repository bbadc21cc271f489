"""Retrieval benchmark: the plan and a synthetic corpus of ~100,000 chunks, against a naive baseline.

Run: `make bench` (or `python -m bench.retrieval [--chunks N]`). Prints one line per figure.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bm25s
import faiss
import numpy as np

from corpus.load import bundled_documents
from corpus.units import UnitRegistry
from index.chunks import Chunk, chunk_documents
from index.encoders import make_encoder
from index.postings import Postings
from index.search import Searcher
from index.store import HNSW_ABOVE, LoadedIndex, SectionInfo, build_index, character_index, load_index
from index.tokenize import prepare, tokens

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
QUESTIONS = ["交通领域的措施由谁牵头？", "减污降碳试点什么时候完成？", "要淘汰多大吨位以下的转炉？",
             "who leads the transport measures?", "散煤清零啥时候搞完", "装配式建筑占新建建筑比例"]


def _questions() -> list[str]:
    if DEV.exists():
        return [json.loads(line)["question"] for line in DEV.read_text("utf-8").splitlines() if line.strip()]
    return QUESTIONS


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50={statistics.median(ordered):.1f} ms p95={p95:.1f} ms"


def _timed(searcher: Searcher, questions: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            searcher.search(q, k=5)
            times.append((time.perf_counter() - started) * 1000)
    return times


def bench_plan(home: Path) -> None:
    encoder = make_encoder()
    docs = bundled_documents(UnitRegistry.default())
    started = time.perf_counter()
    build_index(docs, home / "index", encoder)
    print(f"plan: index build (cold embedding cache) {time.perf_counter() - started:.2f} s")
    searcher = Searcher(load_index(home / "index", encoder), encoder)
    questions = _questions()
    _timed(searcher, questions, 1)
    print(f"plan: warm query latency {_percentiles(_timed(searcher, questions, 5))} over {len(questions) * 5} queries")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot.cli", "search", "-k", "1", "交通领域的措施由谁牵头？"], check=True,
                   capture_output=True, env={"POLICYBOT_HOME": str(home), "PATH": "/usr/bin:/bin"})
    print(f"plan: process start to first result {time.perf_counter() - started:.2f} s (policybot search)")
    torch_loaded = subprocess.run(
        [sys.executable, "-c", "import sys, bot.cli as c; c.main(['search','-k','1','交通']); "
         "print('torch' in sys.modules, file=sys.stderr)"],
        capture_output=True, text=True, env={"POLICYBOT_HOME": str(home), "PATH": "/usr/bin:/bin"}).stderr.strip()
    print(f"plan: torch imported on the default path: {torch_loaded}")


def _synthetic(n_chunks: int, encoder, n_embedded: int,
               tables: Path) -> tuple[LoadedIndex, list[list[str]], np.ndarray]:
    """Chunks drawn from the plan's own sentences under new document ids; vectors reused from a sample."""
    base = chunk_documents(bundled_documents(UnitRegistry.default()))
    rng = random.Random(7)
    sample = [c.passage() for c in base]
    started = time.perf_counter()
    embedded = encoder.encode_passages((sample * (n_embedded // len(sample) + 1))[:n_embedded])
    rate = n_embedded / (time.perf_counter() - started)
    print(f"synthetic: embedding throughput {rate:.1f} passages/s ({n_embedded} passages)")
    chunks, sections = [], {}
    for i in range(n_chunks):
        src = base[rng.randrange(len(base))]
        doc_id = f"doc-{i // 100}"
        section_id = f"{doc_id}:{src.section_id}"
        sections.setdefault(section_id, SectionInfo(doc_id, f"文件{i // 100}", 1, section_id, src.heading, ""))
        chunks.append(Chunk(i, doc_id, section_id, src.heading, src.start, src.end, src.text))
    corpus_tokens = [tokens(f"{c.heading} {c.text}") or ["\u2205"] for c in chunks]
    started = time.perf_counter()
    bm25 = bm25s.BM25()
    bm25.index(corpus_tokens, show_progress=False)
    noise = np.random.default_rng(7).normal(0, 0.02, (n_chunks, encoder.dim)).astype(np.float32)
    vectors = embedded[np.arange(n_chunks) % len(embedded)] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    kind = "hnsw" if n_chunks > HNSW_ABOVE else "flat"
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(encoder.dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction, index.hnsw.efSearch = 80, 128
    else:
        index = faiss.IndexFlatIP(encoder.dim)
    index.add(vectors)
    print(f"synthetic: BM25 + FAISS ({kind}) build over {n_chunks} chunks {time.perf_counter() - started:.1f} s")
    manifest = {"build_id": "synthetic", "chunks": n_chunks}
    bm25.save(str(tables / "bm25"))
    character_index(chunks).save(str(tables / "characters"))
    words = Postings.load(tables / "bm25")
    loaded = LoadedIndex(Path("."), manifest, chunks, sections, words, index, frozenset(words.vocabulary), frozenset(),
                         frozenset(), frozenset(), {}, [], Postings.load(tables / "characters"))
    return loaded, corpus_tokens, vectors


def bench_large(n_chunks: int, n_embedded: int) -> None:
    from rank_bm25 import BM25Okapi

    encoder = make_encoder()
    prepare()
    tables = tempfile.TemporaryDirectory(prefix="policybot-bench-")  # BM25 read as a question reads it: mapped
    loaded, corpus_tokens, vectors = _synthetic(n_chunks, encoder, n_embedded, Path(tables.name))
    searcher = Searcher(loaded, encoder)
    questions = _questions()
    _timed(searcher, questions[:3], 1)
    ours = _timed(searcher, questions, 2)
    print(f"synthetic: warm query latency {_percentiles(ours)} at {n_chunks} chunks")
    encoding = []
    for q in questions:
        started = time.perf_counter()
        encoder.encode_queries([q])
        encoding.append((time.perf_counter() - started) * 1000)
    print(f"synthetic: of which query encoding {_percentiles(encoding)} (independent of corpus size; "
          f"the rest, BM25 + FAISS + roll-up, ≈ {statistics.median(ours) - statistics.median(encoding):.1f} ms)")
    naive = BM25Okapi(corpus_tokens)
    times = []
    for q in questions[:10]:
        started = time.perf_counter()
        scores = naive.get_scores(tokens(q))
        dense = vectors @ encoder.encode_queries([q])[0]
        np.argsort(-(scores / (scores.max() or 1) + dense))[:5]
        times.append((time.perf_counter() - started) * 1000)
    print(f"synthetic: naive baseline (rank_bm25 + numpy cosine) {_percentiles(times)}; "
          f"ours is {statistics.median(times) / statistics.median(ours):.0f}x faster at the median")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--embedded", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        bench_plan(Path(home))
    bench_large(args.chunks, args.embedded)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process) {peak:.0f} MB")


if __name__ == "__main__":
    main()
