"""How-much questions by what they measure: the units that may answer, a section setting such a figure first,
and the figure of that kind within it. Expectations read from the plan by hand."""

from __future__ import annotations

import pytest

from answers.measures import asked_units
from index.places import region_words, regions_asked
from index.tokenize import fold

LENGTHS = {"千米", "公里", "km", "米", "厘米", "毫米"}
SHARES = {"%", "‰"}


@pytest.mark.parametrize(("question", "units"), [
    ("各县区至少要选择几家重点企业？", {"家"}),
    ("周边多少公里范围内不再新建项目？", LENGTHS),
    ("多大范围内的企业要率先实施深度治理？", LENGTHS),  # 率先 is no rate
    ("装配式建筑比例要达到多少？", SHARES),
    ("大宗固废综合利用率的目标", SHARES),
    ("要淘汰多大吨位以下的转炉？", {"吨", "万吨", "千克", "克", "毫克"}),
    ("多大容积以下的高炉要淘汰？", {"万立方米", "立方米"}),
    ("What share of new car sales should be electric?", SHARES),
    # a count in a measure word of the text's own, which no list of units holds
    ("今年增殖放流鱼苗要放多少尾", {"尾", "万尾"}),
    ("每个乡镇扑火队不少于几名队员", {"名", "万名"}),
    ("补贴多少钱", {"亿元", "万元", "元"}),  # money, not a count of 钱
    ("要开展几次演练", {"次", "万次"}),
    ("要达到多少呢", set()),  # a particle is no classifier
    ("what is the height of the coke ovens to be closed", LENGTHS),
    ("焦化总产能要控制在多少以内？", set()),  # names no measure: every figure may answer
    # English measure words measure only where they ask a measure: not urban area, high-tech or so far
    ("what is the PM2.5 goal for the urban area?", set()),
    ("how many high-tech firms should the city grow?", set()),
    ("how much floor area of new buildings must be prefabricated?", {"万平方米", "平方米", "平方公里", "平方千米",
                                                                     "万公顷", "公顷", "万亩", "亩"}),
    ("how high are the coke ovens that close?", LENGTHS),
])
def test_the_units_a_question_asks_for(question, units):
    assert asked_units(fold(question)) == units


@pytest.mark.parametrize(("question", "section", "figure"), [
    ("全市一共要推动多少家重点企业开展协同创新行动？", {"annex-8", "art-20"}, "10家"),  # not 协同创新 of art-21
    ("要关停几座焦炉？", {"annex-1", "art-4"}, "3座"),
    ("焦炉炭化室高度是多少米以下的要关停？", {"annex-1", "art-4"}, "4.3米"),  # the height, not the count
])
def test_a_figure_of_the_kind_asked_comes_from_a_section_that_sets_one(answerer, question, section, figure):
    answer = answerer.answer(question)
    assert answer.citations[0].section_id in section
    assert answer.facts["targets"] == [figure]


def test_a_figure_of_the_kind_about_something_else_does_not_answer(answerer):
    # 三、（十一） speaks of manure and sets no rate; 三、（十） sets 30% for prefabricated buildings
    answer = answerer.answer("畜禽粪污资源化利用率要达到多少")
    assert answer.citations[0].section_id == "art-11"
    assert "未给出具体数值" in answer.text and answer.facts["targets"] == []


def test_provinces_named_in_full_find_the_region_word_the_plan_uses():
    words = region_words(["京津冀", "晋冀鲁豫", "晋东南", "东南", "新青", "大气"])
    assert set(words) == {"京津冀", "晋冀鲁豫"}  # 晋东南 is no run of abbreviations, 新青 everyday characters
    assert regions_asked("跟北京、天津、河北一起治理空气污染", words) == ["京津冀"]
    assert regions_asked("河北和山东怎么合作", words) == ["晋冀鲁豫"]  # 京津冀 holds only one of them
    assert regions_asked("北京的PM2.5目标", words) == []  # one province names no region


def test_a_question_spelling_out_beijing_tianjin_hebei_is_answered_from_the_joint_control_article(answerer):
    answer = answerer.answer("和北京天津河北协同治理大气的要求")
    assert not answer.abstained and answer.citations[0].section_id == "art-17"
    assert "京津冀" in answer.text


def test_an_english_question_about_an_urban_area_gets_the_concentration_figure(answerer):
    answer = answerer.answer("By 2025 the urban area's PM2.5 should come down to what level?")
    assert answer.citations[0].section_id == "art-3" and "35微克/立方米" in answer.text
