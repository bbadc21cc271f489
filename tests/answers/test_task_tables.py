"""Answers from documents that are tables, beside the bundled plan: a row's progress, lead, co-units and deadline
from its own cells, a county's unit as the table writes it, and a progress question the plan cannot answer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from answers.answer import Answerer
from corpus.load import bundled_documents, load_document
from corpus.units import UnitRegistry
from tests.answers.conftest import answerer_over

TABLES = Path(__file__).parents[1] / "corpus" / "tables"
NOW = datetime(2026, 12, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def answerer(tmp_path_factory, encoder) -> Answerer:
    registry = UnitRegistry.default()
    docs = bundled_documents(registry) + [load_document(p, registry) for p in sorted(TABLES.iterdir())]
    return answerer_over(docs, tmp_path_factory.mktemp("tables") / "index", encoder, registry)


@pytest.mark.parametrize(("question", "section_id", "says"), [
    ("燃气锅炉低氮改造推进到哪一步了", "xiangyuan-progress:row-1", "已完成8台，剩余3台正在施工"),
    ("营运柴油货车淘汰的进展情况", "xiangyuan-progress:row-3", "累计淘汰126辆，完成率84%"),
    ("what is the progress on retiring the old diesel trucks?", "xiangyuan-progress:row-3", "累计淘汰126辆"),
])
def test_progress_is_read_from_the_rows_progress_column(answerer, question, section_id, says):
    answer = answerer.answer(question, NOW)
    assert (answer.intent, answer.citations[0].section_id) == ("progress", section_id)
    assert says in answer.text and answer.text.startswith("《襄垣县2024年减污降碳重点任务推进情况表》第")


@pytest.mark.parametrize(("question", "section_id", "says"), [
    ("工业园区污水集中处理设施建设谁来负责", "tunliu-tasks:row-2", "由区发改局牵头，区工信局、区住建局按职责分工负责"),
    ("入河排污口排查整治要在什么时候前完成", "tunliu-tasks:row-1", "2024年8月底（2024-08-31"),
    ("畜禽粪污资源化利用的参加单位有哪些", "huguan-division:row-2", "县农业农村局（牵头）、县生态环境分局"),
])
def test_a_rows_units_and_deadline_come_from_its_cells(answerer, question, section_id, says):
    answer = answerer.answer(question, NOW)
    assert answer.citations[0].section_id == section_id
    assert says in answer.text


def test_a_unit_the_table_writes_in_full_is_that_unit_not_the_citys(answerer):
    answer = answerer.answer("区住建局承担了哪些任务？", NOW)
    assert answer.text.startswith("区住建局承担的重点工程 2 项")
    assert "第2项（2024年12月底，参与）" in answer.text and "第3项（2024年10月，牵头）" in answer.text


def test_a_plan_that_records_no_progress_says_so(answerer):
    answer = answerer.answer("附表第3项进展怎么样了", NOW)
    assert (answer.intent, answer.citations[0].section_id) == ("progress", "annex-3")
    assert "没有记载工作进展" in answer.text and "发送 /projects 查看" in answer.text
    assert answer.abstained  # the asked fact is not in the text: a decline, with the deadline and where to look
    (done,) = [answerer.answer("公交车电动化目前完成了没有？", NOW)]
    assert done.intent == "progress" and done.abstained and "没有记载工作进展" in done.text


def test_no_answer_shows_a_contact_person(answerer):
    answer = answerer.answer("干熄焦改造找谁联系", NOW)
    assert "李明" not in answer.text and "13903550002" not in answer.text


@pytest.mark.parametrize(("question", "says"), [
    ("燃气锅炉低氮改造谁牵头，什么时候完成？", ["第1项由县住建局牵头", "第1项的完成时限：2024年10月底"]),
    ("柴油货车淘汰的进展怎么样，牵头的是谁？", ["第3项由县交通局牵头", "累计淘汰126辆，完成率84%"]),
    ("附表第2项谁负责、截止到什么时候", ["附表第2项由市生态环境局牵头", "附表第2项的完成时限：2023年10月底"]),
])
def test_a_question_asking_two_things_of_one_subject_gets_both(answerer, question, says):
    answer = answerer.answer(question, NOW)
    assert all(part in answer.text for part in says), answer.text


@pytest.mark.parametrize("question", ["襄垣经开区那几个增量配电试点，哪个局牵头推？", "土壤方面的活涉及哪几个部门？"])
def test_which_few_of_them_asks_no_figure(answerer, question):
    assert "未给出具体数值" not in answerer.answer(question, NOW).text


def test_which_rows_are_done_is_read_from_their_reported_progress(answerer):
    done = answerer.answer("黎城县推进情况表里哪些任务已经完成了？", NOW)
    assert [c.section_id for c in done.citations] == ["licheng-progress:row-1", "licheng-progress:row-2"]
    assert done.text.startswith("按表中报告的工作进度，已完成的重点工程有 2 项") and "已逾期" not in done.text
    still_open = answerer.answer("襄垣县哪些重点任务还没有完成？", NOW)  # 已完成8台，剩余3台 is not done
    assert [c.section_id for c in still_open.citations] == [f"xiangyuan-progress:row-{n}" for n in range(1, 5)]


def test_a_row_reported_done_is_not_overdue(answerer):
    overdue = answerer.answer("附表里哪些项目已经逾期？", NOW)
    cited = {c.section_id for c in overdue.citations}
    assert "licheng-progress:row-3" in cited and not cited & {"licheng-progress:row-1", "licheng-progress:row-2"}


@pytest.mark.parametrize(("progress", "done"), [
    ("已全部完成", True), ("已完成，均已拆除", True), ("已全部完成，未发现问题", True), ("完成率100%", True),
    ("已完成8台，剩余3台正在施工", False), ("已完成年度任务的60%", False), ("主体设备已安装，待调试", False),
    ("累计淘汰126辆，完成率84%", False), ("", None),
])
def test_a_progress_cell_says_done_only_when_nothing_is_left_open(progress, done):
    from answers.projects import reported_done

    assert reported_done(progress) == done


@pytest.mark.parametrize("question", [
    "清洁取暖有几个部门参与？", "附表第2项还有多少天到期？", "柴油货车淘汰完成率是多少"])
def test_how_many_units_or_days_asks_no_figure(answerer, question):
    assert "未给出具体数值" not in answerer.answer(question, NOW).text


@pytest.mark.parametrize(("question", "section_id", "says"), [
    ("襄垣县推进情况表第2项由谁牵头", "xiangyuan-progress:row-2", "由县工信局牵头"),
    ("屯留区任务清单第3项什么时候完成", "tunliu-tasks:row-3", "2024年10月"),
    ("附表第2项由谁牵头", "annex-2", "由市生态环境局牵头"),  # no place named: the plan's annex
])
def test_a_row_number_is_read_in_the_document_the_question_names(answerer, question, section_id, says):
    answer = answerer.answer(question, NOW)
    assert answer.citations[0].section_id == section_id and says in answer.text
    assert "工作进展" not in answer.text  # 推进情况表 names the table, it does not ask for progress


@pytest.mark.parametrize("question", ["襄垣县的推进情况表是哪个机关发的", "襄垣县这份推进情况表全称叫什么"])
def test_a_tables_name_and_issuer_are_asked_of_the_document(answerer, question):
    answer = answerer.answer(question, NOW)
    assert answer.citations[0].doc_id == "xiangyuan-progress"
    assert answer.text.startswith("《襄垣县2024年减污降碳重点任务推进情况表》由襄垣县生态环境保护委员会办公室印发")


def test_which_rows_have_not_even_begun_is_read_from_their_progress(answerer):
    unstarted = answerer.answer("黎城县推进情况表里还有哪些任务没启动", NOW)
    assert [c.section_id for c in unstarted.citations] == ["licheng-progress:row-4"]
    assert "未启动的重点工程有 1 项" in unstarted.text


def test_how_far_a_row_has_got_asked_in_other_words(answerer):
    answer = answerer.answer("黎城县焦化企业超低排放改造进行到什么阶段了", NOW)
    assert (answer.intent, answer.citations[0].section_id) == ("progress", "licheng-progress:row-3")
    assert "正在进行评估监测" in answer.text


def test_a_tables_name_asked_as_its_name_is_no_persons_name(answerer):
    answer = answerer.answer("黎城县那份推进情况表叫什么名字", NOW)
    assert not answer.abstained and "《黎城县2024年大气污染防治重点任务推进情况表》" in answer.text


def test_rows_behind_schedule_and_why_are_read_from_their_progress(answerer):
    behind = answerer.answer("黎城县推进情况表里哪几项任务进度滞后了", NOW)
    assert [c.section_id for c in behind.citations] == ["licheng-progress:row-5"]
    assert "进度滞后的重点工程有 1 项" in behind.text
    why = answerer.answer("黎城县工业企业无组织排放治理为什么没按时完成", NOW)
    assert (why.intent, why.citations[0].section_id) == ("progress", "licheng-progress:row-5")
    assert "资金未到位" in why.text


def test_how_much_is_done_so_far_is_the_rows_progress_not_its_target(answerer):
    answer = answerer.answer("襄垣县营运柴油货车已经淘汰了多少辆", NOW)
    assert (answer.intent, answer.citations[0].section_id) == ("progress", "xiangyuan-progress:row-3")
    assert "累计淘汰126辆" in answer.text


@pytest.mark.parametrize(("question", "row", "says"), [
    ("黎城县焦化企业超低排放改造弄完了没", "licheng-progress:row-3", "正在进行评估监测"),
    ("黎城县无组织排放治理为啥拖了", "licheng-progress:row-5", "资金未到位"),
])
def test_progress_asked_in_the_spoken_language(answerer, question, row, says):
    answer = answerer.answer(question, NOW)
    assert (answer.intent, answer.citations[0].section_id) == ("progress", row) and says in answer.text


def test_rows_whose_progress_has_fallen_behind_in_other_words(answerer):
    behind = answerer.answer("黎城县推进情况表里哪几项进度落后了", NOW)
    assert [c.section_id for c in behind.citations] == ["licheng-progress:row-5"]


@pytest.mark.parametrize(("question", "section_id", "says"), [
    ("武乡集中供热管网改造进展如何", "wuxiang-dashed:row-1", "已完成60%，主管网已贯通。"),
    ("武乡县上半年重点任务总体进展", "wuxiang-dashed:art-1", "已完成4项"),  # the notice's prose reports it
])
def test_a_progress_notice_answers_from_its_rows_and_from_its_prose(answerer, question, section_id, says):
    answer = answerer.answer(question, NOW)
    assert answer.citations[0].section_id == section_id and says in answer.text
    assert "没有记载" not in answer.text and "。。" not in answer.text


@pytest.mark.parametrize(("question", "says"), [
    ("武乡农村清洁取暖散煤替代啥时候完成", "11月底前"),  # the row reports it late; the next steps date it
    ("武乡散煤替代完成多少了", "已完成35%"),  # done so far: the row's progress, not a target
    ("武乡那个推进情况通报的正式名称是什么", "武乡县2025年上半年减污降碳重点任务推进情况通报"),
])
def test_a_progress_notice_is_asked_when_how_far_and_what_it_is_called(answerer, question, says):
    answer = answerer.answer(question, NOW)
    assert answer.citations[0].doc_id == "wuxiang-dashed" and says in answer.text


@pytest.mark.parametrize(("question", "says"), [
    ("鲍店镇改厕完成率多少", "完成率：75.0%"),  # the township's own row, not the notice's prose
    ("石哲镇年度任务多少户", "年度任务（户）：700"),
    # the prose gives the county's 3200户 in the question's own words; the township named has its own row
    ("石哲镇今年计划完成的卫生户厕改造任务是多少户", "（石哲镇），年度任务（户）：700；完成户数：350"),
    ("长子县乡镇向县农业农村局报送上月改厕情况的时限", "每月5日前"),  # a time repeated on the calendar
    ("长子县户厕通报的文号", "长农通〔2025〕6号"),
])
def test_a_notice_with_a_table_of_figures_by_township(answerer, question, says):
    answer = answerer.answer(question, NOW)
    assert answer.citations[0].doc_id == "zhangzi-toilets" and says in answer.text


def test_rivers_are_counted_in_tiao(answerer):
    assert "12条" in answerer.answer("长子县今年要治理几条黑臭水体", NOW).text
