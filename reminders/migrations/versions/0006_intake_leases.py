"""Intake at least once: a delivery is taken with a lease and its payload, and marked answered after the reply.

Rows seen before this migration were answered (or given up) by the process
that took them, so they default to `answered`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries_seen") as table:
        table.add_column(sa.Column("state", sa.String(10), nullable=False, server_default="answered"))
        table.add_column(sa.Column("owner", sa.String(40), nullable=False, server_default=""))
        table.add_column(sa.Column("held_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("tries", sa.Integer(), nullable=False, server_default="1"))
        table.add_column(sa.Column("payload", sa.Text(), nullable=False, server_default=""))
        table.create_index("ix_deliveries_seen_state", ["state"])


def downgrade() -> None:
    with op.batch_alter_table("deliveries_seen") as table:
        table.drop_index("ix_deliveries_seen_state")
        for name in ("payload", "tries", "held_at", "owner", "state"):
            table.drop_column(name)
