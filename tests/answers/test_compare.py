"""Questions comparing subjects by deadline, tag questions, reversed lead forms and a unit named alone, on the
real plan. Expectations read off the plan by hand: 散煤清零 is 附表第2项 (2023年10月底), 现有燃煤工业炉窑清洁能源替代
is 二、（六）'s 2023年底, 附表第3项 is due 2030年底, 第6项 2025年底, 第4项 持续推进."""

from __future__ import annotations

import pytest

from answers import compare
from answers.intent import LEAD_UNIT, TOPIC_LOOKUP, UNIT_DUTIES, VERIFY, detect
from index.tokenize import fold


@pytest.mark.parametrize(("question", "order", "subjects"), [
    ("燃煤工业炉窑清洁能源替代与散煤清零，谁先完成？", compare.EARLIER, ["燃煤工业炉窑清洁能源替代", "散煤清零"]),
    ("附表第6项还是第3项，哪个更晚到期", compare.LATER, ["附表第6项", "第3项"]),
    ("which comes due first: solid waste use or steelmaking?", compare.EARLIER, ["solid waste use", "steelmaking"]),
    ("哪个项目最早到期", compare.EARLIER, []),  # the table's earliest: no subjects of its own
    ("散煤清零和燃煤工业炉窑清洁能源替代，哪个截止得早", compare.EARLIER, ["散煤清零", "燃煤工业炉窑清洁能源替代"]),
    ("焦炉关停跟短流程炼钢哪个完成得晚", compare.LATER, ["焦炉关停", "短流程炼钢"]),
    ("短流程炼钢比焦炉关停晚几年", compare.LATER, ["短流程炼钢", "焦炉关停"]),  # the one asked of first
])
def test_a_comparing_question_names_its_order_and_its_subjects(question, order, subjects):
    assert compare.order(fold(question)) == order
    assert compare.subjects(fold(question)) == subjects


def test_a_question_without_a_comparing_clause_compares_nothing():
    assert compare.order(fold("散煤清零和燃煤电厂深度治理由谁牵头")) is None


def test_two_subjects_are_dated_side_by_side_and_the_earlier_named(answerer):
    got = answerer.answer("燃煤工业炉窑清洁能源替代与散煤清零，谁先完成？")
    assert got.citations[0].section_id == "annex-2"
    assert {"annex-2", "art-6"} <= {c.section_id for c in got.citations}
    assert "2023年底" in got.text and "先到期的是散煤清零（2023年10月底）" in got.text


def test_rows_named_by_number_are_compared_for_the_later(answerer):
    got = answerer.answer("附表第6项还是第3项，哪个更晚到期")
    assert got.citations[0].section_id == "annex-3"
    assert "后到期的是附表第3项（2030年底）" in got.text


def test_how_much_later_one_is_than_another_is_the_gap_of_their_dates(answerer):
    """附表第7项 is due 2025年底, 第2项 2023年10月底: two years and two months apart."""
    got = answerer.answer("附表第7项比第2项晚多少年到期？")
    assert [c.section_id for c in got.citations] == ["annex-7", "annex-2"]
    assert "附表第7项比附表第2项晚2年2个月" in got.text
    assert "早2年2个月" in answerer.answer("散煤清零工程比大宗固废那项早多少").text
    asked = answerer.answer("请问散煤清零比短流程炼钢晚几年").text  # 2023年10月底 against 2030年底
    assert "散煤清零比短流程炼钢早7年2个月" in asked and "请问" not in asked
    english = answerer.answer("how much later is the short-process steelmaking project than the scattered coal one?")
    assert "2030年底" in english.text and "2023年10月底" in english.text and "晚7年2个月" in english.text


def test_an_undated_subject_is_said_to_have_no_date_not_compared(answerer):
    got = answerer.answer("附表第4项和第2项哪个先完成")
    assert got.citations[0].section_id == "annex-2"
    assert "持续推进" in got.text and "无法比较" in got.text


@pytest.mark.parametrize(("question", "names_unit", "intent"), [
    ("大气污染治理是生态环境局牵头的吧", True, VERIFY),
    ("工业领域应该是商务局牵头，对吧？", True, VERIFY),
    ("土壤污染治理啥单位来牵头", False, LEAD_UNIT),
    ("绿色低碳生活方式那个部门牵头", False, LEAD_UNIT),
    ("农村改厕谁来管", False, LEAD_UNIT),
    ("农村改厕归谁管", False, LEAD_UNIT),
    ("国土绿化这事是林业局牵头对吧", False, LEAD_UNIT),  # a body the plan does not name: who does lead answers
    ("企业参与减污降碳试点要怎么办理吗？", False, TOPIC_LOOKUP),  # 办 of 办理, 委 of 委托: no body
    ("可以委托第三方负责检测吗？", False, TOPIC_LOOKUP),
])
def test_tag_questions_check_and_a_unit_noun_before_the_lead_verb_asks_who(question, names_unit, intent):
    assert detect(fold(question), names_unit) == intent


def test_a_tag_question_with_a_wrong_lead_is_corrected(answerer):
    got = answerer.answer("工业领域应该是商务局牵头吧")
    assert got.intent == VERIFY and got.citations[0].section_id == "art-8"
    assert got.text.startswith("不是") and "市工信局牵头" in got.text


def test_a_misspelt_unit_in_a_premise_is_the_unit_it_misspells(answerer):
    """生态坏境局 is 生态环境局 with one character wrong; 二、（二十五） is led by 市生态环境局."""
    got = answerer.answer("温室气体清单编制是生态坏境局牵头的对不对")
    assert got.intent == VERIFY and got.citations[0].section_id == "art-25"
    assert got.text.startswith("是") and "市生态环境局牵头" in got.text


def test_a_premise_naming_a_body_the_plan_lacks_is_answered_with_the_lead(answerer):
    """The plan has no 林业局; 三、（十二）推进生态建设协同增效 is led by 市规划和自然资源局."""
    got = answerer.answer("国土绿化、增加碳汇这事是林业局牵头对吧")
    assert got.intent == LEAD_UNIT and got.citations[0].section_id == "art-12"
    assert "市规划和自然资源局牵头" in got.text


@pytest.mark.parametrize(("question", "unit", "led"), [
    ("市水利局的事儿", "市水利局", "牵头 0 项、参与 6 项"),
    ("the Finance Bureau's part in this plan", "市财政局", "牵头 1 项、参与 2 项"),
])
def test_a_unit_named_alone_asks_what_it_does(answerer, question, unit, led):
    got = answerer.answer(question)
    assert got.intent == UNIT_DUTIES and f"{unit}{led}" in got.text


def test_a_unit_named_with_a_topic_is_no_duties_question(answerer):
    assert answerer.answer("市交通局和新能源车辆").intent != UNIT_DUTIES
