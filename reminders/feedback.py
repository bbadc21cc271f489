"""Feedback: the questions the bot declined and the answers users marked, listed most frequent first.

A site improves its corpus and vocabulary where its officials need it only if
it can see what they ask that the documents or the bot do not answer. Every
decline is recorded as it is sent; "不对" / "有用" on an answer through
`/feedback`. Questions are grouped by their folded text, so 交通 and 交通？ asked
by three people are one line with count 3.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from reminders.models import AnswerRow, FeedbackRow

_NOISE = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class Miss:
    """One question as asked, how often it was declined or marked wrong, and the latest such answer."""

    question: str
    count: int
    kinds: tuple[str, ...]
    last_at: datetime
    answer: str
    citations: tuple[str, ...]
    notes: tuple[str, ...]


def record(session: Session, kind: str, *, platform: str, user_id: str, question: str, at: datetime,
           answer: str = "", citations: tuple[str, ...] = (), corpus_version: int = 0, note: str = "",
           answer_token: str | None = None) -> None:
    """One piece of feedback, committed on its own: a failure here never half-records an answer."""
    session.add(FeedbackRow(at=at, kind=kind, platform=platform, user_id=user_id, question=question[:2000],
                            answer=answer, citations=",".join(citations), corpus_version=corpus_version,
                            note=note, answer_token=answer_token or None))
    session.commit()


def rate(session: Session, answer: AnswerRow, kind: str, *, user_id: str, at: datetime, note: str = "") -> bool:
    """A user's verdict (useful | wrong) on one sent answer, with what it said; True when it is new or changed."""
    row = session.exec(select(FeedbackRow).where(FeedbackRow.answer_token == answer.token,
                                                 FeedbackRow.user_id == user_id,
                                                 col(FeedbackRow.kind).in_(("useful", "wrong")))).first()
    if row is not None and row.kind == kind and row.note == note:
        return False
    row = row or FeedbackRow(platform=answer.platform, user_id=user_id, question=answer.question,
                             answer=answer.answer, citations=answer.citations, corpus_version=answer.corpus_version,
                             answer_token=answer.token, at=at, kind=kind)
    row.kind, row.note, row.at = kind, note, at
    session.add(row)
    session.commit()
    return True


def _key(question: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", question).lower())


def misses(session: Session, since: datetime | None = None) -> list[Miss]:
    """Declined questions and answers marked wrong since a time, grouped by question, most frequent first."""
    query = select(FeedbackRow).where(col(FeedbackRow.kind).in_(("declined", "wrong")))
    if since is not None:
        query = query.where(col(FeedbackRow.at) >= since)
    groups: dict[str, list[FeedbackRow]] = {}
    for row in session.exec(query.order_by(col(FeedbackRow.at))):
        groups.setdefault(_key(row.question), []).append(row)
    out = [Miss(rows[-1].question, len(rows), tuple(dict.fromkeys(r.kind for r in rows)), rows[-1].at,
                rows[-1].answer, tuple(filter(None, rows[-1].citations.split(","))),
                tuple(r.note for r in rows if r.note)) for rows in groups.values()]
    return sorted(out, key=lambda m: (-m.count, -m.last_at.timestamp()))
