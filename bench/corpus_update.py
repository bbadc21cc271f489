"""Adding one document to a large corpus: what it costs, step by step.

Run: `python -m bench.corpus_update [--docs N]`. The corpus is N documents made
from the plan's text (each a distinct document with its own title), already
live and indexed; their passages' vectors are put in the embedding cache
beforehand as random unit vectors under the real encoder's id, as
bench/retrieval.py does, since embedding them all for real would take hours
and is not what is measured. Then one new county plan is added
(a GBK text file) through the admin flow with the real encoder, and each step is timed.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlmodel import Session

from bot.app import App
from bot.library.versions import store_version, text_path
from bot.settings import Settings
from corpus.clock import utcnow
from corpus.extract import Extracted
from corpus.load import DOCUMENTS_DIR, document_from_text
from index.chunks import chunk_documents
from index.embed_cache import embed_passages
from reminders.corpus_records import DocumentVersion, LiveDocument

NEW_DOCUMENT = """某县农业农村减污降碳实施方案
某农发〔2024〕7号
为推进农业农村减污降碳协同增效，制定本方案。
一、重点任务
（一）推进农村户用沼气改造。完成农村户用沼气池改造三千口，沼渣沼液全部还田利用。（县农业农村局牵头，县能源局参与）
（二）加强秸秆综合利用。秸秆综合利用率稳定在百分之九十以上。（县农业农村局负责）
附表：重点工程
| 序号 | 重点工程 | 完成时限 | 牵头单位 | 配合单位 |
|---|---|---|---|---|
| 1 | 农村户用沼气池改造工程。 | 2027年6月底 | 县农业农村局 | 县能源局 |
"""


class RandomVectors:
    """Stands in for the real encoder (same id and dimension) to fill the cache for the existing corpus."""

    def __init__(self, encoder_id: str, dim: int) -> None:
        self.id, self.dim, self.rng = encoder_id, dim, np.random.default_rng(7)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        vectors = self.rng.normal(size=(len(texts), self.dim)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class Timed:
    """The real encoder, counting the passages it is asked to embed and the time it takes."""

    def __init__(self, encoder) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.id, self.dim, self.passages, self.seconds = encoder, encoder.id, encoder.dim, 0, 0.0

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        out = self.inner.encode_passages(texts)
        self.seconds += time.perf_counter() - started
        self.passages += len(texts)
        return out

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.encode_queries(texts)


def make_corpus(app: App, n_docs: int) -> int:
    """N live documents written as an admin would leave them; returns their chunk count."""
    plan = (DOCUMENTS_DIR / "changzhi-2023-5.md").read_text("utf-8").split("# 长治市减污降碳协同增效实施方案", 1)[1]
    home, now = app.settings.home, utcnow()
    docs = []
    with Session(app.database) as session:
        for i in range(n_docs):
            doc_id, title = f"county-{i:04d}", f"第{i}号县级减污降碳实施方案"
            text = f"{title}\n{plan}"
            store_version(home, doc_id, 1, text.encode("utf-8"), Extracted("text", text))
            doc = document_from_text(text, app.registry, doc_id=doc_id, title=title)
            docs.append(doc)
            session.add(DocumentVersion(doc_id=doc_id, version=1, title=title, number="", kind="text",
                                        content_hash=doc.content_hash, source_name=f"{doc_id}.md", added_by="bench",
                                        stored=str(text_path(home, doc_id, 1).relative_to(home)), added_at=now))
            session.add(LiveDocument(doc_id=doc_id, version=1, changed_at=now))
        session.commit()
    encoder = app.library.encoder
    passages = [c.passage() for c in chunk_documents([*app.library.documents[:1], *docs])]
    embed_passages(passages, RandomVectors(encoder.id, encoder.dim), app.library.index_dir / "embeddings")
    return len(passages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300, help="documents already in the corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), env_file=None)
        app = App(settings)
        started = time.perf_counter()
        chunks = make_corpus(app, args.docs)
        app.library.__dict__.pop("documents", None)
        app.library.build_index()
        print(f"corpus: {args.docs + 1} documents, {chunks} chunks; initial build (vectors cached) "
              f"{time.perf_counter() - started:.1f} s")
        app.engine  # noqa: B018  (the key projects synced once, as a running bot has them)
        encoder = Timed(app.library.encoder)
        app.library.__dict__["encoder"] = encoder
        admin = app.corpus_admin("bench")
        started = time.perf_counter()
        proposal = admin.propose_add(NEW_DOCUMENT.encode("gb18030"), "county.txt")
        proposed = time.perf_counter() - started
        started = time.perf_counter()
        outcome = admin.apply(proposal)
        applied = time.perf_counter() - started
        print(f"add one document: read, parse and compare {proposed:.2f} s; apply {applied:.1f} s "
              f"(of which embedding {encoder.passages} new passages {encoder.seconds:.1f} s)")
        print(f"add one document: corpus version {outcome.corpus_version}, build {outcome.build_id}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process) {peak:.0f} MB")


if __name__ == "__main__":
    main()
