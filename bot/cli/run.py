"""`policybot chat` and `policybot run`: the console, or a bot process for one platform.

The platform adapters are imported here, inside the commands that run them,
so no other command loads a chat library.
"""

from __future__ import annotations

import argparse
import sys

from bot.app import App
from bot.cli.args import CommandError, parse_now, progress_bar


def console(app: App, now: str | None = None) -> int:
    from bot.adapters.console import ConsoleSender, Reminders, clock_from, run_console

    clock = clock_from(parse_now(now) if now else None)
    conversation = app.conversation(clock)
    app.tidy()
    if app.library.index_missing():
        print("首次运行：正在建立索引……", file=sys.stderr, flush=True)
    app.answerer(build=progress_bar)
    reports = app.settings.reports_dir
    reminders = Reminders(app.dispatcher({"console": ConsoleSender(reports)}, limits={}).run_due, clock)
    greeting = (f"policybot 控制台 — 已载入 {len(app.documents)} 份文件，您是管理员。"
                "输入 /help 查看命令，/quit 退出。")
    return run_console(conversation, reminders, greeting, reports)


def cmd_chat(args: argparse.Namespace, app: App) -> int:
    return console(app, args.now)


def cmd_run(args: argparse.Namespace, app: App) -> int:
    from bot.serve import run

    if args.telegram and args.wecom:
        raise CommandError("one platform per process: policybot run --telegram, and policybot run --wecom")
    if args.webhook and not args.telegram:
        raise CommandError("--webhook is a Telegram mode: policybot run --telegram --webhook")
    if args.telegram:
        from bot.adapters.telegram import TelegramPlatform

        return run(app, TelegramPlatform(app.settings, webhook=args.webhook), _ready)
    if args.wecom:
        from bot.adapters.wecom import WeComPlatform

        return run(app, WeComPlatform(app.settings), _ready)
    return console(app)


def _ready(line: str) -> None:
    print(f"policybot: {line}", flush=True)


def register(sub: argparse._SubParsersAction) -> None:
    chat = sub.add_parser("chat", help="the console chat (as an admin)")
    chat.add_argument("--now", metavar="ISO-TIME", help="let the clock start at this time (try what a day brings)")
    chat.set_defaults(handler=cmd_chat)
    run = sub.add_parser("run", help="run the bot (the console chat unless a platform is named)")
    run.add_argument("--telegram", action="store_true", help="the Telegram bot (long polling unless --webhook)")
    run.add_argument("--webhook", action="store_true",
                     help="receive Telegram updates on POLICYBOT_TELEGRAM_LISTEN for POLICYBOT_TELEGRAM_WEBHOOK_URL")
    run.add_argument("--wecom", action="store_true",
                     help="the WeCom app's callback on POLICYBOT_WECOM_LISTEN, with the reminders")
    run.set_defaults(handler=cmd_run)
