"""The 督办台账 rows against the plan's annex (corpus/documents/changzhi-2023-5.md, 附表), on a fixed clock.

The expected figures are counted by hand from the annex: 附表第2项 is due
2023年10月底 = 2023-10-31, which is 1,096 days (2024 a leap year) plus 24
before 2026-11-24: 1,120 days overdue; 第5项 (2024-12-31) 365 + 328 = 693;
第3项 (2030-12-31) 37 + 1,461 = 1,498 days ahead.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import service
from reminders.db import open_database
from reminders.dispatch import Dispatcher
from reminders.ledger import Latest, ledger

TZ = ZoneInfo("Asia/Shanghai")
DAY = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)  # a Tuesday


class Recording:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, target, text: str, attachment=None) -> None:
        self.sent.append(text)


@pytest.fixture
def engine(tmp_path, plan: Document, registry: UnitRegistry):
    engine = open_database(f"sqlite:///{tmp_path / 'ledger.db'}")
    with Session(engine) as session:
        service.sync_corpus(session, registry, [plan], DAY)
    yield engine
    engine.dispose()


def rows(engine, now: datetime = DAY, **kw) -> dict[int, object]:
    with Session(engine) as session:
        return {r.number: r for r in ledger(session, now, **kw)}


def test_the_annex_on_a_fixed_day(engine):
    found = rows(engine)
    assert list(found) == [1, 2, 3, 4, 5, 6, 7, 8]
    two = found[2]
    assert (two.label, two.task, two.lead, two.others) == ("附表第2项", "上党革命老区散煤清零工程。", "市生态环境局",
                                                           ("有关县区人民政府",))
    assert (two.deadline_text, two.due, two.days_left, two.status) == ("2023年10月底", date(2023, 10, 31), -1120,
                                                                       "已逾期")
    assert (two.latest, two.reminders_sent, two.doc_id) == (None, 0, "changzhi-2023-5")
    assert (found[5].days_left, found[5].status) == (-693, "已逾期")
    assert (found[3].due, found[3].days_left, found[3].status) == (date(2030, 12, 31), 1498, "未到期")
    assert (found[4].deadline_text, found[4].due, found[4].days_left, found[4].status) == ("持续推进", None, None,
                                                                                           "持续推进")
    assert (found[1].deadline_text, found[1].due, found[1].status) == ("按照省政府规定时限", None, "待定日期")
    assert found[1].lead == "市工信局" and found[1].others == ("市生态环境局", "有关县区人民政府")
    # the annex writes "2025 年底"; the parser drops the space
    assert found[7].lead == "市发展改革委" and found[7].deadline_text == "2025年底"


def test_days_count_on_the_office_day_not_the_utc_day(engine):
    just_after_midnight = datetime(2026, 11, 24, 0, 30, tzinfo=TZ)  # still 2026-11-23 in UTC
    assert rows(engine, just_after_midnight)[2].days_left == -1120


def test_near_means_within_thirty_days_the_due_day_included(engine):
    assert rows(engine, datetime(2030, 12, 1, 9, 0, tzinfo=TZ))[3].status == "临近截止"  # 30 days left
    assert rows(engine, datetime(2030, 11, 30, 9, 0, tzinfo=TZ))[3].status == "未到期"  # 31
    on_the_day = rows(engine, datetime(2030, 12, 31, 17, 0, tzinfo=TZ))[3]
    assert (on_the_day.days_left, on_the_day.status) == (0, "临近截止")


def test_progress_done_and_a_set_deadline_show_at_once(engine, registry):
    with Session(engine) as session:
        service.record_progress(session, "2", "telegram", "222", "市生态环境局", "已完成80%",
                                datetime(2026, 11, 20, 16, 0, tzinfo=TZ))
        service.mark_done(session, "5", "telegram", "222", "市生态环境局", datetime(2026, 11, 21, 9, 0, tzinfo=TZ))
        service.set_external_deadline(session, "1", date(2026, 12, 20), "telegram:111", DAY)
    found = rows(engine)
    assert found[2].latest == Latest("已完成80%", "市生态环境局", date(2026, 11, 20), False)
    assert found[2].status == "已逾期"
    assert (found[5].status, found[5].days_left) == ("已完成", None)
    assert found[5].latest == Latest("", "市生态环境局", date(2026, 11, 21), True)
    assert (found[1].due, found[1].days_left, found[1].status) == (date(2026, 12, 20), 26, "临近截止")


def test_reminders_sent_count_the_units_reminders_not_the_admins_summary(engine, registry):
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
    with Session(engine) as session:
        service.bind(session, registry, "管理员", "telegram", "-100", "console:local", friday)
        service.plan(session, friday)  # the summary of Monday 2026-11-23 09:30 is planned ahead
        service.bind(session, registry, "市生态环境局", "telegram", "-200", "console:local", friday)
    sender = Recording()
    report = asyncio.run(Dispatcher(engine, {"telegram": sender}, limits={}).run_due(
        datetime(2026, 11, 23, 10, 0, tzinfo=TZ)))
    assert any(text.startswith("【督办周报】") for text in sender.sent)
    assert report.sent == 5 + 8  # overdue notices for 2, 5, 6, 7, 8; the summary's rows for all 8 open ones
    counts = {n: r.reminders_sent for n, r in rows(engine).items()}
    assert counts == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1, 6: 1, 7: 1, 8: 1}


def test_one_document_or_one_unit(engine, registry):
    assert rows(engine, doc_id="elsewhere") == {}
    assert list(rows(engine, doc_id="changzhi-2023-5")) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert list(rows(engine, units=["市交通局"])) == [4]
    assert list(rows(engine, units=["市发展改革委"])) == [4, 7]
    assert list(rows(engine, units=["潞州区"])) == [1, 2, 3, 4, 5, 6, 7, 8]  # inside 有关/各县区人民政府
    assert list(rows(engine, units=["市交通局", "市发展改革委"])) == [4, 7]
    assert rows(engine, units=["市水利局"]) == {}
