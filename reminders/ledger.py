"""The 督办台账: one row per live key project, its standing on a given day, from the reminders' own state.

The rows are read from the tables the reminders work from (`project_states`,
the status reports, the sent reminder rows), so a `/progress` or a `/done`
shows in the next report without anything to refresh. Days are counted on
the office calendar (`workdays.local_date`), as the reminders count them.

Statuses, in the order they are decided:
- 已完成: a lead unit or an admin marked it done;
- 持续推进: an ongoing task (持续推进) has no deadline to count towards;
- 待定日期: a deadline the province sets (按照省政府规定时限) that no admin has dated yet;
- 已逾期: the due day has passed;
- 临近截止: due within `NEAR_DAYS` days (30: the reminders' own 30-day warning), the due day included;
- 未到期: due later than that.

提醒次数 counts the reminder rows sent for the project (one per chat and
occasion; a weekly digest counts for each project it lists); the admins'
weekly summary is a listing of every project, not a reminder, and is left out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from corpus.model import row_label
from corpus.units import UnitRegistry
from reminders.models import Reminder
from reminders.service import project_states
from reminders.views import latest_reports
from reminders.workdays import local_date

NEAR_DAYS = 30
STATUSES = ("未到期", "临近截止", "已逾期", "已完成", "持续推进", "待定日期")


@dataclass(frozen=True)
class Latest:
    """What a unit (or an admin, `unit` 管理员) last reported on a project, and on which office day."""

    text: str
    unit: str
    day: date
    done: bool  # a /done rather than a /progress


@dataclass(frozen=True)
class LedgerRow:
    doc_id: str
    doc_title: str
    number: int
    task: str
    lead: str
    others: tuple[str, ...]
    deadline_text: str  # as the document writes it
    due: date | None  # the document's date, or the one an admin set for a provincial deadline
    days_left: int | None  # negative: overdue by that many days; None when done or undated
    status: str  # one of STATUSES
    latest: Latest | None
    reminders_sent: int
    section_id: str = ""  # the row's section: an annex's (附表第N项) or a task table's (第N项)

    @property
    def label(self) -> str:
        """附表第N项 or 第N项: how its table numbers it (the document is the group the row stands in)."""
        return row_label(self.section_id, self.number)

    @property
    def overdue(self) -> bool:
        return self.status == "已逾期"


def answers_for(units: Collection[tuple[str, str]], unit: str) -> bool:
    """Whether `unit` is responsible: named itself, or a county inside a named county group (各县区人民政府)."""
    return any(name == unit or unit in UnitRegistry.members(name) for name, _ in units)


def _status(done: bool, kind: str, days: int | None) -> str:
    if done:
        return "已完成"
    if kind == "ongoing":
        return "持续推进"
    if days is None:
        return "待定日期"
    return "已逾期" if days < 0 else "临近截止" if days <= NEAR_DAYS else "未到期"


def ledger(session: Session, now: datetime, doc_id: str | None = None,
           units: Collection[str] | None = None) -> list[LedgerRow]:
    """Every live key project's row on `now`, grouped by document in annex order.

    `doc_id` keeps one document's; `units` (canonical names, see
    `service.resolve_unit`) keeps the projects any of them answers for.
    """
    today = local_date(now)
    last = latest_reports(session)
    sent = dict(session.exec(  # type: ignore[call-overload]
        select(Reminder.project_id, func.count()).where(
            Reminder.state == "sent", ~col(Reminder.occasion).startswith("summary:"))
        .group_by(col(Reminder.project_id))).all())
    rows = []
    for row, state in project_states(session):
        if row.removed_at is not None or (doc_id is not None and row.doc_id != doc_id):
            continue
        if units is not None and not any(answers_for(state.units, unit) for unit in units):
            continue
        done = row.status == "done"
        due = row.effective_due
        days = (due - today).days if due and not done else None
        report = last.get(state.id)
        latest = report and Latest(report.text, report.unit or "管理员", local_date(report.at), report.kind == "done")
        names = [unit for unit, _ in state.units]
        rows.append(LedgerRow(
            doc_id=row.doc_id, doc_title=row.doc_title, number=row.number, task=row.task,
            lead=names[0] if names else "", others=tuple(names[1:]), deadline_text=row.deadline_text, due=due,
            days_left=days, status=_status(done, row.deadline_kind, days), latest=latest or None,
            reminders_sent=sent.get(state.id, 0), section_id=row.section_id))
    return rows
