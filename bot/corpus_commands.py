"""`policybot corpus add|list|remove|rollback`: the corpus admin flow (bot/corpus_admin.py) at the terminal.

A new version of a live document goes live only when confirmed: `--yes`, or
`y` at the prompt when the command runs in a terminal; a script without
`--yes` gets a refusal and exit status 1, and nothing changes.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from bot.app import App
from bot.corpus_admin import MB, CorpusAdmin, Outcome, Proposal
from bot.settings import Settings
from corpus.load import read_upload
from corpus.parse import CorpusError


def _admin(settings: Settings) -> CorpusAdmin:
    return CorpusAdmin(App(settings), who=f"cli:{getpass.getuser()}")


def _progress(done: int, total: int) -> None:
    """A one-line bar on stderr while the new passages are embedded (unchanged ones come from the cache)."""
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r正在生成向量 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
          end="" if done < total else "\n", file=sys.stderr, flush=True)


def _apply(admin: CorpusAdmin, proposal: Proposal) -> int:
    for line in proposal.describe():
        print(line)
    outcome: Outcome = admin.apply(proposal, _progress)
    print(f"已生效：语料版本 {outcome.corpus_version}，索引 {outcome.build_id}")
    print(outcome.reminders)
    return 0


def _confirmed(proposal: Proposal, yes: bool) -> bool:
    if yes or not proposal.needs_confirmation:
        return True
    if not sys.stdin.isatty():
        return False
    return input("确认上线？[y/N] ").strip().lower() in ("y", "yes", "是")


def cmd_corpus_add(args: argparse.Namespace, settings: Settings) -> int:
    admin = _admin(settings)
    path = Path(args.file)
    try:
        data = read_upload(path, settings.max_upload_mb * MB)
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


def cmd_corpus_list(args: argparse.Namespace, settings: Settings) -> int:
    rows = _admin(settings).listing()
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


def cmd_corpus_remove(args: argparse.Namespace, settings: Settings) -> int:
    admin = _admin(settings)
    return _apply(admin, admin.propose_remove(args.doc_id))


def cmd_corpus_rollback(args: argparse.Namespace, settings: Settings) -> int:
    admin = _admin(settings)
    return _apply(admin, admin.propose_rollback(args.doc_id, args.version))


def register(corpus: argparse._SubParsersAction) -> None:
    """Add the admin subcommands to `policybot corpus`."""
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
    rollback.add_argument("version", type=int)
    rollback.set_defaults(handler=cmd_corpus_rollback)
