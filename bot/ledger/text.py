"""The 督办台账 as Markdown (for mail and chat) and CSV (for scripts and Excel).

CSV is written as UTF-8 with a byte-order mark: Excel on Chinese Windows
opens a BOM-less UTF-8 file as GBK and garbles every name, while Python's
`csv` reads the BOM away with `encoding="utf-8-sig"`. Its rows are flat, so
each carries its document's id and title; dates are ISO, and the days column
is a signed number (negative: overdue) that a script can compare.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from bot.ledger.columns import HEADERS, cells, groups, inert, title
from reminders.ledger import LedgerRow

CSV_HEADERS = ("文件编号", "文件", *HEADERS[:6], "剩余天数（负数为逾期）", *HEADERS[7:])


def markdown(rows: Sequence[LedgerRow], day: date, scope: str = "") -> bytes:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in values) + " |"

    out = [f"# {title(rows, day, scope)}", ""]
    for doc_title, members in groups(rows):
        out += [f"## 《{doc_title}》", "", line(HEADERS), line(["---"] * len(HEADERS))]
        out += [line(cells(r)) for r in members]
        out.append("")
    return "\n".join(out).encode("utf-8")


def comma_separated(rows: Sequence[LedgerRow], day: date, scope: str = "") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    for r in rows:
        values = cells(r)
        values[6] = "" if r.days_left is None else str(r.days_left)
        writer.writerow([inert(v) for v in (r.doc_id, r.doc_title, *values)])
    return buffer.getvalue().encode("utf-8-sig")
