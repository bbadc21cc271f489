"""`policybot feedback list`: what the officials asked that the bot declined or answered wrong, most frequent first.

`--since` takes a date or an ISO time (office time); without it, everything
recorded. `--json` prints one object per question, for a site's own tools.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from bot.cli.args import parse_now

if TYPE_CHECKING:
    from bot.app import App


def cmd_list(args: argparse.Namespace, app: App) -> int:
    from reminders.feedback import misses

    since = parse_now(args.since) if args.since else None
    with app.session() as session:
        found = misses(session, since)
    for miss in found:
        if args.json:
            print(json.dumps({"question": miss.question, "count": miss.count, "kinds": list(miss.kinds),
                              "last_at": miss.last_at.isoformat(), "answer": miss.answer,
                              "citations": list(miss.citations), "notes": list(miss.notes)}, ensure_ascii=False))
        else:
            print(f"{miss.count:>4}  {'/'.join(miss.kinds):<15} {miss.question}")
    if not found and not args.json:
        print("没有被拒答或被标记“不对”的问题。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("feedback", help="declined questions and answers marked wrong")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="most frequent first")
    listing.add_argument("--since", metavar="DATE", help="a date or ISO time (office time)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
