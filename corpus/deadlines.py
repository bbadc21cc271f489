"""Deadlines as plans write them: 2023年10月底, 2025 年底, 持续推进, 按照省政府规定时限."""

from __future__ import annotations

import calendar
import re
from datetime import date

_YEAR_MONTH_DAY = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR_MONTH = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(底|末|前|份)?")
_YEAR_HALF = re.compile(r"(20\d\d)\s*年\s*(上半年|年中|第?[一二三四]季度)")
_YEAR = re.compile(r"(20\d\d)\s*年\s*(底|末|前|内|年底)?")
_ISO = re.compile(r"(20\d\d)-(\d{1,2})-(\d{1,2})")
_ONGOING = re.compile(r"持续|长期|常态化|逐年|每年|年度")
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12, "上": 6, "年": 6}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str) -> tuple[str, date | None]:
    """The kind of a deadline ("fixed", "ongoing", "external", "impossible") and its due date.

    A date named in the text wins; "ongoing" work has none; anything else
    (按照省政府规定时限, 按上级要求) waits for an admin to set the date. A date
    no calendar has (2025年13月底, 2026年2月30日) is "impossible", without a
    date: prose passes over it, an annex row is refused for it.
    """
    try:
        return _dated(text)
    except ValueError:
        return "impossible", None


def _dated(text: str) -> tuple[str, date | None]:
    if m := _YEAR_MONTH_DAY.search(text) or _ISO.search(text):
        return "fixed", date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _YEAR_MONTH.search(text):
        return "fixed", _month_end(int(m.group(1)), int(m.group(2)))
    if m := _YEAR_HALF.search(text):
        key = m.group(2).lstrip("第")[0]
        return "fixed", _month_end(int(m.group(1)), _QUARTER_END[key])
    if m := _YEAR.search(text):
        return "fixed", date(int(m.group(1)), 12, 31)
    if _ONGOING.search(text):
        return "ongoing", None
    return "external", None
