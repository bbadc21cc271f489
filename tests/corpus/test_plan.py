"""The bundled plan parsed into its structure, checked against the document as printed."""

from __future__ import annotations

from datetime import date

import pytest

TITLES = {
    1: "指导思想", 2: "基本原则", 3: "主要目标", 4: "强化生态环境分区管控", 5: "严格生态环境准入管理",
    6: "加快能源绿色低碳转型", 7: "推广绿色低碳生活方式", 8: "推进工业领域协同增效", 9: "推进交通领域协同增效",
    10: "推进城乡建设协同增效", 11: "推进农业领域协同增效", 12: "推进生态建设协同增效",
    13: "推进大气污染协同治理", 14: "推进水污染协同治理", 15: "推进土壤污染协同治理", 16: "推进固体废物协同处置",
    17: "探索区域减污降碳协同创新", 18: "试点区域减污降碳协同创新", 19: "推进园区减污降碳协同创新",
    20: "鼓励企业减污降碳协同创新", 21: "加强技术创新", 22: "健全法规标准", 23: "建立协同机制",
    24: "完善经济政策", 25: "加强能力建设", 26: "加强组织领导", 27: "加强宣传教育", 28: "加强对外合作",
    29: "加强考核督查",
}
PARTS = {1: "一", 4: "二", 8: "三", 13: "四", 17: "五", 21: "六", 26: "七"}
LEADS = {
    4: "市发展改革委", 5: "市生态环境局", 6: "市发展改革委", 7: "市发展改革委", 8: "市工信局", 9: "市交通局",
    10: "市住建局", 11: "市农业农村局", 12: "市规划和自然资源局", 13: "市生态环境局", 14: "市生态环境局",
    15: "市生态环境局", 16: "市生态环境局", 17: "市生态环境局", 18: "市生态环境局", 19: "市商务局",
    20: "市生态环境局", 21: "市生态环境局", 22: "市生态环境局", 23: "市生态环境局", 24: "市财政局",
    25: "市生态环境局", 26: "各相关单位", 27: "市生态环境局", 28: "市生态环境局", 29: "市生态环境局",
}
COUNTY_ALL, COUNTY_SOME = "各县区人民政府", "有关县区人民政府"
PROJECTS = {
    1: ("按照省政府规定时限", "external", None, ["市工信局", "市生态环境局", COUNTY_SOME]),
    2: ("2023年10月底", "fixed", date(2023, 10, 31), ["市生态环境局", COUNTY_SOME]),
    3: ("2030年底", "fixed", date(2030, 12, 31), ["市工信局", "市生态环境局", COUNTY_SOME]),
    4: ("持续推进", "ongoing", None, ["市交通局", "市发展改革委", "市工信局", "市生态环境局", "市住建局", COUNTY_ALL]),
    5: ("2024年底", "fixed", date(2024, 12, 31), ["市生态环境局", COUNTY_SOME]),
    6: ("2025年底", "fixed", date(2025, 12, 31), ["市工信局", "市生态环境局", COUNTY_SOME]),
    7: ("2025年底", "fixed", date(2025, 12, 31), ["市发展改革委", "市工信局", "市生态环境局", COUNTY_ALL]),
    8: ("2025年底", "fixed", date(2025, 12, 31), ["市生态环境局", COUNTY_ALL]),
}


def test_sections_are_preamble_29_articles_and_8_annex_rows(plan):
    ids = [s.section_id for s in plan.sections]
    assert ids == ["preamble"] + [f"art-{n}" for n in range(1, 30)] + [f"annex-{n}" for n in range(1, 9)]
    assert "长环委办发〔2023〕5号" in plan.section("preamble").text
    assert plan.section("preamble").text.rstrip().endswith("制定本实施方案。")


def test_the_annex_caption_is_no_part_of_the_last_article(plan):
    # 附表：长治市减污降碳协同增效重点工程 stands over the annex's own 附表 heading: it opens the annex
    last = next(s for s in plan.sections if s.section_id == "art-29")
    assert "附表" not in last.text and "重点工程" not in last.text


@pytest.mark.parametrize("number", sorted(TITLES))
def test_article_titles_and_labels(plan, number):
    section = plan.section(f"art-{number}")
    assert section.title == TITLES[number]
    part = next(PARTS[k] for k in sorted(PARTS, reverse=True) if k <= number)
    assert section.part.startswith(part + "、")
    assert section.label.startswith(f"{part}、（") and section.label.endswith(TITLES[number])


def test_label_of_transport_article(plan):
    assert plan.section("art-9").label == "三、（九）推进交通领域协同增效"
    assert plan.section("art-9").part == "三、突出重点领域协同增效"


@pytest.mark.parametrize("number", sorted(LEADS))
def test_lead_unit_of_every_article_with_a_clause(plan, number):
    assert plan.section(f"art-{number}").lead == LEADS[number]


def test_first_three_articles_have_no_clause(plan):
    assert all(not plan.section(f"art-{n}").units for n in (1, 2, 3))


def test_units_in_order_and_inner_remark_is_not_the_clause(plan):
    assert plan.section("art-8").units == ["市工信局", "市发展改革委", "市生态环境局", "市能源局"]
    assert plan.section("art-13").units == ["市生态环境局", "市发展改革委", "市工信局", "市交通局", "市能源局"]
    assert plan.section("art-24").units[-2:] == ["人民银行长治支行", "市金融办"]
    assert "予以补充" in plan.section("art-8").text


def test_county_governments_bound_from_article_4_on(plan):
    assert COUNTY_ALL in plan.section("art-4").units
    assert [s.counties_implement for s in plan.sections if s.kind == "article"] == [False] * 3 + [True] * 26
    assert any("以下各项工作均需各县政府落实" in note for note in plan.notes)


@pytest.mark.parametrize("number", sorted(PROJECTS))
def test_key_projects(plan, number):
    project = plan.key_projects[number - 1]
    deadline_text, kind, due, units = PROJECTS[number]
    assert (project.number, project.section_id) == (number, f"annex-{number}")
    assert project.deadline_text.replace(" ", "") == deadline_text
    assert (project.deadline_kind, project.due_date) == (kind, due)
    assert project.units == units
    assert plan.section(f"annex-{number}").label == f"附表第{number}项"


def test_annex_tasks_from_both_tables(plan):
    assert plan.key_projects[1].task == "上党革命老区散煤清零工程。"
    assert plan.key_projects[6].task.startswith("建设国家工业资源综合利用基地")
    assert len(plan.key_projects) == 8


@pytest.mark.parametrize(("section_id", "joined"), [
    ("art-2", "统筹推进碳达峰"),
    ("art-3", "减污降碳协同度有效提升"),
    ("art-12", "市园林中心按职责分工负责"),
    ("art-4", "加大结构调整和布局优化力度"),
    ("art-5", "控制在2435万吨以内"),
    ("art-12", "“绿化、美化、财化”同步推进"),
])
def test_page_breaks_rejoined(plan, section_id, joined):
    assert joined in plan.section(section_id).text


def test_markup_and_formulae_cleaned(plan):
    text = plan.section("art-3").text
    assert "PM2.5平均浓度" in text and "NOx" in text and "NH3-N" in text
    assert all("**" not in s.text and "$" not in s.text for s in plan.sections)


def test_numeric_targets(plan):
    def targets(section_id):
        return {(t.value, t.unit, t.year) for t in plan.section(section_id).targets}

    assert {("18.5", "%", 2025), ("35", "微克/立方米", 2025), ("100", "%", 2030)} <= targets("art-3")
    assert {("100", "吨", 2025), ("3", "座", None), ("4.3", "米", None)} <= targets("art-4")
    assert {("2435", "万吨", None), ("20", "km", None)} <= targets("art-5")
    assert ("80", "%", 2025) in targets("art-7")
    assert {("5", "%", 2025), ("10", "%", 2030)} <= targets("art-8")
    assert ("50", "%", 2030) in targets("art-9")
    assert ("30", "%", 2025) in targets("art-10")
    assert ("60", "%", 2025) in targets("art-16")
    sentence = next(t.sentence for t in plan.section("art-9").targets if t.value == "50")
    assert sentence.startswith("到2030年") and "50%左右" in sentence
