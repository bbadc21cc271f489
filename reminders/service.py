"""What the chat and command-line layers do to the reminder state: sync, plan, bind, report.

Each function is one unit of work on a session and commits it, writing an
audit entry for what a person did. Inserts that two processes could race on
use INSERT … ON CONFLICT DO NOTHING, and cancellations are conditional on the
row still being `planned`, so concurrent planners never fight a dispatcher.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col, select

from corpus.errors import PolicybotError
from corpus.known_units import COUNTIES
from corpus.model import Document
from corpus.units import COUNTY_GROUPS, UnitRegistry, normalize
from reminders.models import (
    PLATFORMS,
    AuditEntry,
    ChatBinding,
    ProjectRow,
    ProjectUnit,
    Reminder,
    StatusReport,
    UnitRow,
)
from reminders.policy import ADMINS, ProjectState, admin_targets, occasions, still_applies, targets
from reminders.refs import RefError, choose, cite, parse_ref

ADMIN_ALIASES = (ADMINS, "admins", "admin", "管理员群")


class ReminderError(PolicybotError):
    """A request the reminder state refuses: an unknown unit or project, a bad date."""


def insert_ignore(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows, skipping those a unique key already holds (whoever inserted them).

    One statement on the table, executed for the whole list: compiled once and
    cached, where a multi-row VALUES clause would be compiled anew per batch.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    builder = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if builder is None:
        raise ReminderError(f"unsupported database {dialect!r} (SQLite or PostgreSQL)")
    session.connection().execute(builder(model.__table__).on_conflict_do_nothing(), list(rows))


def audit(session: Session, who: str, action: str, detail: str, now: datetime, result: str = "ok") -> None:
    session.add(AuditEntry(at=now, who=who, action=action, detail=detail, result=result))


# --- units -----------------------------------------------------------------------------------------

def resolve_unit(registry: UnitRegistry, name: str) -> str:
    """The canonical unit for any written form: registry units, the counties, or the admins' pseudo-unit."""
    key = normalize(name)
    if key in {normalize(a) for a in ADMIN_ALIASES}:
        return ADMINS
    county = next((c for c in COUNTIES if key in {normalize(c), normalize("长治市" + c)}), None)
    found = county or registry.resolve(name)
    if not found:
        raise ReminderError(f"unknown unit: {name}")
    return found


def unit_kind(registry: UnitRegistry, name: str) -> str:
    if name == ADMINS:
        return "admins"
    if name in COUNTIES:
        return "county"
    return "group" if registry.is_group(name) or name in COUNTY_GROUPS else "unit"


def sync_units(session: Session, registry: UnitRegistry) -> None:
    """Every unit the registry knows, the counties and the admins, so `units list` can show them."""
    names = [*registry.units, *COUNTIES, ADMINS]
    insert_ignore(session, UnitRow, [{"name": n, "kind": unit_kind(registry, n)} for n in names])
    session.commit()


def bind(session: Session, registry: UnitRegistry, unit: str, platform: str, chat_id: str, who: str,
         now: datetime) -> ChatBinding:
    """Let a chat speak for a unit; binding it again reactivates it."""
    if platform not in PLATFORMS:
        raise ReminderError(f"unknown platform: {platform}")
    if not chat_id.strip():
        raise ReminderError("empty chat id")
    name = resolve_unit(registry, unit)
    insert_ignore(session, UnitRow, [{"name": name, "kind": unit_kind(registry, name)}])
    insert_ignore(session, ChatBinding, [{"platform": platform, "chat_id": chat_id.strip(), "unit": name,
                                         "created_at": now, "active": True}])
    binding = session.exec(select(ChatBinding).where(
        ChatBinding.platform == platform, ChatBinding.chat_id == chat_id.strip(), ChatBinding.unit == name)).one()
    binding.active = True
    audit(session, who, "bind", f"{name} {platform}", now)
    session.commit()
    return binding


def unbind(session: Session, registry: UnitRegistry, unit: str, platform: str, chat_id: str, who: str,
           now: datetime) -> int:
    """Stop a chat speaking for a unit and cancel what was planned for it; returns the cancelled count."""
    name = resolve_unit(registry, unit)
    binding = session.exec(select(ChatBinding).where(
        ChatBinding.platform == platform, ChatBinding.chat_id == chat_id.strip(), ChatBinding.unit == name,
        col(ChatBinding.active))).first()
    if binding is None:
        raise ReminderError(f"{name} has no such {platform} chat bound")
    binding.active = False
    cancelled = _cancel(session, [r.id for r in session.exec(select(Reminder).where(
        Reminder.binding_id == binding.id, Reminder.state == "planned"))], "the chat was unbound")
    audit(session, who, "unbind", f"{name} {platform}", now)
    session.commit()
    return cancelled


def active_bindings(session: Session) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for b in session.exec(select(ChatBinding).where(col(ChatBinding.active)).order_by(col(ChatBinding.id))):
        assert b.id is not None
        out[b.unit].append(b.id)
    return out


# --- projects --------------------------------------------------------------------------------------

@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def sync_corpus(session: Session, registry: UnitRegistry, documents: Sequence[Document], now: datetime) -> SyncReport:
    """Units first, then key projects: what every entry point does before it plans or sends."""
    sync_units(session, registry)
    return sync_projects(session, documents, now)


def sync_projects(session: Session, documents: Sequence[Document], now: datetime) -> SyncReport:
    """Make the key projects match the corpus: new ones added, changed ones updated, vanished ones removed.

    What people said (done, an admin's date) is kept; the next `plan` cancels
    reminders a change made obsolete and plans the new ones.
    """
    report = SyncReport()
    seen: set[tuple[str, int]] = set()
    existing = {(p.doc_id, p.number): p for p in session.exec(select(ProjectRow))}
    for doc in documents:
        for kp in doc.key_projects:
            key = (doc.doc_id, kp.number)
            seen.add(key)
            row = existing.get(key)
            label = f"{doc.doc_id}#{kp.number}"
            if row is None:
                insert_ignore(session, ProjectRow, [{
                    "doc_id": doc.doc_id, "doc_title": doc.title, "number": kp.number, "section_id": kp.section_id,
                    "task": kp.task, "deadline_text": kp.deadline_text, "deadline_kind": kp.deadline_kind,
                    "due_date": kp.due_date, "status": "open"}])
                row = session.exec(select(ProjectRow).where(
                    ProjectRow.doc_id == doc.doc_id, ProjectRow.number == kp.number)).one()
                report.added.append(label)
            else:
                before = (row.deadline_kind, row.due_date, row.task, row.removed_at)
                row.doc_title, row.section_id, row.task = doc.title, kp.section_id, kp.task
                row.deadline_text, row.deadline_kind, row.due_date = kp.deadline_text, kp.deadline_kind, kp.due_date
                row.removed_at = None
                if before != (row.deadline_kind, row.due_date, row.task, None):
                    report.changed.append(label)
                    audit(session, "corpus", "project-changed", f"{label} {before[1]} → {row.due_date}", now)
            _sync_units(session, row, kp.units)
    for key, row in existing.items():
        if key not in seen and row.removed_at is None:
            row.removed_at = now
            report.removed.append(f"{key[0]}#{key[1]}")
            audit(session, "corpus", "project-removed", f"{key[0]}#{key[1]}", now)
    session.commit()
    return report


def _sync_units(session: Session, row: ProjectRow, units: Sequence[str]) -> None:
    assert row.id is not None
    wanted = {unit: ("lead" if i == 0 else "co", i) for i, unit in enumerate(units)}
    current = {u.unit: u for u in session.exec(select(ProjectUnit).where(ProjectUnit.project_id == row.id))}
    for unit, link in current.items():
        if unit not in wanted:
            session.delete(link)
        else:
            link.role, link.position = wanted[unit]
    insert_ignore(session, ProjectUnit, [{"project_id": row.id, "unit": u, "role": r, "position": p}
                                         for u, (r, p) in wanted.items() if u not in current])


def project_states(session: Session) -> list[tuple[ProjectRow, ProjectState]]:
    units: dict[int, list[ProjectUnit]] = defaultdict(list)
    for link in session.exec(select(ProjectUnit)):
        units[link.project_id].append(link)
    rows = session.exec(select(ProjectRow).order_by(col(ProjectRow.doc_id), col(ProjectRow.number))).all()
    return [(row, ProjectState.of(row, units[row.id or 0])) for row in rows]


def find_project(session: Session, ref: str) -> ProjectRow:
    """The live project a person named (`3`, `doc-id:3`; see `reminders.refs`), or a ReminderError saying why not."""
    live = session.exec(select(ProjectRow).where(col(ProjectRow.removed_at).is_(None))).all()
    try:
        doc_id, number = choose(parse_ref(ref), ((p.doc_id, p.number) for p in live))
    except RefError as exc:
        raise ReminderError(str(exc)) from None
    return next(p for p in live if (p.doc_id, p.number) == (doc_id, number))


# --- planning --------------------------------------------------------------------------------------

@dataclass
class PlanReport:
    created: int = 0
    cancelled: int = 0
    unbound: dict[int, list[str]] = field(default_factory=dict)  # project id → units without a chat


def plan(session: Session, now: datetime, *, commit: bool = True) -> PlanReport:
    """Bring the planned reminders in line with the projects and bindings as of `now`.

    Obsolete planned rows are cancelled; new occasions are inserted once
    (existing rows keep their time, so re-planning never re-times or repeats).
    """
    report = PlanReport()
    bindings = active_bindings(session)
    live = {b for ids in bindings.values() for b in ids}
    states = project_states(session)
    # Occasion times never depend on `now` except the overdue notice's and a week's digest caught up late,
    # so only these rows can clash with what is planned now: planned ones (to re-check), those of the last
    # week on, and the overdue notices.
    rows_by_project: dict[int, list[Any]] = defaultdict(list)
    query = select(Reminder.id, Reminder.project_id, Reminder.unit, Reminder.via, Reminder.occasion,
                   Reminder.binding_id, Reminder.state, Reminder.scheduled_at).where(
        (col(Reminder.state) == "planned") | (col(Reminder.scheduled_at) >= now - timedelta(days=7))
        | col(Reminder.occasion).startswith("overdue:"))
    for r in session.exec(query):
        rows_by_project[r.project_id].append(r)
    stale: list[tuple[int, str]] = []
    new: list[dict[str, Any]] = []
    for _, state in states:
        unit_targets, report.unbound[state.id] = targets(state, bindings) if state.open else ([], [])
        if state.open and not bindings.get(ADMINS):  # the weekly summary (and any date request) reaches nobody
            report.unbound[state.id].append(ADMINS)
        allowed = {(t.unit, t.via, t.binding_id) for t in unit_targets + admin_targets(bindings)}
        existing = rows_by_project.get(state.id, [])
        for r in existing:
            if r.state != "planned":
                continue
            if r.binding_id not in live:
                stale.append((r.id, "the chat was unbound"))
            elif not still_applies(state, r.occasion, r.scheduled_at):
                stale.append((r.id, "no longer applies to the project"))
            elif (r.unit, r.via, r.binding_id) not in allowed:
                stale.append((r.id, "the unit is no longer responsible"))
        if not state.open:
            continue
        taken = {(r.unit, r.occasion, r.binding_id) for r in existing}
        notices = [r.scheduled_at for r in existing
                   if state.due and r.occasion == f"overdue:{state.due.isoformat()}"]
        for occ in occasions(state, now, min(notices) if notices else None):
            audience = admin_targets(bindings) if occ.audience == "admins" else unit_targets
            for t in audience:
                if (t.unit, occ.name, t.binding_id) not in taken:
                    new.append({"project_id": state.id, "unit": t.unit, "via": t.via, "role": t.role,
                                "occasion": occ.name, "binding_id": t.binding_id, "scheduled_at": occ.at,
                                "state": "planned", "attempts": 0})
    for reason in {r for _, r in stale}:
        report.cancelled += _cancel(session, [i for i, r in stale if r == reason], reason)
    insert_ignore(session, Reminder, new)
    report.created = len(new)
    if commit:
        session.commit()
    return report


def _cancel(session: Session, ids: Sequence[int | None], reason: str) -> int:
    """Cancel those of `ids` still planned; a row a dispatcher has claimed is left to it."""
    if not ids:
        return 0
    result = session.execute(update(Reminder).where(col(Reminder.id).in_(ids), Reminder.state == "planned")
                             .values(state="cancelled", reason=reason))
    return result.rowcount  # type: ignore[attr-defined]


def cancel_planned(session: Session, project_id: int, reason: str) -> int:
    ids = session.exec(select(Reminder.id).where(Reminder.project_id == project_id, Reminder.state == "planned"))
    return _cancel(session, list(ids), reason)


# --- what units and admins say ---------------------------------------------------------------------

def mark_done(session: Session, ref: str, platform: str, user_id: str, unit: str | None, now: datetime,
              text: str = "") -> ProjectRow:
    """/done N: the project is finished, its planned reminders are cancelled (the chat layer judged who may)."""
    project = find_project(session, ref)
    assert project.id is not None
    session.add(StatusReport(project_id=project.id, unit=unit, platform=platform, user_id=user_id, kind="done",
                             text=text.strip(), at=now))
    if project.status != "done":
        project.status, project.done_at = "done", now
        cancel_planned(session, project.id, "the project was marked done")
    audit(session, f"{platform}:{user_id}", "done", f"{project.doc_id}#{project.number} {unit or ''}".strip(), now)
    session.commit()
    return project


def record_progress(session: Session, ref: str, platform: str, user_id: str, unit: str | None, text: str,
                    now: datetime) -> StatusReport:
    """/progress N 说明: kept as said, for the admins' status and the history."""
    if not text.strip():
        raise ReminderError("请写明进展：/progress 编号 说明")
    project = find_project(session, ref)
    assert project.id is not None
    report = StatusReport(project_id=project.id, unit=unit, platform=platform, user_id=user_id, kind="progress",
                          text=text.strip(), at=now)
    session.add(report)
    audit(session, f"{platform}:{user_id}", "progress", f"{project.doc_id}#{project.number} {unit or ''}".strip(),
          now)
    session.commit()
    return report


def set_external_deadline(session: Session, ref: str, due: date, who: str, now: datetime) -> ProjectRow:
    """/setdeadline N YYYY-MM-DD: an admin dates an `external` deadline; it is then reminded as `fixed`."""
    project = find_project(session, ref)
    label = f"{project.doc_id}#{project.number} {due}"
    if project.deadline_kind != "external":
        audit(session, who, "setdeadline", label, now, result=f"refused: {project.deadline_kind}")
        session.commit()
        raise ReminderError(f"{cite(project)}的时限是“{project.deadline_text}”，不是待省政府规定的时限，无需设定")
    project.admin_due_date = due
    audit(session, who, "setdeadline", label, now)
    session.commit()
    plan(session, now)
    return project
