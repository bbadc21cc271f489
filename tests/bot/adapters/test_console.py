"""The console chat, driven through its stdin and stdout as `policybot chat` runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import openpyxl

NOW = "2024-01-10T11:00"  # a working Wednesday in Changzhi


def chat(lines: str, home, db_dir, *args: str, database_url: str = "") -> str:
    """One console session: `lines` typed in, everything it printed out (it must exit 0)."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", *args], input=lines, capture_output=True, text=True, check=True,
        timeout=180, env={"POLICYBOT_HOME": str(home),
                          "POLICYBOT_DATABASE_URL": database_url or f"sqlite:///{db_dir}/console.db",
                          "PATH": "/usr/bin:/bin"}).stdout


def test_a_follow_up_asked_in_a_second_console_process_on_one_postgresql_continues_the_first(home, tmp_path,
                                                                                            pg_url):
    first = chat("交通领域的措施由谁牵头？\n", home, tmp_path, database_url=pg_url)
    second = chat("那参与的还有谁？\n有用\n", home, tmp_path, database_url=pg_url)
    assert "市交通局" in first
    follow, verdict = second.split("\n", 1)[1].split("\n\n")[:2]  # after the greeting line
    assert follow.startswith("接上一问（三、（九）推进交通领域协同增效）") and "市住建局" in follow
    assert "已记录，谢谢反馈" in verdict


def test_console_lists_key_projects_as_of_the_given_day_and_quits(home, tmp_path):
    out = chat("/projects\n/quit\n附表里有什么？\n", home, tmp_path, "--now", NOW)
    assert "附表第2项：上党革命老区散煤清零工程。\n  时限：2023年10月底（2023-10-31），已逾期 71 天" in out
    assert out.count("附表第") == 8
    assert "出处" not in out  # nothing after /quit was read


def test_console_answers_with_citations_and_declines_what_the_plan_does_not_cover(home, tmp_path):
    out = chat("交通领域的减污降碳工作由哪个部门牵头？\n北京冬奥会什么时候举办？\n/unknown\n", home, tmp_path)
    transport, olympics, unknown = out.split("\n\n")[:3]
    assert "市交通局" in transport
    assert "《长治市减污降碳协同增效实施方案》三、（九）推进交通领域协同增效：「" in transport
    assert "该文件未涉及" in olympics
    assert "没有 /unknown 这个命令" in unknown and "/help" in unknown


def test_console_user_is_an_admin_and_sees_the_reminders_that_fall_due(home, tmp_path):
    out = chat("/bind 市生态环境局\n/status\n", home, tmp_path, "--now", NOW)
    assert "已将本会话绑定到市生态环境局" in out
    assert "—— console → 市生态环境局 ——\n【逾期提醒】附表第2项：上党革命老区散煤清零工程。" in out
    assert "console:local" in out.split("督办总览")[1]  # /status lists the binding
    again = chat("/status\n", home, tmp_path, "--now", NOW)
    assert "【逾期提醒】" not in again  # sent once, not again on the next start
    assert "sent 附表第2项 市生态环境局 console:local" in again.split("最近提醒")[1]


def test_console_builds_a_missing_index_first(tmp_path):
    out = chat("/help\n", tmp_path, tmp_path)
    assert "已载入 1 份文件" in out and "/bind 单位名" in out
    assert (tmp_path / "index" / "CURRENT").exists()


def test_a_report_is_saved_under_the_home_and_its_path_printed(home, tmp_path):
    reports = tmp_path / "reports-home"
    shutil.copytree(home / "index", reports / "index")  # the session's index: nothing to build
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--now", NOW], input="/report\n", capture_output=True, text=True,
        check=True, timeout=180, env={"POLICYBOT_HOME": str(reports), "PATH": "/usr/bin:/bin",
                                      "POLICYBOT_DATABASE_URL": f"sqlite:///{tmp_path}/console.db"}).stdout
    saved = reports / "reports" / "督办台账-2024-01-10.xlsx"
    assert f"已保存：{saved}" in out and "共 8 项重点工程，其中已逾期 1 项" in out
    sheet = openpyxl.load_workbook(saved).active
    two = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "附表第2项")
    assert two[6:8] == (-71, "已逾期")
