"""The console chat: the embedded default, a local REPL where the user is an admin."""

from __future__ import annotations

import sys

from bot.app import App
from bot.settings import Settings

HELP = """可用命令：
  直接输入问题     在方案中检索，给出出处（章节）和原文
  /projects        重点工程清单（完成时限、责任单位）
  /help            本帮助
  /quit            退出"""


def run_console(settings: Settings) -> int:
    app = App(settings)
    answerer = app.answerer(build_if_missing=True)
    print(f"policybot 控制台 — 已载入 {len(app.documents)} 份文件。输入 /help 查看命令。", flush=True)
    for line in sys.stdin:
        text = line.strip()
        if text in ("/quit", "/exit"):
            break
        if text == "/projects":
            for doc in app.documents:
                for p in doc.key_projects:
                    print(f"附表第{p.number}项 {p.deadline_text} {'、'.join(p.units)}：{p.task[:40]}")
        elif text.startswith("/") or not text:
            print(HELP)
        else:
            answer = answerer.answer(text)
            print(answer.text)
            for citation in answer.citations[:3]:
                print(f"· 出处：《{citation.doc_title}》{citation.section_label}：「{citation.quote}」")
        sys.stdout.flush()
    return 0
