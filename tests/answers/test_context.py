"""Conversations whose follow-ups say no 那…呢: a pronoun for the subject, a step along the annex, another year,
the day stated in the message (issue 25). Chats written for this test, expectations read off the plan by hand."""

from __future__ import annotations

from datetime import date

import pytest

from answers.context import ordinal, plan_periods, points_back, stated_day, step, with_years
from tests.answers.conftest import chat

TODAY = date(2026, 12, 7)


def test_a_pronoun_takes_the_last_subject_whatever_else_the_question_says(answerer):
    lead, when, whether = chat(answerer, "上党革命老区散煤清零由哪个部门牵头？", "它的完成时限是什么时候？",
                               "已经过期了吗")
    assert lead.citations[0].section_id == "annex-2"
    assert when.citations[0].section_id == "annex-2" and "2023年10月底" in when.text
    assert whether.citations[0].section_id == "annex-2" and "已逾期 1127 天" in whether.text


def test_english_it_points_back_too(answerer):
    _, lead = chat(answerer, "When is the loose-coal phase-out project due?", "And who leads it?")
    assert lead.citations[0].section_id == "annex-2" and "市生态环境局" in lead.text


def test_next_and_previous_step_along_the_annex(answerer):
    third, fourth, back = chat(answerer, "附表第3项由谁牵头？", "下一项呢？", "上一项的截止时间呢？")
    assert [a.citations[0].section_id for a in (third, fourth, back)] == ["annex-3", "annex-4", "annex-3"]
    assert fourth.intent == "lead_unit" and "市交通局" in fourth.text
    assert back.intent == "deadline" and "2030年底" in back.text


def test_another_year_replaces_the_year_of_the_last_request(answerer):
    first, later = chat(answerer, "到2025年单位GDP二氧化碳排放要下降多少？", "2030年呢？")
    assert "18.5%" in first.text
    assert later.citations[0].section_id == "art-3"
    assert "持续下降" in later.text and "18.5%" not in later.text  # the plan sets no 2030 figure


def test_another_indicator_replaces_the_indicator_of_the_last_request(answerer):
    # 能耗 alone would find 合理控制城市照明能耗 (art-10); after a target of art-3 it is art-3's 能源消耗.
    first, energy, later = chat(answerer, "到2025年单位GDP二氧化碳排放要下降多少？", "那能耗呢？", "2030年呢？")
    assert "18.5%" in first.text
    assert energy.citations[0].section_id == "art-3" and "能源消耗下降完成省下达目标" in energy.text
    assert later.citations[0].section_id == "art-3" and "持续下降" in later.text


def test_a_new_topic_after_a_target_is_still_a_new_subject(answerer):
    _, other = chat(answerer, "到2025年单位GDP二氧化碳排放要下降多少？", "那节约型机关呢？")
    assert other.citations[0].section_id == "art-7" and "80%" in other.text


def test_a_follow_up_asking_of_the_table_takes_the_subjects_row(answerer):
    # 大宗固废 is （十六） in the prose and 附表第7项 in the table, whose first unit is 市发展改革委.
    target, lead = chat(answerer, "大宗固废综合利用率要提高到多少？", "表里这项由谁牵头？")
    assert "60%" in target.text
    assert lead.citations[0].section_id == "annex-7" and "市发展改革委牵头" in lead.text
    _, _, due = chat(answerer, "短流程炼钢这块谁牵头", "那占比呢", "重点工程表里写的完成时限是啥")
    assert due.citations[0].section_id == "annex-3" and "2030年底" in due.text


def test_a_bare_demonstrative_or_a_closing_that_is_the_last_subject(answerer):
    target, lead = chat(answerer, "大宗固废综合利用率要提高到多少？", "这个归谁管？")
    assert lead.citations[0].section_id == target.citations[0].section_id and "牵头" in lead.text
    _, who = chat(answerer, "What is the target share of new-energy vehicles in new car sales by 2030?",
                  "who's in charge of that?")
    assert who.citations[0].section_id == "art-9" and "市交通局" in who.text
    assert points_back("那个什么时候到期") and not points_back("这个方案要做什么") and not points_back("那企业这块呢")


def test_an_ordinal_after_a_list_counts_along_the_list(answerer):
    # Overdue on 2026-12-01: 附表第2、5、6、7、8项 (and 1, 3, 4 are not yet due or undated), in that order.
    listing, second = chat(answerer, "附表里哪些项目已经逾期？", "第二项由谁牵头？")
    assert [c.section_id for c in listing.citations][:2] == ["annex-2", "annex-5"]
    assert second.citations[0].section_id == "annex-5" and "市生态环境局牵头" in second.text
    _, last = chat(answerer, "Which key projects are overdue?", "and when is the last one due?")
    assert last.citations[0].section_id == "annex-8" and "2025年底" in last.text


def test_an_ordinal_after_a_units_duties_counts_its_sections(answerer):
    _, second = chat(answerer, "市交通局负责哪些工作？", "第二项什么时候完成？")
    assert second.citations[0].section_id == "art-7"  # 牵头 三、（九）, then 参与 二、（七）…


def test_after_a_single_answer_an_ordinal_is_the_annex_row_of_that_number(answerer):
    _, third = chat(answerer, "附表第2项由谁牵头？", "那第三项呢？")
    assert third.citations[0].section_id == "annex-3"


@pytest.mark.parametrize(("question", "place"), [
    ("第二项由谁牵头", 2), ("那第3个呢", 3), ("最后一个谁负责？", -1), ("who leads the third one?", 3),
    ("and the last one?", -1), ("附表第2项", None), ("第十三条是什么", None), ("第一批试点", None),
    ("附表中第3项", None), ("第一个季度要做什么", None),
])
def test_ordinals_are_places_in_a_list_not_the_annex_or_articles(question, place):
    assert ordinal(question) == place


def test_the_day_a_message_states_is_the_clock_not_a_topic(answerer):
    (answer,) = chat(answerer, "今天是2027年3月1日，附表第2项逾期多少天了？")
    assert not answer.abstained and "已逾期 1217 天" in answer.text  # 2023-10-31 → 2027-03-01
    (english,) = chat(answerer, "As of 2026-12-06, is key project 2 overdue?")
    assert not english.abstained and "已逾期 1132 天" in english.text
    (bare,) = chat(answerer, "今天是2026年12月6日")  # a date alone asks nothing
    assert bare.abstained and bare.text.startswith("请")


def test_a_follow_up_asking_for_a_person_is_declined_with_the_subject_kept(answerer):
    _, person = chat(answerer, "交通领域的措施由谁牵头？", "那这个局的局长叫什么名字？")
    assert person.abstained and "人员姓名" in person.text


def test_what_an_annex_row_is_about_is_its_task(answerer):
    (row,) = chat(answerer, "附表第5项讲的是什么？")
    assert row.citations[0].quote.startswith("在完成钢铁、水泥、焦化行业企业超低排放改造的基础上")


def test_the_function_words_themselves():
    assert points_back("这项工作由谁牵头") and points_back("is it overdue?") and points_back("它的目标是多少")
    assert not points_back("钢铁这块谁负责") and not points_back("那个部门牵头") and not points_back("这个方案的目标")
    assert (step("下一项呢"), step("上一条是什么"), step("the next one?"), step("第三项")) == (1, -1, 1, 0)
    assert stated_day("截至2026年12月1日，附表第2项超期了没有？", TODAY)[1] == "附表第2项超期了没有？"
    assert stated_day("到2025年12月31日要完成什么", TODAY) is None  # a deadline, not the day it is
    assert stated_day("今天是2026年2月30日，过期了吗", TODAY) is None  # no calendar has it
    assert with_years("到2025年要降多少？", "2030年呢？") == "到2030年要降多少？"
    assert with_years("到2025年要降多少？", "那2030年和2035年呢？") == "到2025年要降多少？"


def test_a_bare_demonstrative_before_what_it_asks_is_the_last_subject(answerer):
    # 这个 then an asking word (截止, 牵头): the demonstrative is the subject, not a determiner of a new one.
    _, when, lead = chat(answerer, "装配式建筑在新建建筑里要占多大比例？", "这个截止到哪年？", "那个牵头单位是谁")
    assert when.citations[0].section_id == "art-10" and "2025" in when.text
    assert lead.citations[0].section_id == "art-10" and "市住建局" in lead.text
    assert not points_back("那个部门牵头")  # 哪个部门 typed by its sound: it asks which unit


def test_a_demonstrative_after_words_of_its_own_describes_a_new_subject(answerer):
    # 工业用水那项 names another row; the conversation gives only what it asks (the deadline).
    _, other = chat(answerer, "散煤清零那个工程什么时候到期？", "那工业用水那项呢？")
    assert other.citations[0].section_id == "annex-6" and "2025年底" in other.text
    assert points_back("表里这项的完成时限") and not points_back("工业用水那项呢")


def test_a_row_number_after_a_row_is_that_tables_row(answerer):
    _, fourth = chat(answerer, "附表第3项讲的什么？", "换成第4行呢？")
    assert fourth.citations[0].section_id == "annex-4"


def test_a_five_year_plan_named_by_number_is_its_last_year(answerer):
    assert plan_periods("十四五期末要降多少") == "2025年要降多少"
    assert plan_periods("“十五五”时期的目标") == "2030年的目标"
    assert plan_periods("by the end of the 14th Five-Year Plan") == "by 2025年"
    assert plan_periods("（十五）推进土壤污染协同治理") == "（十五）推进土壤污染协同治理"  # an article, no plan
    (answer,) = chat(answerer, "十四五末单位GDP二氧化碳排放得降下来多少")
    assert "18.5%" in answer.text


def test_the_stated_day_in_english_with_an_ordinal(answerer):
    assert stated_day("today is March 1st 2026, which rows are overdue?", TODAY)[0] == date(2026, 3, 1)
    assert stated_day("As of 2nd June 2025 what is overdue", TODAY)[0] == date(2025, 6, 2)
    (answer,) = chat(answerer, "As of February 3rd 2025, is key project 5 overdue?")
    assert "已逾期" in answer.text and "34 天" in answer.text  # 2024-12-31 → 2025-02-03


def test_the_day_stated_as_it_is(answerer):
    assert stated_day("it's 2026-03-01 now, is key project 5 overdue?", TODAY)[0] == date(2026, 3, 1)
    assert stated_day("As of today (7 Dec 2026), which rows are late?", TODAY)[0] == date(2026, 12, 7)
    assert stated_day("截至今天（2026年12月7日），这项该完成了没", TODAY)[0] == date(2026, 12, 7)
    assert stated_day("today is Sept. 3, 2026, what is due", TODAY)[0] == date(2026, 9, 3)
    assert stated_day("as of 5 sept 2026 which rows are late", TODAY)[0] == date(2026, 9, 5)
    # a date stated in a premise is not the day it is
    assert stated_day("the scattered coal project's deadline - it's October 31, 2023, right?", TODAY) is None
    (answer,) = chat(answerer, "it's 2025-02-03 now — is key project 5 overdue?")
    assert not answer.abstained and "已逾期" in answer.text and "34 天" in answer.text  # 2024-12-31 → 2025-02-03


def test_a_month_stated_as_the_day_to_count_from_is_its_first_day(answerer):
    assert stated_day("截至2026年6月，这项到期了吧", TODAY) == (date(2026, 6, 1), "这项到期了吧")
    assert stated_day("截至今年2月，散煤清零完成了吗", TODAY)[0] == date(2026, 2, 1)
    assert stated_day("as of March 2025, which rows are late?", TODAY)[0] == date(2025, 3, 1)
    assert stated_day("截止2025年12月底要完成什么", TODAY) is None  # 截止 names a deadline
    (answer,) = chat(answerer, "截至2026年6月，县级以上党政机关建节约型机关那个要求啥时候到期？")
    assert not answer.abstained and "2025年底" in answer.text  # 2026 is the day it is, not a year asked about


def test_a_follow_up_asking_how_a_thing_is_handled_asks_what_the_text_says(answerer):
    _, how = chat(answerer, "秸秆综合利用谁牵头？", "该项里畜禽粪污咋处理")
    assert how.intent == "topic_lookup" and how.citations[0].section_id == "art-11" and "畜禽粪污" in how.text


@pytest.mark.parametrize("question", ["请问这项由谁牵头", "好的，这项由谁牵头", "谢谢，那这项呢", "另外这项谁配合",
                                      "我想问一下这项什么时候完成"])
def test_a_chat_opener_before_a_demonstrative_is_no_description(question):
    assert points_back(question)


def test_review_cases_of_the_stated_month_and_the_plan_periods():
    assert stated_day("截至2026年6月底，这项到期了吗", TODAY)[0] == date(2026, 6, 30)
    assert stated_day("截至2025年12月，PM2.5浓度要降到多少？", TODAY) is None  # the target's month
    assert plan_periods("《长治市“十四五”生态环境保护规划》") == "《长治市“十四五”生态环境保护规划》"


def test_another_count_is_no_row_number(answerer):
    _, other = chat(answerer, "附表第5项讲的啥？", "第二个问题，秸秆禁烧谁牵头？")
    assert other.citations[0].section_id == "art-11" and "市农业农村局" in other.text


@pytest.mark.parametrize(("questions", "section", "verdict", "lead"), [
    (("秸秆综合利用率要提升，这块有啥要求", "归农业农村局管吧"), "art-11", "是的", "市农业农村局"),
    (("公共机构节能那块的目标是多少", "是不是生态环境局牵头"), "art-7", "不是", "市发展改革委"),
    (("散煤清零工程什么时候完成", "那这个是住建局牵头不"), "annex-2", "不是", "市生态环境局"),
])
def test_a_premise_naming_only_a_unit_is_checked_against_the_last_subject(answerer, questions, section, verdict,
                                                                         lead):
    first, check = chat(answerer, *questions)
    assert first.citations[0].section_id == section
    assert check.intent == "verify" and check.citations[0].section_id == section
    assert check.text.startswith(verdict) and lead in check.text


def test_a_type_asked_of_nothing_the_plan_has_a_word_for_is_asked_of_the_last_subject(answerer):
    units, when = chat(answerer, "散煤清零工程涉及哪几个单位", "什么时候必须干完")
    assert units.citations[0].section_id == "annex-2"
    assert when.citations[0].section_id == "annex-2" and "2023年10月底" in when.text
    (alone,) = chat(answerer, "什么时候必须干完")
    assert alone.abstained


def test_after_a_list_of_the_key_projects_a_unit_filters_the_same_table(answerer):
    listed, led = chat(answerer, "附表里2025年底到期的项目有哪些", "其中工信局牵头的有哪些")
    assert [c.section_id for c in listed.citations] == ["annex-6", "annex-7", "annex-8"]
    assert led.intent == "key_projects"
    assert [c.section_id for c in led.citations] == ["annex-1", "annex-3", "annex-6"]
    (alone,) = chat(answerer, "其中工信局牵头的有哪些")  # no list before it: that unit's articles and rows
    assert alone.intent != "key_projects"


def test_the_corresponding_key_project_is_the_subjects_row(answerer):
    lead, when = chat(answerer, "公转铁和新能源公交这块谁牵头", "相应的重点项目完成时限是啥")
    assert lead.citations[0].section_id == "art-9"
    assert when.citations[0].section_id == "annex-4" and "持续推进" in when.text


def test_a_table_question_after_a_list_of_the_key_projects_asks_the_table(answerer):
    _, overdue = chat(answerer, "附表一共有多少个重点工程", "截至2025年3月，哪几项已经超过期限了")
    assert overdue.intent == "key_projects"
    assert [c.section_id for c in overdue.citations] == ["annex-2", "annex-5"]


def test_a_premise_about_several_listed_rows_is_checked_for_each(answerer):
    listed, check = chat(answerer, "市工信局参与的重点工程有哪些", "这几项都是工信局牵头吗")
    assert [c.section_id for c in listed.citations] == ["annex-1", "annex-3", "annex-4", "annex-6", "annex-7"]
    assert check.intent == "verify" and check.text.startswith("不全是。")
    assert [c.section_id for c in check.citations] == [c.section_id for c in listed.citations]
    assert [f["verified"] for f in check.facts["each"]] == [True, True, False, True, False]


def test_a_question_with_a_subject_the_plan_lacks_is_no_bare_follow_up(answerer):
    _, other = chat(answerer, "散煤治理谁牵头", "医保报销什么时候到账？")
    assert other.abstained


@pytest.mark.parametrize(("message", "number"), [
    ("and no. 2?", 2), ("what about item 7", 7), ("row 3?", 3), ("#4呢", 4), ("那第六项呢", 6),
    ("what about NO2?", None), ("二氧化氮(no2)呢", None), ("the number 1 source of pollution", None),
])
def test_a_row_named_by_its_number_and_a_pollutant_that_is_none(message, number):
    from answers.context import row_number

    assert row_number(message.lower()) == number


@pytest.mark.parametrize(("question", "intent"), [
    ("归哪家管", "lead_unit"), ("这个是哪家负责的", "lead_unit"), ("哪家牵头？", "lead_unit"),
    ("哪家电厂要关停", "topic_lookup"), ("攻坚重点难点任务有哪些", "topic_lookup"),
    ("整改存在问题的要求是什么", "topic_lookup"), ("这个项目存在什么问题", "progress"),
])
def test_which_body_and_what_holds_it_up_are_read_only_where_asked(question, intent):
    from answers.intent import detect

    assert detect(question, False) == intent


def test_why_asks_no_thing_of_its_own():
    from answers.intent import asks_which

    assert not asks_which("为什么呢") and not asks_which("为啥") and asks_which("要求哪些企业")


def test_at_the_latest_of_one_row_and_the_earliest_of_all_rows():
    from answers.projects import parse

    assert parse("散煤清零这项重点工程最晚什么时候完成", [], False) is None
    assert parse("哪个重点工程最早什么时候到期", [], False).order == "earliest"
