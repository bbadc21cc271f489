"""`policybot report`: the 督办台账 written to a file, from the state the reminders use.

The rows come from `reminders.ledger` and the file from `bot.ledger`; both
are imported by the handler, so `policybot ask` never loads openpyxl. The
format is `--format`, else the `--output` file's suffix, else xlsx; the file
is written whole (a temporary file renamed into place), so a reader never
sees half a workbook, and the path written is printed; `--output -` writes
to standard output instead (Markdown or CSV into a mail or a pipe).
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.args import CommandError, parse_now
from bot.ledger import FORMATS
from reminders.workdays import local_date

if TYPE_CHECKING:
    from bot.app import App

def _format(args: argparse.Namespace) -> str:
    """`--format`, else the `--output` file's suffix; a suffix that is no format is refused rather than given
    xlsx bytes under another name (report.pdf)."""
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output and args.output != "-" else ""
    if suffix and suffix not in FORMATS:
        raise CommandError(f"--output {args.output}: .{suffix} is not a format the report is written in "
                           f"({', '.join('.' + f for f in FORMATS)}); name one, or give --format")
    return suffix or "xlsx"


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, or a CommandError saying why not.

    Only a new name or a regular file the owner may write is replaced: not a
    symbolic link (the link would be replaced, not what it points to), a FIFO,
    a device (as root, /dev/null would become a file for every process) or a
    folder, nor a write-protected file.
    """
    try:
        found = path.lstat()
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    if found is not None:
        if stat.S_ISLNK(found.st_mode):
            raise CommandError(f"will not write {path}: it is a symbolic link; name the file itself")
        if not stat.S_ISREG(found.st_mode):
            raise CommandError(f"will not write {path}: it is not a regular file")
        if not found.st_mode & stat.S_IWUSR:
            raise CommandError(f"will not replace {path}: it is write-protected")
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


def cmd_report(args: argparse.Namespace, app: App) -> int:
    from bot import ledger as files
    from reminders import ledger, service

    now = parse_now(args.now)
    fmt = _format(args)
    day = local_date(now)
    live = [d.doc_id for d in app.documents if d.key_projects]
    if not live:
        raise CommandError("the live corpus holds no key projects: nothing to report")
    if args.doc and args.doc not in {d.doc_id for d in app.documents}:
        raise CommandError(f"unknown document {args.doc} (live: {', '.join(d.doc_id for d in app.documents)})")
    try:
        unit = service.resolve_unit(app.registry, args.unit) if args.unit else ""
    except service.ReminderError as exc:
        raise CommandError(str(exc)) from None
    with app.session() as session:
        rows = ledger.ledger(session, now, args.doc, [unit] if unit else None)
    if not rows:
        scope = " and ".join(filter(None, [args.doc and f"document {args.doc}", unit]))
        raise CommandError(f"no key project for {scope}")
    data = files.render(rows, fmt, day, unit)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        return 0
    path = Path(args.output) if args.output else Path(files.filename(fmt, day, unit))
    write_whole(path, data)
    print(path)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="the 督办台账: every key project's standing, as xlsx, docx, md or csv")
    report.add_argument("--format", choices=FORMATS, help="default: the --output suffix, else xlsx")
    report.add_argument("--output", metavar="FILE",
                        help="default: 督办台账-YYYY-MM-DD.FORMAT in this folder; - for standard output")
    report.add_argument("--now", metavar="ISO-TIME", help="the day the days are counted on (default: now)")
    report.add_argument("--doc", metavar="DOC_ID", help="one document's key projects")
    report.add_argument("--unit", metavar="UNIT", help="the projects a unit answers for, e.g. 市生态环境局 or 潞州区")
    report.set_defaults(handler=cmd_report)
