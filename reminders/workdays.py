"""Chinese working days and the sending slot: when a government office will read a reminder.

Holidays and make-up working days come from `chinese_calendar`; for years it
has no data for (it raises NotImplementedError) Monday–Friday stands in, so a
2030 deadline still gets its reminders. Reminders go out at 09:30 office time;
working hours run 09:30–18:00.

The office's time zone is the process's setting (`POLICYBOT_TIMEZONE`,
Asia/Shanghai by default): the composition root sets it once with `use_zone`
before anything is planned, and every function here reads it, so the policy,
the messages and the listings count days in one zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

from corpus.clock import office_zone

_zone = office_zone()
SLOT = time(9, 30)
CLOSE = time(18, 0)


def zone() -> ZoneInfo:
    """The office's time zone."""
    return _zone


def use_zone(office: ZoneInfo) -> None:
    """Count days and working hours in `office` from now on (the composition root calls this once)."""
    global _zone
    _zone = office


def is_workday(day: date) -> bool:
    """A Chinese working day, holidays and make-up days counted; Monday–Friday past the calendar's data."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def next_workday(day: date) -> date:
    """`day` itself if it is a working day, else the first one after it."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def local(moment: datetime) -> datetime:
    """The moment in office time (a naive moment is taken to be office time already)."""
    return moment.replace(tzinfo=_zone) if moment.tzinfo is None else moment.astimezone(_zone)


def slot_on(day: date) -> datetime:
    """09:30 office time on `day`, as an aware UTC datetime."""
    return datetime.combine(day, SLOT, _zone).astimezone(UTC)


def next_slot(moment: datetime) -> datetime:
    """The first 09:30 of a working day at or after `moment` (UTC)."""
    here = local(moment)
    day = here.date() if here.time() <= SLOT else here.date() + timedelta(days=1)
    return slot_on(next_workday(day))


def in_working_hours(moment: datetime) -> bool:
    here = local(moment)
    return is_workday(here.date()) and SLOT <= here.time() <= CLOSE


def next_working_time(moment: datetime) -> datetime:
    """`moment` itself inside working hours, else the next working day's 09:30 (UTC)."""
    return moment.astimezone(UTC) if in_working_hours(moment) else next_slot(moment)


def local_date(moment: datetime) -> date:
    """The office calendar day of a moment: what "days left" counts in."""
    return local(moment).date()
