"""The `policybot` command: one subcommand per job, errors as one line on stderr and a non-zero exit.

Each subcommand module registers its parsers; `main` builds the one `App`
the handler works with. Handlers import what only they need inside
themselves, so `policybot ask` never loads a chat platform's library.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.app import App
from bot.cli import ask, corpus, feedback, reminders, report, run
from bot.settings import Settings
from corpus.errors import PolicybotError

Handler = Callable[[argparse.Namespace, App], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policybot", description="长治市减污降碳协同增效实施方案 问答与督办助手")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (corpus, ask, reminders, report, feedback, run):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        settings = Settings()
        if getattr(args, "encoder", None):
            settings = settings.model_copy(update={"encoder": args.encoder})
        return handler(args, App(settings))
    except PolicybotError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:  # an unreachable server, a missing database, a URL SQLAlchemy cannot read
        first = (str(exc).strip().splitlines() or [""])[0]
        print(f"policybot: the database (POLICYBOT_DATABASE_URL) cannot be used: {type(exc).__name__}: {first}",
              file=sys.stderr)
        return 1
    except BrokenPipeError:  # `policybot ask … | head -1`: the reader left; nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 — closes with the process; stops the flush at exit failing
        return 0
    except KeyboardInterrupt:
        return 130
