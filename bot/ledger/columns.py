"""What every format of the 督办台账 shows: the columns, the cell texts, the title and the document groups."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reminders.ledger import LedgerRow

HEADERS = ("附表序号", "任务", "牵头单位", "其他责任单位", "完成时限", "截止日期", "剩余/逾期天数", "状态",
           "最近进展", "提醒次数")
NAME = "督办台账"


def days_text(row: LedgerRow) -> str:
    """`剩余 30 天`, `今天截止`, `逾期 1120 天`; empty when there is nothing to count (done, ongoing, undated)."""
    if row.days_left is None:
        return ""
    if row.days_left == 0:
        return "今天截止"
    return f"剩余 {row.days_left} 天" if row.days_left > 0 else f"逾期 {-row.days_left} 天"


def latest_text(row: LedgerRow) -> str:
    """`已完成80%（市生态环境局，2026-11-20）`; a /done reads `报告完成：……`."""
    latest = row.latest
    if latest is None:
        return ""
    said = f"报告完成：{latest.text}" if latest.done and latest.text else "报告完成" if latest.done else latest.text
    return f"{said}（{latest.unit}，{latest.day.isoformat()}）"


def cells(row: LedgerRow) -> list[str]:
    """The row as text, in the order of HEADERS (the text formats and the docx table)."""
    return [row.label, row.task, row.lead, "、".join(row.others), row.deadline_text,
            row.due.isoformat() if row.due else "", days_text(row), row.status, latest_text(row),
            str(row.reminders_sent)]


def title(rows: Sequence[LedgerRow], day: date, scope: str = "") -> str:
    """The report's heading: the document when there is one, the scope (a unit) when given, and the day."""
    titles = list(dict.fromkeys(r.doc_title for r in rows))
    what = f"《{titles[0]}》重点工程督办台账" if len(titles) == 1 else f"重点工程督办台账（{len(titles)} 份文件）"
    return f"{what}{f'——{scope}' if scope else ''}（截至 {day.isoformat()}）"


def groups(rows: Sequence[LedgerRow]) -> Iterator[tuple[str, list[LedgerRow]]]:
    """(document title, its rows) in the order the rows come."""
    for _, members in itertools.groupby(rows, key=lambda r: r.doc_id):
        group = list(members)
        yield group[0].doc_title, group


_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # what XML 1.0 cannot hold
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def printable(text: str) -> str:
    """Text as .xlsx and .docx (XML) can hold it: the control characters a paste from a PDF brings (\\x0b,
    \\x1b, \\x07) become spaces. One member's note must not stop everyone's report."""
    return _UNWRITABLE.sub(" ", text)


def inert(text: str) -> str:
    """A CSV cell that a spreadsheet opens as text: one that starts as a formula would (=, +, -, @, tab, CR)
    gets a leading apostrophe, as OWASP advises against CSV injection; a plain number stays a number."""
    return "'" + text if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text) else text


def display_width(text: str) -> int:
    """Columns a line takes in a spreadsheet: CJK and other wide characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
