"""The console chat, driven through its stdin and stdout."""

from __future__ import annotations

import subprocess
import sys


def chat(lines: str, tmp_path) -> str:
    return subprocess.run([sys.executable, "-m", "bot.cli", "chat"], input=lines, capture_output=True,
                          text=True, check=True, timeout=120, env={"POLICYBOT_HOME": str(tmp_path),
                                                                   "PATH": "/usr/bin:/bin"}).stdout


def test_console_lists_key_projects_and_quits(tmp_path):
    out = chat("/projects\n/quit\n", tmp_path)
    assert "附表第2项 2023年10月底" in out
    assert out.count("附表第") == 8
