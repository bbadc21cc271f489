"""Admins changing the corpus: add a document or a new version, remove one, roll one back.

One platform-neutral flow for the command line and every chat: a change is
first *proposed* (the upload read, parsed and compared with what is live,
nothing written), shown to the admin, and then *applied*: the version's files
are written, the new index is built beside the live one, the database commit
makes it live, the index pointer follows, and the reminders are re-planned
from the new key projects. Every step before the commit is undone on failure.
Every proposal refused and every change applied or failed is in the audit log.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from bot.library.live import LiveCorpus, Progress
from bot.library.versions import check_doc_id, store_version, stored_version, text_path, version_document
from corpus.changes import ChangeSummary, summarize
from corpus.clock import utcnow
from corpus.errors import CorpusError
from corpus.extract import Extracted, extract
from corpus.identity import document_number, document_title
from corpus.load import BUNDLED_DOC_ID, bundled_documents, content_hash, document_from_text
from corpus.model import Document
from index.chunks import chunk_documents
from reminders import service
from reminders.corpus_records import DocumentVersion, LiveDocument

log = logging.getLogger(__name__)
MB = 1024 * 1024


@dataclass
class Proposal:
    """A change shown to the admin before it goes live."""

    action: str  # add | remove | rollback
    doc_id: str
    version: int | None  # the version that goes live (None when removing)
    document: Document | None  # that version, parsed
    previous: Document | None  # the live version it replaces
    summary: ChangeSummary
    upload: bytes = b""
    extracted: Extracted | None = None
    source_name: str = ""

    @property
    def needs_confirmation(self) -> bool:
        """A new version of a live document changes what officials are told: the admin confirms it."""
        return self.action == "add" and self.previous is not None

    def describe(self) -> list[str]:
        """The change in Chinese, for the terminal and the chat alike."""
        doc, old = self.document, self.previous
        if self.action == "remove":
            assert old is not None
            head = f"删除《{old.title}》（{self.doc_id}，现行第{old.version}版）"
        elif self.action == "rollback":
            assert doc is not None
            head = f"回退《{doc.title}》（{self.doc_id}）到第{doc.version}版" + (
                f"（现行第{old.version}版）" if old else "（当前已删除）")
        elif old is None:
            assert doc is not None
            head = (f"新增《{doc.title}》（{self.doc_id}，第{doc.version}版"
                    + (f"，{doc.number}" if doc.number else "") + f"）：{len(doc.sections)}个章节，"
                    f"{len(doc.key_projects)}项重点工程")
        else:
            assert doc is not None
            head = f"《{doc.title}》（{self.doc_id}）新版本：第{old.version}版 → 第{doc.version}版"
        lines = [head, *self.summary.lines(), *(doc.notes if doc is not None and self.action != "remove" else [])]
        if self.action == "add" and old is not None and self.summary.empty:
            lines.append("内容结构无变化（仅文字格式不同）")
        return lines


@dataclass
class Outcome:
    proposal: Proposal
    corpus_version: int
    build_id: str
    reminders: str  # what the reminders did, or why they will catch up later


def _slug(name: str) -> str:
    stem = Path(name).stem.lower()
    return re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-._")[:64]


EMBEDDED_PER_SECOND = 8  # the default encoder on two cores (bench.retrieval), for the refusal's estimate


@dataclass
class CorpusAdmin:
    """The corpus changes one admin (`who`, as platform:user_id) asks for."""

    library: LiveCorpus
    who: str
    max_bytes: int
    max_chars: int = 500_000  # the extracted text of one upload
    max_passages: int = 800  # its passages to embed: an add stays under two minutes

    # --- audit --------------------------------------------------------------------------------------

    def _audit(self, action: str, detail: str, result: str) -> None:
        """Recorded in its own transaction, so a refusal or failure is kept although the change is not."""
        with Session(self.library.database) as session:
            service.audit(session, self.who, action, detail[:1000], utcnow(), result=result[:200])
            session.commit()

    def refuse(self, action: str, detail: str, reason: str) -> CorpusError:
        self._audit(action, detail, f"refused: {reason}")
        return CorpusError(reason)

    def decline(self, proposal: Proposal) -> None:
        """The admin did not confirm: recorded, nothing changed."""
        self._audit(f"corpus-{proposal.action}", self._detail(proposal), "not confirmed")

    @staticmethod
    def _detail(p: Proposal) -> str:
        name = f" from {p.source_name}" if p.source_name else ""
        return f"{p.doc_id} v{p.version}{name}: " + " | ".join(p.summary.lines()) if p.version else p.doc_id

    # --- proposals ----------------------------------------------------------------------------------

    def _versions(self, session: Session) -> list[DocumentVersion]:
        return list(session.exec(select(DocumentVersion).order_by(col(DocumentVersion.doc_id),
                                                                  col(DocumentVersion.version))))

    def _live(self) -> dict[str, Document]:
        self.library.refresh()
        return {d.doc_id: d for d in self.library.documents}

    def propose_add(self, data: bytes, name: str, doc_id: str | None = None, title: str | None = None) -> Proposal:
        """Read and parse an upload and compare it with what is live; nothing is written."""
        detail = f"{name} ({len(data)} bytes)" + (f" as {doc_id}" if doc_id else "")
        try:
            extracted = extract(data, name, self.max_bytes)
            if doc_id:
                check_doc_id(doc_id)
        except CorpusError as exc:
            raise self.refuse("corpus-add", detail, str(exc)) from None
        text = extracted.text
        number = document_number(text)
        live = self._live()
        with Session(self.library.database) as session:
            stored = self._versions(session)
        digest = content_hash(text)
        for doc in [*bundled_documents(self.library.registry), *live.values()]:
            if doc.content_hash == digest:
                raise self.refuse("corpus-add", detail, f"{name}: the same content is already in the corpus as "
                                  f"{doc.doc_id} v{doc.version}; nothing changed")
        for row in stored:
            if row.content_hash == digest:
                raise self.refuse("corpus-add", detail, f"{name}: the same content is version {row.version} of "
                                  f"{row.doc_id}; to make it live again: policybot corpus rollback {row.doc_id} "
                                  f"{row.version}; nothing changed")
        if not doc_id and number:
            doc_id = next((d.doc_id for d in live.values() if d.number == number), None) or next(
                (r.doc_id for r in stored if r.number == number), None)
        doc_id = doc_id or _slug(name)
        if not doc_id or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", doc_id):
            doc_id = f"doc-{digest[:8]}"
        known = [r.version for r in stored if r.doc_id == doc_id]
        bundled = {d.doc_id: d.version for d in bundled_documents(self.library.registry)}
        version = max([*known, bundled.get(doc_id, 0)]) + 1
        if len(text) > self.max_chars:
            raise self.refuse("corpus-add", detail, f"{name}: {len(text):,} characters of text, over the cap of "
                              f"{self.max_chars:,} per upload (POLICYBOT_MAX_UPLOAD_CHARS); split the file or raise "
                              "the cap; nothing changed")
        try:
            document = document_from_text(text, self.library.registry, doc_id=doc_id, title=title or None,
                                          version=version, bare_ids=doc_id == BUNDLED_DOC_ID, number=number)
        except CorpusError as exc:
            raise self.refuse("corpus-add", detail, f"{name}: {exc}") from None
        self._check_size(document, detail, name)
        if not title and not document_title(text):
            document.title = Path(name).stem
        previous = live.get(doc_id)
        return Proposal("add", doc_id, version, document, previous, summarize(previous, document), data, extracted,
                        name)

    def _check_size(self, document: Document, detail: str, name: str) -> None:
        """Refuse before anything is embedded when the passages would take longer than an admin should wait."""
        passages = len(chunk_documents([document]))
        if passages > self.max_passages:
            raise self.refuse("corpus-add", detail, f"{name}: {passages:,} passages to embed, over the cap of "
                              f"{self.max_passages:,} per upload (POLICYBOT_MAX_UPLOAD_PASSAGES: about "
                              f"{self.max_passages // EMBEDDED_PER_SECOND} s of embedding); split the file or raise "
                              "the cap; nothing changed")

    def propose_remove(self, doc_id: str) -> Proposal:
        live = self._live()
        if doc_id == BUNDLED_DOC_ID:
            raise self.refuse("corpus-remove", doc_id, f"{doc_id} is the bundled plan and cannot be removed; "
                              "add a new version of it instead")
        if doc_id not in live:
            raise self.refuse("corpus-remove", doc_id, f"no live document {doc_id} (see policybot corpus list)")
        previous = live[doc_id]
        return Proposal("remove", doc_id, None, None, previous, summarize(previous, None))

    def propose_rollback(self, doc_id: str, version: int) -> Proposal:
        live = self._live()
        detail = f"{doc_id} v{version}"
        bundled = {d.doc_id: d for d in bundled_documents(self.library.registry)}
        if doc_id in bundled and version == bundled[doc_id].version:
            document = bundled[doc_id]
        else:
            with Session(self.library.database) as session:
                row = stored_version(session, doc_id, version)
            if row is None:
                raise self.refuse("corpus-rollback", detail, f"{doc_id} has no version {version} "
                                  "(see policybot corpus list)")
            document = version_document(self.library.home, row, self.library.registry)
        previous = live.get(doc_id)
        if previous is not None and previous.version == version:
            raise self.refuse("corpus-rollback", detail, f"{doc_id} v{version} is already live; nothing changed")
        return Proposal("rollback", doc_id, version, document, previous, summarize(previous, document))

    # --- applying -----------------------------------------------------------------------------------

    def apply(self, proposal: Proposal, progress: Progress | None = None) -> Outcome:
        """Make the proposal live, atomically; on failure nothing changed and the reason is raised."""
        p = proposal
        self.library.tidy()  # an earlier add killed mid-way leaves nothing for long
        documents = self._live()
        if p.document is None:
            documents.pop(p.doc_id, None)
        else:
            documents[p.doc_id] = p.document
        written: list[Path] = []
        now = utcnow()

        def change(session: Session) -> None:
            if p.action == "add":
                assert p.document is not None and p.extracted is not None and p.version is not None
                stored = text_path(self.library.home, p.doc_id, p.version)
                session.add(DocumentVersion(
                    doc_id=p.doc_id, version=p.version, title=p.document.title, number=p.document.number,
                    content_hash=p.document.content_hash, kind=p.extracted.kind, source_name=p.source_name[:300],
                    stored=str(stored.relative_to(self.library.home)), added_by=self.who, added_at=now))
            live = session.get(LiveDocument, p.doc_id)
            if p.version is None:
                if live is not None:
                    session.delete(live)
            elif live is None:
                session.add(LiveDocument(doc_id=p.doc_id, version=p.version, changed_at=now))
            else:
                live.version, live.changed_at = p.version, now
                session.add(live)

        try:
            if p.action == "add":
                assert p.extracted is not None and p.version is not None
                written = store_version(self.library.home, p.doc_id, p.version, p.upload, p.extracted)
            build = self.library.publish(list(documents.values()), change, progress)  # a new document comes last
        except Exception as exc:
            for path in written:
                path.unlink(missing_ok=True)
            if written and not any(written[0].parent.iterdir()):
                written[0].parent.rmdir()
            reason = str(exc) if isinstance(exc, CorpusError) else f"{type(exc).__name__}: {exc}"
            self._audit(f"corpus-{p.action}", self._detail(p), f"failed: {reason}")
            raise CorpusError(f"{reason}; nothing changed") from exc
        self._audit(f"corpus-{p.action}", self._detail(p), "ok")
        reminders = self._replan(now)
        return Outcome(p, self.library.corpus_version(), build.name, reminders)

    def _replan(self, now: datetime) -> str:
        """Key projects follow the corpus: new ones planned, changed deadlines re-planned, removed ones cancelled.

        The projects are derived state: every entry point syncs them from the
        live corpus, so a failure here is repaired by the next one.
        """
        try:
            with Session(self.library.database) as session:
                synced = service.sync_corpus(session, self.library.registry, self.library.documents, now)
                planned = service.plan(session, now)
        except Exception:
            log.exception("re-planning reminders after a corpus change failed")
            return "提醒计划未能更新，将在下次启动或下一条命令时自动补做"
        return (f"重点工程：新增{len(synced.added)}项，变更{len(synced.changed)}项，移除{len(synced.removed)}项；"
                f"提醒：新计划{planned.created}条，取消{planned.cancelled}条")

    # --- listing ------------------------------------------------------------------------------------

    def listing(self) -> list[dict]:
        """Every document with its live version (None when removed) and all its versions."""
        live = self._live()
        with Session(self.library.database) as session:
            stored = self._versions(session)
        out: dict[str, dict] = {}
        for doc in bundled_documents(self.library.registry):
            out[doc.doc_id] = {"doc_id": doc.doc_id, "versions": [{
                "version": doc.version, "title": doc.title, "number": doc.number, "kind": "bundled",
                "source_name": "", "added_by": "", "added_at": None}]}
        for row in stored:
            entry = out.setdefault(row.doc_id, {"doc_id": row.doc_id, "versions": []})
            entry["versions"].append({"version": row.version, "title": row.title, "number": row.number,
                                      "kind": row.kind, "source_name": row.source_name, "added_by": row.added_by,
                                      "added_at": row.added_at.isoformat()})
        for doc_id, entry in out.items():
            doc = live.get(doc_id)
            entry["live_version"] = doc.version if doc else None
            newest = entry["versions"][-1]
            entry["title"] = doc.title if doc else newest["title"]
            entry["number"] = doc.number if doc else newest["number"]
            entry["sections"] = len(doc.sections) if doc else 0
            entry["key_projects"] = len(doc.key_projects) if doc else 0
        return list(out.values())
