"""Once-only intake: has any process behind this bot already taken this update or message?

The insert of the (platform, id) key is the test, so of two processes that
receive the same redelivered update exactly one goes on. Keys are kept for
`KEEP`, longer than Telegram keeps an unconfirmed update (24 hours) and far
longer than WeCom retries or the callback freshness window (300 s).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete

from reminders.models import DeliveryRow

KEEP = timedelta(hours=25)


def first_time(session: Session, platform: str, key: str, now: datetime) -> bool:
    """True the first time a key is offered, False ever after (within `KEEP`); expired keys go on the way."""
    session.exec(delete(DeliveryRow).where(col(DeliveryRow.at) < now - KEEP))
    session.add(DeliveryRow(platform=platform, key=key[:200], at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True
