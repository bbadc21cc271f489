"""Places from the gazetteer: what a question names, what the corpus covers, and what is no place at all."""

from __future__ import annotations

import pytest

from corpus.gazetteer import named
from index.places import covered, jurisdictions, romanised, uncovered
from index.tokenize import fold, segmenter


@pytest.fixture(scope="module")
def plan_places(plan) -> frozenset[str]:
    return covered(text for text in (plan.title, plan.issuer, *(s.text for s in plan.sections)))


@pytest.fixture(scope="module")
def plan_own(plan) -> frozenset[str]:
    return jurisdictions((plan.title, plan.issuer))


def test_the_plan_is_about_changzhi_and_its_counties(plan_own):
    assert {"长治市", "潞州区", "上党区", "襄垣县", "沁县"} <= plan_own
    assert not {"北京市", "河北省", "大同市"} & plan_own


def test_the_plan_covers_changzhi_shanxi_and_the_provinces_of_jing_jin_ji(plan_places):
    assert {"长治市", "山西省", "北京市", "天津市", "河北省"} <= plan_places  # 京津冀及周边地区 in （十七）
    assert {"襄垣县", "黎城县", "潞城区"} <= plan_places  # its counties, named in the text
    assert not {"大同市", "保定市", "太原市", "浙江省"} & plan_places


def test_the_gazetteer_knows_changzhis_districts_of_2019():
    assert [(form, d.name, d.level) for form, d in named("潞州区和上党区")] == [
        ("潞州区", "潞州区", "county"), ("上党区", "上党区", "county")]
    assert [d.parents for _, d in named("上党区")] == [("长治市", "山西省")]


@pytest.mark.parametrize(("question", "place"), [
    ("大同市的散煤清零工程什么时候完成？", "大同市"),
    ("保定的新能源汽车推广目标是多少", "保定"),
    ("营口市港口的公转铁怎么推进", "营口市"),
    ("黔南州的减污降碳试点有哪些", "黔南州"),
    ("内蒙古的煤电机组要关停吗", "内蒙古"),
    ("北京的PM2.5目标是多少", "北京"),  # mentioned by the plan (京津冀), but not what it is about
])
def test_another_citys_question_names_a_place_the_plan_does_not_cover(plan_places, plan_own, question, place):
    folded = fold(question)
    assert uncovered(folded, plan_places, plan_own, segmenter().bounds(folded)) == place


@pytest.mark.parametrize("question", [
    "襄垣恒祥、五阳弘峰和黎城长福的焦炉关停有什么时间要求？",  # company names with county names in them
    "水泥厂能用哪些东西替代煤来烧？", "城建这块减污降碳谁挑头？", "美丽长治建设有什么要求",  # words jieba tags ns
    "跟北京、天津、河北一起治理空气污染，方案怎么说？",  # the plan speaks of 京津冀
    "上市公司要披露哪些环境信息", "新鲜空气和普及低碳知识", "市生态环境局和县区人民政府负责什么",
    "潞州区的散煤清零进展", "三明治包装能不能用塑料袋",
])
def test_words_that_are_no_uncovered_place_are_left_alone(plan_places, plan_own, question):
    folded = fold(question)
    assert uncovered(folded, plan_places, plan_own, segmenter().bounds(folded)) is None


def test_english_spellings_of_other_provinces_and_cities(plan_places):
    spelt = romanised(plan_places)
    assert spelt["taiyuan"] == "太原市" and spelt["shanghai"] == "上海市" and spelt["datong"] == "大同市"
    assert "changzhi" not in spelt and "beijing" not in spelt and "lucheng" not in spelt
