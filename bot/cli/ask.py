"""`policybot ask` and `policybot search`: questions from the command line, answered as a chat would answer them."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from bot.app import App
from bot.cli.args import Asked, questions, timed, whole_number


def cmd_ask(args: argparse.Namespace, app: App) -> int:
    """Answer each question; batch lines of one chat (and user) are one conversation, in file order, so a
    follow-up takes what it leaves out from the answer before it — as in a chat."""
    from answers import Answer, Subject, answer_json

    asked = questions(args.question, args.batch, app.max_upload_bytes)
    answerer = app.standalone_answerer()
    subjects: dict[str | None, Subject | None] = {}  # a line without a chat is never stored: it stands alone

    def ask(item: Asked) -> Answer:
        answer = answerer.answer(item.question, previous=subjects.get(item.conversation))
        if item.conversation is not None:
            subjects[item.conversation] = answer.subject
        return answer

    for qid, answer, latency in timed(asked, ask):
        if args.json or args.batch:
            print(json.dumps(answer_json(qid, answer, latency), ensure_ascii=False), flush=True)
            continue
        print(answer.text)
        for citation in answer.citations[:3]:
            source = "相近" if answer.abstained else "出处"
            print(f"  {source}：《{citation.doc_title}》{citation.section_label}：「{citation.quote}」")
    return 0


def cmd_search(args: argparse.Namespace, app: App) -> int:
    from answers import Answer, answer_json, cite
    from index.abstain import Abstention, decide
    from index.search import SearchResult

    asked = questions(args.question, args.batch, app.max_upload_bytes)
    searcher = app.standalone_answerer().searcher

    def search(question: str) -> tuple[SearchResult, Abstention | None]:
        result = searcher.search(question, k=args.k)
        return result, decide(question, result, searcher.index)

    for qid, (result, abstention), latency in timed(asked, lambda item: search(item.question)):
        if args.json or args.batch:
            found = Answer(result.question, "search", "", abstention is not None, [cite(h) for h in result.hits])
            print(json.dumps(answer_json(qid, found, latency), ensure_ascii=False), flush=True)
            continue
        if abstention:
            print(f"（{abstention.reason}）")
        for rank, hit in enumerate(result.hits, 1):
            print(f"{rank}. [{hit.section_id}] {hit.label}  ({hit.score:.3f})\n   「{hit.quote}」")
    return 0


def _question_parser(sub: argparse._SubParsersAction, name: str, help_text: str,
                     handler: Callable[[argparse.Namespace, App], int]) -> argparse.ArgumentParser:
    """`search` and `ask` take the same question, or a --batch file, and the same --json."""
    parser = sub.add_parser(name, help=help_text)
    parser.add_argument("question", nargs="*")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--batch", metavar="FILE", help="JSON lines with id and question")
    parser.set_defaults(handler=handler)
    return parser


def register(sub: argparse._SubParsersAction) -> None:
    search = _question_parser(sub, "search", "ranked sections for a question", cmd_search)
    search.add_argument("-k", type=whole_number(1, 100), default=5)
    _question_parser(sub, "ask", "a short cited answer to a question", cmd_ask)
