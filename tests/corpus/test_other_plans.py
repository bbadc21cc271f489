"""Plans of other cities, in the numbering and clause styles other offices use (tests/corpus/plans, written for
these tests): items as sections of their own, clauses wherever they stand, unit names as each document writes
them, figures of 分别 lists tied to their nouns, key-project tables of another style."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.load import load_document
from corpus.model import Document
from corpus.units import UnitRegistry

PLANS = Path(__file__).parent / "plans"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    registry = UnitRegistry.default()
    return {p.stem: load_document(p, registry) for p in sorted(PLANS.glob("*.txt"))}


def test_items_are_sections_whose_ids_extend_their_articles(docs):
    jiaxing = docs["jiaxing"]
    item = jiaxing.section("jiaxing:art-1.1")
    assert item.kind == "item"
    assert item.label == "一、（一）推进工业领域协同增效1.加快落后产能退出"
    assert item.text.startswith("加快落后产能退出。严格执行钢铁")
    assert jiaxing.section("jiaxing:art-2.2").title == "推广新能源车辆"
    sub = docs["baoding"].section("baoding:art-2.1.1")
    assert sub.label.endswith("1.推进污水资源化利用（1）建设再生水管网")
    assert "新建再生水管网50公里" in sub.text
    assert "50公里" not in docs["baoding"].section("baoding:art-2.1").text


def test_a_mid_item_clause_covers_the_text_before_it_and_the_next_covers_what_follows(docs):
    item = docs["jiaxing"].section("jiaxing:art-1.1")
    first, second = item.clauses
    assert first.leads == ["市经信局"]
    assert first.others == ["市发改委", "市生态环境局"]
    assert first.implementers == ["各县（市、区）人民政府"]
    assert "印染企业整合提升" in first.covers and "化工园区" not in first.covers
    assert second.leads == ["市发改委", "市经信局"]
    assert second.others == ["市商务局", "市应急管理局"]
    assert "化工园区循环化改造" in second.covers
    assert item.clause_for("推进化工园区循环化改造，到2025年园区循环化改造比例达到100%。") is second


def test_unit_names_of_another_city_stay_as_its_document_writes_them(docs):
    jiaxing = docs["jiaxing"]
    assert jiaxing.section("jiaxing:art-1.2").units == ["市经信局", "市生态环境局"]
    assert jiaxing.section("jiaxing:art-2.1").units == ["市交通运输局", "市发改委", "嘉兴港区管委会"]
    assert docs["baoding"].section("baoding:art-2.1").units == ["市住房和城乡建设局", "市水利局"]


def test_changzhi_documents_still_map_onto_the_registry(plan):
    assert plan.section("art-9").lead == "市交通局"


def test_labelled_clauses_give_leads_and_responsible_units(docs):
    item = docs["linfen"].section("linfen:art-1.1")
    assert item.leads == ["市发展改革委", "市能源局"]
    assert item.units == ["市发展改革委", "市能源局", "市工信局", "市生态环境局"]
    assert docs["linfen"].section("linfen:art-1.2").units == ["市住建局", "市能源局", "市财政局"]


def test_implementing_units_and_what_binds_all_that_follows(docs):
    baoding = docs["baoding"]
    first = baoding.section("baoding:art-1.1")
    assert first.units == ["市生态环境局", "市工业和信息化局"]
    assert first.implementers == ["各县（市、区）人民政府"]
    assert baoding.section("baoding:art-2.1").implementers == ["各县（市、区）人民政府"]
    assert docs["linfen"].section("linfen:art-1.1").implementers == []


def test_lead_supervisors_and_cooperating_units(docs):
    item = docs["baoding"].section("baoding:art-1.2")
    assert item.leads == ["市生态环境局", "市公安局交通管理支队"]
    assert item.units[2:] == ["市交通运输局", "市商务局"]


def test_an_item_without_a_clause_is_covered_by_its_parent_items(docs):
    assert docs["baoding"].section("baoding:art-2.1.2").units == ["市住房和城乡建设局", "市水利局"]


def test_responsibility_lines_under_a_chapter_style_article(docs):
    yingkou = docs["yingkou"]
    assert yingkou.section("yingkou:art-2").units == ["市交通运输局", "营口港务集团", "市发展改革委"]
    assert yingkou.section("yingkou:art-2").leads == ["市交通运输局"]
    assert yingkou.section("yingkou:art-3").units == ["市农业农村局", "市生态环境局"]


def test_an_article_whose_clauses_stand_in_its_items_has_their_units_but_no_clause(docs):
    article = docs["jiaxing"].section("jiaxing:art-2")
    assert article.clauses == []
    assert article.units[:2] == ["市交通运输局", "市建设局"]


def test_figures_of_a_respectively_list_go_to_their_own_nouns(docs):
    targets = docs["jiaxing"].section("jiaxing:art-2.2").targets
    assert [(t.value + t.unit, t.subject) for t in targets] == [
        ("95%", "全市公交车"), ("80%", "出租车"), ("50%", "城市物流配送车辆")]


def test_a_base_year_is_not_the_targets_year(docs):
    targets = docs["linfen"].section("linfen:art-1.1").targets
    assert [(t.value, t.year) for t in targets] == [("8", 2025), ("12", 2025)]


def test_a_base_named_by_its_footing_and_a_goal_of_containment_are_read():
    from corpus.facts import facts_of
    from corpus.load import document_from_text

    text = ("温州市2016年大气污染防治实施计划\n一、总体要求\n"
            "2016年，全市细颗粒物年均浓度在2015年基础上下降5%，挥发性有机物排放增长势头得到有效控制。\n")
    doc = document_from_text(text, UnitRegistry.default(), doc_id="wenzhou")
    targets = [(f.subject, f.comparison, f.value, f.year, f.base_year) for f in facts_of(doc) if f.kind == "target"]
    assert ("全市细颗粒物年均浓度", "下降", "5%", 2016, 2015) in targets  # 2015 is the base, not the year
    assert ("挥发性有机物排放增长势头", "", "得到有效控制", 2016, None) in targets


def test_a_task_list_of_another_style_gives_key_projects(docs):
    projects = docs["yingkou"].key_projects
    assert [(p.number, p.task, p.deadline_text, p.due_date.isoformat(), p.units) for p in projects] == [
        (1, "鲅鱼圈港区岸电改造", "2025年12月", "2025-12-31", ["市交通运输局", "营口港务集团"]),
        (2, "化肥减量增效示范", "2024年底", "2024-12-31", ["市农业农村局"])]


def test_a_responsibility_label_after_the_last_sentence_and_items_numbered_1_bracket():
    from corpus.load import document_from_text

    text = ("晋城市大气污染防治工作方案\n一、重点任务\n（一）调整产业结构\n"
            "1）压减焦化产能。2025年底前压减焦化产能300万吨。责任单位：市工信局、市发展改革委\n"
            "2）推进钢铁超低排放。牵头单位：市生态环境局；配合单位：市工信局\n")
    doc = document_from_text(text, UnitRegistry.default(), doc_id="jincheng")
    assert not doc.home
    first, second = doc.section("jincheng:art-1.1"), doc.section("jincheng:art-1.2")
    assert first.label == "一、（一）调整产业结构1）压减焦化产能"
    assert first.units == ["市工信局", "市发展改革委"]
    assert second.leads == ["市生态环境局"] and second.units == ["市生态环境局", "市工信局"]


def test_respectively_gives_only_the_figures_after_it_and_only_one_to_one():
    from corpus.targets import extract_targets

    before = extract_targets("煤炭消费量下降10%，公交车、出租车分别达到95%、80%。")
    assert [(t.value, t.subject) for t in before] == [("10", ""), ("95", "公交车"), ("80", "出租车")]
    mismatched = extract_targets("钢铁、焦化、水泥和平板玻璃行业改造分别完成95%、80%和50%。")
    assert [t.subject for t in mismatched] == ["", "", ""]


def test_a_sentence_holding_its_own_clause_is_covered_by_it():
    from corpus.load import document_from_text

    text = ("晋城市工业方案\n一、任务\n（一）推进工业升级\n"
            "加快钢铁行业超低排放改造（市生态环境局牵头，市工信局参与）。推进焦化行业升级（市发展改革委负责）。\n")
    section = document_from_text(text, UnitRegistry.default(), doc_id="jc").section("jc:art-1")
    coking = section.clause_for("推进焦化行业升级（市发展改革委负责）。")
    assert coking is not None and coking.leads == ["市发展改革委"]


def test_items_inheriting_their_articles_clause_are_not_counted_again(docs):
    assert docs["baoding"].section("baoding:art-2.1.2").inherited
    assert not docs["baoding"].section("baoding:art-2.1").inherited


def test_the_marker_an_article_uses_first_is_its_outer_level():
    from corpus.load import document_from_text

    text = ("晋城市交通方案\n一、任务\n（一）推进交通\n（1）更新车辆。\n1.更新公交车。\n"
            "2.更新出租车。（市交通运输局负责）\n（2）建设充电桩。（市能源局负责）\n")
    doc = document_from_text(text, UnitRegistry.default(), doc_id="jc")
    assert doc.section("jc:art-1.2").title == "建设充电桩"
    assert doc.section("jc:art-1.1.2").title == "更新出租车"
    assert doc.section("jc:art-1.2").units == ["市能源局"]


def test_a_title_run_into_the_body_is_split_off(registry):
    from corpus.load import document_from_text

    text = ("宁波市2019年大气污染防治实施计划为进一步改善空气质量，根据有关要求，制定本计划。\n一、主要任务\n"
            "（一）调整能源结构。到2019年煤炭消费总量下降5%。（市发改委牵头）\n")
    doc = document_from_text(text, registry, doc_id="ningbo")
    assert doc.title == "宁波市2019年大气污染防治实施计划"
    assert doc.section("ningbo:preamble").text == "为进一步改善空气质量，根据有关要求，制定本计划。"
    assert not doc.home  # the title names Ningbo: its units stay as written


@pytest.mark.parametrize(("text", "leads", "others"), [
    ("推进餐厨垃圾处置，由市城市管理局牵头，市商务局、市市场监管局配合。", ["市城市管理局"],
     ["市商务局", "市市场监管局"]),
    ("（由市住建局负责）", ["市住建局"], []),
    ("露天矿山治理由企业负责，市应急管理局加强监管。", [], []),  # 由企业负责 names no unit
])
def test_a_clause_the_sentence_states_names_its_units_only_when_they_are_units(text, leads, others):
    from corpus.clauses import clauses_in

    found = [(c.leads, c.others) for _, _, c in clauses_in(text, UnitRegistry())]
    assert found == ([(leads, others)] if leads else [])


def test_a_stray_closing_bracket_does_not_hide_a_clause_the_sentence_states():
    from corpus.clauses import clauses_in

    found = clauses_in("1）加强扬尘管控。施工扬尘由市住建局负责，市城管局配合。", UnitRegistry())
    assert [(c.leads, c.others) for _, _, c in found] == [(["市住建局"], ["市城管局"])]


@pytest.mark.parametrize(("title", "place"), [
    ("推进城市更新行动实施方案", None), ("重点区域大气污染治理方案", None), ("农村地区厕所改造方案", None),
    ("豫阳市加快新能源汽车推广应用实施方案", "豫阳市"),
])
def test_a_place_the_gazetteer_lacks_is_read_from_a_head_only_where_it_is_one(title, place):
    from corpus.gazetteer import head_place

    body = f"{title}\n一、重点任务\n1.加快推进。由国网豫阳供电公司、市住建局负责。推进城市更新，加强重点区域治理。"
    assert head_place(title, body) == place


def test_a_plan_whose_title_opens_with_a_verb_is_still_changzhis(registry):
    from corpus.load import document_from_text

    doc = document_from_text("推进城市更新行动实施方案\n一、重点任务\n1.老旧小区改造。推进城市更新。（市住建局牵头）\n",
                             registry, doc_id="renewal")
    assert doc.home and not doc.place


def test_a_clause_after_a_lead_that_names_a_task_names_no_unit(registry):
    from corpus.load import document_from_text

    doc = document_from_text("长治市工业节能方案\n一、重点任务\n1.推进节能改造。由市工信局牵头，加强部门协同推进。\n",
                             registry, doc_id="saving")
    assert doc.section("saving:art-1.1").units == ["市工信局"]


def test_the_lead_in_of_a_part_of_articles_stays_out_of_a_part_of_items(registry):
    from corpus.load import document_from_text

    text = ("澜州市节水方案\n一、重点任务\n1.推进节水改造。由市水利局牵头。\n"
            "二、保障措施\n为确保任务落实，提出如下措施。\n（一）加强领导。市水利局统筹。\n")
    doc = document_from_text(text, registry, doc_id="water")
    assert "为确保任务落实" not in doc.section("water:part-1").text + doc.section("water:part-1.1").text


def test_joint_issuers_a_signature_above_the_attachment_and_the_contact_line(docs):
    """澄岭's notice: two bureaus side by side at its head, their signature and date above 附件, a 联系人 line
    after its table."""
    doc = docs["chengling-notice"]
    assert doc.issuer == "澄岭市住房和城乡建设局、澄岭市生态环境局" and doc.number == "澄建发〔2025〕12号"
    assert doc.date == "2025年3月6日"
    assert "陈明" in doc.contact and "0355-6012345" in doc.contact
    assert [p.number for p in doc.key_projects] == [1, 2]


def test_a_division_of_duties_whose_lines_open_with_their_units(registry):
    """三、责任分工 lists each bureau and its duties on a line of its own: each line is its bureau's; an address
    line (各乡镇人民政府：) and a label line (牵头单位：) are no such line."""
    from corpus.load import document_from_text

    doc = document_from_text(
        "青禾县农业面源污染综合治理实施方案\n\n各乡镇人民政府：现将方案印发给你们。\n\n一、总体目标\n到2026年，农膜回收率达到88%以上。\n"
        "二、重点任务\n（一）推进农膜回收。建立农膜回收网点。\n牵头单位：县供销社\n"
        "三、责任分工\n县农业农村局：负责全县农业面源污染治理工作的统筹协调，牵头组织化肥农药减量增效。\n"
        "县财政局：负责统筹落实农业面源污染治理资金。\n", registry, doc_id="qinghe")
    duties = next(s for s in doc.sections if s.label == "三、责任分工")
    assert [(c.leads, c.covers) for c in duties.clauses] == [
        (["县农业农村局"], "县农业农村局：负责全县农业面源污染治理工作的统筹协调，牵头组织化肥农药减量增效。"),
        (["县财政局"], "县财政局：负责统筹落实农业面源污染治理资金。")]
    assert next(s for s in doc.sections if "农膜回收" in s.title).leads == ["县供销社"]


def test_a_contact_form_left_blank_names_nobody_and_rows_without_numbers_stay_apart(registry):
    """A form's 联系人：　联系电话： is no contact; a table without row numbers whose last cells are empty keeps its
    rows apart (推进锅炉淘汰 has no date and no remark)."""
    from corpus.identity import document_contact
    from corpus.load import document_from_text

    assert document_contact("关于报送进展的通知\n联系人：　　联系电话：\n") == ""
    text = ("澄岭市工作任务表\n\n一、工作任务\n（一）推进治理。做好工作。（市住建局负责）\n\n附件\n任务分工表\n"
            "任务\t牵头单位\t完成时限\t备注\n推进散煤清零\t市生态环境局\t2025年底\t\n推进锅炉淘汰\t市工信局\t\t\n")
    doc = document_from_text(text, UnitRegistry(), doc_id="x")
    assert [(p.task, p.deadline_text) for p in doc.key_projects] == [("推进散煤清零", "2025年底"), ("推进锅炉淘汰", "")]


def test_a_unit_marked_lead_by_a_bracket_and_a_bare_bracket_of_units_after_a_sentence(registry):
    """责任单位：A（牵头），B、C gives A the lead, not B; a point closed by a bracket of units alone after its full stop
    (…完成验收。（县城管局、各社区）) is answered for by them, the first leading — but a bracket after a name
    (县委编办（县机构编制委员会办公室）) and one holding a date are no clause."""
    from corpus.load import document_from_text

    doc = document_from_text(
        "松岭县2026年背街小巷整治工作要点\n松岭县人民政府办公室\n"
        "一、整治提升\n1．改造背街小巷。年内改造背街小巷40条，10月底前完成验收。（县城管局、县住建局、各社区）\n"
        "2．规范店外经营。严禁占道经营，依法查处违规设摊行为（县市场监管局）。\n"
        "3．补齐路灯照明。由县委编办（县机构编制委员会办公室）核定管护人员。（2026年3月1日）\n"
        "二、督办事项\n（一）完善排水设施\n任务内容：新建雨水管道6公里。\n"
        "责任单位：县水务局（牵头），县住建局、县财政局\n完成时限：2026年9月底前\n", registry, doc_id="songling")
    leads = {s.title: (s.leads, [c.others for c in s.clauses]) for s in doc.sections if s.kind in ("item", "article")}
    assert leads["改造背街小巷"] == (["县城管局"], [["县住建局", "各社区"]])
    assert leads["规范店外经营"] == ([], [])
    assert leads["补齐路灯照明"] == ([], [])
    assert leads["完善排水设施"] == (["县水务局"], [["县住建局", "县财政局"]])


@pytest.mark.parametrize(("text", "issuer"), [
    ("梅岭县2026年春耕生产督办台账\n（截至2026年4月30日）\n\n梅岭县人民政府督查室                2026年5月6日\n\n"
     "一、春播备耕\n任务内容：备足种子。\n", "梅岭县人民政府督查室"),
    ("蓼川县推进全民阅读三年行动方案\n\n蓼川县人民政府\n2026年2月3日\n\n为推进全民阅读，制定本方案。\n"
     "第一条 建设农家书屋。\n", "蓼川县人民政府"),
])
def test_an_issuer_beside_its_date_and_a_county_government_of_a_two_character_place(text, issuer):
    """A ledger's head prints its office and date on one line apart by spaces; a county of a two-character name
    signs as 蓼川县人民政府: each is the issuer."""
    from corpus.identity import document_issuer

    assert document_issuer(text) == issuer
