"""Engines and schema: one URL (SQLite file or PostgreSQL), the schema kept current by Alembic.

The migrations live inside the package and run through Alembic's API, so an
installed policybot upgrades its own database on start without an alembic.ini,
and an upgrade keeps the data. A database already at `HEAD` is recognised by
one read of `alembic_version`, so a one-shot command (`policybot ask`) never
loads Alembic; `HEAD` is checked against the migration scripts by a test.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from corpus.errors import PolicybotError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT = 5  # seconds to reach a PostgreSQL server before a question goes on without it
HEAD = "0006"  # the newest migration's revision: bump it with every migration added


class DatabaseUrlError(PolicybotError):
    """A database URL of a kind the bot ships no driver for, naming the kinds it does."""


SHIPPED = {"sqlite": "pysqlite", "postgresql": "psycopg"}  # backend → the driver installed with the bot


def make_engine(url: str, **kwargs: object) -> Engine:
    """An engine for `url`; a SQLite file's directory is created and its writers wait instead of failing.

    `postgres://` and `postgresql://` (as hosting panels write them) mean the
    psycopg driver the bot ships; any other kind is refused naming the two.
    """
    parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
    backend = parsed.get_backend_name()
    if backend == "postgresql" and "+" not in parsed.drivername:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if SHIPPED.get(backend) != parsed.get_driver_name():
        raise DatabaseUrlError(f"POLICYBOT_DATABASE_URL: {parsed.drivername} is not a database the bot ships a "
                               "driver for; use sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE")
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if "connect_timeout" not in parsed.query:
        # a host that drops packets would otherwise hold each question for the OS's TCP timeout (minutes)
        kwargs.setdefault("connect_args", {"connect_timeout": CONNECT_TIMEOUT})
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """Foreign keys on; WAL so a reader never blocks the dispatcher's writes (NORMAL sync is safe under WAL)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (creating it on an empty database)."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(url: str) -> Engine:
    """An engine on an up-to-date schema: what every caller outside the tests wants."""
    engine = make_engine(url)
    if schema_revision(engine) != HEAD:
        upgrade(engine)
    return engine


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty one (no `alembic_version` yet)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None
