"""Conversation context: the subject of a thread's last answer, for its next question, for 30 minutes.

A follow-up (那截止时间呢？) is resolved against what the thread asked last;
after `CONTEXT_MINUTES` of silence, a declined answer or `/reset` there is
nothing to resolve it against, and the bot asks what it refers to. Rows
older than that are removed whenever a thread is read, so the table holds
only live conversations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete

from reminders.models import ConversationRow

CONTEXT_MINUTES = 30


@dataclass(frozen=True)
class Thread:
    """Whose questions follow each other: a private chat, or one user in a group."""

    platform: str
    chat_id: str
    user_id: str


@dataclass(frozen=True)
class Context:
    section_id: str
    intent: str
    question: str


def recall(session: Session, thread: Thread, now: datetime) -> Context | None:
    """The thread's last subject if it is fresh; expired rows of every thread are removed on the way."""
    session.exec(delete(ConversationRow).where(
        col(ConversationRow.updated_at) < now - timedelta(minutes=CONTEXT_MINUTES)))
    row = session.get(ConversationRow, (thread.platform, thread.chat_id, thread.user_id))
    session.commit()
    return Context(row.section_id, row.intent, row.question) if row else None


def remember(session: Session, thread: Thread, context: Context | None, now: datetime, retry: bool = True) -> None:
    """Keep what the thread's answer was about; None (a decline, /reset) forgets it."""
    row = session.get(ConversationRow, (thread.platform, thread.chat_id, thread.user_id))
    if context is None:
        if row:
            session.delete(row)
    elif row:
        row.section_id, row.intent, row.question, row.updated_at = (
            context.section_id, context.intent, context.question[:2000], now)
        session.add(row)
    else:
        session.add(ConversationRow(platform=thread.platform, chat_id=thread.chat_id, user_id=thread.user_id,
                                    section_id=context.section_id, intent=context.intent,
                                    question=context.question[:2000], updated_at=now))
    try:
        session.commit()
    except IntegrityError:  # another process kept this thread's first subject a moment before: keep ours
        session.rollback()
        if not retry:
            raise
        remember(session, thread, context, now, retry=False)
