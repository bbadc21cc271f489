"""The fact table, read off the bundled plan and another city's plan; every expectation written by hand from the
documents' text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.facts import DEADLINE, KEY_PROJECT, RESPONSIBILITY, TARGET, Fact, facts_of
from corpus.load import load_document
from corpus.units import UnitRegistry

PLANS = Path(__file__).parent / "plans"


@pytest.fixture(scope="module")
def plan_facts(plan) -> list[Fact]:
    return facts_of(plan)


@pytest.fixture(scope="module")
def jiaxing_facts() -> list[Fact]:
    return facts_of(load_document(PLANS / "jiaxing.txt", UnitRegistry.default()))


def targets(facts: list[Fact], section_id: str) -> list[tuple[int | None, str, str]]:
    return [(f.year, f.subject, f.value) for f in facts if f.kind == TARGET and f.section_id == section_id]


def test_targets_set_in_words_keep_the_plans_words_as_their_value(plan_facts):
    main = targets(plan_facts, "art-3")
    # 单位地区生产总值能源消耗下降完成省下达目标，单位GDP二氧化碳下降率达到18.5%: two indicators, one figure.
    assert (2025, "单位地区生产总值能源消耗", "下降完成省下达目标") in main
    assert (2025, "单位GDP二氧化碳下降率", "18.5%") in main
    assert (2025, "NOx、挥发性有机物、COD、NH3-N总量", "减排完成省定目标任务") in main
    # The 2030 paragraph: 持续下降 for both, 100% again for the water sections.
    assert (2030, "单位地区生产总值能源消耗和二氧化碳排放", "持续下降") in main
    assert (2030, "地表水国考断面优良水体比例", "100%") in main
    assert (2025, "地表水国考断面优良水体比例", "100%") in main
    assert (2030, "资源型经济转型任务", "基本完成") in main


def test_a_figure_without_an_indicator_before_it_is_described_by_its_clause(plan_facts):
    art4 = targets(plan_facts, "art-4")
    furnaces = ("逐步淘汰1200立方米以下高炉、100吨以下转炉、步进式烧结机、球团竖炉以及半封闭式硅锰合金、镍铁、"
                "高碳铬铁、高碳锰铁电炉")
    assert (2025, furnaces, "100吨") in art4
    solid = targets(plan_facts, "art-16")
    assert (2025, "新增大宗固废综合利用率", "60%") in solid
    assert (2025, "存量大宗固废", "有序减少") in solid


def test_both_figures_of_a_respectively_clause_share_its_indicator_and_keep_their_years(plan_facts):
    steel = [f for f in plan_facts if f.kind == TARGET and f.section_id == "art-8" and f.unit == "%"]
    assert [(f.year, f.subject, f.value) for f in steel] == [
        (2025, "短流程炼钢占比", "5%"), (2030, "短流程炼钢占比", "10%")]
    assert steel[1].comparison.endswith("以上")


def test_key_projects_and_their_deadlines(plan_facts):
    row = next(f for f in plan_facts if f.kind == KEY_PROJECT and f.number == 2)
    assert (row.value, row.due, row.leads, row.others) == (
        "2023年10月底", "2023-10-31", ("市生态环境局",), ("有关县区人民政府",))
    external = next(f for f in plan_facts if f.kind == DEADLINE and f.section_id == "annex-1")
    assert (external.value, external.due, external.deadline_kind) == ("按照省政府规定时限", None, "external")


def test_a_time_governs_the_action_after_it(plan_facts):
    kiln = next(f for f in plan_facts if f.kind == DEADLINE and f.section_id == "art-6")
    assert (kiln.value, kiln.due, kiln.subject) == ("在2023年底前", "2023-12-31", "实现清洁能源替代")


def test_responsibility_facts_are_per_clause_with_the_text_they_cover(plan_facts, jiaxing_facts):
    transport = [f for f in plan_facts if f.kind == RESPONSIBILITY and f.section_id == "art-9"]
    assert len(transport) == 1 and transport[0].leads == ("市交通局",)
    assert transport[0].others[:2] == ("市发展改革委", "市工信局")
    first, second = [f for f in jiaxing_facts if f.kind == RESPONSIBILITY and f.section_id == "jiaxing:art-1.1"]
    assert first.leads == ("市经信局",) and first.implementers == ("各县（市、区）人民政府",)
    assert "印染企业整合提升" in first.subject
    assert second.leads == ("市发改委", "市经信局") and "化工园区循环化改造" in second.subject
    # 一、（一）'s clauses stand in its items: it states no responsibility of its own.
    assert not [f for f in jiaxing_facts if f.kind == RESPONSIBILITY and f.section_id == "jiaxing:art-1"]


def test_another_plans_respectively_list_gives_each_noun_its_figure(jiaxing_facts):
    cars = targets(jiaxing_facts, "jiaxing:art-2.2")
    assert cars == [(2025, "全市公交车", "95%"), (2025, "出租车", "80%"), (2025, "城市物流配送车辆", "50%")]
    assert (2025, "完成12家印染企业整合提升", "12家") in targets(jiaxing_facts, "jiaxing:art-1.1")


def test_facts_survive_their_json(plan_facts):
    again = [Fact.from_json(json.loads(json.dumps(f.to_json(), ensure_ascii=False))) for f in plan_facts]
    assert again == plan_facts


def test_a_year_compared_with_is_a_base_and_a_figure_to_reach_is_a_target_not_a_value_reported(registry):
    from corpus.facts import REPORTED, TARGET
    from corpus.load import document_from_text

    doc = document_from_text("长治市节能方案\n长政发〔2022〕8号\n一、主要目标\n"
                             "到2025年，与2020年相比，全市单位地区生产总值能耗下降14.5%。"
                             "2021年，全市PM2.5平均浓度为41微克/立方米。\n", registry, doc_id="energy")
    kinds = {f.value: (f.kind, f.year, f.base_year) for f in facts_of(doc) if f.kind in (TARGET, REPORTED)}
    assert kinds["14.5%"] == (TARGET, 2025, 2020) and kinds["41微克/立方米"] == (REPORTED, 2021, None)
