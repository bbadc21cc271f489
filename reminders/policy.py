"""The reminder policy: which chats hear about which project, and when.

Pure functions of a project's state, the chat bindings and `now`, so the
whole timeline can be checked without a database or a clock:

- `fixed` (and `external` once an admin set a date): 90, 30, 7 and 1 days
  before and on the due day, each moved later to the next working day's 09:30.
  A slot that would land after the due day is dropped (the overdue notice
  says it better), and occasions that fall on one slot keep the nearest one.
- Overdue: one notice (at once within working hours, else the next working
  day's 09:30), then a weekly digest per unit from the following week on.
- `ongoing`: a progress request on each month's first working day.
- `external` without a date: the same monthly rhythm, to the admins' chats.
- Every open project: a weekly summary to the admins' chats, one message a
  week listing each project's standing and the responsible units that have
  no chat, so nobody is skipped silently.
- Only future occasions are planned: a first run on a late day does not send
  the 90/30/7/1-day reminders whose time has passed. Monthly and weekly ones
  are planned a little ahead (`HORIZON`), since they never end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from corpus.units import UnitRegistry
from reminders.models import ProjectRow, ProjectUnit
from reminders.workdays import local_date, next_slot, next_working_time, slot_on

ADMINS = "管理员"  # the pseudo-unit whose chats receive requests meant for the admins
OFFSETS = (90, 30, 7, 1, 0)
HORIZON = timedelta(days=40)
LATE_LIMIT = timedelta(days=7)  # a reminder later than this is missed, not sent: next week's digest says it now


@dataclass(frozen=True)
class ProjectState:
    """What the policy needs to know of a key project."""

    id: int
    number: int
    deadline_kind: str
    due: date | None
    open: bool
    units: tuple[tuple[str, str], ...]  # (unit, role) in the document's order

    @classmethod
    def of(cls, row: ProjectRow, units: Iterable[ProjectUnit]) -> ProjectState:
        ordered = sorted(units, key=lambda u: u.position)
        assert row.id is not None
        return cls(row.id, row.number, row.deadline_kind, row.effective_due,
                   row.status == "open" and row.removed_at is None, tuple((u.unit, u.role) for u in ordered))

    @property
    def awaits_date(self) -> bool:
        """An `external` deadline nobody has dated yet: only the admins can move it on."""
        return self.deadline_kind == "external" and self.due is None


@dataclass(frozen=True)
class Target:
    """A chat a project's reminder goes to, and in whose name."""

    binding_id: int
    unit: str  # the unit the chat belongs to (a county for a county group)
    via: str  # the project's unit it answers for
    role: str  # lead | co


@dataclass(frozen=True)
class Occasion:
    name: str
    at: datetime  # aware UTC
    audience: str  # units | admins


def occasion_kind(name: str) -> str:
    """`due-30`, `overdue`, `digest`, `progress`, `setdeadline` or `summary`."""
    return name.partition(":")[0]


def targets(project: ProjectState, bindings: Mapping[str, Sequence[int]]) -> tuple[list[Target], list[str]]:
    """The chats that answer for the project, and the responsible units that have none.

    A county group reaches its own chat if it has one and every bound county
    chat; a county without a chat is reported by name, so nobody is left out
    silently.
    """
    found: list[Target] = []
    unbound: list[str] = []
    for unit, role in project.units:
        own = [Target(b, unit, unit, role) for b in bindings.get(unit, ())]
        members = UnitRegistry.members(unit)
        counties = [Target(b, county, unit, role) for county in members for b in bindings.get(county, ())]
        found += own + counties
        if own:
            continue
        if not members:
            unbound.append(unit)
        else:
            bound = {t.unit for t in counties}
            unbound += [county for county in members if county not in bound]
    return found, unbound


def admin_targets(bindings: Mapping[str, Sequence[int]]) -> list[Target]:
    return [Target(b, ADMINS, ADMINS, "lead") for b in bindings.get(ADMINS, ())]


def overdue_notice_at(due: date, now: datetime) -> datetime:
    """The one overdue notice: the first working moment after the due day, or at once if that has passed."""
    after_due = slot_on(due + timedelta(days=1))
    return next_slot(after_due) if now < after_due else next_working_time(now)


def occasions(project: ProjectState, now: datetime, notice_at: datetime | None = None) -> list[Occasion]:
    """The occasions to plan at `now` (existing ones are kept by the caller, never re-timed).

    `notice_at` is when the project's overdue notice was planned, if it was;
    weekly digests start in the week after it.
    """
    if not project.open:
        return []
    summaries = [Occasion(f"summary:{week}", at, "admins") for week, at in _weekly(local_date(now), now)]
    if project.deadline_kind == "ongoing":
        return [Occasion(f"progress:{m:%Y-%m}", at, "units") for m, at in _monthly(now)] + summaries
    if project.due is None:
        return [Occasion(f"setdeadline:{m:%Y-%m}", at, "admins") for m, at in _monthly(now)] + summaries
    due = project.due
    by_slot: dict[datetime, str] = {}
    for days in OFFSETS:
        at = next_slot(slot_on(due - timedelta(days=days)))
        if local_date(at) <= due and at >= now:
            by_slot[at] = f"due-{days}:{due.isoformat()}"
    found = [Occasion(name, at, "units") for at, name in sorted(by_slot.items())]
    notice = notice_at or overdue_notice_at(due, now)
    found.append(Occasion(f"overdue:{due.isoformat()}", notice, "units"))
    after_notice = local_date(notice) + timedelta(days=7)
    found += [Occasion(f"digest:{week}", at, "units") for week, at in _weekly(after_notice, now, catch_up=True)]
    return found + summaries


def _monthly(now: datetime) -> list[tuple[date, datetime]]:
    """Each month's first working day at 09:30, from `now` to the horizon."""
    out = []
    month = local_date(now).replace(day=1)
    while True:
        at = next_slot(slot_on(month))
        if at >= now + HORIZON:
            return out
        if at >= now:
            out.append((month, at))
        month = (month + timedelta(days=32)).replace(day=1)


def _weekly(first: date, now: datetime, catch_up: bool = False) -> list[tuple[str, datetime]]:
    """The first working day of each week from `first`'s week on, from `now` to the horizon.

    With `catch_up`, a week whose slot has passed unplanned (the clock jumped,
    or the bot was down over the weekend) still has its occasion, now.
    """
    out = []
    today = local_date(now)
    monday = max(first - timedelta(days=first.weekday()), today - timedelta(days=today.weekday()))
    while True:
        at = next_slot(slot_on(monday))
        if at >= now + HORIZON:
            return out
        if catch_up and at < now:
            at = next_working_time(now)
        year, week, _ = monday.isocalendar()
        if at >= now and local_date(at) < monday + timedelta(days=7):
            out.append((f"{year}-W{week:02d}", at))
        monday += timedelta(days=7)


def still_applies(project: ProjectState, occasion: str, scheduled_at: datetime) -> bool:
    """Whether a planned reminder still fits the project (after done, a new deadline, a set date)."""
    if not project.open:
        return False
    kind, _, arg = occasion.partition(":")
    due = project.due.isoformat() if project.due else None
    if kind.startswith("due-") or kind == "overdue":
        return arg == due
    if kind == "digest":
        return project.due is not None and project.due < local_date(scheduled_at)
    if kind == "progress":
        return project.deadline_kind == "ongoing"
    if kind == "setdeadline":
        return project.awaits_date
    return kind == "summary"


def missed(at: datetime, now: datetime) -> str | None:
    """Why a reminder due at `at` is not sent at `now`, if it is over a week late: the bot was down that long,
    or the clock jumped (set to 2030, a run would otherwise send three years of occasions at once); the weekly
    digests and the next countdown carry what it had to say."""
    if now - at <= LATE_LIMIT:
        return None
    return f"missed: due {at:%Y-%m-%d %H:%M} UTC, over {LATE_LIMIT.days} days before the run that found it"


def superseded(due_rows: Sequence[tuple[int, str, datetime]], today: date) -> dict[int, str]:
    """Of one chat's overdue-by-now reminders for one project, those not worth sending late, with why.

    After downtime several may be due at once: a passed deadline makes its
    countdown reminders stale, an overdue notice covers that week's digest,
    and of several countdowns or monthly requests only the newest is sent.
    Rows are (id, occasion, scheduled_at).
    """
    out: dict[int, str] = {}
    kinds = {occasion_kind(o) for _, o, _ in due_rows}
    newest: dict[str, tuple[datetime, int]] = {}
    for rid, occasion, at in due_rows:
        kind = occasion_kind(occasion)
        if kind.startswith("due-") and date.fromisoformat(occasion.partition(":")[2]) < today:
            out[rid] = "stale: the deadline has passed"
            continue
        if kind == "digest" and "overdue" in kinds:
            out[rid] = "superseded by the overdue notice"
            continue
        family = "countdown" if kind.startswith("due-") else kind
        best = newest.get(family)
        if best is None or (at, rid) > best:
            if best is not None:
                out[best[1]] = "superseded by a newer reminder"
            newest[family] = (at, rid)
        else:
            out[rid] = "superseded by a newer reminder"
    return out

