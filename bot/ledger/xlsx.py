"""The 督办台账 as an Excel workbook (openpyxl), laid out to be printed and handed round at a meeting.

One sheet: the title (the document and the report day), the header row, then
each document's group row and its projects. The panes are frozen below the
header, which also repeats on every printed page; the page is landscape and
one page wide. Column widths fit their longest line (CJK counted double, as
Excel draws it), up to a cap past which the text wraps. Due dates are date
cells (yyyy-mm-dd), and the days column is a number (negative: overdue) shown
as `剩余 N 天` / `逾期 N 天`, so the sheet sorts and filters by it. Overdue rows
are filled red.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.ledger.columns import HEADERS, NAME, cells, days_text, display_width, groups, printable, title
from reminders.ledger import LedgerRow

OVERDUE = PatternFill("solid", fgColor="FFC7CE")
GROUP = PatternFill("solid", fgColor="DDEBF7")
HEADER = PatternFill("solid", fgColor="D9D9D9")
DAYS_FORMAT = '"剩余 "0" 天";"逾期 "0" 天";"今天截止"'
DATE_FORMAT = "yyyy-mm-dd"
WRAPPED = {1: 50, 3: 30, 8: 40}  # column index → the width past which its text wraps (task, co-units, progress)
CAP = 24  # the other columns never need more
DATE_COLUMN, DAYS_COLUMN, COUNT_COLUMN = 5, 6, 9
CELL_LIMIT = 32_767  # characters Excel holds in a cell
CUT = "……（过长，全文见 md/csv 格式）"


def workbook(rows: Sequence[LedgerRow], day: date, scope: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = NAME
    width = len(HEADERS)
    _append(sheet, [title(rows, day, scope)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    _append(sheet, list(HEADERS))
    for cell in sheet[2]:
        cell.font, cell.fill = Font(bold=True), HEADER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [display_width(h) for h in HEADERS]
    for doc_title, members in groups(rows):
        _append(sheet, [f"《{doc_title}》"])
        for cell in sheet[sheet.max_row][:width]:
            cell.fill = GROUP
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for r in members:
            values: list[object] = cells(r)
            values[DATE_COLUMN], values[DAYS_COLUMN], values[COUNT_COLUMN] = r.due, r.days_left, r.reminders_sent
            _append(sheet, values)
            shown = cells(r)
            shown[DAYS_COLUMN] = days_text(r)
            widths = [max(w, *(display_width(line) for line in s.splitlines() or [""])) for w, s in zip(
                widths, shown, strict=True)]
            for index, cell in enumerate(sheet[sheet.max_row]):
                cell.alignment = Alignment(vertical="top", wrap_text=index in WRAPPED)
                if r.overdue:
                    cell.fill = OVERDUE
            sheet.cell(sheet.max_row, DATE_COLUMN + 1).number_format = DATE_FORMAT
            sheet.cell(sheet.max_row, DAYS_COLUMN + 1).number_format = DAYS_FORMAT
    for index, w in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(w, WRAPPED.get(index, CAP)) + 2
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(width)}{sheet.max_row}"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet: Worksheet, values: list[object]) -> None:
    """A row whose every string is a text cell — never a formula, however it starts (=HYPERLINK(…) in a note
    would send the sheet's cells away) — holding only what XML can, cut with a mark past a cell's limit."""
    sheet.append([_cell_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _cell_text(text: str) -> str:
    text = printable(text)
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - len(CUT)] + CUT
