"""Rendering a `Reply` for each platform, split into messages that fit the platform's limit.

Limits: Telegram 4096 characters a message (counted here in UTF-16 code
units of the HTML as sent, which is never less than what Telegram counts);
WeCom text 2048 bytes and markdown 4096 bytes of UTF-8. A long reply is cut
between lines first, then after a sentence, then after a clause, and only then
between characters — never inside one (a base character keeps its combining
marks, and emoji sequences stay whole). Markup is applied to each piece
separately, so every message is well-formed on its own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

from bot.reply import Reply, Source

TELEGRAM_CHARS = 4096
WECOM_TEXT_BYTES = 2048
WECOM_MARKDOWN_BYTES = 4096
SOURCES_HEADING = "出处："

Measure = Callable[[str], int]

_SENTENCE = re.compile(r"\n+|[。！？!?；;…]+[」』”’）)\]\"']*[ \t]*|\.[ \t]+")
_CLAUSE = re.compile(r"[，、,：:]+[ \t]*|[ \t]+")


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def _joins_previous(ch: str, previous: str) -> bool:
    """Whether `ch` belongs to the same user-perceived character as what precedes it."""
    code = ord(ch)
    return bool(
        unicodedata.combining(ch)
        or ch == "\u200d" or previous.endswith("\u200d")
        or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # emoji tag sequences
        or (0x1F1E6 <= code <= 0x1F1FF and len(previous) == 1 and 0x1F1E6 <= ord(previous) <= 0x1F1FF)
    )


def _characters(text: str) -> list[str]:
    out: list[str] = []
    for ch in text:
        if out and _joins_previous(ch, out[-1]):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _cut_after(text: str, pattern: re.Pattern[str]) -> list[str]:
    """`text` cut after every match of `pattern`, the delimiter staying with what precedes it."""
    out, start = [], 0
    for match in pattern.finditer(text):
        if match.end() > start:
            out.append(text[start:match.end()])
            start = match.end()
    if start < len(text):
        out.append(text[start:])
    return out


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """`text` as pieces of at most `limit` by `measure`, cut at the best boundary available.

    `measure` must add up over concatenation (length, bytes, escaped length).
    """
    if measure(text) <= limit:
        return [text] if text.strip() else []
    for cut in (lambda t: _cut_after(t, _SENTENCE), lambda t: _cut_after(t, _CLAUSE), _characters):
        pieces = cut(text)
        if len(pieces) > 1:
            break
    atomic = cut is _characters  # one character is never cut, whatever it measures
    out: list[str] = []
    current, size = "", 0
    for piece in pieces:
        cost = measure(piece)
        if size + cost <= limit:
            current, size = current + piece, size + cost
            continue
        if current.strip():
            out.append(current)
        if cost <= limit or atomic:
            current, size = piece, cost
        else:
            *whole, current = split_text(piece, limit, measure) or [""]
            out += whole
            size = measure(current)
    if current.strip():
        out.append(current)
    return [p.strip("\n") for p in out]


def _pack(blocks: list[str], limit: int, measure: Measure) -> list[str]:
    """Rendered blocks joined by newlines into as few messages as fit; a blank line never opens one."""
    messages: list[str] = []
    for block in blocks:
        if messages and measure(messages[-1]) + 1 + measure(block) <= limit:
            messages[-1] += "\n" + block
        elif block.strip():
            messages.append(block)
    return messages


Unit = tuple[str, str, str]  # markup before, text to escape (and cut), markup after


def _render(units: list[Unit], escape: Callable[[str], str], limit: int, measure: Measure) -> list[str]:
    blocks = []
    for before, text, after in units:
        room = limit - measure(before) - measure(after)
        parts = split_text(text, room, lambda s: measure(escape(s))) or [""]  # a blank line stays a blank line
        blocks += [before + escape(part) + after for part in parts]
    return _pack(blocks, limit, measure)


def _source_label(index: int, source: Source) -> str:
    return f"{index}. 《{source.doc_title}》{source.section_label}："


def _lines(reply: Reply) -> list[str]:
    return reply.text.split("\n") if reply.text else []


def plain(reply: Reply) -> str:
    """The whole reply as plain text: the console prints it as is."""
    parts = [reply.title] if reply.title else []
    parts += _lines(reply)
    if reply.sources:
        parts.append(SOURCES_HEADING)
        parts += [f"{_source_label(i, s)}「{s.quote}」" for i, s in enumerate(reply.sources, 1)]
    return "\n".join(parts)


def _escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def telegram_html(reply: Reply, limit: int = TELEGRAM_CHARS) -> list[str]:
    """Messages for `parse_mode=HTML`: heading and sources' labels bold, everything else escaped."""
    units: list[Unit] = [("<b>", reply.title, "</b>")] if reply.title else []
    units += [("", line, "") for line in _lines(reply)]
    if reply.sources:
        units.append(("<b>", SOURCES_HEADING, "</b>"))
        units += [(f"<b>{_escape_html(_source_label(i, s))}</b>「", s.quote, "」")
                  for i, s in enumerate(reply.sources, 1)]
    return _render(units, _escape_html, limit, utf16_units)


def _one_line(text: str) -> str:
    return text.replace("\n", " ")


def wecom_text(reply: Reply, limit: int = WECOM_TEXT_BYTES) -> list[str]:
    """Messages for a WeCom `text` message (no markup), each at most 2048 bytes."""
    units: list[Unit] = [("", reply.title, "")] if reply.title else []
    units += [("", line, "") for line in _lines(reply)]
    if reply.sources:
        units.append(("", SOURCES_HEADING, ""))
        units += [(_source_label(i, s) + "「", _one_line(s.quote), "」") for i, s in enumerate(reply.sources, 1)]
    return _render(units, str, limit, utf8_bytes)


def wecom_markdown(reply: Reply, limit: int = WECOM_MARKDOWN_BYTES) -> list[str]:
    """Messages for a WeCom `markdown` message: bold heading, sources as quotes, each at most 4096 bytes."""
    units: list[Unit] = [("**", _one_line(reply.title), "**")] if reply.title else []
    units += [("", line, "") for line in _lines(reply)]
    if reply.sources:
        units.append(("**", SOURCES_HEADING, "**"))
        units += [(f"> {_source_label(i, s)}「", _one_line(s.quote), "」") for i, s in enumerate(reply.sources, 1)]
    return _render(units, str, limit, utf8_bytes)
