"""Annex rows that are malformed as uploads bring them: each refused naming the row and the text, or read whole."""

from __future__ import annotations

import pytest

from corpus.errors import CorpusError
from corpus.load import document_from_text

HEAD = ["# 某县减污降碳工作方案", "一、重点任务", "（一）推进散煤治理。全面完成散煤清零。（县生态环境局牵头）",
        "附件：重点工程", "| 序号 | 重点任务 | 完成时限 | 责任单位 |", "|---|---|---|---|"]


def plan(*rows: str) -> str:
    return "\n".join([*HEAD, *rows])


@pytest.mark.parametrize(("rows", "says"), [
    (("| 1 | 散煤清零 | 2024年6月底 | 县生态环境局 |", "| 1 | 燃煤锅炉淘汰 | 2025年底 | 县工信局 |"),
     "附表有两行序号都是 1：「散煤清零」和「燃煤锅炉淘汰」"),
    (("| 12345678901234567890 | 散煤清零 | 2024年6月底 | 县生态环境局 |",),
     "附表第1行：序号「12345678901234567890」不在 1–999 之内（任务：散煤清零）"),
    (("| 1 | 散煤清零 | 2025年13月底 | 县生态环境局 |",), "附表第1项：完成时限「2025年13月底」不是日历上的日期"),
    (("| 1 | 散煤清零 | 2026年2月30日 | 县生态环境局 |",), "附表第1项：完成时限「2026年2月30日」不是日历上的日期"),
    (("| 1 | 散煤清零 | 2026年0月底 | 县生态环境局 |",), "附表第1项：完成时限「2026年0月底」不是日历上的日期"),
])
def test_a_malformed_row_is_refused_naming_it(registry, rows, says):
    with pytest.raises(CorpusError) as refused:
        document_from_text(plan(*rows), registry, doc_id="county")
    assert says in str(refused.value)


def test_a_malformed_row_of_a_table_that_is_the_document_is_named_as_the_tables(registry):
    text = "\n".join(["某县2024年减污降碳重点任务推进情况表", "| 序号 | 重点任务 | 牵头单位 | 完成时限 |",
                      "|---|---|---|---|", "| 1 | 散煤清零 | 县生态环境局 | 2024年13月底 |"])
    with pytest.raises(CorpusError) as refused:
        document_from_text(text, registry, doc_id="county-table")
    assert "表格第1项：完成时限「2024年13月底」不是日历上的日期" in str(refused.value)
    assert "附表" not in str(refused.value)


def test_a_superscript_row_number_is_counted_in_order(registry):
    doc = document_from_text(plan("| ² | 散煤清零 | 2024年6月底 | 县生态环境局 |"), registry, doc_id="county")
    assert [(p.number, p.task) for p in doc.key_projects] == [(1, "散煤清零")]


def test_a_form_feed_inside_a_cell_does_not_split_the_row(registry):
    doc = document_from_text(plan("| 1 | 散煤\f清零工程 | 2024年6月底 | 县生态环境局 |",
                                  "| 2 | 燃煤锅炉\v淘汰 | 2025年底 | 县工信局 |"), registry, doc_id="county")
    assert [(p.number, p.task, p.deadline_text, p.units) for p in doc.key_projects] == [
        (1, "散煤清零工程", "2024年6月底", ["县生态环境局"]), (2, "燃煤锅炉淘汰", "2025年底", ["县工信局"])]


def test_an_impossible_date_in_prose_is_passed_over(registry):
    doc = document_from_text(plan("| 1 | 散煤清零 | 2024年6月底 | 县生态环境局 |").replace(
        "全面完成散煤清零。", "2026年2月30日前全面完成散煤清零。"), registry, doc_id="county")
    assert len(doc.key_projects) == 1


def test_a_second_table_numbered_from_one_again_continues_the_numbers(registry):
    text = plan("| 1 | 散煤清零 | 2024年6月底 | 县生态环境局 |", "| 2 | 燃煤锅炉淘汰 | 2025年底 | 县工信局 |",
                "附件2：重点项目", "| 序号 | 重点任务 | 完成时限 | 责任单位 |", "|---|---|---|---|",
                "| 1 | 污水处理厂提标 | 2026年底 | 县住建局 |")
    doc = document_from_text(text, registry, doc_id="county")
    assert [(p.number, p.section_id, p.task) for p in doc.key_projects] == [
        (1, "county:annex-1", "散煤清零"), (2, "county:annex-2", "燃煤锅炉淘汰"),
        (3, "county:annex-3", "污水处理厂提标")]


def test_a_version_admitted_before_these_checks_still_loads_with_the_row_left_out_and_noted(registry):
    text = plan("| 1 | 散煤清零 | 2024年6月底 | 县生态环境局 |", "| 2 | 燃煤锅炉淘汰 | 2025年13月底 | 县工信局 |",
                "| 2 | 污水处理厂提标 | 2026年底 | 县住建局 |")
    doc = document_from_text(text, registry, doc_id="county", admitted=True)
    assert [p.number for p in doc.key_projects] == [1, 2]
    assert doc.key_projects[1].task == "污水处理厂提标"
    assert any("2025年13月底" in note and "此行未列入重点工程" in note for note in doc.notes)
    headings_only = document_from_text("# 某方案\n\n## 一、总体要求\n", registry, doc_id="heads", admitted=True)
    assert headings_only.sections
