"""The console chat: the embedded default, a local REPL where the user is an admin."""

from __future__ import annotations

import sys

from bot.settings import Settings
from corpus.load import bundled_documents
from corpus.units import UnitRegistry

HELP = """可用命令：
  /projects   重点工程清单（完成时限、责任单位）
  /help       本帮助
  /quit       退出
问答功能（直接输入问题）将在检索模块就绪后开放。"""


def run_console(settings: Settings) -> int:
    docs = bundled_documents(UnitRegistry.default())
    print(f"policybot 控制台 — 已载入 {len(docs)} 份文件。输入 /help 查看命令。", flush=True)
    for line in sys.stdin:
        text = line.strip()
        if text in ("/quit", "/exit"):
            break
        if text == "/projects":
            for doc in docs:
                for p in doc.key_projects:
                    print(f"附表第{p.number}项 {p.deadline_text} {'、'.join(p.units)}：{p.task[:40]}")
        elif text:
            print(HELP)
        sys.stdout.flush()
    return 0
