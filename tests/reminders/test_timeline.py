"""The whole timeline of the bundled plan, 2023-05-25 → 2031-03, with a fake clock and a recording sender.

The clock jumps from one planned reminder to the next (at most a week at a
time, so weekly and monthly occasions are planned before they fall due),
runs the dispatcher at each stop, and the test checks each reminder's day and
count for several projects, chats and roles.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import service
from reminders.db import open_database
from reminders.delivery import ChatTarget
from reminders.dispatch import Dispatcher
from reminders.models import Reminder
from reminders.workdays import is_workday, local

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in

CHATS = {"市生态环境局": ("telegram", "-1001"), "市工信局": ("wecom", "robot-gx"),
         "潞州区": ("telegram", "-1002"), "管理员": ("telegram", "900")}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


class Recorder:
    """A sender that notes what it was asked to send and when (on the fake clock)."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self.sent: list[tuple[str, datetime, str]] = []

    async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
        self.sent.append((target.chat_id, local(self.clock()), text))

    def days(self, chat: str, contains: str, head: str | None = None) -> list[str]:
        return [f"{when:%Y-%m-%d}" for c, when, text in self.sent
                if c == chat and contains in text and (head is None or text.startswith(head))]


def simulate(engine, plan: Document, start: datetime, end: datetime,
             events: dict[datetime, Callable[[Session, datetime], object]]) -> Recorder:
    clock = {"now": start}
    recorder = Recorder(lambda: clock["now"])
    dispatcher = Dispatcher(engine, {"telegram": recorder, "wecom": recorder}, limits={})
    pending = sorted(events)
    now = start
    while now <= end:
        clock["now"] = now
        while pending and pending[0] <= now:
            with Session(engine) as session:
                events[pending.pop(0)](session, now)
        asyncio.run(dispatcher.run_due(now))
        with Session(engine) as session:
            upcoming = session.exec(select(func.min(Reminder.scheduled_at)).where(
                Reminder.state == "planned", Reminder.scheduled_at > now)).one()
        candidates = [now + timedelta(days=7)] + ([upcoming] if upcoming else []) + pending[:1]
        now = min(candidates)
    return recorder


@pytest.fixture
def engine(tmp_path, plan: Document, registry: UnitRegistry):
    engine = open_database(f"sqlite:///{tmp_path / 'timeline.db'}")
    with Session(engine) as session:
        service.sync_units(session, registry)
        service.sync_projects(session, [plan], at("2023-05-25T09:00"))
        for unit, (platform, chat) in CHATS.items():
            service.bind(session, registry, unit, platform, chat, "console:local", at("2023-05-25T09:00"))
    yield engine
    engine.dispose()


def mondays_shifted(first: str, last: str) -> list[str]:
    """Each week's first working day between two Mondays, as the digest days."""
    out, monday = [], date.fromisoformat(first)
    while monday <= date.fromisoformat(last):
        day = monday
        while not is_workday(day):
            day += timedelta(days=1)
        out.append(day.isoformat())
        monday += timedelta(days=7)
    return out


def first_workdays_of_weeks(first: str, last: str) -> list[str]:
    """Each week's first working day between two Mondays; a week without one has none."""
    out, monday = [], date.fromisoformat(first)
    while monday <= date.fromisoformat(last):
        days = [monday + timedelta(days=i) for i in range(7)]
        out += [next(d for d in days if is_workday(d)).isoformat()] if any(map(is_workday, days)) else []
        monday += timedelta(days=7)
    return out


def first_workdays(first: str, last: str) -> list[str]:
    out, month = [], date.fromisoformat(first)
    while month <= date.fromisoformat(last):
        day = month
        while not is_workday(day):
            day += timedelta(days=1)
        out.append(day.isoformat())
        month = (month + timedelta(days=32)).replace(day=1)
    return out


def test_whole_timeline(engine, plan):
    def done(number: int, unit: str) -> Callable[[Session, datetime], object]:
        return lambda s, now: service.mark_done(s, str(number), "telegram", "u1", unit, now)

    events = {
        at("2024-01-15T08:00"): done(2, "市生态环境局"),
        at("2024-03-10T11:00"): lambda s, now: service.set_external_deadline(s, "1", date(2024, 6, 28), "telegram:1",
                                                                              now),
        at("2024-07-10T11:00"): done(1, "市工信局"),
    }
    rec = simulate(engine, plan, at("2023-05-25T10:00"), at("2031-03-01T00:00"), events)

    # every message went out at 09:30 on a working day (nothing was due "at once" in this run)
    assert all(when.strftime("%H:%M") == "09:30" and is_workday(when.date()) for _, when, _ in rec.sent)

    # 附表第2项 (fixed, 2023-10-31), led by 市生态环境局; a county of 有关县区人民政府 hears the same
    countdown = ["2023-08-02", "2023-10-07", "2023-10-24", "2023-10-30", "2023-10-31"]
    assert rec.days("-1001", "附表第2项", "【督办提醒】") == countdown
    assert rec.days("-1001", "附表第2项", "【逾期提醒】") == ["2023-11-01"]
    assert rec.days("-1001", "附表第2项", "【逾期周报】") == mondays_shifted("2023-11-06", "2024-01-08")
    assert rec.days("-1002", "附表第2项", "【督办提醒】") == countdown
    assert rec.days("-1002", "附表第2项", "【逾期周报】") == mondays_shifted("2023-11-06", "2024-01-08")
    assert all("贵单位牵头" in t for c, _, t in rec.sent if c == "-1001" and t.startswith("【督办提醒】附表第2项"))
    county = [t for c, _, t in rec.sent if c == "-1002" and t.startswith("【督办提醒】附表第2项")]
    assert all("潞州区（有关县区人民政府）" in t for t in county)

    # 附表第3项 (fixed, 2030-12-31, past the calendar's data: Monday–Friday), led by 市工信局 over WeCom
    assert rec.days("robot-gx", "附表第3项", "【督办提醒】") == [
        "2030-10-02", "2030-12-02", "2030-12-24", "2030-12-30", "2030-12-31"]
    assert rec.days("robot-gx", "附表第3项", "【逾期提醒】") == ["2031-01-01"]
    assert rec.days("robot-gx", "附表第3项", "【逾期周报】") == mondays_shifted("2031-01-06", "2031-02-24")

    # 附表第1项 (external): monthly requests to the admins until a date is set, then as fixed, until done
    assert rec.days("900", "附表第1项", "【待定时限】") == first_workdays("2023-06-01", "2024-03-01")
    assert all("/setdeadline 1 YYYY-MM-DD" in t for c, _, t in rec.sent if c == "900" and "【待定时限】" in t)
    for chat in ("robot-gx", "-1001", "-1002"):
        assert rec.days(chat, "附表第1项", "【督办提醒】") == [
            "2024-04-01", "2024-05-29", "2024-06-21", "2024-06-27", "2024-06-28"]
        assert rec.days(chat, "附表第1项", "【逾期提醒】") == ["2024-07-01"]
        assert rec.days(chat, "附表第1项", "【逾期周报】") == ["2024-07-08"]

    # 附表第4项 (ongoing): a progress request on each month's first working day, to every unit's chat
    months = first_workdays("2023-06-01", "2031-02-01")
    assert len(months) == 93
    for chat in ("-1001", "robot-gx", "-1002"):
        assert rec.days(chat, "附表第4项", "【进展调度】") == months

    # one digest a week per chat, listing all its overdue projects; 2026-01 onwards 5 of them for 市生态环境局
    weekly = [(when, text) for c, when, text in rec.sent if c == "-1001" and text.startswith("【逾期周报】")]
    assert len({when for when, _ in weekly}) == len(weekly)
    late_2026 = [text for when, text in weekly if when.date() == date(2026, 11, 30)]
    assert len(late_2026) == 1 and all(f"附表第{n}项" in late_2026[0] for n in (5, 6, 7, 8))

    # the admins: one summary a week, on the week's first working day, naming every unit no chat reaches
    summaries = [(when, text) for c, when, text in rec.sent if text.startswith("【督办周报】管理员")]
    assert {c for c, _, t in rec.sent if t.startswith("【督办周报】管理员")} == {"900"}
    assert [f"{when:%Y-%m-%d}" for when, _ in summaries] == first_workdays_of_weeks("2023-05-29", "2031-02-24")
    late_2026 = next(text for when, text in summaries if when.date() == date(2026, 11, 30))
    assert "[2]" not in late_2026 and "未办结重点项目 6 项，其中逾期 4 项" in late_2026  # 1 and 2 were done
    unbound = late_2026.split("未绑定群聊")[1]
    assert all(u in unbound for u in ("市交通局", "市发展改革委", "市住建局", "上党区", "沁源县"))
    assert not any(u in unbound for u in ("市生态环境局", "市工信局", "潞州区"))
    first = summaries[0][1]
    assert "[1] 附表第1项 时限：按照省政府规定时限，待设定：/setdeadline 1 YYYY-MM-DD" in first

    # each reminder exactly once, and nothing left behind
    with Session(engine) as session:
        rows = session.exec(select(Reminder)).all()
    sent = [r for r in rows if r.state == "sent"]
    assert len({(r.project_id, r.unit, r.occasion, r.binding_id) for r in sent}) == len(sent)
    weekly = ("【逾期周报】", "【督办周报】")
    assert sum(1 for _, _, t in rec.sent if not t.startswith(weekly)) == sum(
        1 for r in sent if not r.occasion.startswith(("digest", "summary")))
    assert len(summaries) == len({r.occasion for r in sent if r.occasion.startswith("summary")})
    assert not [r for r in rows if r.state in ("claimed", "failed")]


def test_first_run_today_sends_one_notice_per_overdue_project_then_weekly_digests(engine, plan):
    rec = simulate(engine, plan, at("2026-11-24T10:00"), at("2027-01-31T00:00"), {})
    today = [(c, t) for c, when, t in rec.sent if when == at("2026-11-24T10:00")]
    assert sorted(t.split("：")[0] for c, t in today if c == "-1001") == [
        f"【逾期提醒】附表第{n}项" for n in (2, 5, 6, 7, 8)]
    assert all(t.startswith("【逾期提醒】") for _, t in today)
    assert not [t for _, _, t in rec.sent if t.startswith("【督办提醒】")]  # no back-dated countdown
    for n in (2, 5, 6, 7, 8):
        assert rec.days("-1001", f"附表第{n}项", "【逾期提醒】") == ["2026-11-24"]
    assert rec.days("-1001", "附表第2项", "【逾期周报】") == mondays_shifted("2026-11-30", "2027-01-25")
    assert len(rec.days("-1001", "", "【逾期周报】")) == 9  # one per week, not one per project
    assert rec.days("robot-gx", "附表第6项", "【逾期提醒】") == ["2026-11-24"]
    assert rec.days("900", "附表第1项", "【待定时限】") == ["2026-12-01", "2027-01-01"]  # 2027: Monday–Friday
    assert len(rec.days("900", "", "【督办周报】")) == 9  # one summary a week for the admins


def test_first_run_in_the_evening_waits_for_the_next_working_morning(engine, plan):
    rec = simulate(engine, plan, at("2026-11-24T20:00"), at("2026-11-25T12:00"), {})
    assert {f"{when:%Y-%m-%d %H:%M}" for _, when, _ in rec.sent} == {"2026-11-25 09:30"}
    assert len(rec.days("-1001", "", "【逾期提醒】")) == 5
