"""Answers as sent: what each chat answer said and cited, so buttons, replies and verdicts refer to it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answers_sent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(32), nullable=False, unique=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("chat_id", sa.String(200), nullable=False),
        sa.Column("thread_user", sa.String(200), nullable=False),
        sa.Column("user_id", sa.String(200), nullable=False),
        sa.Column("message_id", sa.String(100), nullable=True),
        sa.Column("question", sa.String(2000), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("citations", sa.String(), nullable=False),
        sa.Column("corpus_version", sa.Integer(), nullable=False),
        sa.Column("declined", sa.Boolean(), nullable=False),
        sa.Column("section_id", sa.String(200), nullable=False),
        sa.Column("intent", sa.String(40), nullable=False),
        sa.Column("subject_question", sa.String(2000), nullable=False),
    )
    op.create_index("ix_answers_sent_at", "answers_sent", ["at"])
    op.create_index("ix_answers_sent_message", "answers_sent", ["platform", "chat_id", "message_id"])
    op.create_index("ix_answers_sent_thread", "answers_sent", ["platform", "chat_id", "thread_user", "at"])
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("answer_token", sa.String(32), nullable=True))
        batch.create_index("ix_feedback_answer_token", ["answer_token"])


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("ix_feedback_answer_token")
        batch.drop_column("answer_token")
    op.drop_index("ix_answers_sent_thread", table_name="answers_sent")
    op.drop_index("ix_answers_sent_message", table_name="answers_sent")
    op.drop_index("ix_answers_sent_at", table_name="answers_sent")
    op.drop_table("answers_sent")
