"""Intake on the real database: an update is taken once, kept with its copy until answered, and a dead
taker's update goes to the next process after the lease — on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from reminders import deliveries
from reminders.db import open_database

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    return open_database(url)


def take(engine, owner: str, at: timedelta, key: str = "7:1001", copy: str = '{"update_id": 1001}') -> bool:
    with Session(engine) as session:
        return deliveries.take(session, "telegram", key, copy, owner=owner, now=T0 + at, lease=LEASE)


def stale(engine, at: timedelta) -> list[str]:
    with Session(engine) as session:
        return deliveries.stale(session, "telegram", T0 + at, LEASE)


def test_one_taker_while_it_holds_the_lease_and_another_after_it_ran_out(engine):
    assert take(engine, "a", timedelta(0))
    assert not take(engine, "b", timedelta(seconds=29))  # a redelivery while "a" answers
    assert stale(engine, timedelta(seconds=29)) == []
    assert stale(engine, timedelta(seconds=31)) == ['{"update_id": 1001}']  # "a" died without answering
    assert take(engine, "b", timedelta(seconds=31))
    assert not take(engine, "c", timedelta(seconds=32))


def test_an_answered_update_is_never_taken_again_and_its_copy_is_dropped(engine):
    assert take(engine, "a", timedelta(0))
    with Session(engine) as session:
        deliveries.answered(session, "telegram", "7:1001", "a")
    assert stale(engine, timedelta(hours=2)) == []
    assert not take(engine, "b", timedelta(hours=2))


def test_renewing_keeps_the_lease_of_a_live_taker(engine):
    assert take(engine, "a", timedelta(0))
    with Session(engine) as session:
        deliveries.renew(session, "telegram", ["7:1001"], "a", T0 + timedelta(seconds=25))
        deliveries.renew(session, "telegram", ["7:1001"], "b", T0 + timedelta(seconds=50))  # not b's to renew
    assert stale(engine, timedelta(seconds=50)) == []
    assert not take(engine, "b", timedelta(seconds=50))
    assert take(engine, "b", timedelta(seconds=56))


def test_an_update_that_fails_every_time_is_given_up_after_three_takes(engine):
    assert take(engine, "a", timedelta(0))
    assert take(engine, "b", timedelta(minutes=1))
    assert take(engine, "c", timedelta(minutes=2))
    assert stale(engine, timedelta(minutes=3)) == []
    assert not take(engine, "d", timedelta(minutes=3))


def test_keys_are_per_platform_and_expire_after_a_day(engine):
    assert take(engine, "a", timedelta(0))
    with Session(engine) as session:
        assert deliveries.take(session, "wecom", "7:1001", "{}", owner="a", now=T0, lease=LEASE)
    with Session(engine) as session:
        deliveries.answered(session, "telegram", "7:1001", "a")
    assert not take(engine, "b", timedelta(hours=24))
    assert take(engine, "b", timedelta(hours=26))  # Telegram keeps an unconfirmed update 24 hours, no longer
