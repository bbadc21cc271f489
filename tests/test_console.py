"""The console chat, driven through its stdin and stdout."""

from __future__ import annotations

import subprocess
import sys


def chat(lines: str, home) -> str:
    return subprocess.run([sys.executable, "-m", "bot.cli", "chat"], input=lines, capture_output=True,
                          text=True, check=True, timeout=120, env={"POLICYBOT_HOME": str(home),
                                                                   "PATH": "/usr/bin:/bin"}).stdout


def test_console_lists_key_projects_and_quits(home):
    out = chat("/projects\n/quit\n", home)
    assert "附表第2项 2023年10月底" in out
    assert out.count("附表第") == 8


def test_console_answers_with_citations_and_declines_unrelated(home):
    out = chat("交通领域的措施由谁牵头？\n北京冬奥会什么时候举办？\n/unknown\n", home)
    assert "三、（九）推进交通领域协同增效" in out
    assert "该文件未涉及" in out
    assert "/projects" in out


def test_console_builds_a_missing_index_first(tmp_path):
    out = chat("/quit\n", tmp_path)
    assert "已载入 1 份文件" in out
    assert (tmp_path / "index" / "CURRENT").exists()
