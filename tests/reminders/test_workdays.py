"""Working days and sending slots: Chinese holidays, make-up working days, and years without data."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from reminders.workdays import in_working_hours, is_workday, local, next_slot, next_working_time

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_national_day_2025_is_skipped_and_its_make_up_days_count():
    assert not is_workday(date(2025, 10, 1))
    assert not is_workday(date(2025, 10, 8))
    assert is_workday(date(2025, 9, 28))  # Sunday, a make-up working day
    assert is_workday(date(2025, 10, 11))  # Saturday, a make-up working day
    assert local(next_slot(at("2025-10-01T00:00"))) == at("2025-10-09T09:30")
    assert local(next_slot(at("2025-09-27T12:00"))) == at("2025-09-28T09:30")
    assert local(next_slot(at("2025-10-10T18:00"))) == at("2025-10-11T09:30")


def test_slot_is_at_or_after_the_moment():
    assert local(next_slot(at("2025-11-25T09:30"))) == at("2025-11-25T09:30")
    assert local(next_slot(at("2025-11-25T09:31"))) == at("2025-11-26T09:30")
    assert local(next_slot(at("2025-11-28T10:00"))) == at("2025-12-01T09:30")  # Friday → Monday


def test_working_hours_send_at_once_otherwise_next_morning():
    assert in_working_hours(at("2026-11-24T10:00"))
    assert local(next_working_time(at("2026-11-24T10:00"))) == at("2026-11-24T10:00")
    assert local(next_working_time(at("2026-11-24T18:00"))) == at("2026-11-24T18:00")
    assert local(next_working_time(at("2026-11-24T20:00"))) == at("2026-11-25T09:30")
    assert local(next_working_time(at("2026-11-24T07:00"))) == at("2026-11-24T09:30")
    assert local(next_working_time(at("2026-10-03T10:00"))) == at("2026-10-08T09:30")  # National Day 2026


def test_years_without_calendar_data_fall_back_to_monday_to_friday():
    assert is_workday(date(2031, 1, 1))  # a Wednesday; the package has no 2031 data
    assert not is_workday(date(2031, 1, 4))
    assert local(next_slot(at("2030-12-01T09:30"))) == at("2030-12-02T09:30")


def test_utc_input_is_read_in_shanghai_time():
    moment = datetime.fromisoformat("2026-11-24T01:30+00:00")  # 09:30 in Shanghai
    assert local(next_slot(moment)) == at("2026-11-24T09:30")
