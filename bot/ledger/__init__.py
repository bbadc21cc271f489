"""The 督办台账 as files: xlsx (openpyxl), docx (python-docx), Markdown and CSV, from `reminders.ledger` rows.

One module per format; `render` imports the one asked for, so a command
that never writes a spreadsheet never loads openpyxl. The same bytes go to a
file (`policybot report`), a chat (`/report`) or the admins' weekly summary,
as a platform-neutral `Attachment`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from bot.ledger.columns import NAME
from reminders.delivery import Attachment

if TYPE_CHECKING:
    from reminders.ledger import LedgerRow

FORMATS = ("xlsx", "docx", "md", "csv")
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def render(rows: Sequence[LedgerRow], fmt: str, day: date, scope: str = "") -> bytes:
    """The report in `fmt` (one of FORMATS) as of the office day `day`; `scope` names a unit it is limited to."""
    if fmt == "xlsx":
        from bot.ledger.xlsx import workbook

        return workbook(rows, day, scope)
    if fmt == "docx":
        from bot.ledger.word import document

        return document(rows, day, scope)
    from bot.ledger.text import comma_separated, markdown

    if fmt == "md":
        return markdown(rows, day, scope)
    if fmt == "csv":
        return comma_separated(rows, day, scope)
    raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")


def filename(fmt: str, day: date, scope: str = "") -> str:
    """`督办台账-2026-11-24.xlsx`, or `督办台账-市生态环境局-2026-11-24.xlsx` for one unit's."""
    return f"{NAME}-{f'{scope}-' if scope else ''}{day.isoformat()}.{fmt}"


def attachment(rows: Sequence[LedgerRow], fmt: str, day: date, scope: str = "") -> Attachment:
    return Attachment(filename(fmt, day, scope), render(rows, fmt, day, scope), MIME[fmt])
