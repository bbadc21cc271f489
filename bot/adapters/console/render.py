"""The console's rendering: the whole reply as plain text, no size limit (a terminal scrolls)."""

from __future__ import annotations

from bot.chat.render import SOURCES_HEADING, reply_lines, source_label
from bot.chat.reply import Reply


def plain(reply: Reply) -> str:
    """The whole reply as plain text: the console prints it as is."""
    parts = [reply.title] if reply.title else []
    parts += reply_lines(reply)
    if reply.sources:
        parts.append(SOURCES_HEADING)
        parts += [f"{source_label(i, s)}「{s.quote}」" for i, s in enumerate(reply.sources, 1)]
    return "\n".join(parts)
