"""Conversations and feedback: each chat thread's last subject, for follow-ups; declined and marked answers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("platform", sa.String(20), primary_key=True),
        sa.Column("chat_id", sa.String(200), primary_key=True),
        sa.Column("user_id", sa.String(200), primary_key=True),
        sa.Column("section_id", sa.String(200), nullable=False),
        sa.Column("intent", sa.String(40), nullable=False),
        sa.Column("question", sa.String(2000), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("user_id", sa.String(200), nullable=False),
        sa.Column("question", sa.String(2000), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("citations", sa.String(), nullable=False),
        sa.Column("corpus_version", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_index("ix_feedback_at", "feedback", ["at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_at", table_name="feedback")
    op.drop_table("feedback")
    op.drop_index("ix_conversations_updated_at", table_name="conversations")
    op.drop_table("conversations")
