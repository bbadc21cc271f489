"""Loading files: encodings, and a clear error naming the file for each bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from corpus.errors import CorpusError
from corpus.load import DOCUMENTS_DIR, document_from_text, load_document

PLAN = (DOCUMENTS_DIR / "changzhi-2023-5.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_chinese_encodings_are_decoded(tmp_path, registry, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode(encoding))
    doc = load_document(path, registry, doc_id="gbk-plan")
    assert doc.section("gbk-plan:art-9").lead == "市交通局"
    assert len(doc.key_projects) == 8


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (bytes(range(256)) * 40, "not a text file"),
])
def test_bad_files_name_the_file_and_the_problem(tmp_path, registry, content, problem):
    path = tmp_path / "bad-upload.md"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as err:
        load_document(path, registry)
    assert "bad-upload.md" in str(err.value) and problem in str(err.value)


def test_missing_file(tmp_path, registry):
    with pytest.raises(CorpusError, match="cannot read"):
        load_document(tmp_path / "missing.md", registry)


def test_other_plan_conventions(tmp_path, registry):
    """Parts as 第一章, articles as 第一条 with inline titles, （A牵头，B、C参与） clauses, a pipe annex."""
    text = "\n".join([
        "# 某县大气污染防治实施方案", "为改善空气质量，制定本方案。",
        "第一章 重点任务",
        "第一条 推进散煤治理。全面完成散煤清零。（县生态环境局牵头，县能源局、县住建局参与）",
        "第二条 加强扬尘管控。施工工地落实六个百分百。（县住建局牵头，县城市管理局配合）",
        "附件：重点工程",
        "| 序号 | 重点任务 | 时间节点 | 牵头单位 | 配合单位 |",
        "|---|---|---|---|---|",
        "| 1 | 散煤清零 | 2024年6月底 | 县生态环境局 | 县能源局 |",
    ])
    path = tmp_path / "county.md"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path, registry, doc_id="county")
    art1 = doc.section("county:art-1")
    assert (art1.title, art1.label) == ("推进散煤治理", "第一章 第一条推进散煤治理")
    assert art1.units == ["县生态环境局", "县能源局", "县住建局"]
    assert doc.section("county:art-2").units == ["县住建局", "县城市管理局"]
    (project,) = doc.key_projects
    assert (project.section_id, project.due_date.isoformat(), project.units) == (
        "county:annex-1", "2024-06-30", ["县生态环境局", "县能源局"])


def test_corpus_show_json_contract():
    out = subprocess.run([sys.executable, "-m", "bot.cli", "corpus", "show", "--json"],
                         capture_output=True, text=True, check=True).stdout
    (doc,) = json.loads(out)["documents"]
    assert (doc["doc_id"], doc["title"], doc["version"]) == ("changzhi-2023-5", "长治市减污降碳协同增效实施方案", 1)
    section = next(s for s in doc["sections"] if s["section_id"] == "art-9")
    assert {"section_id", "label", "title", "units", "text"} <= set(section)
    assert section["units"][0] == "市交通局"
    project = doc["key_projects"][1]
    assert project == {"number": 2, "section_id": "annex-2", "task": "上党革命老区散煤清零工程。",
                       "deadline_text": "2023年10月底", "deadline_kind": "fixed", "due_date": "2023-10-31",
                       "units": ["市生态环境局", "有关县区人民政府"]}


def test_corpus_show_table():
    out = subprocess.run([sys.executable, "-m", "bot.cli", "corpus", "show"],
                         capture_output=True, text=True, check=True).stdout
    assert "三、（九）推进交通领域协同增效" in out and "牵头：市交通局" in out
    assert "附表第2项  2023年10月底（2023-10-31）" in out


def test_corpus_show_facts():
    out = subprocess.run([sys.executable, "-m", "bot.cli", "corpus", "show", "--facts", "--json"],
                         capture_output=True, text=True, check=True).stdout
    (doc,) = json.loads(out)["documents"]
    targets = [f for f in doc["facts"] if f["kind"] == "target" and f["section_id"] == "art-3"]
    assert {"kind": "target", "doc_id": "changzhi-2023-5", "section_id": "art-3", "subject": "单位GDP二氧化碳下降率",
            "sentence": targets[3]["sentence"], "value": "18.5%", "unit": "%", "comparison": "达到",
            "year": 2025} in targets
    text = subprocess.run([sys.executable, "-m", "bot.cli", "corpus", "show", "--facts"],
                          capture_output=True, text=True, check=True).stdout
    assert "2030年 单位地区生产总值能源消耗和二氧化碳排放 持续下降" in text
    assert "附表第2项 2023年10月底（2023-10-31） 上党革命老区散煤清零工程。" in text
    missing = subprocess.run([sys.executable, "-m", "bot.cli", "corpus", "show", "--facts", "--doc", "nowhere"],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "nowhere" in missing.stderr


def test_a_document_whose_head_names_no_place_is_placed_by_its_opening(registry):
    """Its title names no city; its opening follows another province's and city's plans: its 区经信局 stays as
    written. One whose opening follows Shanxi's plan is Changzhi's, and its 市经信局 is read as 市工信局."""
    other = document_from_text(
        "大气污染防治工作方案\n为改善我区空气质量，根据《江苏省2018年大气污染防治工作计划》和《宿迁市2018年大气污染防治"
        "工作实施方案》要求，制定本方案。\n一、产业结构优化\n（一）淘汰落后产能。依法依规淘汰落后产能。（区经信局牵头，区发改局配合）",
        registry, doc_id="other")
    assert not other.home and other.sections[-1].units == ["区经信局", "区发改局"]
    home = document_from_text(
        "大气污染防治工作方案\n为改善空气质量，根据《山西省大气污染防治工作方案》要求，制定本方案。\n一、产业结构优化\n"
        "（一）淘汰落后产能。依法依规淘汰落后产能。（市经信局牵头）", registry, doc_id="home")
    assert home.home and home.sections[-1].units == ["市工信局"]
