"""WeCom's rendering: `text` (2048 bytes of UTF-8) and `markdown` (4096 bytes) messages."""

from __future__ import annotations

from bot.adapters.wecom.api import MARKDOWN_LIMIT, TEXT_LIMIT
from bot.chat.render import SOURCES_HEADING, Unit, render_units, reply_lines, source_label, utf8_bytes
from bot.chat.reply import Reply


def _one_line(text: str) -> str:
    return text.replace("\n", " ")


def wecom_text(reply: Reply, limit: int = TEXT_LIMIT) -> list[str]:
    """Messages for a WeCom `text` message (no markup), each at most 2048 bytes."""
    units: list[Unit] = [("", reply.title, "")] if reply.title else []
    units += [("", line, "") for line in reply_lines(reply)]
    if reply.sources:
        units.append(("", SOURCES_HEADING, ""))
        units += [(source_label(i, s) + "「", _one_line(s.quote), "」") for i, s in enumerate(reply.sources, 1)]
    return render_units(units, str, limit, utf8_bytes)


def wecom_markdown(reply: Reply, limit: int = MARKDOWN_LIMIT) -> list[str]:
    """Messages for a WeCom `markdown` message: bold heading, sources as quotes, each at most 4096 bytes."""
    units: list[Unit] = [("**", _one_line(reply.title), "**")] if reply.title else []
    units += [("", line, "") for line in reply_lines(reply)]
    if reply.sources:
        units.append(("**", SOURCES_HEADING, "**"))
        units += [(f"> {source_label(i, s)}「", _one_line(s.quote), "」") for i, s in enumerate(reply.sources, 1)]
    return render_units(units, str, limit, utf8_bytes)
