"""The answer engine over the bundled plan, for the answer tests (a module that needs a fixed clock overrides it)."""

from __future__ import annotations

import pytest

from answers.answer import Answerer


@pytest.fixture(scope="module")
def answerer(searcher, plan, registry) -> Answerer:
    return Answerer(searcher, [plan], registry)
