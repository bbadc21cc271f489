"""Annex tables of key projects: task, deadline, responsible units per row.

Plans print their key-project annex as one or more tables whose header words
vary (重点工作 / 重点工程 / 重点任务, 完成时限 / 时间节点, 责任单位 / 牵头单位).
Columns are found by those words, not by position.
"""

from __future__ import annotations

import re

from corpus.clauses import parse_clause
from corpus.deadlines import parse_deadline
from corpus.errors import CorpusError
from corpus.model import KeyProject
from corpus.units import UnitRegistry

_COLUMNS = {
    "number": re.compile(r"^(序号|编号|序)$"),
    "task": re.compile(r"重点(工作|工程|任务|项目)|工作(任务|内容)|任务|项目|工程|内容|名称|措施"),
    "deadline": re.compile(r"时限|时间|节点|进度"),
    "lead": re.compile(r"牵头"),
    "co": re.compile(r"配合|参与|协办"),
    "units": re.compile(r"责任|单位|部门"),
}


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column positions of a key-project header row, or None if it is not one."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        for key, pattern in _COLUMNS.items():
            if key not in columns and pattern.search(cell):
                columns[key] = i
                break
    has_units = "units" in columns or "lead" in columns
    return columns if "task" in columns and "deadline" in columns and has_units else None


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    i = columns.get(key)
    return cells[i].strip() if i is not None and i < len(cells) else ""


MAX_ROWS = 999  # more rows than any plan's annex has; a longer number is a typo that would poison the reminders


def row_project(cells: list[str], columns: dict[str, int], ordinal: int,
                registry: UnitRegistry, section_prefix: str) -> KeyProject | None:
    """A key project from one table row, or None for a row that is not one."""
    task = _cell(cells, columns, "task")
    if not task:
        return None
    number_text = _cell(cells, columns, "number")
    number = int(number_text) if number_text.isascii() and number_text.isdigit() else ordinal  # not ², not 一
    if not 1 <= number <= MAX_ROWS:
        raise CorpusError(f"附表第{ordinal}行：序号「{number_text}」不在 1–{MAX_ROWS} 之内（任务：{task[:30]}）")
    deadline_text = _cell(cells, columns, "deadline")
    kind, due = parse_deadline(deadline_text)
    if kind == "impossible":
        raise CorpusError(f"附表第{number}项：完成时限「{deadline_text}」不是日历上的日期（任务：{task[:30]}）")
    lead = _cell(cells, columns, "lead")
    units_text = "，".join(filter(None, (
        f"{lead}牵头" if lead else "",
        f"{_cell(cells, columns, 'units')}负责" if "units" in columns else "",
        f"{_cell(cells, columns, 'co')}配合" if "co" in columns else "",
    )))
    clause = parse_clause(units_text, registry)
    units_raw = "；".join(filter(None, (lead, _cell(cells, columns, "units"), _cell(cells, columns, "co"))))
    return KeyProject(number, f"{section_prefix}annex-{number}", task, deadline_text, kind, due,
                      clause.units if clause else [], units_raw)


def split_row(line: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated table line, or None for prose."""
    stripped = line.strip()
    if "\t" in stripped:
        return [c.strip() for c in stripped.split("\t")]
    if stripped.startswith("|") and stripped.count("|") >= 3:
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        return None if all(set(c) <= set("-: ") for c in cells) else cells
    return None
