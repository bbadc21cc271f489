"""The index on disk: built beside the live one, switched in atomically, loaded read-only.

Layout under the index directory: `builds/<build-id>/` holds the manifest,
chunk table, BM25 state, FAISS vectors and segmenter dictionary of one build;
`CURRENT` names the live build and is replaced with one rename, so a reader
sees the old build or the new one, never half of either.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import faiss
import numpy as np

from corpus.errors import PolicybotError
from corpus.facts import Fact, facts_of
from corpus.load import parser_version
from corpus.model import Document
from index.chunks import Chunk, chunk_documents
from index.dictionary import translations
from index.embed_cache import embed_passages
from index.encoders import Encoder
from index.places import covered, jurisdictions, romanised, spelt, spelt_unlisted
from index.postings import Postings
from index.segmenter import TABLE_FILE, TableSegmenter
from index.sounds import SOUNDS_FILE, Sounds, save_sounds
from index.term_cache import chunk_terms, save_terms
from index.tokenize import characters, fold, prepare, use

CHARACTERS = "bm25-characters"
DOCUMENTS = "documents.pickle"  # the documents as parsed for the build: a question needs no database to read them
HNSW_ABOVE = 20_000  # chunks; below it exact search is as fast and exact
_KEEP_BUILDS = 3


if TYPE_CHECKING:
    import bm25s


class IndexError_(PolicybotError, RuntimeError):
    """An index that cannot be used, with what to do about it."""


@dataclass
class SectionInfo:
    doc_id: str
    doc_title: str
    doc_version: int
    section_id: str
    label: str
    title: str


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict
    chunks: list[Chunk]
    sections: dict[str, SectionInfo]
    bm25: Postings
    vectors: faiss.Index
    vocabulary: frozenset[str]
    target_units: frozenset[str]
    places: frozenset[str]  # the divisions the corpus mentions (index.places.covered)
    own_places: frozenset[str]  # the divisions the documents are about (index.places.jurisdictions)
    romanised: dict[str, str]  # the other provinces and cities as English spells them → their names
    facts: list[Fact]  # the fact table of every document (corpus.facts), as built with this corpus version
    characters: Postings | None = None  # BM25 over each chunk's characters (index.tokenize.characters)
    sounds: Sounds | None = None  # the sounds of characters and of the corpus's words (index.sounds)

    @cached_property
    def documents(self) -> list[Document] | None:
        """The documents the build was made from (None: read them elsewhere), read when first asked for: a bot
        process takes them through the database's live corpus and never needs this copy."""
        return parsed_documents(self.path)

    @cached_property
    def text(self) -> str:
        """Every chunk's text, folded: where a question's phrase is looked up whole."""
        return "\n".join(fold(c.text) for c in self.chunks)


def corpus_hash(documents: list[Document]) -> str:
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(f"{doc.doc_id}\0{doc.version}\0{doc.content_hash}\0".encode())
    return digest.hexdigest()


def character_index(chunks: list[Chunk]) -> bm25s.BM25:
    """BM25 over the chunks' characters, heading included as for the words; a chunk without a Chinese character
    holds one that no question has."""
    import bm25s  # building only: a question reads the saved tables (index.postings)

    index = bm25s.BM25()
    index.index([characters(f"{c.heading} {c.text}") or ["\u2205"] for c in chunks], show_progress=False)
    return index


def unit_words(documents: list[Document]) -> list[str]:
    """Unit names the segmenter must keep whole."""
    return sorted({u for d in documents for s in d.sections for u in s.units})


def build_index(documents: list[Document], index_dir: Path, encoder: Encoder, corpus_version: int = 1,
                progress: Callable[[int, int], None] | None = None) -> Path:
    """Build a new index beside the live one and make it live; returns the build's directory."""
    build = stage_build(documents, index_dir, encoder, corpus_version, progress)
    switch(index_dir, build.name)
    return build


_PID_REUSED = 24 * 3600
_OWNER = re.compile(r"-(\d+)-\d+\.tmp$|^\.CURRENT\.(\d+)\.tmp$")  # the pid a staged build's name carries


def stage_build(documents: list[Document], index_dir: Path, encoder: Encoder, corpus_version: int = 1,
                progress: Callable[[int, int], None] | None = None) -> Path:
    """Build a new index beside the live one, complete on disk but not live until `switch`."""
    started = time.time()
    words = unit_words(documents)
    cutter = prepare(words)
    chunks = chunk_documents(documents)
    if not chunks:
        raise IndexError_("the corpus has no text to index")
    builds = index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    tmp = builds / f".{build_id}.tmp"
    tmp.mkdir()
    try:
        terms = chunk_terms(chunks, words, current_build(index_dir))
        import bm25s

        bm25 = bm25s.BM25()
        bm25.index(terms, show_progress=False)
        bm25.save(str(tmp / "bm25"))
        character_index(chunks).save(str(tmp / CHARACTERS))
        save_terms(tmp, terms)
        cutter.save(tmp / TABLE_FILE)
        save_sounds(tmp / SOUNDS_FILE, {*words, *(w for d in documents for s in d.sections
                                                   for w in cutter.tokenizer.cut(fold(s.text)))})
        places = covered(text for d in documents for text in (d.title, d.issuer, *(s.text for s in d.sections)))
        own = jurisdictions(text for d in documents for text in (d.title, d.issuer))
        vectors = _vectors(chunks, current_build(index_dir), encoder, index_dir / "embeddings", progress)
        faiss.write_index(vectors, str(tmp / "vectors.faiss"))
        sections = [
            {"doc_id": d.doc_id, "doc_title": d.title, "doc_version": d.version, "section_id": s.section_id,
             "label": s.label, "title": s.title}
            for d in documents for s in d.sections
        ]
        (tmp / "chunks.json").write_text(json.dumps([c.to_json() for c in chunks], ensure_ascii=False), "utf-8")
        (tmp / "sections.json").write_text(json.dumps(sections, ensure_ascii=False), "utf-8")
        facts = [f.to_json() for d in documents for f in facts_of(d)]
        with (tmp / DOCUMENTS).open("wb") as handle:
            pickle.dump((parser_version(), documents), handle, protocol=pickle.HIGHEST_PROTOCOL)
        (tmp / "facts.json").write_text(json.dumps(facts, ensure_ascii=False), "utf-8")
        manifest = {
            "build_id": build_id, "corpus_version": corpus_version, "corpus_hash": corpus_hash(documents),
            "documents": [[d.doc_id, d.version] for d in documents], "encoder": encoder.id, "dim": encoder.dim,
            "chunks": len(chunks), "facts": len(facts), "words": words,
            "target_units": sorted({t.unit for d in documents for s in d.sections for t in s.targets}),
            "places": sorted(places), "own_places": sorted(own), "romanised_places": romanised(places),
            "spelt_places": spelt_unlisted(d.place for d in documents if d.place) | spelt(places),
            "english": translations(term for chunk in terms for term in chunk),
            "vector_index": "hnsw" if len(chunks) > HNSW_ABOVE else "flat",
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "build_seconds": round(time.time() - started, 2),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        final = builds / build_id
        tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _vectors(chunks: list[Chunk], previous: Path | None, encoder: Encoder, cache_dir: Path,
             progress: Callable[[int, int], None] | None) -> faiss.Index:
    """The vector index of the chunks: the live one extended when only chunks were appended, else a new one.

    An HNSW graph is built by inserting vectors one by one, so extending the
    live graph with a new document's vectors gives what a full build would,
    at the cost of the new document only.
    """
    kind = "hnsw" if len(chunks) > HNSW_ABOVE else "flat"
    index, start = _extendable(previous, chunks, encoder, kind) or (_empty_index(kind, encoder.dim), 0)
    vectors = embed_passages([c.passage() for c in chunks[start:]], encoder, cache_dir, progress=progress)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _extendable(previous: Path | None, chunks: list[Chunk], encoder: Encoder,
                kind: str) -> tuple[faiss.Index, int] | None:
    """The live build's vector index and its size, when its chunks are exactly the first of the new ones."""
    if previous is None:
        return None
    try:
        manifest = json.loads((previous / "manifest.json").read_text("utf-8"))
        if (manifest["encoder"], manifest["vector_index"]) != (encoder.id, kind):
            return None
        old = json.loads((previous / "chunks.json").read_text("utf-8"))
        if len(old) > len(chunks) or any(Chunk(**o) != c for o, c in zip(old, chunks, strict=False)):
            return None
        index = faiss.read_index(str(previous / "vectors.faiss"))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):
        return None
    return (index, len(old)) if index.ntotal == len(old) and index.d == encoder.dim else None


def _empty_index(kind: str, dim: int) -> faiss.Index:
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
        return index
    return faiss.IndexFlatIP(dim)


def switch(index_dir: Path, build_id: str) -> None:
    """Make a staged build live with one rename, then drop all but the newest few builds."""
    pointer = index_dir / f".CURRENT.{os.getpid()}.tmp"
    pointer.write_text(build_id, "utf-8")
    os.replace(pointer, index_dir / "CURRENT")
    _prune(index_dir / "builds", keep=build_id)


def discard(build: Path) -> None:
    """Delete a staged build that never went live."""
    shutil.rmtree(build, ignore_errors=True)


def _prune(builds: Path, keep: str) -> None:
    """Drop all but the newest few builds; a reader still on an old one keeps its memory copy."""
    done = sorted((p for p in builds.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    for old in done[:-_KEEP_BUILDS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def remove_stale(index_dir: Path, older_than: float) -> int:
    """Delete staged builds and pointer temporaries an interrupted process left: at once when the process their
    name carries is gone from this host, else (a name without one) once untouched for `older_than` seconds;
    how many were removed. A live process's build stays however long it takes (up to a day: by then the pid
    is another process's)."""
    builds = index_dir / "builds"
    leftovers = [*builds.glob(".*.tmp"), *index_dir.glob(".CURRENT.*.tmp")] if index_dir.is_dir() else []
    removed = 0
    for path in leftovers:
        owner = _OWNER.search(path.name)
        try:
            pid = int(owner.group(1) or owner.group(2)) if owner else None
            age = time.time() - path.stat().st_mtime
            keep = (_alive(pid) and age < _PID_REUSED) if pid is not None else age < older_than
        except FileNotFoundError:  # its build finished and was renamed meanwhile
            continue
        if keep:
            continue
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    return index_dir / "builds" / pointer.read_text("utf-8").strip()


def read_manifest(index_dir: Path) -> dict:
    build = current_build(index_dir)
    if build is None:
        raise IndexError_(f"no index in {index_dir}: run `policybot index build`")
    try:
        return json.loads((build / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexError_(f"the index in {build} is damaged ({exc}): run `policybot index build`") from exc


def load_index(index_dir: Path, encoder: Encoder, documents: list[Document] | None = None) -> LoadedIndex:
    """The live index, checked against the encoder that will embed the questions. A build made before the fact
    table was kept takes its facts from `documents` (the corpus it was built from).

    The arrays are memory-mapped (the BM25 tables, a flat FAISS index): a
    process reads the pages a question touches, and processes share them.
    """
    manifest = read_manifest(index_dir)
    build = index_dir / "builds" / manifest["build_id"]
    if manifest["encoder"] != encoder.id or manifest["dim"] != encoder.dim:
        raise IndexError_(
            f"the index was built with encoder {manifest['encoder']} (dim {manifest['dim']}), not {encoder.id} "
            f"(dim {encoder.dim}): run `policybot index build` with the encoder you mean to use")
    try:
        chunks = [Chunk(**c) for c in json.loads((build / "chunks.json").read_text("utf-8"))]
        sections = {s["section_id"]: SectionInfo(**s)
                    for s in json.loads((build / "sections.json").read_text("utf-8"))}
        bm25 = Postings.load(build / "bm25")
        by_character = Postings.load(build / CHARACTERS) if (build / CHARACTERS).exists() else None
        vectors = _read_vectors(build / "vectors.faiss")
        prepared = TableSegmenter(build / TABLE_FILE) if (build / TABLE_FILE).exists() else None
        sounds = Sounds(build / SOUNDS_FILE) if (build / SOUNDS_FILE).exists() else None
        facts = ([Fact.from_json(f) for f in json.loads((build / "facts.json").read_text("utf-8"))]
                 if (build / "facts.json").exists() else [f for d in documents or () for f in facts_of(d)])
    except (OSError, ValueError, TypeError, KeyError, RuntimeError, sqlite3.Error) as exc:
        raise IndexError_(f"the index in {build} is damaged ({exc}): run `policybot index build`") from exc
    if len(chunks) != manifest["chunks"] or vectors.ntotal != len(chunks) or vectors.d != encoder.dim:
        raise IndexError_(f"the index in {build} is inconsistent: run `policybot index build`")
    if prepared is None:  # built before builds saved their segmenter: jieba's whole dictionary, as it was built with
        prepare(manifest.get("words", ()))
    else:
        use(prepared)
    if "places" in manifest:
        places, own, spelt = (frozenset(manifest["places"]), frozenset(manifest["own_places"]),
                              manifest["romanised_places"])
    else:  # built before the places were kept: Changzhi's own
        places = own = jurisdictions(())
        spelt = romanised(places)
    return LoadedIndex(build, manifest, chunks, sections, bm25, vectors, frozenset(bm25.vocabulary),
                       frozenset(manifest.get("target_units", ())), places, own, spelt, facts, by_character, sounds)


def _read_vectors(path: Path) -> faiss.Index:
    """The FAISS index memory-mapped where its kind allows, else read whole."""
    try:
        return faiss.read_index(str(path), faiss.IO_FLAG_MMAP)
    except RuntimeError:
        return faiss.read_index(str(path))


def parsed_documents(build: Path) -> list[Document] | None:
    """The documents a build was made from as they were parsed then, or None where they must be read again: a
    build made before builds kept them, by other parser code, or damaged. The file is the bot's own, written
    into its home with the rest of the build."""
    try:
        with (build / DOCUMENTS).open("rb") as handle:
            version, documents = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return documents if version == parser_version() else None
