"""Answers as they were sent to a chat, kept for a week, so a verdict or a reply refers to exactly one.

A 👍/👎 button carries the answer's random token; a reply to one of the bot's
messages names its message id; `有用`/`不对` typed after an answer means the
thread's latest. Each needs what that answer said, cited and was about, and
the row also says which chat and message it went to, so a button pressed
under another message, or a token from elsewhere, is recognised as forged.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from reminders.conversations import Context, Thread
from reminders.models import AnswerRow

KEEP_DAYS = 7  # feedback on an answer older than this is refused as expired


def keep(session: Session, thread: Thread, *, user_id: str, question: str, answer: str, citations: tuple[str, ...],
         corpus_version: int, declined: bool, subject: Context | None, at: datetime) -> str:
    """Add an answer about to be sent, for the caller to commit (with the decline's record, if it is one);
    its token. Rows past `KEEP_DAYS` are removed on the way."""
    session.exec(delete(AnswerRow).where(col(AnswerRow.at) < at - timedelta(days=KEEP_DAYS)))
    token = secrets.token_hex(8)
    session.add(AnswerRow(
        token=token, at=at, platform=thread.platform, chat_id=thread.chat_id, thread_user=thread.user_id,
        user_id=user_id, question=question[:2000], answer=answer, citations=",".join(citations),
        corpus_version=corpus_version, declined=declined, section_id=subject.section_id if subject else "",
        intent=subject.intent if subject else "", subject_question=subject.question[:2000] if subject else ""))
    return token


def delivered(session: Session, token: str, message_id: str) -> None:
    """The platform's id of the message that carried the answer (its last part, where the buttons are)."""
    row = by_token(session, token)
    if row is not None:
        row.message_id = message_id
        session.add(row)
        session.commit()


def by_token(session: Session, token: str) -> AnswerRow | None:
    return session.exec(select(AnswerRow).where(AnswerRow.token == token)).first() if token else None


def replied_to(session: Session, platform: str, chat_id: str, message_id: str) -> AnswerRow | None:
    """The answer a message of the bot's carried, if it was one."""
    return session.exec(select(AnswerRow).where(
        AnswerRow.platform == platform, AnswerRow.chat_id == chat_id, AnswerRow.message_id == message_id)).first()


def latest(session: Session, thread: Thread, since: datetime) -> AnswerRow | None:
    """The thread's last answer since a time."""
    return session.exec(select(AnswerRow).where(
        AnswerRow.platform == thread.platform, AnswerRow.chat_id == thread.chat_id,
        AnswerRow.thread_user == thread.user_id, col(AnswerRow.at) >= since,
    ).order_by(col(AnswerRow.id).desc())).first()


def subject_of(row: AnswerRow) -> Context | None:
    """What a reply to this answer follows up: nothing for a decline, the request a question asked back for its
    subject waits with (no section, its type)."""
    return Context(row.section_id, row.intent, row.subject_question) if row.section_id or row.intent else None
