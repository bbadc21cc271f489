"""`policybot units …` and `policybot reminders …`: the reminder state from the command line.

`register(subparsers)` adds both command groups to the main parser; each
handler takes `(args, app)` and returns the exit status, raising
`CommandError` for a refusal (an unknown unit, a bad time). The reminders'
service is imported by the handlers that use it, so `policybot ask` never loads it. `run-due`
posts WeCom reminders to their group robots (a robot needs nothing but its key),
within the robots' rate limit, and Telegram reminders through the Bot API when
POLICYBOT_TELEGRAM_TOKEN is set; anything else is printed by `ConsoleSender`.
"""

from __future__ import annotations

import argparse
import json
from contextlib import AsyncExitStack
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse

from bot.cli.args import CommandError, parse_now, whole_number
from corpus.clock import utcnow

if TYPE_CHECKING:
    from bot.app import App
    from reminders.dispatch import DispatchReport

CLI_USER = "console:local"


def webhook_key(value: str) -> str:
    """A WeCom robot key, given bare or as the webhook URL (…/webhook/send?key=KEY)."""
    if "://" not in value:
        return value.strip()
    key = parse_qs(urlparse(value).query).get("key", [""])[0]
    if not key:
        raise CommandError("--wecom-webhook: the URL has no key=… parameter")
    return key


def _chat(args: argparse.Namespace) -> tuple[str, str]:
    return ("telegram", str(args.telegram_chat)) if args.telegram_chat else ("wecom", webhook_key(args.wecom_webhook))


def cmd_units_list(args: argparse.Namespace, app: App) -> int:
    from reminders import views

    with app.session() as session:
        rows = views.units(session)
    if args.json:
        print(json.dumps({"units": rows}, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        chats = "、".join(row["chats"]) or "（未绑定）"
        projects = "、".join(row["projects"])
        print(f"{row['unit']:<14} {row['kind']:<7} {chats}" + (f"  {projects}" if projects else ""))
    return 0


def cmd_units_bind(args: argparse.Namespace, app: App) -> int:
    from reminders import service, views

    registry = app.registry
    platform, chat_id = _chat(args)
    with app.session() as session:
        try:
            binding = service.bind(session, registry, args.unit, platform, chat_id, CLI_USER, utcnow())
        except service.ReminderError as exc:
            raise CommandError(str(exc)) from None
        print(f"bound {views.chat_label(binding)} to {binding.unit}")
    return 0


def cmd_units_unbind(args: argparse.Namespace, app: App) -> int:
    from reminders import service

    registry = app.registry
    platform, chat_id = _chat(args)
    with app.session() as session:
        try:
            cancelled = service.unbind(session, registry, args.unit, platform, chat_id, CLI_USER, utcnow())
        except service.ReminderError as exc:
            raise CommandError(str(exc)) from None
    print(f"unbound; {cancelled} planned reminders cancelled")
    return 0


def cmd_reminders_plan(args: argparse.Namespace, app: App) -> int:
    from reminders import views

    now = parse_now(args.now)
    with app.session() as session:
        listing = views.upcoming(session, now)
    if args.json:
        print(json.dumps(listing, ensure_ascii=False, indent=1))
        return 0
    print(f"计划（截至 {listing['now']}）")
    for p in listing["projects"]:
        state = "已完成" if p["status"] == "done" else ("已逾期" if p["overdue"] else p["deadline_text"])
        print(f"{p['citation']}  {p['deadline_text']}  [{state}]  {p['task'][:40]}")
        for r in p["reminders"]:
            print(f"    {r['scheduled_at'][:16]}  {r['occasion']:<22} {r['unit']}  {r['chat']}")
        if p["unbound"]:
            print(f"    未绑定群聊：{'、'.join(p['unbound'])}")
    return 0


async def deliver_due(app: App, now: datetime) -> DispatchReport:
    """Everything due by `now`, through the platforms this process can reach without running a bot.

    WeCom group robots need nothing but their key; Telegram needs the token;
    a reminder for any other chat is printed, as the console would show it.
    """
    from bot.adapters.console import ConsoleSender
    from bot.adapters.telegram import TelegramSender, sending_bot
    from bot.adapters.wecom import WeComSender, client
    from reminders.delivery import DEFAULT_LIMITS, Sender
    from reminders.models import PLATFORMS

    async with client(app.settings) as wecom, AsyncExitStack() as stack:
        printed = ConsoleSender(app.settings.reports_dir)
        senders: dict[str, Sender] = {**dict.fromkeys(PLATFORMS, printed), "wecom": WeComSender(wecom)}
        limits = {"wecom": DEFAULT_LIMITS["wecom"]}
        if app.settings.telegram_token.get_secret_value():
            bot = await stack.enter_async_context(sending_bot(app.settings))
            senders["telegram"], limits["telegram"] = TelegramSender(bot), DEFAULT_LIMITS["telegram"]
        return await app.dispatcher(senders, limits).run_due(now)


def cmd_reminders_run_due(args: argparse.Namespace, app: App) -> int:
    import asyncio

    now = parse_now(args.now)
    report = asyncio.run(deliver_due(app, now))
    print(f"sent {report.sent} reminders in {report.messages} messages; {report.failed} failed; "
          f"{report.superseded} superseded; {report.missed} missed (over a week late); {report.deferred} deferred")
    if report.failed:
        raise CommandError(f"{report.failed} reminders failed to send (see `policybot reminders history`)")
    return 0


def cmd_reminders_history(args: argparse.Namespace, app: App) -> int:
    from reminders import views

    with app.session() as session:
        rows = views.history(session, args.limit)
    if args.json:
        print(json.dumps({"history": rows}, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        when = r["sent_at"] or r["scheduled_at"]
        extra = f"  ({r['reason']})" if r["reason"] else ""
        print(f"{when[:16]}  {r['state']:<9} {r['citation']}  {r['occasion']:<22} {r['unit']}  {r['chat']}"
              f"  attempts={len(r['attempts'])}{extra}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `units` and `reminders` to the main parser."""
    units = subparsers.add_parser("units", help="units and their chat groups").add_subparsers(
        dest="units_command", required=True)
    listing = units.add_parser("list", help="units, their chats and key projects")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_units_list)
    for name, handler, verb in (("bind", cmd_units_bind, "bind a chat to"), ("unbind", cmd_units_unbind,
                                                                             "unbind a chat from")):
        cmd = units.add_parser(name, help=f"{verb} a unit")
        cmd.add_argument("unit", help="unit name in any common form, e.g. 市生态环境局 or 潞州区")
        chat = cmd.add_mutually_exclusive_group(required=True)
        chat.add_argument("--telegram-chat", metavar="ID", help="Telegram chat id (groups are negative)")
        chat.add_argument("--wecom-webhook", metavar="KEY", help="WeCom group-robot key or webhook URL")
        cmd.set_defaults(handler=handler)

    reminders = subparsers.add_parser("reminders", help="deadline reminders for the key projects").add_subparsers(
        dest="reminders_command", required=True)
    plan = reminders.add_parser("plan", help="upcoming and overdue reminders per project and unit")
    plan.add_argument("--json", action="store_true")
    plan.add_argument("--now", metavar="ISO-TIME")
    plan.set_defaults(handler=cmd_reminders_plan)
    run_due = reminders.add_parser("run-due", help="send, once, everything due by now")
    run_due.add_argument("--now", metavar="ISO-TIME")
    run_due.set_defaults(handler=cmd_reminders_run_due)
    history = reminders.add_parser("history", help="reminders sent, failed or cancelled")
    history.add_argument("--json", action="store_true")
    history.add_argument("--limit", type=whole_number(1, 100_000), default=200)
    history.set_defaults(handler=cmd_reminders_history)

