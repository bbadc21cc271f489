"""Naming a key project when several documents have annexes: `N` for the plan, `doc-id:N` for the others."""

from __future__ import annotations

import asyncio
import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from corpus.model import Document
from corpus.units import UnitRegistry
from reminders import service
from reminders.db import open_database
from reminders.delivery import ChatTarget
from reminders.dispatch import Dispatcher
from reminders.models import StatusReport
from reminders.refs import Ref, RefError, parse_ref

TZ = ZoneInfo("Asia/Shanghai")  # the office zone the expectations below are written in

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)


def added(plan: Document, doc_id: str, title: str, numbers: dict[int, int]) -> Document:
    """Another document whose annex re-uses the plan's rows under new numbers (old number → new)."""
    doc = copy.deepcopy(plan)
    doc.doc_id, doc.title = doc_id, title
    doc.key_projects = [p for p in doc.key_projects if p.number in numbers]
    for p in doc.key_projects:
        p.number = numbers[p.number]
    return doc


@pytest.fixture
def session(tmp_path, plan: Document, registry: UnitRegistry):
    engine = open_database(f"sqlite:///{tmp_path / 'refs.db'}")
    docs = [plan, added(plan, "lucheng-2024", "潞城区实施方案", {2: 3, 8: 9}),
            added(plan, "xiangyuan-2024", "襄垣县实施方案", {8: 9})]
    with Session(engine) as session:
        service.sync_corpus(session, registry, docs, NOW)
        service.bind(session, registry, "潞城区", "telegram", "-300", "console:local", NOW)
        service.bind(session, registry, "市交通局", "telegram", "-400", "console:local", NOW)
        yield session
    engine.dispose()


@pytest.mark.parametrize("text, ref", [("3", Ref(None, 3)), (" 第3项 ", Ref(None, 3)), ("附表第3项", Ref(None, 3)),
                                       ("lucheng-2024:3", Ref("lucheng-2024", 3)),
                                       ("lucheng-2024：3", Ref("lucheng-2024", 3))])
def test_the_forms_people_type(text, ref):
    assert parse_ref(text) == ref


@pytest.mark.parametrize("text", ["", "三", "3a", "/done 3", ":3", "lucheng 2024:3"])
def test_what_is_not_a_reference_says_which_forms_are(text):
    with pytest.raises(RefError, match="文件编号:N"):
        parse_ref(text)


def test_a_bare_number_is_the_plan_a_prefixed_one_the_named_document(session):
    plan_three = service.find_project(session, "3")
    assert (plan_three.doc_id, plan_three.deadline_text) == ("changzhi-2023-5", "2030年底")
    other_three = service.find_project(session, "lucheng-2024:3")
    assert (other_three.doc_id, other_three.deadline_text) == ("lucheng-2024", "2023年10月底")


def test_ambiguous_and_unknown_references_are_refused_with_the_forms_that_work(session):
    with pytest.raises(service.ReminderError, match="请写明是哪一个：lucheng-2024:9、xiangyuan-2024:9"):
        service.find_project(session, "9")
    with pytest.raises(service.ReminderError, match="没有附表第12项"):
        service.find_project(session, "12")
    with pytest.raises(service.ReminderError, match=r"没有编号为 nosuch 的文件（现有：changzhi-2023-5、"):
        service.find_project(session, "nosuch:3")
    with pytest.raises(service.ReminderError, match="文件 lucheng-2024 没有附表第5项（共 3–9 项）"):
        service.find_project(session, "lucheng-2024:5")


def test_a_bare_number_only_one_added_document_has_is_that_one(session, plan):
    service.sync_projects(session, [plan, added(plan, "lucheng-2024", "潞城区实施方案", {2: 3, 8: 9})], NOW)
    assert service.find_project(session, "9").doc_id == "lucheng-2024"  # xiangyuan-2024 was removed


def test_reminders_of_an_added_document_tell_the_unit_the_prefixed_form(session):
    sent: list[str] = []

    class Recorder:
        async def send(self, target: ChatTarget, text: str, attachment=None) -> None:
            sent.append(text)

    asyncio.run(Dispatcher(session.get_bind(), {"telegram": Recorder()}, limits={}).run_due(NOW))
    other = [t for t in sent if "潞城区实施方案附表第3项" in t]
    assert len(other) == 1 and "/done lucheng-2024:3" in other[0] and "/progress lucheng-2024:3 说明" in other[0]
    plan_two = [t for t in sent if t.startswith("【逾期提醒】附表第2项")]
    assert len(plan_two) == 1 and "/done 2；" in plan_two[0]


def test_done_closes_only_the_named_documents_project(session):
    service.mark_done(session, "lucheng-2024:3", "telegram", "u3", "潞城区", NOW, "已完成")
    assert service.find_project(session, "lucheng-2024:3").status == "done"
    assert service.find_project(session, "3").status == "open"
    report = session.exec(select(StatusReport)).one()
    assert (report.unit, report.user_id, report.text) == ("潞城区", "u3", "已完成")
