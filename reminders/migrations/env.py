"""Alembic environment for the reminder tables, run from `reminders.db.upgrade` with a live connection.

No alembic.ini: the caller passes its connection in `config.attributes`, so
migrations run wherever the package is installed, against the caller's URL.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import reminders.corpus_records  # the corpus tables, registered on SQLModel.metadata like the reminder tables
import reminders.models  # noqa: F401  (registers the tables on SQLModel.metadata)

IGNORED_TABLES = {"apscheduler_jobs"}  # APScheduler's job store manages its own table


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    return not (type_ == "table" and name in IGNORED_TABLES)


connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata, include_object=include_object,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
