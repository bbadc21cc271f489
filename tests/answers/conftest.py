"""The answer engine over the bundled plan, for the answer tests (a module that needs a fixed clock overrides it)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from answers.answer import Answer, Answerer

NOW = datetime(2026, 12, 1, 1, tzinfo=UTC)  # 2026-12-01 in Changzhi: the day the conversations' expectations count from


def chat(answerer: Answerer, *questions: str, now: datetime = NOW) -> list[Answer]:
    """The answers of one conversation, each question resolved against the one before."""
    previous, out = None, []
    for question in questions:
        answer = answerer.answer(question, now, previous)
        previous = answer.subject
        out.append(answer)
    return out


def answerer_over(docs: list, path: Path, encoder, registry) -> Answerer:
    """The answer engine over these documents, indexed in `path` (a test's own folder)."""
    from index.search import Searcher
    from index.store import build_index, load_index

    build_index(docs, path, encoder)
    return Answerer(Searcher(load_index(path, encoder), encoder), docs, registry)


@pytest.fixture(scope="module")
def answerer(searcher, plan, registry) -> Answerer:
    return Answerer(searcher, [plan], registry)
