"""Shared fixtures: the real bundled plan, parsed once per session."""

from __future__ import annotations

import pytest

from corpus.load import bundled_documents
from corpus.model import Document
from corpus.units import UnitRegistry


@pytest.fixture(scope="session")
def registry() -> UnitRegistry:
    return UnitRegistry.default()


@pytest.fixture(scope="session")
def plan(registry: UnitRegistry) -> Document:
    (doc,) = bundled_documents(registry)
    return doc
