"""The `policybot` command: one subcommand per job, errors as one line on stderr and a non-zero exit.

Each subcommand module registers its parsers; `main` builds the one `App`
the handler works with. Handlers import what only they need inside
themselves, so `policybot ask` never loads a chat platform's library.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable

from bot.app import App
from bot.cli import ask, corpus, feedback, reminders, report, run
from bot.settings import Settings
from corpus.errors import PolicybotError

Handler = Callable[[argparse.Namespace, App], int]
PRIVATE = 0o077  # what the bot creates (home, database, index, uploads, reports) is its operator's alone


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policybot", description="长治市减污降碳协同增效实施方案 问答与督办助手")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (corpus, ask, reminders, report, feedback, run):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; every failure is one line on stderr and exit 1 — with `POLICYBOT_DEBUG=1` the
    traceback follows, for the one who has to find out why."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    shared = os.umask(PRIVATE)
    try:
        settings = Settings()
        if getattr(args, "encoder", None):
            settings = settings.replace(encoder=args.encoder)
        return handler(args, App(settings))
    except BrokenPipeError:  # `policybot ask … | head -1`: the reader left; nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 — closes with the process; stops the flush at exit failing
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(f"policybot: {reason(exc)}", file=sys.stderr)
        if os.environ.get("POLICYBOT_DEBUG", "") not in ("", "0"):
            traceback.print_exc()
        return 1
    finally:
        os.umask(shared)


def reason(exc: Exception) -> str:
    """The one line a failure is reported as, naming what to check where the cause is outside the program."""
    if isinstance(exc, PolicybotError):
        return _first_line(str(exc))
    sql = sys.modules.get("sqlalchemy.exc")  # a command that never opened the database raised none of its errors
    if sql and isinstance(exc, sql.SQLAlchemyError):  # an unreachable server, a missing database, a bad URL
        return f"the database (POLICYBOT_DATABASE_URL) cannot be used: {type(exc).__name__}: {_first_line(str(exc))}"
    if isinstance(exc, OSError):  # a read-only or missing home, a full disk, a file another program holds
        where = f" {exc.filename}" if exc.filename else ""
        return (f"cannot use{where}: {exc.strerror or exc} (check POLICYBOT_HOME, POLICYBOT_DATABASE_URL and the "
                "free disk space)")
    return f"unexpected {type(exc).__name__}: {_first_line(str(exc))} (POLICYBOT_DEBUG=1 shows where)"


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0]
