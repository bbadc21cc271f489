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
    return each_alone(tmp_path_factory, encoder, notice=NOTICE, points=POINTS, ledger=LEDGER, air=AIR)


def each_alone(tmp_path_factory, encoder, **texts: str) -> dict[str, Answerer]:
    """An answer engine over each text alone, by its name."""
    out = {}
    for name, text in texts.items():
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


WATER = """梧溪县人民政府办公室文件
梧政办发〔2025〕7号
梧溪县人民政府办公室关于印发《梧溪县2025年农村供水保障工作要点》的通知
各乡镇人民政府，县直各单位：
现将《梧溪县2025年农村供水保障工作要点》印发给你们，请认真落实。
附件：梧溪县2025年农村供水保障工作要点

附件
梧溪县2025年农村供水保障工作要点
一、工作目标
到2025年底，全县农村自来水普及率达到92%以上。
二、重点任务
（一）提升供水能力
1.新建改造供水管网。新建改造农村供水管网140公里。（县水利局牵头，县财政局配合）
2.推进规模化供水。2025年10月底前建成东岭水厂。（县水利局牵头，县发改局配合）
（二）保障水质安全
3.加强水质检测。每年开展水质检测不少于4次，检测水样不少于600份。（县卫健局牵头，县水利局配合）
4.划定水源保护区。2025年6月底前完成千人以上水源地保护区划定。（县生态环境分局牵头，县水利局配合）
梧溪县人民政府办公室
2025年2月20日
"""

FLOOD = """桂川县2025年防汛隐患整治任务推进台账
（截至2025年6月30日）
一、重点任务及推进情况
（一）河道清障
清理河道阻水障碍物，疏浚河道35公里。
牵头单位：县水利局
完成时限：2025年5月31日前
进展情况：已疏浚河道22公里，清理阻水障碍物140处。
（二）山洪灾害预警
新建山洪预警广播站60个，组织转移避险演练不少于12场。
牵头单位：县应急管理局
完成时限：2025年6月30日前
进展情况：已建成预警广播站45个，其余正在安装。
"""


@pytest.fixture(scope="module")
def beside_the_plan(tmp_path_factory, encoder) -> Answerer:
    from corpus.load import bundled_documents

    registry = UnitRegistry.default()
    docs = [*bundled_documents(registry), document_from_text(WATER, registry, doc_id="water"),
            document_from_text(FLOOD, registry, doc_id="flood"),
            document_from_text(FLOOD_NOTICE, registry, doc_id="geo")]
    return answerer_over(docs, tmp_path_factory.mktemp("beside") / "index", encoder, registry)


def test_the_attachment_named_over_the_bare_attachment_line_is_the_plan(beside_the_plan):
    water = next(d for d in beside_the_plan.documents if d.doc_id == "water")
    assert water.title == "梧溪县2025年农村供水保障工作要点"
    assert [s.section_id for s in water.sections if s.kind == "item"] == [
        "water:art-1.1", "water:art-1.2", "water:art-2.3", "water:art-2.4"]


def test_a_number_names_the_item_or_article_printed_with_it_in_the_document_the_words_choose(beside_the_plan):
    # 第3条 of the 工作要点 is its item 3 (its articles are （一）（二）); of the plan, article （三）
    assert beside_the_plan.answer("工作要点里第3条讲的啥", NOW).citations[0].section_id == "water:art-2.3"
    assert beside_the_plan.answer("方案第3条讲的啥", NOW).citations[0].section_id == "art-3"
    # a row number beyond the plan's annex: the ledger prints no table, its article （二） is its second task
    answer = beside_the_plan.answer("台账里第二项任务是干啥的", NOW)
    assert answer.citations[0].section_id == "flood:art-2" and "山洪预警广播站60个" in answer.text


def test_a_count_in_a_measure_word_of_the_texts_own(beside_the_plan):
    assert "600份" in beside_the_plan.answer("农村供水每年检测水样不少于多少份", NOW).text
    assert "12场" in beside_the_plan.answer("防汛转移避险演练要搞几场", NOW).text


def test_a_ledgers_fields_stand_apart_and_its_progress_answers_what_is_done(beside_the_plan):
    flood = next(d for d in beside_the_plan.documents if d.doc_id == "flood")
    first = flood.section("flood:art-1")
    assert first.progress == "进展情况：已疏浚河道22公里，清理阻水障碍物140处。"
    assert "完成时限：2025年5月31日前" in first.text.split("\n")
    assert "22公里" in beside_the_plan.answer("河道已经疏浚了多少公里", NOW).text
    target = beside_the_plan.answer("河道清障要疏浚多少公里", NOW)
    assert "35公里" in target.text and "22公里" not in target.text
    assert "45个" in beside_the_plan.answer("山洪预警广播站现在建好几个了", NOW).text


FLOOD_NOTICE = """特急
000158
石湾县应急管理局
石应急〔2025〕11号
石湾县应急管理局关于做好
2025年汛期地质灾害
防范工作的通知
各乡镇人民政府，县直有关单位：
  为做好今年汛期地质灾害防范工作，现就有关事项通知如下：
  一、开展隐患排查。县自然资源局牵头负责全县86处地质灾害隐
患点的汛前巡查，县交通运输局负责国省干线公路沿线边坡排查。请
于5月31日前将排查结果报送县应急管理局。
  二、落实群测群防。各乡镇要为每处隐患点明确1名监测员，每天至少
巡查1次。
— 2 —
  三、做好值班值守。汛期实行24小时值班，险情发生后须在20分钟内
电话报告县应急管理局。

                                石湾县应急管理局
                                 2025年4月18日
  （联系人：吴晓峰；联系电话：0799-3312456）
抄送：县委办公室，县政府办公室。
石湾县应急管理局办公室                 2025年4月18日印发
"""

FITNESS = """# 临川区全民健身设施建设实施方案（2025—2027年）

## 一、建设目标

| 指标 | 2025年 | 2026年 | 2027年 |
| --- | --- | --- | --- |
| 社区健身步道（公里） | 30 | 45 | 60 |
| 人均体育场地面积（平方米） | 2.6 | 2.8 | 3.0 |

## 二、重点任务

1. 建设健身步道。依托滨河绿道建设社区健身步道。**牵头单位**：区体育局
"""


@pytest.fixture(scope="module")
def notices(tmp_path_factory, encoder) -> dict[str, Answerer]:
    return each_alone(tmp_path_factory, encoder, flood=FLOOD_NOTICE, fitness=FITNESS)


def test_a_notice_laid_out_as_official_documents_are(notices):
    flood = notices["flood"]
    doc = flood.documents[0]
    # its urgency and copy number are no title; its title runs over three lines; its foot is no body
    assert doc.title == "石湾县应急管理局关于做好2025年汛期地质灾害防范工作的通知"
    assert (doc.number, doc.date) == ("石应急〔2025〕11号", "2025年4月18日")
    assert "吴晓峰" in doc.contact and "0799-3312456" in doc.contact
    assert not any(word in s.text for s in doc.sections for word in ("特急", "抄送", "印发", "吴晓峰"))
    assert "5月31日前" in flood.answer("隐患排查结果啥时候前要报送", NOW).text
    assert "县自然资源局牵头" in flood.answer("地质灾害隐患点的汛前巡查谁牵头", NOW).text
    by_phone = flood.answer("How soon must a dangerous situation be reported by phone?", NOW)
    assert "20分钟" in by_phone.text and "吴晓峰" not in by_phone.text  # a report by phone asks no contact


def test_a_table_of_indicators_by_year_sets_each_years_target(notices):
    fitness = notices["fitness"]
    assert [(f.subject, f.value, f.year) for f in fitness.facts["fitness:art-1"] if f.kind == "target"] == [
        ("社区健身步道", "30公里", 2025), ("社区健身步道", "45公里", 2026), ("社区健身步道", "60公里", 2027),
        ("人均体育场地面积", "2.6平方米", 2025), ("人均体育场地面积", "2.8平方米", 2026),
        ("人均体育场地面积", "3.0平方米", 2027)]
    assert "45公里" in fitness.answer("2026年社区健身步道要建到多少公里", NOW).text
    assert "3.0平方米" in fitness.answer("到2027年人均体育场地面积目标是多少", NOW).text
    assert "临川区全民健身设施建设实施方案（2025—2027年）" in fitness.answer("这个实施方案全名叫啥", NOW).text


def test_which_others_asked_by_their_counter_alone(beside_the_plan):
    answer = beside_the_plan.answer("梧溪县新建改造供水管网，除了水利局还有哪几家配合", NOW)
    assert answer.intent == "units_of_topic" and "县财政局" in answer.text


def test_whom_to_call_is_asked_of_the_notice_the_question_names(beside_the_plan):
    answer = beside_the_plan.answer("这个通知有问题找谁对接，电话多少？", NOW)
    assert not answer.abstained and "吴晓峰" in answer.text and "0799-3312456" in answer.text
    # the plan names nobody to call: another document's contact is not its
    assert "吴晓峰" not in beside_the_plan.answer("减污降碳实施方案的联系人是谁", NOW).text


def test_a_kind_of_document_only_one_is_chooses_it(beside_the_plan):
    # only the 工作要点 is a 要点: what it does not speak to is declined naming it, not answered from another
    absent = beside_the_plan.answer("工作要点里农村水费怎么收费", NOW)
    assert absent.abstained and "梧溪县2025年农村供水保障工作要点" in absent.text
    held = beside_the_plan.answer("台账里河道清障谁牵头", NOW)
    assert held.citations[0].section_id == "flood:art-1" and "县水利局" in held.text


def test_an_office_spelt_in_english_is_the_one_the_documents_write(beside_the_plan):
    answer = beside_the_plan.answer("Which tasks does the county emergency management bureau lead?", NOW)
    assert answer.intent == "unit_duties" and answer.text.startswith("县应急管理局牵头")
    assert "山洪灾害预警" in answer.text


def test_who_holds_a_post_is_declined_and_who_put_a_plan_out_is_its_issuer(notices):
    flood = notices["flood"]
    assert flood.answer("县防汛指挥部的总指挥长是谁", NOW).abstained
    assert "石湾县应急管理局" in flood.answer("这个通知是哪个单位出的", NOW).text


def test_a_drafted_rule_is_a_task_and_a_phone_is_asked_as_a_verb_too(plans, notices):
    assert "2025年9月底前" in plans["air"].answer("施工扬尘管控办法什么时候出台", NOW).text
    assert "2025年9月底前" in plans["air"].answer("When is the construction dust control due?", NOW).text
    assert "吴晓峰" in notices["flood"].answer("Who do I phone about this notice?", NOW).text


TASKS = """柳川市2025年大气治理重点任务
二、重点任务
（一）调整结构
1.淘汰落后产能。关停小型燃煤锅炉。
2.推进煤改电。完成改造5000户。
（二）治理扬尘
3.落实施工工地六个百分之百。
（三）应对重污染
4.修订重污染天气应急预案。
"""


def test_items_numbered_on_across_articles_are_the_documents_tasks(tmp_path, encoder):
    from corpus.load import bundled_documents

    registry = UnitRegistry.default()
    docs = [*bundled_documents(registry), document_from_text(TASKS, registry, doc_id="tasks")]
    answerer = answerer_over(docs, tmp_path / "index", encoder, registry)
    # its 第3条任务 is item 3, not its article （三）; the plan's 第3条 stays its article （三）
    assert answerer.answer("重点任务第3条任务讲的是什么", NOW).citations[0].section_id == "tasks:art-2.3"
    assert answerer.answer("方案第3条讲的是什么", NOW).citations[0].section_id == "art-3"


ROADS_LEDGER = """柳塘县2026年城乡道路提质重点任务督办台账
柳塘县人民政府督查室
一、国道过境段改造
任务内容：改造国道过境段9.6公里。
责任单位：县交通运输局（牵头），县公安局交警大队、沿线乡镇人民政府
责任人：县交通运输局副局长 欧阳清，电话：5512306
完成时限：2026年10月底前
进展情况：已完成路基4.1公里。
二、背街小巷路灯安装
任务内容：安装路灯620盏。
责任单位：县城市管理局（牵头），县供电公司
责任人：县城市管理局市政股股长 麦丽娟，电话：5520417
完成时限：2026年8月底前
进展情况：已安装380盏。
三、责任人及联系方式
县督查室：负责人聂志远（督查室主任），联系人祁佳，联系电话5501188。
"""

BRIDGES = """石屏县2026年桥梁建设项目清单
| 序号 | 项目名称 | 建设内容 | 总投资（万元） | 责任单位 | 计划完成时间 |
| 1 | 青龙河大桥拆除重建 | 拆除重建大桥1座，桥长186米，双向四车道 | 7420 | 县交通运输局 | 2026年11月 |
| 2 | 乡道危桥加固 | 加固危桥14座，增设防撞护栏3.8公里 | 1630 | 县公路事业发展中心牵头，青龙乡、石岭镇配合 | 2026年9月 |
"""


BRIEFING = """桐湾县秋冬季森林防火工作检查情况通报
桐湾县森林防灭火指挥部办公室
桐森防办〔2026〕4号
各乡镇人民政府：
现将秋冬季森林防火检查情况通报如下。
一、检查情况
全县共检查林区入口86处，发现隐患12处，已整改9处。
二、重点工作推进情况
1．防火检查站建设。计划建设检查站15个，已建成11个，完成73.3%，预计12月底前全部完成。
2．护林员培训。年内培训护林员420人。
三、工作要求
各乡镇要于11月30日前完成剩余隐患整改。
桐湾县森林防灭火指挥部办公室
2026年11月2日
"""


ARTICLES = """禾川县全民健身设施补短板行动方案
禾川县人民政府
2026年3月2日
一、目标
第一条 到2027年，人均体育场地面积达到2.9平方米，2027年底前建成县级全民健身中心。
第二条 到2026年，社区健身设施覆盖率达到98%。
二、保障
第三条 加强统筹。县体育局负责统筹协调和考核评估，县财政局负责资金保障，\
县自然资源局、县住房城乡建设局负责场地选址和规划许可，各乡镇人民政府负责村级健身广场日常管护。
"""


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory, encoder) -> dict[str, Answerer]:
    return each_alone(tmp_path_factory, encoder, roads=ROADS_LEDGER, bridges=BRIDGES, briefing=BRIEFING,
                      articles=ARTICLES)


def test_a_ledgers_people_are_kept_out_of_answers_and_a_notices_list_of_whom_to_call_answers(ledgers):
    """A ledger's 责任人 lines stand apart from its text and no answer shows them, not even one asking whom to call
    (that names the units); a list of 负责人 and 联系人 printed for the readers answers by its subject."""
    roads = ledgers["roads"]
    doc = roads.documents[0]
    lights = next(s for s in doc.sections if s.title == "背街小巷路灯安装")
    assert "麦丽娟" in lights.contact and "麦丽娟" not in lights.text
    assert lights.leads == ["县城市管理局"]  # the unit the bracket marks leads, not the one listed after it
    asked = roads.answer("路灯安装那项找谁对接？电话多少", NOW)
    assert "县城市管理局" in asked.text and "麦丽娟" not in asked.text and "5520417" not in asked.text
    assert "祁佳" in roads.answer("督查室的联系人叫什么，电话呢", NOW).text
    for question in ("国道过境段改造谁牵头", "路灯要装多少盏", "交通运输局负责哪些任务", "路灯安装进展如何",
                     "国道改造的责任人是谁"):
        answer = roads.answer(question, NOW)
        assert not any(name in answer.text for name in ("欧阳清", "麦丽娟", "5512306")), question
    assert roads.answer("国道过境段改造谁牵头", NOW).text.count("县交通运输局牵头") == 1


def test_a_rows_figures_come_from_all_its_columns(ledgers):
    """A row's content column sets figures of its own (防撞护栏3.8公里), and its money column answers an amount asked
    in other words than its header's (投了多少钱)."""
    bridges = ledgers["bridges"]
    assert "7420" in bridges.answer("青龙河大桥重建一共要投多少钱", NOW).text
    assert "1630" not in bridges.answer("青龙河大桥重建一共要投多少钱", NOW).text
    assert "3.8公里" in bridges.answer("危桥加固要加装多少公里护栏？", NOW).text
    assert "186米" in bridges.answer("How long is the new Qinglong River bridge, in meters?", NOW).text
    helpers = bridges.answer("危桥加固哪几家配合", NOW).text  # townships by their names are units too
    assert "青龙乡" in helpers and "石岭镇" in helpers, helpers


@pytest.mark.parametrize("question", [
    "森林防火检查那份通报是哪个单位发的？", "这个通报是县政府发的还是防灭火指挥部发的",
    "Who issued the forest fire inspection briefing?"])
def test_who_issued_a_briefing_asked_by_its_kind(ledgers, question):
    """通报 is a kind of official document as 通知 is: asked who issued it, or which of two did, its issuer answers."""
    answer = ledgers["briefing"].answer(question, NOW)
    assert "桐湾县森林防灭火指挥部办公室" in answer.text and "桐森防办〔2026〕4号" in answer.text, answer.text


def test_a_briefings_title_asked_by_its_kind(ledgers):
    answer = ledgers["briefing"].answer("森林防火那份通报标题是啥", NOW)
    assert "桐湾县秋冬季森林防火工作检查情况通报" in answer.text and not answer.abstained


def test_untitled_articles_and_a_sentence_dividing_work_among_offices(ledgers):
    """第一条 opens an article even when no title comes before its text; a time 2027年底前 is quoted whole; of a
    sentence dividing work among offices, the office whose task is asked answers, and each one's duties are its
    own clause — a collective beside them (各乡镇人民政府) too."""
    articles = ledgers["articles"]
    assert [s.section_id for s in articles.documents[0].sections if s.kind == "article"][:3] == [
        "articles:art-1", "articles:art-2", "articles:art-3"]
    assert "2027年底前" in articles.answer("县级全民健身中心啥时候建成", NOW).text
    sites = articles.answer("健身场地选址和规划许可归哪个部门管？", NOW)
    assert "由县自然资源局牵头" in sites.text and "县体育局牵头" not in sites.text, sites.text
    towns = articles.answer("各乡镇政府负责什么？", NOW).text
    assert "村级健身广场日常管护" in towns and "资金保障" not in towns, towns


def test_a_ledgers_items_dated_by_a_field_are_its_key_projects(ledgers):
    """Items each with a 完成时限 line are key projects in their order, as a table's rows are: listed, counted and
    ordered by their dates, with the units their lines name; the list of whom to call dates nothing."""
    roads = ledgers["roads"]
    projects = roads.documents[0].key_projects
    assert [(p.number, p.task, p.deadline_text, p.units[0]) for p in projects] == [
        (1, "国道过境段改造：改造国道过境段9.6公里。", "2026年10月底前", "县交通运输局"),
        (2, "背街小巷路灯安装：安装路灯620盏。", "2026年8月底前", "县城市管理局")]
    earliest = roads.answer("台账里哪项最先到期", NOW)
    assert "背街小巷路灯安装" in earliest.text and "国道过境段改造" not in earliest.text
    assert "第2项" in earliest.text and "附表" not in earliest.text


def test_how_far_an_item_has_got_is_what_its_own_sentences_report(ledgers):
    """A briefing's item reports its progress in prose after its heading (已建成11个，完成73.3%): asked how far it has
    got, that sentence answers; an item reporting nothing says so."""
    briefing = ledgers["briefing"]
    assert "73.3%" in briefing.answer("防火检查站建设现在完成多少了？", NOW).text
    assert "没有记载工作进展" in briefing.answer("护林员培训进展怎么样", NOW).text
