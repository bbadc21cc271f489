"""Plans in the shapes offices send them, written for these tests: a notice issuing its plan as 附件, a
工作要点 whose items end in their own deadline and which is signed at its foot, a progress ledger with a money
column and a 合计 line, a plan whose lead works 会同 other units and whose second target leaves its indicator
unsaid. Each is asked what its readers ask, answered from its own text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from answers.answer import Answerer
from corpus.load import document_from_text
from corpus.units import UnitRegistry
from tests.answers.conftest import answerer_over

NOW = datetime(2026, 12, 1, 1, tzinfo=UTC)

NOTICE = """青川县人民政府办公室
关于印发《青川县2025年水污染防治工作方案》的通知
青政办发〔2025〕12号
各乡镇人民政府，县直有关单位：
《青川县2025年水污染防治工作方案》已经县人民政府同意，现印发给你们，请认真贯彻执行。
附件：青川县2025年水污染防治工作方案
青川县人民政府办公室
2025年4月2日
附件
青川县2025年水污染防治工作方案
为持续改善全县水环境质量，制定本方案。
一、工作目标
2025年，全县地表水国考断面优良水体比例达到90%以上。
二、重点任务
（一）推进城镇污水管网建设。新建改造城镇污水管网28公里。
完成时限：2025年11月30日前。
牵头单位：县住建局；配合单位：县发改局、县财政局。
（二）开展入河排污口整治。完成36个入河排污口溯源整治。
完成时限：2025年8月31日前。
牵头单位：县生态环境分局；配合单位：县水利局。
"""

POINTS = "\n\n".join((
    "# 岚山市2025年优化政务服务工作要点",
    "为提升政务服务水平，制定本要点。",
    "## 一、提升办事效率",
    "1. 推行不动产登记“一窗办理”。全面整合登记、税务、交易窗口，一般登记业务压缩至1个工作日内办结。"
    "（6月底前完成）（责任单位：市自然资源局，市税务局配合）",
    "2. 深化项目审批改革。推行告知承诺制，工程建设项目全流程审批时间控制在30个工作日以内。"
    "（10月底前完成）（责任单位：市住建局，市行政审批局配合）",
    "3. 稳妥推进农村清洁取暖。坚持先立后破，2025年10月底前完成剩余3100户农村清洁取暖改造。"
    "（责任单位：市住建局，市能源局配合）",
    "各单位每季度报送工作进展。",
    "岚山市优化政务服务工作领导小组办公室",
    "2025年3月10日\n",
))

LEDGER = """沁河县2025年重点项目进度台账
现将截至2025年6月30日的项目进展汇总如下。
序号|项目名称|总投资（万元）|责任单位|计划完成时间|目前进展
1|县第二人民医院门诊楼|12500|县卫健局|2026年3月|主体封顶，正在装修
2|东关小学扩建|3200|县教育局|2025年8月|已完工并投入使用
3|城南污水处理厂扩容|8600|县住建局|2025年12月|设备安装完成60%
4|体育公园|2100|县文旅局|2025年5月|已完工并投入使用
合计|—|26400|—|—|—
填报单位：沁河县发展和改革局
填报人：王敏
联系电话：0355-1234567
"""

AIR = """松原市大气环境质量提升方案（2025—2027年）
一、主要目标
到2025年，全市空气质量优良天数比率达到85%以上；到2027年，达到88%以上。
二、重点任务
（一）加强扬尘管控。由市住建局牵头，会同市城管局、市交通局制定施工扬尘管控办法，2025年9月底前出台。
（二）淘汰老旧车辆。由市交通局牵头，市公安局配合，全年淘汰国三柴油货车200辆。
（三）开展联合检查。每季度由市生态环境局会同市应急管理局、市市场监管局组织一次涉气企业联合抽查。
"""


@pytest.fixture(scope="module")
def plans(tmp_path_factory, encoder) -> dict[str, Answerer]:
    out = {}
    for name, text in (("notice", NOTICE), ("points", POINTS), ("ledger", LEDGER), ("air", AIR)):
        registry = UnitRegistry.default()
        doc = document_from_text(text, registry, doc_id=name)
        out[name] = answerer_over([doc], tmp_path_factory.mktemp(name) / "index", encoder, registry)
    return out


def test_a_plan_issued_as_the_notices_attachment_is_read_as_its_body(plans):
    notice = plans["notice"]
    assert notice.documents[0].title == "青川县2025年水污染防治工作方案"
    assert "28公里" in notice.answer("城镇污水管网要新建改造多少公里", NOW).text
    lead = notice.answer("入河排污口整治谁牵头", NOW)
    assert lead.citations[0].section_id == "notice:art-2" and "由县生态环境分局牵头" in lead.text
    assert "2025年8月31日前" in notice.answer("排污口溯源整治啥时候得完成", NOW).text


def test_an_items_own_deadline_after_its_body_answers_for_its_heading(plans):
    points = plans["points"]
    assert "10月底前" in points.answer("项目审批改革什么时候完成", NOW).text
    assert "6月底前" in points.answer("不动产登记一窗办理的完成时间", NOW).text
    # the heading and the dated sentence share the question's words: the dated one answers when
    assert "2025年10月底前" in points.answer("农村清洁取暖啥时候改完", NOW).text


def test_an_items_heading_is_quoted_with_what_it_does(plans):
    answer = plans["points"].answer("不动产登记一窗办理是怎么要求的", NOW)
    assert "1个工作日" in answer.text


def test_a_figure_in_working_days_is_a_target(plans):
    targets = plans["points"].facts["points:art-1.2"]
    assert [(f.subject, f.value) for f in targets if f.kind == "target"] == [
        ("工程建设项目全流程审批时间", "30个工作日")]


def test_the_signature_at_the_foot_names_the_issuer_and_the_day(plans):
    points = plans["points"].documents[0]
    assert (points.issuer, points.date) == ("岚山市优化政务服务工作领导小组办公室", "2025年3月10日")
    assert "2025年3月10日" in plans["points"].answer("这份要点的落款日期是哪天", NOW).text


def test_a_ledgers_money_column_is_summed_and_ordered(plans):
    ledger = plans["ledger"]
    assert [s.section_id for s in ledger.documents[0].sections if ":row-" in s.section_id] == [
        f"ledger:row-{n}" for n in (1, 2, 3, 4)]  # the 合计 line is no row
    assert "26400万元" in ledger.answer("这些项目总投资加起来一共多少", NOW).text
    most = ledger.answer("台账里哪个项目投资最多", NOW)
    assert "县第二人民医院门诊楼" in most.text and "东关小学" not in most.text
    assert most.citations[0].section_id == "ledger:row-1"


def test_a_ledgers_rows_by_a_month_and_by_reported_progress(plans):
    ledger = plans["ledger"]
    by_september = ledger.answer("计划2025年9月底前完工的项目有哪几个", NOW)
    assert {c.section_id for c in by_september.citations} == {"ledger:row-2", "ledger:row-4"}
    finished = ledger.answer("哪些项目已经完工投入使用了", NOW)
    assert {c.section_id for c in finished.citations} == {"ledger:row-2", "ledger:row-4"}


def test_tasks_listed_by_a_date_are_the_tables_rows(plans):
    # no 重点 or 项目 word: tasks asked by the date they are due by are the dated rows
    answer = plans["ledger"].answer("哪些任务得在2025年9月底前完成", NOW)
    assert answer.intent == "key_projects"
    assert {c.section_id for c in answer.citations} == {"ledger:row-2", "ledger:row-4"}


def test_who_filled_in_a_ledger_at_its_foot(plans):
    ledger = plans["ledger"]
    assert ledger.documents[0].issuer == "沁河县发展和改革局"
    contact = ledger.answer("这个台账有问题找谁，电话多少", NOW)
    assert "王敏" in contact.text and "0355-1234567" in contact.text


def test_units_a_lead_works_with_after_huitong(plans):
    answer = plans["air"].answer("施工扬尘管控办法还有哪些部门参与制定", NOW)
    assert "市住建局（牵头）" in answer.text and "市城管局、市交通局" in answer.text


def test_a_lead_named_straight_before_huitong_leads(plans):
    answer = plans["air"].answer("涉气企业联合抽查由哪几家单位组织", NOW)
    assert answer.facts["units"] == ["市生态环境局", "市应急管理局", "市市场监管局"]
    assert answer.facts["lead"] == "市生态环境局"


def test_who_sent_a_notice_and_when_it_is_dated_in_english(plans):
    notice = plans["notice"]
    assert "青川县人民政府办公室" in notice.answer("Who actually issued this notice?", NOW).text
    assert "2025年4月2日" in notice.answer("When was this notice dated?", NOW).text


def test_a_target_whose_indicator_is_left_unsaid_takes_the_one_before_it(plans):
    targets = [(f.subject, f.value, f.year) for f in plans["air"].facts["air:part-1"] if f.kind == "target"]
    assert targets == [("全市空气质量优良天数比率", "85%", 2025), ("全市空气质量优良天数比率", "88%", 2027)]
    answer = plans["air"].answer("到2027年优良天数比率要达到多少", NOW)
    assert "88%" in answer.text and "85%" not in answer.text


COAL = """桐山市节能降碳行动方案（2025—2027年）
一、主要目标
到2025年，全市单位地区生产总值能耗比2020年下降14%，非化石能源消费比重达到12%，煤炭消费总量控制在1500万吨以下，规模以上工业单位增加值能耗下降15%，重点行业能效标杆水平以上产能比例达到30%。
"""


def test_the_plan_stating_the_figure_answers_before_the_one_setting_none(tmp_path, encoder):
    from corpus.load import bundled_documents

    registry = UnitRegistry.default()
    docs = [*bundled_documents(registry), document_from_text(COAL, registry, doc_id="coal")]
    answerer = answerer_over(docs, tmp_path / "index", encoder, registry)
    # 长治's plan sets no figure for it (确保完成煤炭消费总量控制目标任务): it follows, it does not lead
    for question in ("煤炭消费总量要控制在多少以内", "how much coal can be burned in total?"):
        answer = answerer.answer(question, NOW)
        assert answer.citations[0].doc_id == "coal" and answer.text.startswith("按《桐山市")
        assert "1500万吨" in answer.text and "未给出具体数值" in answer.text


def test_who_sent_a_notice_out_in_english(plans):
    answer = plans["notice"].answer("Who sent out this notice?", NOW)
    assert "青川县人民政府办公室" in answer.text


def test_what_a_unit_leads_in_a_table_is_listed_with_its_tasks(plans):
    answer = plans["ledger"].answer("住建局要负责哪些项目", NOW)
    assert "第3项" in answer.text and "城南污水处理厂扩容" in answer.text


def test_the_table_beside_the_plan_is_ordered_as_one_and_counts_are_no_sums(tmp_path, encoder):
    from corpus.load import bundled_documents

    registry = UnitRegistry.default()
    docs = [*bundled_documents(registry), document_from_text(LEDGER, registry, doc_id="ledger")]
    answerer = answerer_over(docs, tmp_path / "index", encoder, registry)
    earliest = answerer.answer("哪个项目最早到期", NOW)
    assert [c.section_id for c in earliest.citations] == ["annex-2"]  # 2023年10月底, before the ledger's 2025年5月
    count = answerer.answer("台账里一共有几个投资项目", NOW)
    assert "合计" not in count.text
    # a question about what the plan's body says of some projects is no question over the table
    assert answerer.answer("哪些项目不再审批核准备案", NOW).intent != "key_projects"


def test_a_huitong_list_of_no_office_names_no_co_unit():
    from corpus.clauses import clauses_in

    found = clauses_in("由市发展改革委牵头，会同有关部门研究制定配套办法。", UnitRegistry.default())
    assert [(c.leads, c.others) for _, _, c in found] == [(["市发展改革委"], [])]


def test_a_blank_form_under_an_annex_names_no_contact():
    from corpus.identity import document_contact

    assert document_contact("某县通知\n附件\n情况汇总表\n填报人：　　审核人：　　联系电话：\n") == ""
