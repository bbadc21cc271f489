"""Read-only listings for people: units and their chats, the plan, the history, as JSON-ready dicts.

A WeCom robot key is a credential (anyone holding it can post to the group),
so listings show only its first characters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from reminders.models import ChatBinding, ProjectRow, Reminder, SendAttempt, StatusReport, UnitRow
from reminders.policy import targets
from reminders.refs import cite
from reminders.service import active_bindings, plan, project_states
from reminders.workdays import local, local_date


def chat_label(binding: ChatBinding) -> str:
    shown = binding.chat_id if binding.platform != "wecom" else binding.chat_id[:6] + "…"
    return f"{binding.platform}:{shown}"


def units(session: Session) -> list[dict[str, Any]]:
    """Every known unit with its bound chats and the key projects it answers for."""
    chats: dict[str, list[str]] = defaultdict(list)
    for b in session.exec(select(ChatBinding).where(col(ChatBinding.active)).order_by(col(ChatBinding.id))):
        chats[b.unit].append(chat_label(b))
    projects: dict[str, list[str]] = defaultdict(list)
    for row, state in project_states(session):
        if state.open:
            for unit, role in state.units:
                projects[unit].append(cite(row) + ("（牵头）" if role == "lead" else ""))
    return [{"unit": u.name, "kind": u.kind, "chats": chats.get(u.name, []), "projects": projects.get(u.name, [])}
            for u in session.exec(select(UnitRow).order_by(col(UnitRow.id)))]


def upcoming(session: Session, now: datetime) -> dict[str, Any]:
    """The plan as of `now`, per project and unit, without writing it: planning runs and is rolled back."""
    try:
        report = plan(session, now, commit=False)
        bindings = {b.id: b for b in session.exec(select(ChatBinding))}
        pending: dict[int, list[Reminder]] = defaultdict(list)
        for r in session.exec(select(Reminder).where(col(Reminder.state).in_(("planned", "claimed")))
                              .order_by(col(Reminder.scheduled_at), col(Reminder.id))):
            pending[r.project_id].append(r)
        out = []
        for row, state in project_states(session):
            if row.removed_at is not None:
                continue
            due = row.effective_due
            days = (due - local_date(now)).days if due else None
            out.append({
                "citation": cite(row), "doc_id": row.doc_id, "number": row.number, "task": row.task,
                "deadline_text": row.deadline_text, "deadline_kind": row.deadline_kind,
                "due_date": due.isoformat() if due else None, "status": row.status,
                "days_left": days, "overdue": bool(days is not None and days < 0 and row.status == "open"),
                "units": [{"unit": u, "role": r} for u, r in state.units],
                "unbound": report.unbound.get(state.id, []),
                "reminders": [{"unit": r.unit, "via": r.via, "role": r.role, "occasion": r.occasion,
                               "chat": chat_label(bindings[r.binding_id]),
                               "scheduled_at": local(r.scheduled_at).isoformat(), "state": r.state,
                               "due_now": r.scheduled_at <= now} for r in pending.get(state.id, [])],
            })
        return {"now": local(now).isoformat(), "projects": out}
    finally:
        session.rollback()


def history(session: Session, limit: int = 200) -> list[dict[str, Any]]:
    """Reminders that were sent, failed or cancelled, newest first, with their attempts."""
    rows = session.exec(select(Reminder).where(col(Reminder.state).in_(("sent", "failed", "cancelled")))
                        .order_by(col(Reminder.scheduled_at).desc(), col(Reminder.id).desc()).limit(limit)).all()
    attempts: dict[int, list[SendAttempt]] = defaultdict(list)
    for a in session.exec(select(SendAttempt).where(col(SendAttempt.reminder_id).in_([r.id for r in rows] or [-1]))
                          .order_by(col(SendAttempt.id))):
        attempts[a.reminder_id].append(a)
    projects = {row.id: row for row, _ in project_states(session)}
    bindings = {b.id: b for b in session.exec(select(ChatBinding))}
    return [{
        "id": r.id, "citation": cite(projects[r.project_id]), "unit": r.unit, "occasion": r.occasion,
        "chat": chat_label(bindings[r.binding_id]), "state": r.state,
        "scheduled_at": local(r.scheduled_at).isoformat(),
        "sent_at": local(r.sent_at).isoformat() if r.sent_at else None, "reason": r.reason,
        "attempts": [{"at": local(a.at).isoformat(), "outcome": a.outcome, "error": a.error}
                     for a in attempts.get(r.id or 0, [])],
    } for r in rows]


def reports(session: Session, project_id: int) -> list[StatusReport]:
    """A project's /done and /progress reports, oldest first."""
    return list(session.exec(select(StatusReport).where(StatusReport.project_id == project_id)
                             .order_by(col(StatusReport.at))))


@dataclass(frozen=True)
class Standing:
    """One open project as the admins see it: its units, those with no chat, and the last thing reported."""

    project: ProjectRow
    units: tuple[tuple[str, str], ...]
    unbound: tuple[str, ...]
    last_report: StatusReport | None


def latest_reports(session: Session) -> dict[int, StatusReport]:
    """Each project's newest /done or /progress, by project id (of two at one moment, the later row)."""
    last: dict[int, StatusReport] = {}
    for report in session.exec(select(StatusReport).order_by(col(StatusReport.at), col(StatusReport.id))):
        last[report.project_id] = report
    return last


def standings(session: Session) -> dict[int, Standing]:
    """Every open project's standing, by project id, against the chats bound now."""
    bindings = active_bindings(session)
    last = latest_reports(session)
    return {state.id: Standing(row, state.units, tuple(targets(state, bindings)[1]), last.get(state.id))
            for row, state in project_states(session) if state.open}


def failures(session: Session, since: datetime) -> list[tuple[ProjectRow, Reminder]]:
    """Reminders given up on since `since`, with their projects, oldest first."""
    query = select(Reminder).join(SendAttempt, col(SendAttempt.reminder_id) == col(Reminder.id)).where(
        SendAttempt.outcome == "failed", SendAttempt.at >= since).order_by(col(SendAttempt.at))
    projects = {row.id: row for row, _ in project_states(session)}
    return [(projects[r.project_id], r) for r in session.exec(query)]
