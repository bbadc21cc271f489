"""The reminder tables: units, chat bindings, key projects, reminders, attempts, reports, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
    )
    op.create_table(
        "chat_bindings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("chat_id", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False, index=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("platform", "chat_id", "unit"),
    )
    op.create_table(
        "key_projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("doc_id", sa.String(100), nullable=False),
        sa.Column("doc_title", sa.String(300), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(100), nullable=False),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("deadline_text", sa.String(200), nullable=False),
        sa.Column("deadline_kind", sa.String(20), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("admin_due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("done_at", TS, nullable=True),
        sa.Column("removed_at", TS, nullable=True),
        sa.UniqueConstraint("doc_id", "number"),
    )
    op.create_table(
        "project_units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("key_projects.id"), nullable=False, index=True),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("project_id", "unit"),
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("key_projects.id"), nullable=False, index=True),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("via", sa.String(100), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("occasion", sa.String(60), nullable=False),
        sa.Column("binding_id", sa.Integer(), sa.ForeignKey("chat_bindings.id"), nullable=False, index=True),
        sa.Column("scheduled_at", TS, nullable=False, index=True),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim_token", sa.String(40), nullable=True, index=True),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("text", sa.String(), nullable=True),
        sa.UniqueConstraint("project_id", "unit", "occasion", "binding_id"),
    )
    op.create_table(
        "send_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reminder_id", sa.Integer(), sa.ForeignKey("reminders.id"), nullable=False, index=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("error", sa.String(), nullable=True),
    )
    op.create_table(
        "status_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("key_projects.id"), nullable=False, index=True),
        sa.Column("unit", sa.String(100), nullable=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("user_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("at", TS, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("result", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    for table in ("audit_log", "status_reports", "send_attempts", "reminders", "project_units", "key_projects",
                  "chat_bindings", "units"):
        op.drop_table(table)
