"""What every `policybot` subcommand shares: its one error, the `--now` option, questions from argv or a file."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TypeVar

from corpus.clock import utcnow
from corpus.errors import PolicybotError
from reminders.workdays import local

T = TypeVar("T")


class CommandError(PolicybotError):
    """A refusal or failure to report as one line, with a non-zero exit status."""


def parse_now(text: str | None) -> datetime:
    """`--now`: an ISO time, in office time unless it names its zone; the current time if absent."""
    if not text:
        return utcnow()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--now: not an ISO time: {text}") from None
    return local(moment).astimezone(UTC)


def questions(question: list[str], batch: str | None) -> list[tuple[object, str]]:
    """(id, question) pairs from --batch FILE (JSON lines) or the one question on the command line."""
    if batch:
        try:
            with open(batch, encoding="utf-8") as handle:
                rows = [json.loads(line) for line in handle if line.strip()]
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read batch file {batch}: {exc}") from exc
        if any(not isinstance(r, dict) or "question" not in r for r in rows):
            raise CommandError(f"{batch}: every line must be a JSON object with a \"question\"")
        return [(r.get("id"), str(r["question"])) for r in rows]
    if not question:
        raise CommandError("give a question, or --batch FILE")
    return [(None, " ".join(question))]


def timed(items: list[tuple[object, str]], handle: Callable[[str], T]) -> Iterator[tuple[object, T, float]]:
    """Each question with what `handle` made of it and the milliseconds it took (the `latency_ms` of the contract)."""
    for qid, question in items:
        started = time.perf_counter()
        done = handle(question)
        yield qid, done, (time.perf_counter() - started) * 1000
