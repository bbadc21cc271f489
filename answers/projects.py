"""Questions over the key projects as a table: which, how many, the earliest or latest, filtered.

"市工信局牵头的重点工程有哪几项", "还没到期的重点工程还剩几项", "哪个项目最早到期",
"2025年底前要完成哪些重点工程" ask about the annex as a whole, so one row's date
is no answer. The question is read as a query — filters by unit (lead or any
role), by deadline (a year, past due, not yet due, due within N days), an
order (earliest, latest) — and answered with the rows that meet it, counted,
each with its 附表 number, task and deadline, cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from answers.intent import names_lead
from corpus.model import Document, KeyProject
from corpus.numerals import parse_numeral
from corpus.units import COUNTY_GROUPS

_ABOUT = re.compile(r"重点(工程|项目|工作|任务)|附表|(项目|工程).{0,6}(到期|截止|逾期|期限|时限)"
                    r"|\bkey projects?\b|\bprojects\b")
_AS_A_TABLE = re.compile(r"哪些|哪几|哪个|哪一?项|几项|几个|多少项|多少个|清单|列表|一览|都有(什么|啥)|有什么|有啥"
                         r"|还剩|剩下|最早|最晚|最先|最后|最迟|\bwhich\b|\bhow many\b|\blist\b|\bearliest\b"
                         r"|\blatest\b|\bfirst\b|\blast\b")
_EARLIEST = re.compile(r"最早|最先|最近|\bearliest\b|\bfirst\b|\bsoonest\b")
_LATEST = re.compile(r"最晚|最后|最迟|\blatest\b|\blast\b")
_OVERDUE = re.compile(r"逾期|超期|过期|延期|没完成|未完成|没按时|已经到期|过了期限"
                      r"|\boverdue\b|\bpast (the )?deadline\b|\bmissed\b")
_NOT_DUE = re.compile(r"没到期|未到期|还没到|尚未到期|还剩|剩下|\bnot yet due\b|\bupcoming\b|\bstill open\b")
_WITHIN = re.compile(r"(\d+|[一二两三四五六七八九十百]+)\s*(天|日|个月|月)(以?内|之内)|\bwithin (\d+) (days|months)\b")
_YEAR = re.compile(r"(20\d\d)\s*年?(?:底|末)?\s*(前|以前|之前)?")


@dataclass(frozen=True)
class ProjectQuery:
    unit: str | None = None
    lead_only: bool = False
    year: int | None = None  # due in that year (by its end with 前/以前/之前)
    by_year_end: bool = False
    overdue: bool | None = None  # True: past its deadline today; False: dated and not yet due
    within_days: int | None = None
    order: str | None = None  # earliest | latest


def parse(folded: str, units: list[str], asks_units: bool) -> ProjectQuery | None:
    """The query a question asks of the key projects, or None when it is not about them as a table.

    A question that asks for units (`asks_units`: 这项重点工程的责任单位有哪些)
    is about one project, unless it names a unit to filter by.
    """
    if asks_units and not units:
        return None
    if not (_ABOUT.search(folded) and _AS_A_TABLE.search(folded)) and not (
            _OVERDUE.search(folded) and _AS_A_TABLE.search(folded)):
        return None
    year = _YEAR.search(folded)
    within = _WITHIN.search(folded)
    days = None
    if within:
        amount = within.group(1) or within.group(4)
        number = int(amount) if amount.isdigit() else parse_numeral(amount.replace("两", "二"))
        unit = within.group(2) or within.group(5)
        days = (number or 0) * (30 if unit in ("个月", "月", "months") else 1)
    overdue = True if _OVERDUE.search(folded) and not _NOT_DUE.search(folded) else (
        False if _NOT_DUE.search(folded) or days else None)
    order = "earliest" if _EARLIEST.search(folded) else "latest" if _LATEST.search(folded) else None
    return ProjectQuery(
        unit=units[0] if units else None, lead_only=bool(units) and names_lead(folded),
        year=int(year.group(1)) if year else None, by_year_end=bool(year and year.group(2) in ("前", "以前", "之前")),
        overdue=overdue, within_days=days, order=order)


def select(projects: list[tuple[Document, KeyProject]], query: ProjectQuery,
           today: date) -> list[tuple[Document, KeyProject]]:
    """The rows that meet the query, in the order asked (by deadline; undated rows last), else the annex's."""
    def keeps(project: KeyProject) -> bool:
        due = project.due_date
        if query.unit and not _answers_for(project, query.unit, query.lead_only):
            return False
        if query.year and not (due and (due.year <= query.year if query.by_year_end else due.year == query.year)):
            return False
        if query.overdue is True and not (due and due < today):
            return False
        if query.overdue is False and not (due and due >= today):
            return False
        return not (query.within_days and not (due and 0 <= (due - today).days <= query.within_days))

    rows = [(d, p) for d, p in projects if keeps(p)]
    if query.order:
        dated = sorted((r for r in rows if r[1].due_date), key=lambda r: r[1].due_date or date.max,
                       reverse=query.order == "latest")
        best = dated[0][1].due_date if dated else None
        rows = [r for r in dated if r[1].due_date == best]  # ties share the first place
    return rows


def _answers_for(project: KeyProject, unit: str, lead_only: bool) -> bool:
    if lead_only:
        return bool(project.units) and project.units[0] == unit
    return unit in project.units or (unit in COUNTY_GROUPS and any(u in COUNTY_GROUPS for u in project.units))


def describe(query: ProjectQuery) -> str:
    """The query in words, for the answer's first line: 市工信局牵头的、尚未到期的重点工程."""
    parts = []
    if query.unit:
        parts.append(f"{query.unit}{'牵头' if query.lead_only else '参与'}的")
    if query.year:
        parts.append(f"{query.year}年底前到期的" if query.by_year_end else f"{query.year}年到期的")
    if query.within_days:
        parts.append(f"{query.within_days}天内到期的")
    elif query.overdue is True:
        parts.append("已过期的")
    elif query.overdue is False:
        parts.append("尚未到期的")
    return "".join(parts) + "重点工程"
