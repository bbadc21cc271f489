"""What every `policybot` subcommand shares: its one error, the `--now` option, questions from argv or a file."""

from __future__ import annotations

import json
import os
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


def decoded(data: bytes) -> str:
    """Text as officials' machines write it: UTF-8, else GB18030 (a GBK terminal or file); never an exception."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def questions(question: list[str], batch: str | None) -> list[tuple[object, str]]:
    """(id, question) pairs from --batch FILE (JSON lines) or the one question on the command line.

    A batch line that is not a JSON object with a question stops nothing: it
    becomes an empty question, answered (like any empty one) with what to ask.
    """
    if batch:
        try:
            with open(batch, "rb") as handle:
                lines = [decoded(line) for line in handle if line.strip()]
        except OSError as exc:
            raise CommandError(f"cannot read batch file {batch}: {exc}") from exc
        return [_batch_row(line) for line in lines]
    if not question:
        raise CommandError("give a question, or --batch FILE")
    return [(None, " ".join(decoded(os.fsencode(word)) for word in question))]  # argv as the terminal sent it


def _batch_row(line: str) -> tuple[object, str]:
    try:
        row = json.loads(line)
    except ValueError:
        return None, ""
    if not isinstance(row, dict):
        return None, ""
    return row.get("id"), str(row.get("question") or "")


def timed(items: list[tuple[object, str]], handle: Callable[[str], T]) -> Iterator[tuple[object, T, float]]:
    """Each question with what `handle` made of it and the milliseconds it took (the `latency_ms` of the contract)."""
    for qid, question in items:
        started = time.perf_counter()
        done = handle(question)
        yield qid, done, (time.perf_counter() - started) * 1000
