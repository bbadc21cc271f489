"""The reminder state as SQLModel tables: what must survive a restart and be shared by processes.

Every timestamp goes in and comes out as an aware UTC datetime
(`reminders.utc.UTCDateTime`), so comparisons never mix naive and aware times.
The unique key of `reminders` is the once-only guarantee's last line of
defence: the same project, unit, occasion and chat can never be planned twice.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from reminders.utc import UTCDateTime

PLATFORMS = ("telegram", "wecom", "console")
REMINDER_STATES = ("planned", "claimed", "sent", "failed", "cancelled")


class UnitRow(SQLModel, table=True):
    """A unit that can be responsible for a project and be bound to chats, by canonical name."""

    __tablename__ = "units"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    kind: str = Field(default="unit", max_length=20)  # unit | county | group | admins


class ChatBinding(SQLModel, table=True):
    """A chat that speaks for a unit: a Telegram chat id or a WeCom group-robot key."""

    __tablename__ = "chat_bindings"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "unit"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    chat_id: str = Field(max_length=200)
    unit: str = Field(max_length=100, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    active: bool = True


class ProjectRow(SQLModel, table=True):
    """A key project as the corpus last stated it, plus what people have said about it since."""

    __tablename__ = "key_projects"
    __table_args__ = (UniqueConstraint("doc_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    doc_id: str = Field(max_length=100)
    doc_title: str = Field(default="", max_length=300)
    number: int
    section_id: str = Field(default="", max_length=100)
    task: str
    deadline_text: str = Field(max_length=200)
    deadline_kind: str = Field(max_length=20)  # fixed | ongoing | external
    due_date: date | None = None
    admin_due_date: date | None = None
    status: str = Field(default="open", max_length=20)  # open | done
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def effective_due(self) -> date | None:
        """The date reminders count towards: the document's, or the one an admin set for `external`."""
        return self.due_date or self.admin_due_date


class ProjectUnit(SQLModel, table=True):
    """One responsible unit of a project, in the document's order (the first one leads)."""

    __tablename__ = "project_units"
    __table_args__ = (UniqueConstraint("project_id", "unit"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="key_projects.id", index=True)
    unit: str = Field(max_length=100)
    role: str = Field(max_length=10)  # lead | co
    position: int


class Reminder(SQLModel, table=True):
    """One message owed to one chat of one unit for one project on one occasion."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("project_id", "unit", "occasion", "binding_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="key_projects.id", index=True)
    unit: str = Field(max_length=100)
    via: str = Field(default="", max_length=100)  # the project's unit it stands for (a county's group)
    role: str = Field(default="co", max_length=10)
    occasion: str = Field(max_length=60)
    binding_id: int = Field(foreign_key="chat_bindings.id", index=True)
    scheduled_at: datetime = Field(sa_type=UTCDateTime, index=True)
    state: str = Field(default="planned", max_length=20, index=True)
    attempts: int = 0
    claim_token: str | None = Field(default=None, max_length=40, index=True)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str | None = None
    text: str | None = None


class SendAttempt(SQLModel, table=True):
    """Every try at delivering a reminder, whatever came of it."""

    __tablename__ = "send_attempts"

    id: int | None = Field(default=None, primary_key=True)
    reminder_id: int = Field(foreign_key="reminders.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    outcome: str = Field(max_length=20)  # sent | retry | failed
    error: str | None = None


class StatusReport(SQLModel, table=True):
    """A unit's /done or /progress, kept as said."""

    __tablename__ = "status_reports"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="key_projects.id", index=True)
    unit: str | None = Field(default=None, max_length=100)
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=200)
    kind: str = Field(max_length=20)  # done | progress
    text: str = ""
    at: datetime = Field(sa_type=UTCDateTime)


class AuditEntry(SQLModel, table=True):
    """Who changed what in the reminder state, and whether it worked."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)
    who: str = Field(max_length=200)
    action: str = Field(max_length=50)
    detail: str = ""
    result: str = Field(default="ok", max_length=200)


class ConversationRow(SQLModel, table=True):
    """What a conversation's last answer was about, so that a follow-up may leave it out.

    In the database, not in memory, so every webhook process behind one bot
    shares a conversation and a restart keeps it. One row per thread: a
    private chat, or one user's questions in a group.
    """

    __tablename__ = "conversations"

    platform: str = Field(primary_key=True, max_length=20)
    chat_id: str = Field(primary_key=True, max_length=200)
    user_id: str = Field(primary_key=True, max_length=200)
    section_id: str = Field(max_length=200)
    intent: str = Field(max_length=40)
    question: str = Field(max_length=2000)
    updated_at: datetime = Field(sa_type=UTCDateTime, index=True)


class FeedbackRow(SQLModel, table=True):
    """A declined question, or an answer a user marked wrong or useful: what a site's corpus and vocabulary
    miss. The person is kept only as the platform's user id."""

    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    kind: str = Field(max_length=20)  # declined | wrong | useful
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=200)
    question: str = Field(max_length=2000)
    answer: str = ""
    citations: str = ""  # section ids, best first, comma-separated
    corpus_version: int = 0
    note: str = ""
    answer_token: str | None = Field(default=None, max_length=32, index=True)  # the answer a verdict is on


class AnswerRow(SQLModel, table=True):
    """An answer as it was sent to a chat, kept for a week so a 👍/👎, a reply to it or 有用/不对 refers to
    exactly that answer: its words, citations and corpus version, and the subject a reply follows up."""

    __tablename__ = "answers_sent"
    __table_args__ = (Index("ix_answers_sent_message", "platform", "chat_id", "message_id"),
                      Index("ix_answers_sent_thread", "platform", "chat_id", "thread_user", "at"))

    id: int | None = Field(default=None, primary_key=True)  # the order answers were given in
    token: str = Field(max_length=32, unique=True)  # random: a button's callback cannot guess another's
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    platform: str = Field(max_length=20)
    chat_id: str = Field(max_length=200)
    thread_user: str = Field(default="", max_length=200)  # the thread it belongs to: "" in a private chat
    user_id: str = Field(max_length=200)
    message_id: str | None = Field(default=None, max_length=100)  # the platform's id, once sent
    question: str = Field(max_length=2000)
    answer: str = ""
    citations: str = ""  # section ids, best first, comma-separated
    corpus_version: int = 0
    declined: bool = False
    section_id: str = Field(default="", max_length=200)  # the subject a follow-up to it resolves against
    intent: str = Field(default="", max_length=40)
    subject_question: str = Field(default="", max_length=2000)


class DeliveryRow(SQLModel, table=True):
    """An update or message id a platform delivered, kept a day so it is answered once and at least once.

    Kept with its payload while `taken` (see `reminders.deliveries`): a process
    that dies before answering leaves it for another to take. Telegram
    redelivers an update after a 5xx or a restart before its offset moved,
    WeCom retries a callback within seconds; either may reach another process
    behind the same bot, so the memory is the shared database's.
    """

    __tablename__ = "deliveries_seen"

    platform: str = Field(primary_key=True, max_length=20)
    key: str = Field(primary_key=True, max_length=200)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    state: str = Field(default="answered", max_length=10, index=True)  # taken | answered
    owner: str = Field(default="", max_length=40)  # the process answering it (a random id per process)
    held_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # its lease's last renewal
    tries: int = 1
    payload: str = Field(default="", sa_type=Text)  # the update as received, until it is answered
