"""Documents that are themselves tables — a progress table, a task list in bare pipes, a task division without
deadlines — read row by row: each row a section `<doc>:row-N` cited as 第N项, its lead and co-units from their
columns, its progress answerable, a contact column never shown, a dated row a key project."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.facts import facts_of
from corpus.load import load_document

TABLES = Path(__file__).parent / "tables"


@pytest.fixture(scope="module")
def docs(registry):
    return {p.stem: load_document(p, registry) for p in sorted(TABLES.iterdir())}


def test_a_progress_table_gives_one_section_per_row_with_its_roles(docs):
    doc = docs["xiangyuan-progress"]
    assert [s.section_id for s in doc.sections] == [f"xiangyuan-progress:row-{n}" for n in range(1, 5)]
    row = doc.section("xiangyuan-progress:row-1")
    assert row.label == "第1项"
    assert row.leads == ["县住建局"] and row.units == ["县住建局", "县生态环境分局", "县市场监管局"]
    assert row.progress == "工作进度：已完成8台，剩余3台正在施工"
    assert row.text.splitlines() == [
        "完成县城建成区燃气锅炉低氮燃烧改造", "完成时限：2024年10月底", "牵头单位：县住建局",
        "协同单位：县生态环境分局、县市场监管局", "工作进度：已完成8台，剩余3台正在施工"]


def test_the_contact_column_stays_out_of_the_text(docs):
    text = "\n".join(s.text for s in docs["xiangyuan-progress"].sections)
    assert "王建国" not in text and "1390355" not in text


def test_the_issuer_line_and_the_signed_date_are_the_documents_not_a_task(docs):
    doc = docs["xiangyuan-progress"]
    assert (doc.title, doc.issuer) == ("襄垣县2024年减污降碳重点任务推进情况表", "襄垣县生态环境保护委员会办公室")
    assert not any(f.value.startswith("2024年6月") for f in facts_of(doc))


def test_dated_rows_are_key_projects_labelled_as_their_table_numbers_them(docs):
    projects = docs["tunliu-tasks"].key_projects
    assert [(p.label, p.section_id, p.deadline_text, p.due_date.isoformat(), p.units) for p in projects] == [
        ("第1项", "tunliu-tasks:row-1", "2024年8月底", "2024-08-31", ["区生态环境分局", "区水利局"]),
        ("第2项", "tunliu-tasks:row-2", "2024年12月底", "2024-12-31", ["区发改局", "区工信局", "区住建局"]),
        ("第3项", "tunliu-tasks:row-3", "2024年10月", "2024-10-31", ["区住建局", "各乡镇"]),
    ]


def test_a_table_without_a_deadline_column_gives_sections_but_no_key_projects(docs):
    doc = docs["huguan-division"]
    assert doc.key_projects == []
    row = doc.section("huguan-division:row-3")
    assert (row.title, row.leads) == ("开展秸秆综合利用", ["县农业农村局"])
    assert row.units == ["县农业农村局", "县发改局", "县能源局"]
    kinds = {(f.kind, f.section_id) for f in facts_of(doc)}
    assert ("responsibility", "huguan-division:row-3") in kinds
    assert ("key_project", "huguan-division:row-3") not in kinds


@pytest.mark.parametrize(("header", "roles"), [
    (["序号", "工作任务", "责任单位", "时间进度"], {"number": 0, "task": 1, "units": 2, "deadline": 3}),
    (["序号", "工作任务", "责任单位", "完成时限", "工作进度"], {"number": 0, "task": 1, "units": 2, "deadline": 3,
                                                   "progress": 4}),
    (["指标名称", "单位", "2020年", "2025年"], None),  # a bare 单位 is a column of measures: a table of targets
    (["序号", "项目名称", "实施主体", "落实情况", "责任人"], {"number": 0, "task": 1, "units": 2, "progress": 3,
                                                  "contact": 4}),
    (["序号", "重点任务", "责任单位及责任人", "完成时限及进度要求"],
     {"number": 0, "task": 1, "units": 2, "deadline": 3}),
    (["指标名称", "计量单位", "2025年目标值"], None),
    (["2", "推进重点项目建设", "市发改委牵头，各部门配合", "2025年底"], None),  # a data row naming roles
])
def test_header_words_decide_each_columns_role(header, roles):
    from corpus.annex import header_columns

    found = header_columns(header)
    assert (found.columns if found else None) == roles


@pytest.mark.parametrize(("line", "cells"), [
    ("1|开展入河排污口排查整治|区生态环境分局", ["1", "开展入河排污口排查整治", "区生态环境分局"]),
    ("| 1 | 散煤清零 | 县生态环境局 |", ["1", "散煤清零", "县生态环境局"]),
    ("|---|:--:|---|", []),
    ("推进“散乱污”企业整治|", None),
])
def test_table_lines_with_or_without_outer_pipes(line, cells):
    from corpus.annex import split_row

    assert split_row(line) == cells


@pytest.mark.parametrize(("head", "issuer"), [
    ("某县推进情况表\n襄垣县生态环境保护委员会办公室\n2024年6月\n", "襄垣县生态环境保护委员会办公室"),
    ("某市工作要点\n中共长治市委办公室\n", "中共长治市委办公室"),
    ("绍兴市2016年计划\n一、重点任务\n（一）调整产业布局\n", ""),  # 布局 ends in 局 but names no body
    ("工作方案\n优化区域产业布局\n", ""),
    ("某市实施计划\n某美建〔2021〕5号\n美丽绍兴建设领导小组\n2021年4月2日\n", "美丽绍兴建设领导小组"),  # place inside
    ("某市实施计划\n加快美丽绍兴建设工作领导小组\n", ""),  # a heading that acts is no body's name
    ("青禾县2025年任务清单\n（青禾县农业农村局　2025年5月印发）\n", "青禾县农业农村局"),  # a bracketed head line
    ("泷川市工作要点\n一、重点任务\n1.开展清理。\n泷川市优化营商环境工作领导小组办公室\n2025年2月1日\n",
     "泷川市优化营商环境工作领导小组办公室"),  # signed at the foot, its remit's verb in its name
])
def test_an_issuer_line_is_a_place_then_a_body(head, issuer):
    from corpus.identity import document_issuer

    assert document_issuer(head) == issuer


def test_the_date_signed_under_at_the_head_is_the_documents_date():
    from corpus.identity import document_date

    assert document_date("某市实施计划\n美丽绍兴建设领导小组\n2021年4月2日\n一、目标\n") == "2021年4月2日"
    assert document_date("某市实施计划\n一、目标\n到2025年底前完成。\n") == ""


SPACED = ["某县2024年减污降碳工作方案", "一、重点任务", "（一）推进散煤治理。全面完成散煤清零。（县生态环境局牵头）",
          "附件：重点工程", "序号  重点工程  完成时限  责任单位",
          "1  散煤清零工程  2024年6月底  县生态环境局、县能源局",
          "2\u3000燃煤锅炉淘汰工程\u30002025年底\u3000县工信局", "以上工程由县生态环境局统筹 调度。"]


def test_a_table_whose_columns_are_runs_of_spaces_is_read_by_its_header(registry):
    from corpus.load import document_from_text

    doc = document_from_text("\n".join(SPACED), registry, doc_id="county")
    assert [(p.section_id, p.task, p.deadline_text, p.units) for p in doc.key_projects] == [
        ("county:annex-1", "散煤清零工程", "2024年6月底", ["县生态环境局", "县能源局"]),
        ("county:annex-2", "燃煤锅炉淘汰工程", "2025年底", ["县工信局"])]


def test_a_pdf_annex_with_space_separated_columns_gives_key_projects(registry):
    from corpus.extract import extract
    from corpus.load import document_from_text
    from tests.documents import chinese_pdf

    extracted = extract(chinese_pdf(SPACED, wrap=60), "county.pdf", 20 * 2**20)
    doc = document_from_text(extracted.text, registry, doc_id="county")
    assert [(p.number, p.deadline_text) for p in doc.key_projects] == [(1, "2024年6月底"), (2, "2025年底")]


def test_a_spaced_row_keeps_a_task_with_spaces_and_prose_is_no_header(registry):
    from corpus.load import document_from_text

    lines = [*SPACED[:3], "加强 重点 项目 责任 落实", *SPACED[3:5], "1  清洁取暖 改造  2024年10月底  县住建局",
             "2  扬尘治理  2025年底  县住建局"]
    doc = document_from_text("\n".join(lines), registry, doc_id="county")
    assert [(p.task, p.deadline_text) for p in doc.key_projects] == [
        ("清洁取暖改造", "2024年10月底"), ("扬尘治理", "2025年底")]
    assert any("加强 重点 项目 责任 落实" in s.text or "加强重点项目责任落实" in s.text for s in doc.sections)


def test_columns_of_no_role_are_shown_under_their_own_header(registry):
    from corpus.load import document_from_text

    text = ("某县重点项目清单\n序号\t项目名称\t建设内容\t总投资（万元）\t责任单位\t完成时限\n"
            "1\t污水厂提标\t新建深度处理单元\t3500\t县住建局\t2025年底\n")
    row = document_from_text(text, registry, doc_id="county").section("county:row-1")
    assert row.text.splitlines() == [
        "污水厂提标", "完成时限：2025年底", "责任单位：县住建局", "建设内容：新建深度处理单元", "总投资（万元）：3500"]


NOTICE_FIRST = ("各县（市、区）人民政府，市直有关单位：\n"
                "《阳泉市2023年节水型社会建设工作要点》已经市人民政府同意，现印发给你们，请认真贯彻落实。\n"
                "一、主要目标\n全市万元GDP用水量比上年下降2%。\n二、重点任务\n（一）推进农业节水。\n"
                "阳泉市人民政府办公室\n2023年4月12日\n")


def test_a_plan_without_a_title_line_is_named_by_what_its_notice_issues_and_signed_at_its_end():
    from corpus.identity import document_date, document_issuer, document_title

    assert document_title(NOTICE_FIRST) == "阳泉市2023年节水型社会建设工作要点"
    assert (document_issuer(NOTICE_FIRST), document_date(NOTICE_FIRST)) == ("阳泉市人民政府办公室", "2023年4月12日")


@pytest.mark.parametrize(("head", "title"), [
    ("大同市人民政府办公室关于印发大同市扬尘污染防治行动方案的通知\n大政办发〔2021〕9号\n",
     "大同市扬尘污染防治行动方案"),
    # a body sentence citing another notice names that one, not this plan: the first short line does
    ("朔州市秋冬季大气治理方案\n为落实《山西省人民政府关于印发山西省打赢蓝天保卫战三年行动计划的通知》要求，制定本方案。\n",
     "朔州市秋冬季大气治理方案"),
])
def test_a_notice_line_names_its_plan_with_or_without_brackets(head, title):
    from corpus.identity import document_title

    assert document_title(head) == title


def test_a_drafts_run_on_title_keeps_its_years_and_stage_and_a_page_number_is_no_title():
    from corpus.identity import document_title

    text = ("- 1 -\n宿州市空气质量持续改善行动方案(2024—2025年)(征求意见稿)为深入打好蓝天保卫战，制定本方案。\n"
            "一、总体目标\n")
    assert document_title(text) == "宿州市空气质量持续改善行动方案(2024—2025年)(征求意见稿)"


def test_who_filled_in_a_ledger_and_when_are_its_issuer_and_date():
    from corpus.identity import document_date, document_issuer

    head = ("某县第三季度进展情况表\n"
            "填报单位：某县生态环境保护委员会办公室（县生态环境分局代章）    填报日期：2024年10月9日\n")
    # the unit whose seal it bears is part of who filed it: either name may be asked for
    assert (document_issuer(head), document_date(head)) == (
        "某县生态环境保护委员会办公室（县生态环境分局代章）", "2024年10月9日")
    other = "某县进展表\n填报单位：某县水利局（盖章）    填报日期：2024年10月9日\n"
    assert document_issuer(other) == "某县水利局"


def test_a_unit_and_a_month_inside_a_body_are_no_signature_and_a_label_is_no_issuer():
    from corpus.identity import document_issuer

    body = "\n".join(["某县2024年重点任务清单", "一、任务", *[f"第{i}行任务说明。" for i in range(20)],
                      "襄垣县能源局", "2024年10月", *[f"第{i}行其他说明。" for i in range(10)]])
    assert document_issuer(body) == ""
    assert document_issuer("某县进展情况表\n填报单位：          填报日期：\n") == ""


def test_the_issuer_title_and_date_of_a_place_the_gazetteer_lacks():
    from corpus.identity import document_date, document_issuer, document_title

    text = ("澜溪县农村人居环境整治工作领导小组办公室\n关于2024年第三季度村庄清洁行动推进情况的通报\n\n"
            "各乡镇人民政府：\n现将有关情况通报如下。\n一、总体情况\n全县卫生厕所普及率达到90%。\n\n"
            "澜溪县农村人居环境整治工作领导小组办公室\n2024年10月8日\n")
    assert document_issuer(text) == "澜溪县农村人居环境整治工作领导小组办公室"
    assert document_title(text) == "关于2024年第三季度村庄清洁行动推进情况的通报"
    assert document_date(text) == "2024年10月8日"


def test_a_table_of_indicators_gives_each_its_units(registry):
    from corpus.load import document_from_text

    text = ("澜溪县河湖长制工作方案\n| 指标 | 2023年基数 | 2025年目标 | 责任单位 |\n"
            "|---|---|---|---|\n| 河湖长巡河履职率 | 92% | 100% | 县治水办 |\n")
    doc = document_from_text(text, registry, doc_id="rivers")
    row = doc.section("rivers:row-1")
    assert row.units == ["县治水办"] and "2023年基数：92%" in row.text


def test_a_table_written_as_numbered_lines_joined_by_long_dashes_is_read_row_by_row(docs):
    doc = docs["wuxiang-dashed"]
    rows = [s for s in doc.sections if ":row-" in s.section_id]
    assert [s.section_id for s in rows] == [f"wuxiang-dashed:row-{n}" for n in (1, 2, 3)]
    heating = doc.section("wuxiang-dashed:row-1")
    assert heating.leads == ["县住建局"] and heating.units == ["县住建局", "县发改局", "县供热公司"]
    assert heating.progress == "进展情况：已完成60%，主管网已贯通。"
    assert doc.section("wuxiang-dashed:row-3").units == ["县生态环境分局"]


def test_a_clause_the_sentence_opens_with_its_units_is_read_without_a_by(docs):
    (clause,) = [c for s in docs["wuxiang-dashed"].sections for c in s.clauses if "节能审查" in c.covers or
                 "县财政局" in c.text]
    assert clause.leads == ["县发改局"] and clause.units == ["县发改局", "县财政局", "县工信局"]


def test_an_annex_of_dashed_lines_without_a_header_has_its_columns_told_by_what_they_hold(docs):
    doc = docs["qinxian-annex-lines"]
    assert [(p.label, p.task, p.deadline_text, p.units) for p in doc.key_projects] == [
        ("附表第1项", "沁县焦化厂干熄焦改造", "2025年11月30日前", ["县工信局", "县生态环境分局"]),
        ("附表第2项", "城区主干道机械化清扫提升", "2025年10月31日前", ["县城管局"]),
        ("附表第3项", "散煤经营网点清零", "持续推进", ["县市场监管局", "各乡镇人民政府"]),
    ]


def test_labels_without_the_word_unit_name_the_roles_of_an_office_section(docs):
    article = docs["qinxian-annex-lines"].section("qinxian-annex-lines:art-1")
    assert article.leads == ["大气环境股"] and article.units == ["大气环境股", "县工信局", "县能源局"]


def test_a_pages_fields_at_the_head_give_the_issuer_number_and_date_and_are_no_title():
    from corpus.identity import document_date, document_issuer, document_number, document_title

    head = ("> 发文机关：黎城县人民政府办公室\n> 发文字号：黎政办发〔2025〕9号\n> 成文日期：2025年3月2日\n\n"
            "各乡镇人民政府，县直各有关单位：\n为推进节能降碳，制定本方案。\n")
    assert (document_issuer(head), document_number(head), document_date(head)) == (
        "黎城县人民政府办公室", "黎政办发〔2025〕9号", "2025年3月2日")
    assert document_title(head) == ""
    assert document_number("> 文号：无\n关于做好节能工作的通知\n") == ""  # a field that holds no number


def test_a_table_of_figures_by_township_gives_each_township_a_row_of_its_figures(docs):
    doc = docs["zhangzi-toilets"]
    baodian = next(s for s in doc.sections if s.title == "鲍店镇")
    assert baodian.details == ["年度任务（户）：800", "完成户数：600", "完成率：75.0%"]
    assert not doc.key_projects  # figures, no deadlines: no reminders


def test_a_notice_head_quoted_on_one_line_gives_issuer_number_and_date(docs):
    doc = docs["zhangzi-toilets"]
    assert (doc.issuer, doc.number, doc.date) == ("长子县农业农村局", "长农通〔2025〕6号", "2025年10月11日")


def test_a_numbered_prose_line_with_long_dashes_stays_text(registry):
    from corpus.load import document_from_text

    doc = document_from_text("襄垣县扬尘治理方案\n一、重点任务\n（一）开展专项行动\n"
                             "1. 实施“两个行动”——工业企业深度治理行动和扬尘污染综合整治行动——全面改善空气质量。"
                             "（县生态环境分局牵头，县工信局配合）\n"
                             "2. 分步推进，试点阶段（2025年3月——6月），推广阶段（2025年7月——12月）。（县住建局负责）\n",
                             registry, doc_id="xiangyuan-dust")
    assert [s.section_id for s in doc.sections if s.section_id.startswith("xiangyuan-dust:art-1.")] == [
        "xiangyuan-dust:art-1.1", "xiangyuan-dust:art-1.2"]
    assert doc.section("xiangyuan-dust:art-1.1").leads == ["县生态环境分局"]


def test_two_dashed_lists_each_numbered_from_one_are_two_lists(registry):
    from corpus.load import document_from_text

    doc = document_from_text("沁县上半年任务推进情况通报\n一、已完成的任务\n"
                             "1、企业开办便利化——县市场监管局——已完成100%。\n"
                             "2、工程建设项目审批提速——县住建局——已完成100%。\n二、滞后的任务\n"
                             "1、农村清洁取暖散煤替代——县能源局——已完成35%，进度滞后。\n",
                             registry, doc_id="qin-progress")
    rows = [(s.title, s.units) for s in doc.sections if ":row-" in s.section_id]
    assert rows == [("企业开办便利化", ["县市场监管局"]), ("工程建设项目审批提速", ["县住建局"]),
                    ("农村清洁取暖散煤替代", ["县能源局"])]


@pytest.mark.parametrize(("text", "leads"), [
    ("加强组织领导。各县区要高度重视，各部门要切实负责，确保任务落实。", []),  # a collective with its verbs
    ("实行网格化管理，各乡镇党委书记亲自牵头，开展巡查。", []),  # a person
    ("（探索资源入股、资金入股，县农业农村局负责）", ["县农业农村局"]),  # 入股 is no 股
    ("（重点加强全科、儿科，县卫健局负责）", ["县卫健局"]),
])
def test_no_body_is_read_from_words_that_only_end_like_one(registry, text, leads):
    from corpus.clauses import clauses_in

    assert [u for _, _, c in clauses_in(text, registry) for u in c.leads] == leads


def test_a_task_cell_wrapped_onto_the_next_line_stays_in_its_row(docs):
    """Row 2's task runs onto a line of its own that carries the rest of the row's cells; it is one row, not a row
    without a number that would take the next one's."""
    doc = docs["qinyuan-wrapped"]
    assert [p.number for p in doc.key_projects] == [1, 2, 3]
    row = doc.key_projects[1]
    assert row.task == "新建标准化秸秆收储站点6个，配齐打捆、装卸、运输机械，培育秸秆收储运专业化服务主体不少于5家"
    assert row.units == ["县农业农村局", "县财政局", "各乡镇人民政府"] and row.deadline_text == "2025年10月底前"
