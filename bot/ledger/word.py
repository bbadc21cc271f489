"""The 督办台账 as a Word document (python-docx): a landscape page, the title, each document's table.

The header row repeats on every page (Word's 标题行重复), so a long table
stays readable when printed; overdue statuses are bold.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from bot.ledger.columns import HEADERS, cells, groups, printable, title
from reminders.ledger import LedgerRow

STATUS_COLUMN = 7


def document(rows: Sequence[LedgerRow], day: date, scope: str = "") -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(printable(title(rows, day, scope)), level=1)
    for doc_title, members in groups(rows):
        doc.add_heading(printable(f"《{doc_title}》"), level=2)
        table = doc.add_table(rows=1, cols=len(HEADERS))
        table.style = "Table Grid"
        header = table.rows[0]
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(repeat)
        for cell, text in zip(header.cells, HEADERS, strict=True):
            _write(cell, text, bold=True)
        for r in members:
            for index, (cell, text) in enumerate(zip(table.add_row().cells, cells(r), strict=True)):
                _write(cell, text, bold=index == STATUS_COLUMN and r.overdue)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _write(cell, text: str, *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    run = cell.paragraphs[0].add_run(printable(text))
    run.bold = bold
    run.font.size = Pt(9)
