"""The `units` and `reminders` subcommands, through a parser built with `register` as bot.cli will."""

from __future__ import annotations

import argparse
import json

import pytest

from bot.app import App
from bot.cli.args import CommandError
from bot.cli.reminders import register, webhook_key
from bot.settings import Settings
from tests.fakes.wecom import fake_in_thread


@pytest.fixture
def wecom():
    with fake_in_thread() as fake:
        yield fake


@pytest.fixture
def cli(tmp_path, capsys, wecom):
    settings = Settings(home=tmp_path, wecom_base_url=wecom.base_url, env_file=None)
    parser = argparse.ArgumentParser(prog="policybot")
    register(parser.add_subparsers(dest="command", required=True))

    def run(*argv: str) -> str:
        args = parser.parse_args(argv)
        assert args.handler(args, App(settings)) == 0
        return capsys.readouterr().out

    return run


def test_bind_plan_run_due_and_history(cli, wecom):
    assert "bound telegram:-1001 to 市生态环境局" in cli("units", "bind", "生态环境局", "--telegram-chat", "-1001")
    cli("units", "bind", "潞州区", "--wecom-webhook",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef0123456789")
    units = {u["unit"]: u for u in json.loads(cli("units", "list", "--json"))["units"]}
    assert units["潞州区"]["chats"] == ["wecom:abcdef…"]  # the robot key is a secret: never shown whole

    listing = json.loads(cli("reminders", "plan", "--json", "--now", "2026-11-24T10:00"))
    two = next(p for p in listing["projects"] if p["number"] == 2)
    assert two["overdue"] and {r["occasion"] for r in two["reminders"] if r["due_now"]} == {"overdue:2023-10-31"}

    out = cli("reminders", "run-due", "--now", "2026-11-24T10:00")
    robot = wecom.delivered("/cgi-bin/webhook/send")  # 潞州区's reminders went to its robot over HTTP
    assert robot and {r.query["key"] for r in robot} == {"abcdef0123456789"}
    assert all("潞州区" in r.body["text"]["content"] for r in robot)
    assert out.count("【逾期提醒】") + len(robot) == 10 and "附表第2项" in out  # the Telegram ones are printed
    assert "sent 10 reminders in 10 messages" in out
    assert "sent 0 reminders" in cli("reminders", "run-due", "--now", "2026-11-24T10:30")

    history = json.loads(cli("reminders", "history", "--json"))["history"]
    assert len(history) == 10 and all(h["state"] == "sent" and len(h["attempts"]) == 1 for h in history)
    out = cli("units", "unbind", "潞州区", "--wecom-webhook", "abcdef0123456789")
    assert out.startswith("unbound; ") and int(out.split()[1]) > 0  # its planned digests are cancelled


def test_refusals_are_command_errors(cli):
    with pytest.raises(CommandError, match="unknown unit: 火星局"):
        cli("units", "bind", "火星局", "--telegram-chat", "1")
    with pytest.raises(CommandError, match="not an ISO time"):
        cli("reminders", "plan", "--now", "tomorrow")
    with pytest.raises(CommandError, match="no such"):
        cli("units", "unbind", "市工信局", "--telegram-chat", "1")
    with pytest.raises(SystemExit):  # argparse: exactly one of the chat options
        cli("units", "bind", "市工信局")


def test_webhook_key_from_url_or_bare():
    assert webhook_key("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K-1") == "K-1"
    assert webhook_key(" K-2 ") == "K-2"
