"""Tables of tasks: key-project annexes, task lists and progress tables, read row by row.

Plans print their key projects as an annex table, and offices send task lists and
progress tables (序号 | 主要任务 | 牵头单位 | 协同单位 | 完成时限 | 工作进度) whose
header words vary (重点工作 / 重点工程 / 主要任务, 完成时限 / 时间节点, 责任单位 /
牵头单位). Columns are found by those words, not by position; each row keeps its
cells under its own header words, so a row reads as the table printed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from corpus.clauses import parse_clause
from corpus.deadlines import parse_deadline
from corpus.errors import CorpusError
from corpus.model import Clause
from corpus.units import UnitRegistry

# Checked in this order for each header cell, the first role matching is the cell's: 工作进度 is progress, not a
# time; 牵头单位 a lead, not any unit; a bare 单位 or 计量单位 is a column of measures (万吨, %), not of units. A
# cell naming a unit column and a person (责任单位及责任人) is the unit column; one naming a time and progress
# (完成时限及进度要求) the deadline.
_COLUMNS = {
    "number": re.compile(r"^(序号|编号|序)$"),
    "contact": re.compile(r"^(?!.*(单位|部门)).*(联系|电话|手机|责任人|负责人|领导)"),  # people: never shown
    "progress": re.compile(r"^(?!.*(时限|期限|节点|时间))"
                           r".*(进展|进度(?!安排|要求)|(落实|完成|推进|实施|工作)情况|成效)"),
    "deadline": re.compile(r"时限|时间|节点|期限|进度"),
    "lead": re.compile(r"牵头"),
    "co": re.compile(r"配合|参与|协办|协同|参加"),
    "units": re.compile(r"责任|部门|(?<!计)[^计量]单位|主体"),
    # a table of indicators (指标 | 2023年基数 | 2025年目标 | 责任单位) gives each indicator's row its units
    "task": re.compile(r"重点(工作|工程|任务|项目)|工作(任务|内容)|任务|项目|工程|内容|名称|措施|事项|指标"),
    "remarks": re.compile(r"备注"),
}
# What a row says, in the order its lines are written after the task (the bundled annex: 完成时限, then 责任单位).
_SHOWN = ("deadline", "lead", "units", "co", "progress", "remarks")


@dataclass(frozen=True)
class Header:
    """A recognised header row: each role's column, and the header's own words for it."""

    columns: dict[str, int]
    words: dict[str, str]
    cells: tuple[str, ...]  # every header cell, as printed: a column of no role (建设内容, 总投资) is shown under it

    @property
    def dated(self) -> bool:
        """A table with a deadline column: its rows are key projects."""
        return "deadline" in self.columns


@dataclass(frozen=True)
class Row:
    """One row: its number, task, deadline (None without a deadline column), units, and its lines as printed."""

    number: int
    task: str
    deadline_text: str | None
    deadline_kind: str
    due: date | None
    clause: Clause | None
    units_text: str
    lines: tuple[str, ...]  # 完成时限：…, 牵头单位：…, 工作进度：… (header words; the contact column left out)
    progress: str  # the progress column's line, as printed (工作进度：已完成8台)
    details: tuple[str, ...] = ()  # the lines of its remarks and of columns of no role (总投资：…, 存在问题：…)
    contact: str = ""  # the contact column's line (责任人：…), apart from the lines every answer may quote


_HEADER_CELL = 12  # a column's name is a short label: a longer cell, or one with a clause in it, is data


# A table of figures by place (乡镇 | 年度任务（户） | 完成户数 | 完成率): its first column names the places, every
# other column a measure. Each place's row is a section, its figures under their headers (完成率：57.8%).
_PLACE_COLUMN = re.compile(r"^(乡镇|乡镇（街道）|乡（镇）|县区|区县|县（市、区）|县（区）|地区|街道|区域|地市)(名称)?$")
_MEASURE_COLUMN = re.compile(r"数|率|量|[（(][^）)]{1,6}[）)]|任务|目标|完成|新增|面积|金额|比例|比重|排名|得分")


def names_contact(label: str) -> bool:
    """Whether a field's label names a person to call (责任人, 联系人, 联系电话), as a column would."""
    return _COLUMNS["contact"].search(label) is not None


def names_deadline(label: str) -> bool:
    """Whether a field's label names when its task is due (完成时限, 时间节点), as a column would."""
    return _COLUMNS["deadline"].search(label) is not None and not reports_progress(label)


def reports_progress(label: str) -> bool:
    """Whether a field's label names how far its task has got (进展情况, 工作进度, 落实情况), as a column would."""
    return _COLUMNS["progress"].search(label) is not None


def header_columns(cells: list[str]) -> Header | None:
    """The columns of a task table's header row, or None if it is not one: a task column and a unit column,
    every cell a short label (a data row 推进重点项目建设 | 市发改委牵头，各部门配合 names roles too); or a
    table of figures by place (`_PLACE_COLUMN`), its places the rows' subjects."""
    if any(len(c) > _HEADER_CELL or re.search(r"[，,。；;：:]", c) for c in cells):
        return None
    plain = tuple(re.sub(r"\s+", "", c) for c in cells)
    if len(cells) >= 3 and _PLACE_COLUMN.match(plain[0]) and all(_MEASURE_COLUMN.search(c) for c in plain[1:]):
        return Header({"task": 0}, {"task": plain[0]}, plain)
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        role = next((key for key, pattern in _COLUMNS.items() if key not in columns and pattern.search(cell)), None)
        if role:
            columns[role] = i
    if "task" not in columns or not ("units" in columns or "lead" in columns):
        return None
    return Header(columns, {role: plain[i] for role, i in columns.items()}, plain)


def _cell(cells: list[str], header: Header, key: str) -> str:
    i = header.columns.get(key)
    return cells[i].strip() if i is not None and i < len(cells) else ""


_CO_IN_BRACKETS = re.compile(r"(.+?)[（(](?:配合|参与|协办|协助)(?:单位|部门)?[:：]?(.+)[）)]")


def _with_co(cell: str, co: str) -> tuple[str, str]:
    """A unit cell without the co-units it brackets (县市场监管局（配合：县税务局）), and the co-units with them."""
    if m := _CO_IN_BRACKETS.fullmatch(cell):
        return m.group(1), "、".join(filter(None, (co, m.group(2))))
    return cell, co


MAX_ROWS = 999  # more rows than any plan's annex has; a longer number is a typo that would poison the reminders


_TOTAL = re.compile(r"^\s*(合\s*计|总\s*计|小\s*计|共\s*计)\s*$")
_PLACEHOLDER = " —－-―/／"  # what a cell holds when it holds nothing (— under 项目名称 on the 合计 line)


def read_row(cells: list[str], header: Header, ordinal: int, registry: UnitRegistry,
             table: str = "附表") -> Row | None:
    """One table row in its roles, or None for a row without a task (a blank or a sub-header). `table` is how a
    refusal names the table: 附表 for an annex, 表格 for a table that is the document's body."""
    task = _cell(cells, header, "task")
    number_text = _cell(cells, header, "number")
    if not task.strip(_PLACEHOLDER) or _TOTAL.match(number_text) or _TOTAL.match(task):
        return None  # a blank, a sub-header, or the 合计 line summing the rows: no task of its own
    number = int(number_text) if number_text.isascii() and number_text.isdigit() else ordinal  # not ², not 一
    if not 1 <= number <= MAX_ROWS:
        raise CorpusError(f"{table}第{ordinal}行：序号「{number_text}」不在 1–{MAX_ROWS} 之内（任务：{task[:30]}）")
    deadline_text = _cell(cells, header, "deadline") if header.dated else None
    kind, due = parse_deadline(deadline_text or "")
    if kind == "impossible":
        raise CorpusError(f"{table}第{number}项：完成时限「{deadline_text}」不是日历上的日期（任务：{task[:30]}）")
    lead, units, co = (_cell(cells, header, key) for key in ("lead", "units", "co"))
    lead, co = _with_co(lead, co)  # 县市场监管局（配合：县税务局、县公安局）
    units, co = _with_co(units, co)
    clause = parse_clause("，".join(filter(None, (f"{lead}牵头" if lead else "", f"{units}负责" if units else "",
                                                   f"{co}配合" if co else ""))), registry)
    roles = [header.columns[key] for key in _SHOWN if key in header.columns]
    hidden = {header.columns.get(key) for key in ("number", "contact", "task")}
    others = [i for i in range(len(header.cells)) if i not in hidden and i not in roles]  # 建设内容, 总投资, 存在问题

    def printed(columns: list[int]) -> tuple[str, ...]:
        return tuple(f"{header.cells[i]}：{cells[i].strip()}" for i in columns if i < len(cells) and cells[i].strip())

    progress = _cell(cells, header, "progress")
    remarks = [header.columns["remarks"]] if "remarks" in header.columns else []
    contact = printed([header.columns["contact"]] if "contact" in header.columns else [])
    return Row(number, task, deadline_text, kind, due, clause, "；".join(filter(None, (lead, units, co))),
               printed(roles + others), f"{header.words['progress']}：{progress}" if progress else "",
               printed(remarks + others), "".join(contact))


def spaced_row(line: str, header: Header | None) -> list[str] | None:
    """The cells of a table whose columns are runs of spaces (PDF text, a web page's table copied as text): a
    header of three or more cells, two thirds of them naming a role (加强 重点 项目 责任 落实 is prose), then,
    under that `header`, rows of as many cells — a task holding spaces has them taken back into it. None
    for anything else."""
    cells = line.split()
    if header is None:
        found = header_columns(cells) if len(cells) >= 3 else None
        by_place = found is not None and len(found.columns) == 1  # every other cell a measure: no prose
        return cells if found and (by_place or len(found.columns) * 3 >= len(cells) * 2) else None
    extra = len(cells) - len(header.cells)
    task = header.columns["task"]
    if extra > 0 and task < len(cells):  # 清洁取暖 改造: the task's own spaces
        cells = [*cells[:task], "".join(cells[task:task + extra + 1]), *cells[task + extra + 1:]]
    return cells if len(cells) == len(header.cells) else None


_DASHES = re.compile(r"\s*—{2,}\s*")  # 任务——单位——时限: a long dash between cells (a single — is a range)
_ROW_NUMBER = re.compile(r"^(\d{1,3}|序号)\s*[、.．]\s*")


def dashed_row(line: str) -> list[str] | None:
    """The cells of a table written as numbered lines whose cells long dashes join (1、企业开办——县市场监管局
    ——已完成100%), its number first; its header line too (序号、重点任务——牵头单位——进展情况). None for
    prose: a line of fewer than three cells or without a number."""
    parts = _DASHES.split(line.strip())
    number = _ROW_NUMBER.match(parts[0])
    if len(parts) < 3 or not number or not all(parts):
        return None
    return [number.group(1), parts[0][number.end():], *parts[1:]]


_PROGRESS_CELL = re.compile(r"已完成|已(经)?(开工|建成|启动|投运)|未完成|进度|滞后|完成率")
_INFERRED = {"number": "序号", "task": "任务", "units": "责任单位", "deadline": "完成时限", "progress": "进展情况"}


def inferred_header(cells: list[str], registry: UnitRegistry) -> Header | None:
    """The header a table printed without one implies, read from its first row (序号, the task, then cells of
    units, a date, progress), or None unless every column has a role and units are among them."""
    if len(cells) < 3 or not cells[0].isdigit():
        return None
    columns = {"number": 0, "task": 1}
    for i, cell in enumerate(cells[2:], start=2):
        if "deadline" not in columns and parse_deadline(cell)[0] in ("fixed", "ongoing"):
            role = "deadline"
        elif "progress" not in columns and _PROGRESS_CELL.search(cell):
            role = "progress"
        elif "units" not in columns and (clause := parse_clause(f"{_with_co(cell, '')[0]}负责", registry)) \
                and clause.units:
            role = "units"
        else:
            return None
        columns[role] = i
    if "units" not in columns:
        return None
    words = {role: _INFERRED[role] for role in columns}
    return Header(columns, words, tuple(words[role] for role in sorted(columns, key=columns.__getitem__)))


_NUMBER_CELL = re.compile(r"\d{1,3}[.、．]?|[一二三四五六七八九十]{1,3}、?|[（(]\d{1,3}[)）]")  # a row's number cell


def continued(previous: list[str], cells: list[str], width: int) -> list[str] | None:
    """A row whose cell wrapped onto the next line (3⇥新建站点12个，配齐机械， / 培育服务主体20家⇥市农业农村局⇥…): the
    two lines as one row, the wrapped cell joined, when the first falls short of the header's `width`, the
    second opens with no row number, and together they fill the width; else None."""
    if not previous or len(previous) >= width or not cells or not _NUMBER_CELL.fullmatch(previous[0]) \
            or _NUMBER_CELL.fullmatch(cells[0]):
        return None
    if len(previous) + len(cells) - 1 != width:
        return None
    return [*previous[:-1], previous[-1] + cells[0], *cells[1:]]


def split_row(line: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated table line (outer pipes or not), [] for a Markdown separator row
    (|---|:--|), or None for prose."""
    stripped = line.strip()
    if "\t" in stripped:  # empty cells at the end are cells still (推进锅炉淘汰⇥市工信局⇥⇥: no date, no remark)
        return [c.strip() for c in line.lstrip().rstrip(" \r\n\u3000").split("\t")]
    if stripped.count("|") >= (3 if stripped.startswith("|") else 2):
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        return [] if all(set(c) <= set("-: ") for c in cells) else cells
    return None
