"""The `policybot` command line: one subcommand per job, errors as one line on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from bot.settings import Settings
from corpus.load import bundled_documents
from corpus.model import Document
from corpus.parse import CorpusError
from corpus.units import UnitRegistry


class CommandError(Exception):
    """A refusal or failure to report as one line, with a non-zero exit status."""


def _documents() -> tuple[list[Document], UnitRegistry]:
    registry = UnitRegistry.default()
    return bundled_documents(registry), registry


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


def cmd_corpus_show(args: argparse.Namespace, settings: Settings) -> int:
    docs, _ = _documents()
    if args.json:
        print(json.dumps({"documents": [document_json(d) for d in docs]}, ensure_ascii=False, indent=1))
        return 0
    for doc in docs:
        print(f"{doc.title}  {doc.number}  [{doc.doc_id} v{doc.version}]")
        for s in doc.sections:
            if s.kind == "annex":
                continue
            co = "、".join(s.units[1:])
            print(f"  {s.section_id:<10} {s.label:<28} 牵头：{s.lead or '—'}" + (f"  参与：{co}" if co else ""))
        for p in doc.key_projects:
            due = p.due_date.isoformat() if p.due_date else p.deadline_kind
            print(f"  附表第{p.number}项  {p.deadline_text}（{due}）  {'、'.join(p.units)}\n      {p.task[:60]}")
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_console

    return run_console(settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policybot", description="长治市减污降碳协同增效实施方案 问答与督办助手")
    sub = parser.add_subparsers(dest="command", required=True)

    corpus = sub.add_parser("corpus", help="the documents and their structure").add_subparsers(
        dest="corpus_command", required=True)
    show = corpus.add_parser("show", help="sections, units and key projects")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_corpus_show)

    chat = sub.add_parser("chat", help="the console chat (as an admin)")
    chat.set_defaults(handler=cmd_chat)
    run = sub.add_parser("run", help="run the bot (the console chat unless a platform is named)")
    run.set_defaults(handler=cmd_chat)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, Settings], int] = args.handler
    try:
        return handler(args, Settings())
    except (CommandError, CorpusError) as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
