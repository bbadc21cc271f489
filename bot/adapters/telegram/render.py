"""Telegram's rendering: `parse_mode=HTML`, at most 4096 characters a message.

Telegram counts a message in UTF-16 code units of its text after parsing;
the HTML as sent is never shorter, so counting that is a safe upper bound.
"""

from __future__ import annotations

import html

from bot.chat.render import SOURCES_HEADING, Unit, render_units, reply_lines, source_label, utf16_units
from bot.chat.reply import Reply

TELEGRAM_CHARS = 4096


def _escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def telegram_html(reply: Reply, limit: int = TELEGRAM_CHARS) -> list[str]:
    """Messages for `parse_mode=HTML`: heading and sources' labels bold, everything else escaped."""
    units: list[Unit] = [("<b>", reply.title, "</b>")] if reply.title else []
    units += [("", line, "") for line in reply_lines(reply)]
    if reply.sources:
        units.append(("<b>", SOURCES_HEADING, "</b>"))
        units += [(f"<b>{_escape_html(source_label(i, s))}</b>「", s.quote, "」")
                  for i, s in enumerate(reply.sources, 1)]
    return render_units(units, _escape_html, limit, utf16_units)
