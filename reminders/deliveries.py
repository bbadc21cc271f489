"""Intake once and at least once: which process behind this bot answers a platform's update or message.

Taking an update inserts its (platform, key) row as `taken`, with the update
itself and a lease; of two processes offered the same redelivery exactly one
inserts. The taker renews its lease while it answers and marks the row
`answered` once the reply is out. A row still `taken` whose lease ran out was
left by a process that died between taking and answering (kill -9, a lost
host) or let go after a failed send: `stale` hands its update to any live
process, whose `take` wins it by a conditional UPDATE. So every update is
answered at least once, and twice only if a process stalls past the lease in
the middle of a reply; after `MAX_TRIES` takes it is left alone (a message
that fails every time must not fail every restart).

Rows are kept for `KEEP`, longer than Telegram keeps an unconfirmed update
(24 hours) and far longer than WeCom retries or the callback freshness
window (300 s).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from reminders.models import DeliveryRow

KEEP = timedelta(hours=25)
MAX_TRIES = 3
TAKEN, ANSWERED = "taken", "answered"


def take(session: Session, platform: str, key: str, payload: str, *, owner: str, now: datetime,
         lease: timedelta) -> bool:
    """True when this process is to answer: the first time a key is offered, or when the process that took it
    let its lease run out; False while another holds it, once it was answered, or after `MAX_TRIES`."""
    session.exec(delete(DeliveryRow).where(col(DeliveryRow.at) < now - KEEP))
    session.add(DeliveryRow(platform=platform, key=key[:200], at=now, state=TAKEN, owner=owner, held_at=now,
                            payload=payload))
    try:
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
    won = session.execute(update(DeliveryRow).where(
        col(DeliveryRow.platform) == platform, col(DeliveryRow.key) == key[:200], col(DeliveryRow.state) == TAKEN,
        col(DeliveryRow.held_at) <= now - lease, col(DeliveryRow.tries) < MAX_TRIES,
    ).values(owner=owner, held_at=now, tries=col(DeliveryRow.tries) + 1))
    session.commit()
    return won.rowcount == 1  # type: ignore[attr-defined]


def answered(session: Session, platform: str, key: str, owner: str) -> None:
    """The reply went out: the update is never taken again, and its copy is dropped."""
    session.execute(update(DeliveryRow).where(
        col(DeliveryRow.platform) == platform, col(DeliveryRow.key) == key[:200], col(DeliveryRow.owner) == owner,
    ).values(state=ANSWERED, payload=""))
    session.commit()


def renew(session: Session, platform: str, keys: Collection[str], owner: str, now: datetime) -> None:
    """Keep the leases of the updates this process is still answering."""
    session.execute(update(DeliveryRow).where(
        col(DeliveryRow.platform) == platform, col(DeliveryRow.key).in_([k[:200] for k in keys]),
        col(DeliveryRow.owner) == owner, col(DeliveryRow.state) == TAKEN,
    ).values(held_at=now))
    session.commit()


def stale(session: Session, platform: str, now: datetime, lease: timedelta, limit: int = 100) -> list[str]:
    """The updates taken but not answered whose lease ran out, oldest first, for a live process to take."""
    return list(session.exec(select(DeliveryRow.payload).where(
        col(DeliveryRow.platform) == platform, col(DeliveryRow.state) == TAKEN,
        col(DeliveryRow.held_at) <= now - lease, col(DeliveryRow.tries) < MAX_TRIES,
    ).order_by(col(DeliveryRow.at)).limit(limit)))
