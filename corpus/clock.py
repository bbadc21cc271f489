"""The one clock and the office time zone.

Times are aware UTC everywhere they are stored or compared; a calendar day
(a deadline, "days left", a working day) is counted in the office's zone,
`POLICYBOT_TIMEZONE` (Asia/Shanghai by default), which the composition root
reads from the settings and hands to the answer engine and the reminders.
Kept in `corpus/`, the bottom of the import graph, for the reason given in
`corpus/errors.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from corpus.errors import PolicybotError

DEFAULT_ZONE = "Asia/Shanghai"


def utcnow() -> datetime:
    """Now, aware, in UTC."""
    return datetime.now(UTC)


def office_zone(name: str = DEFAULT_ZONE) -> ZoneInfo:
    """The time zone called `name`, or a PolicybotError naming the setting."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PolicybotError(f"POLICYBOT_TIMEZONE: unknown time zone {name!r} (e.g. Asia/Shanghai)") from None
