"""Deliveries seen: platform update and message ids, so a redelivery reaching any process is answered once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries_seen",
        sa.Column("platform", sa.String(20), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_deliveries_seen_at", "deliveries_seen", ["at"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_seen_at", table_name="deliveries_seen")
    op.drop_table("deliveries_seen")
