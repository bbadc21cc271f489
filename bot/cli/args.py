"""What every `policybot` subcommand shares: its one error, the `--now` option, questions from argv or a file,
the embedding progress bar."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple, TypeVar

from corpus.clock import utcnow
from corpus.errors import PolicybotError
from corpus.load import read_upload
from reminders.workdays import local

T = TypeVar("T")


class CommandError(PolicybotError):
    """A refusal or failure to report as one line, with a non-zero exit status."""


def progress_bar(done: int, total: int) -> None:
    """A one-line bar on stderr while passages are embedded (unchanged ones come from the cache)."""
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r正在生成向量 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
          end="" if done < total else "\n", file=sys.stderr, flush=True)


def parse_now(text: str | None) -> datetime:
    """`--now`: an ISO time, in office time unless it names its zone; the current time if absent."""
    if not text:
        return utcnow()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--now: not an ISO time: {text}") from None
    if not EARLIEST <= moment.year <= LATEST:  # 0001-01-01 in office time is before the first UTC moment there is
        raise CommandError(f"--now: {text} is out of range (years {EARLIEST}–{LATEST})")
    return local(moment).astimezone(UTC)


EARLIEST, LATEST = 1970, 9998


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, else argparse's error naming the argument (a
    version of 23 digits would otherwise reach the database and fail there as an overflow)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, not {value}")
        return value

    return parse


def decoded(data: bytes) -> str:
    """Text as officials' machines write it: UTF-8, else GB18030 (a GBK terminal or file); never an exception."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


class Asked(NamedTuple):
    """One question to answer: its id, its text, and the conversation it belongs to (a batch line's "chat" and
    "user"; None for a question on its own)."""

    qid: object
    question: str
    conversation: str | None = None


def questions(question: list[str], batch: str | None, max_bytes: int) -> list[Asked]:
    """The questions of --batch FILE (JSON lines, at most `max_bytes`) or the one question on the command line.

    A batch line that is not a JSON object with a question stops nothing: it
    becomes an empty question, answered (like any empty one) with what to ask.
    """
    if batch:
        lines = read_upload(Path(batch), max_bytes).splitlines()
        return [_batch_row(decoded(line)) for line in lines if line.strip()]
    if not question:
        raise CommandError("give a question, or --batch FILE")
    return [Asked(None, " ".join(decoded(os.fsencode(word)) for word in question))]  # argv as the terminal sent it


def _batch_row(line: str) -> Asked:
    try:
        row = json.loads(line)
    except ValueError:
        return Asked(None, "")
    if not isinstance(row, dict):
        return Asked(None, "")
    chat = row.get("chat")
    conversation = None if chat is None else f"{chat}\x00{row.get('user', '')}"
    return Asked(row.get("id"), str(row.get("question") or ""), conversation)


def timed(items: list[Asked], handle: Callable[[Asked], T]) -> Iterator[tuple[object, T, float]]:
    """Each question with what `handle` made of it and the milliseconds it took (the `latency_ms` of the contract)."""
    for item in items:
        started = time.perf_counter()
        done = handle(item)
        yield item.qid, done, (time.perf_counter() - started) * 1000
