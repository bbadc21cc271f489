"""`policybot report`: the files read back with openpyxl and python-docx, against the plan's annex on 2026-11-24.

Figures counted by hand from corpus/documents/changzhi-2023-5.md's 附表 (see
tests/reminders/test_ledger.py): 附表第2项, 2023年10月底, is 1,120 days overdue.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from sqlmodel import Session

from bot.app import App
from bot.cli.args import CommandError
from bot.cli.main import main
from bot.cli.report import cmd_report
from bot.settings import Settings
from reminders import service

ROOT = Path(__file__).resolve().parents[3]  # this checkout, first on the subprocess's path
NOW = "2026-11-24T10:00"
TZ = ZoneInfo("Asia/Shanghai")
HEADERS = ["附表序号", "任务", "牵头单位", "其他责任单位", "完成时限", "截止日期", "剩余/逾期天数", "状态", "最近进展",
           "提醒次数"]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home of the test's own (the report needs no index), and the current folder where files land."""
    monkeypatch.setenv("POLICYBOT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("POLICYBOT_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(capsys, *argv: str) -> str:
    assert main(["report", "--now", NOW, *argv]) == 0
    return capsys.readouterr().out.strip()


def sheet_rows(path) -> dict[str, tuple]:
    sheet = openpyxl.load_workbook(path).active
    return {row[0].value: row for row in sheet.iter_rows(min_row=3) if str(row[0].value).startswith("附表第")}


def test_the_workbook_on_a_fixed_day(home, capsys):
    assert report(capsys) == "督办台账-2026-11-24.xlsx"
    sheet = openpyxl.load_workbook(home / "督办台账-2026-11-24.xlsx").active
    assert sheet["A1"].value == "《长治市减污降碳协同增效实施方案》重点工程督办台账（截至 2026-11-24）"
    assert [c.value for c in sheet[2]] == HEADERS
    assert sheet.freeze_panes == "A3"
    assert sheet["A3"].value == "《长治市减污降碳协同增效实施方案》"  # the document's group row
    rows = sheet_rows(home / "督办台账-2026-11-24.xlsx")
    assert list(rows) == [f"附表第{n}项" for n in range(1, 9)]
    two = rows["附表第2项"]
    assert [c.value for c in two] == ["附表第2项", "上党革命老区散煤清零工程。", "市生态环境局", "有关县区人民政府",
                                      "2023年10月底", datetime(2023, 10, 31), -1120, "已逾期", None, 0]
    assert two[5].number_format == "yyyy-mm-dd" and two[5].is_date
    assert two[6].number_format == '"剩余 "0" 天";"逾期 "0" 天";"今天截止"'
    assert two[0].fill.fgColor.rgb.endswith("FFC7CE")  # overdue rows are marked
    three = rows["附表第3项"]
    assert (three[6].value, three[7].value, three[0].fill.fill_type) == (1498, "未到期", None)
    assert rows["附表第4项"][1].alignment.wrap_text  # the long task text wraps
    widths = sheet.column_dimensions
    assert widths["A"].width == 11  # 附表第2项: five characters, four of them wide (9) + 2
    assert widths["B"].width == 52  # the tasks run long: capped at 50 (+ 2), wrapped
    assert widths["H"].width == 10  # 状态 / 临近截止: 8 + 2


def test_progress_and_done_show_at_once(home, capsys):
    app = App(Settings(env_file=None))
    with Session(app.engine) as session:
        service.record_progress(session, "2", "telegram", "222", "市生态环境局", "已完成80%",
                                datetime(2026, 11, 20, 16, 0, tzinfo=TZ))
        service.mark_done(session, "5", "wecom", "admin1", None, datetime(2026, 11, 23, 9, 0, tzinfo=TZ), "验收通过")
    report(capsys, "--output", "out.xlsx")
    rows = sheet_rows(home / "out.xlsx")
    assert rows["附表第2项"][8].value == "已完成80%（市生态环境局，2026-11-20）"
    five = rows["附表第5项"]
    assert (five[6].value, five[7].value, five[8].value) == (None, "已完成", "报告完成：验收通过（管理员，2026-11-23）")
    assert five[0].fill.fill_type is None  # done is not overdue


def test_the_word_document(home, capsys):
    assert report(capsys, "--format", "docx") == "督办台账-2026-11-24.docx"
    document = docx.Document(str(home / "督办台账-2026-11-24.docx"))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert document.paragraphs[0].text == "《长治市减污降碳协同增效实施方案》重点工程督办台账（截至 2026-11-24）"
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == HEADERS
    assert len(table.rows) == 9
    assert [c.text for c in table.rows[2].cells] == ["附表第2项", "上党革命老区散煤清零工程。", "市生态环境局",
                                                     "有关县区人民政府", "2023年10月底", "2023-10-31", "逾期 1120 天",
                                                     "已逾期", "", "0"]


def test_markdown_and_csv_filtered_by_unit_and_document(home, capsys):
    assert report(capsys, "--output", "r.md", "--unit", "交通局") == "r.md"  # any common form of 市交通局
    text = (home / "r.md").read_text("utf-8")
    assert text.startswith("# 《长治市减污降碳协同增效实施方案》重点工程督办台账——市交通局（截至 2026-11-24）\n")
    assert "| 附表第4项 |" in text and text.count("| 附表第") == 1
    assert text.endswith("| 持续推进 |  |  | 持续推进 |  | 0 |\n")

    assert report(capsys, "--format", "csv", "--doc", "changzhi-2023-5", "--unit", "潞州区") == \
        "督办台账-潞州区-2026-11-24.csv"
    data = (home / "督办台账-潞州区-2026-11-24.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["文件编号", "文件", "附表序号"] and rows[0][8] == "剩余天数（负数为逾期）"
    assert len(rows) == 9  # every project binds 有关/各县区人民政府, so 潞州区 answers for all eight
    assert rows[2][:3] == ["changzhi-2023-5", "长治市减污降碳协同增效实施方案", "附表第2项"]
    assert rows[2][7:10] == ["2023-10-31", "-1120", "已逾期"]


def test_standard_output(home, capsysbinary):
    assert main(["report", "--now", NOW, "--format", "md", "--unit", "市发展改革委", "--output", "-"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.count("| 附表第") == 2 and "| 附表第7项 |" in out and not list(home.glob("*.md"))


def cli(home, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", "report", *argv], capture_output=True, text=True,
                          cwd=home, env={"POLICYBOT_HOME": str(home / "home"), "PYTHONPATH": str(ROOT),
                                         "PATH": "/usr/bin:/bin"},
                          stdin=subprocess.DEVNULL, timeout=120)


@pytest.mark.parametrize(("argv", "message"), [
    (("--doc", "lucheng-2024"), "policybot: unknown document lucheng-2024 (live: changzhi-2023-5)"),
    (("--unit", "火星局"), "policybot: unknown unit: 火星局"),
    (("--unit", "水利局"), "policybot: no key project for 市水利局"),  # a unit of the plan, in no annex row
    (("--output", "missing/folder/r.xlsx"), "policybot: cannot write missing/folder/r.xlsx: No such file or directory"),
    (("--now", "tomorrow"), "policybot: --now: not an ISO time: tomorrow"),
    (("--now", "0001-01-01"), "policybot: --now: 0001-01-01 is out of range (years 1970–9998)"),
    (("--output", "report.pdf"), "policybot: --output report.pdf: .pdf is not a format the report is written in "
                                 "(.xlsx, .docx, .md, .csv); name one, or give --format"),
])
def test_bad_arguments_give_one_line_and_a_non_zero_exit(home, argv, message):
    done = cli(home, *argv)
    assert (done.returncode, done.stderr, done.stdout) == (1, message + "\n", "")
    assert not list(home.glob("*.xlsx"))


def test_a_good_run_exits_zero(home):
    done = cli(home, "--now", NOW)
    assert (done.returncode, done.stdout, done.stderr) == (0, "督办台账-2026-11-24.xlsx\n", "")


def test_a_path_that_cannot_be_written_leaves_nothing_behind(home):
    (home / "taken").mkdir()  # a folder where the file should go: refused even to root, which ignores modes
    done = cli(home, "--output", "taken")
    assert (done.returncode, done.stderr) == (1, "policybot: will not write taken: it is not a regular file\n")
    assert sorted(p.name for p in home.iterdir()) == ["home", "taken"]  # no temporary file left


def test_only_a_new_name_or_a_writable_regular_file_is_replaced(home):
    kept = home / "kept.xlsx"
    kept.write_bytes(b"the owner's own file")
    (home / "link.xlsx").symlink_to(kept)
    os.mkfifo(home / "pipe.xlsx")
    protected = home / "protected.xlsx"
    protected.write_bytes(b"signed off")
    protected.chmod(0o444)  # root may write it anyway: the mode is the owner's word, so it is kept
    for name, says in (("link.xlsx", "it is a symbolic link; name the file itself"),
                       ("pipe.xlsx", "it is not a regular file"), ("/dev/null", "it is not a regular file"),
                       ("protected.xlsx", "it is write-protected")):
        done = cli(home, "--now", NOW, "--output", name)
        verb = "replace" if name == "protected.xlsx" else "write"
        assert (done.returncode, done.stderr) == (1, f"policybot: will not {verb} {name}: {says}\n"), name
    assert kept.read_bytes() == b"the owner's own file" and protected.read_bytes() == b"signed off"
    assert (home / "link.xlsx").is_symlink() and stat.S_ISFIFO((home / "pipe.xlsx").lstat().st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    done = cli(home, "--now", NOW, "--output", "kept.xlsx")  # a regular file of the owner's: replaced whole
    assert done.returncode == 0 and openpyxl.load_workbook(kept).active["A1"].value.endswith("（截至 2026-11-24）")


def test_an_empty_corpus_is_refused():
    args = argparse.Namespace(now=NOW, doc=None, unit=None, format=None, output=None)
    with pytest.raises(CommandError, match="no key projects: nothing to report"):
        cmd_report(args, SimpleNamespace(documents=[]))
