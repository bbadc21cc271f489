"""Follow-up questions resolved against the previous answer's subject, on the bundled plan (issue 16)."""

from __future__ import annotations

import pytest

from answers.answer import ASK_WHAT
from tests.answers.conftest import NOW, chat


def test_a_follow_up_asking_another_type_keeps_the_section(answerer):
    _, units = chat(answerer, "交通领域的措施由谁牵头？", "参与的还有谁？")
    assert units.citations[0].section_id == "art-9"
    assert units.text.startswith("接上一问（三、（九）推进交通领域协同增效）：")
    assert "市市场监管局" in units.text


def test_whether_it_is_overdue_keeps_the_key_project(answerer):
    _, overdue = chat(answerer, "散煤清零工程什么时候完成", "过期了没？")
    assert overdue.citations[0].section_id == "annex-2"
    assert "已逾期 1127 天" in overdue.text


def test_a_follow_up_naming_another_project_keeps_the_type(answerer):
    _, seventh = chat(answerer, "散煤清零工程什么时候完成", "那第7项呢？")
    assert seventh.citations[0].section_id == "annex-7"
    assert seventh.intent == "deadline"
    assert "2025年底" in seventh.text


def test_a_follow_up_naming_another_topic_keeps_the_type(answerer):
    _, farming = chat(answerer, "园区减污降碳由谁牵头", "农业那块呢？")
    assert farming.citations[0].section_id == "art-11"
    assert "由市农业农村局牵头" in farming.text


def test_a_follow_up_naming_a_unit_asks_what_it_does(answerer):
    _, unit = chat(answerer, "交通领域的措施由谁牵头？", "那市交通局呢？")
    assert unit.intent == "unit_duties"
    assert unit.text.startswith("市交通局牵头 1 项")


def test_english_follow_ups(answerer):
    _, deadline, others = chat(answerer, "who leads the transport measures?", "what about the deadline?",
                               "and who else?")
    assert deadline.intent == "deadline" and deadline.citations[0].section_id == "art-9"
    assert others.intent == "units_of_topic" and "市发展改革委" in others.text


def test_a_complete_question_starts_a_new_subject(answerer):
    _, fresh = chat(answerer, "交通领域的措施由谁牵头？", "散煤清零工程什么时候完成")
    assert fresh.citations[0].section_id == "annex-2"
    assert not fresh.text.startswith("接上一问")


@pytest.mark.parametrize("first", [None, "明天天气怎么样"])
def test_without_a_subject_to_follow_the_bot_asks_back(answerer, first):
    questions = [first, "那截止时间呢？"] if first else ["那截止时间呢？"]
    last = chat(answerer, *questions)[-1]
    assert last.abstained and last.text == ASK_WHAT


def test_a_question_with_a_subject_outside_the_plan_is_no_follow_up(answerer):
    _, olympics = chat(answerer, "交通领域的措施由谁牵头？", "北京冬奥会什么时候举办？")
    assert olympics.abstained and olympics.text.startswith("该文件未涉及")


def test_conversations_written_by_hand_meet_the_bar(answerer):
    """tests/answers/data/conversations.jsonl: eight chats interleaved, each line's section and fact by hand."""
    import json
    from pathlib import Path

    lines = [json.loads(line) for line in (Path(__file__).parent / "data" / "conversations.jsonl").open()]
    subjects: dict[str, object] = {}
    misses = []
    for line in lines:
        answer = answerer.answer(line["question"], NOW, subjects.get(line["chat"]))
        subjects[line["chat"]] = answer.subject
        cited = answer.citations[0].section_id if answer.citations and not answer.abstained else None
        right = answer.abstained if line["abstain"] else (
            cited in line["gold_sections"] and all(s in answer.text for s in line["answer_contains"]))
        if not right:
            misses.append((line["id"], cited, answer.text[:60]))
    assert len(misses) <= len(lines) // 10, misses


def test_a_subject_the_corpus_no_longer_holds_is_not_followed(answerer):
    from answers.answer import Subject

    gone = Subject("removed-doc:art-3", "lead_unit", "交通领域的措施由谁牵头？")
    answer = answerer.answer("那截止时间呢？", NOW, gone)
    assert answer.abstained and answer.text == ASK_WHAT


def test_a_follow_ups_further_citations_come_from_the_conversation_not_its_bare_words(answerer):
    _, deadline = chat(answerer, "交通领域的措施由谁牵头？", "那截止时间呢？")
    assert deadline.citations[0].section_id == "art-9"
    assert "annex-2" not in [c.section_id for c in deadline.citations]  # 散煤清零: what 截止时间 alone matches


def test_a_role_left_for_the_answer_asks_who_holds_it(answerer):
    _, lead, others = chat(answerer, "新能源汽车推广那块文件怎么写的", "牵头的呢", "配合的呢？")
    assert lead.intent == "lead_unit" and "由市交通局牵头" in lead.text
    assert others.intent == "units_of_topic" and "市住建局" in others.text


def test_a_follow_up_asking_which_things_of_its_own_asks_the_text_not_the_last_type(answerer):
    _, vehicles = chat(answerer, "交通运输那块谁挑头", "它提到哪些车要换成新能源的")
    assert vehicles.intent == "topic_lookup" and vehicles.citations[0].section_id == "art-9"
    assert "公交" in vehicles.text and "牵头" not in vehicles.text


def test_a_year_alone_asks_the_last_request_of_that_year(answerer):
    _, later = chat(answerer, "电炉短流程炼钢的比重2025年力争到多少", "2030年的")
    assert later.intent == "target_number" and later.citations[0].section_id == "annex-3"
    assert "10%" in later.text


def test_a_row_named_by_its_english_number_moves_along_the_table(answerer):
    _, sixth = chat(answerer, "what does annex item 3 require?", "and no. 6?")
    assert sixth.citations[0].section_id == "annex-6" and not sixth.abstained


def test_which_body_asks_who_leads_but_whose_thing_does_not(answerer):
    lead = answerer.answer("污水资源化利用归哪家管", NOW)
    assert lead.intent == "lead_unit" and "由市生态环境局牵头" in lead.text
    assert answerer.answer("哪家的燃煤发电机组要关闭", NOW).intent != "lead_unit"


def test_at_the_latest_asks_one_projects_deadline_not_the_latest_project(answerer):
    answer = answerer.answer("钢铁超低排放改造那项重点工程最晚什么时候得干完", NOW)
    assert answer.intent == "deadline" and answer.citations[0].section_id == "annex-5" and "2024年底" in answer.text
    latest = answerer.answer("哪项重点工程最晚到期", NOW)
    assert latest.intent == "key_projects" and "附表第3项" in latest.text


def test_the_day_stated_in_passing_is_the_clock_of_a_follow_up(answerer):
    _, late = chat(answerer, "附表第6项什么时候完成", "现在都2026年3月1号了，它过期了没")
    assert not late.abstained and late.citations[0].section_id == "annex-6" and "已逾期 60 天" in late.text


def test_who_else_takes_part_asked_bare(answerer):
    _, others = chat(answerer, "生态建设那条谁牵头", "谁配合？")
    assert others.intent == "units_of_topic" and others.citations[0].section_id == "art-12"


def test_a_latin_term_is_a_subject(answerer):
    """PM2.5 names the subject (not a follow-up without context): 35微克/立方米 for 2025, 全省先进水平 for 2030."""
    first, later = chat(answerer, "PM2.5 2025年目标多少", "2030年呢")
    assert not first.abstained and "35微克/立方米" in first.text and "全省先进水平" in later.text


def test_where_the_body_speaks_of_a_key_project(answerer):
    """附表第2项's 散煤清零工程 is restated in 二、（六）; 附表第7项's 工业资源综合利用基地 in 四、（十六）."""
    _, body = chat(answerer, "附表第2项是啥", "正文哪条提到了这个")
    assert body.citations[0].section_id == "art-6" and "实施上党革命老区散煤清零工程" in body.citations[0].quote
    (seventh,) = chat(answerer, "附表第7项在正文哪条提到了")
    assert seventh.citations[0].section_id == "art-16"


def test_an_ordinal_counts_in_the_last_list_after_an_answer_about_one_of_it(answerer):
    # 生态环境局 leads rows 2, 5 and 8: the third is row 8, and the first after it is row 2, not row 8's neighbour
    _, third, first, partners = chat(answerer, "生态环境局牵头的重点工程有哪些", "第三个什么时候完成", "那第一个呢",
                                     "它由谁配合")
    assert third.citations[0].section_id == "annex-8" and "2025年底" in third.text
    assert first.citations[0].section_id == "annex-2" and "2023年10月底" in first.text
    assert partners.citations[0].section_id == "annex-2"


def test_a_subject_given_after_the_question_was_asked_back_answers_the_question(answerer):
    asked_back, clarified = chat(answerer, "那它的牵头单位呢", "我是说园区减污降碳协同那条")
    assert asked_back.abstained and asked_back.text == ASK_WHAT
    assert clarified.intent == "lead_unit" and clarified.citations[0].section_id == "art-19"
    assert "市商务局牵头" in clarified.text
    _, when = chat(answerer, "what's its deadline?", "I mean the clean-energy switch of coal-fired industrial kilns")
    assert when.intent == "deadline" and "2023年底" in when.text


def test_a_follow_up_naming_another_scope_takes_that_scopes_figure(answerer):
    city, county = chat(answerer, "全市要推动多少家重点企业搞减污降碳协同创新？", "那各县区呢")
    assert "10家以上" in city.text
    assert county.citations[0].section_id == city.citations[0].section_id and "1家" in county.text
    _, whole = chat(answerer, "每个县区至少要选几家企业做试点", "全市到2025年呢")
    assert "10家以上" in whole.text


def test_a_question_of_its_own_after_an_ask_back_is_not_taken_for_the_subject(answerer):
    _, own = chat(answerer, "那它的牵头单位呢", "算了，换个问题：散煤清零工程主要内容是什么")
    assert own.intent == "topic_lookup"


def test_an_answer_by_place_in_a_list_keeps_its_own_words_for_the_record(answerer):
    _, second = chat(answerer, "工信局牵头的重点工程有哪些", "第二个啥时候完成")
    assert second.subject.question.endswith("第二个啥时候完成")
