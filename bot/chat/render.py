"""The platform-free part of rendering a `Reply`: splitting into messages that fit a platform's limit.

Each adapter's `render.py` says how its platform counts (Telegram: UTF-16
code units of the HTML as sent; WeCom: UTF-8 bytes) and marks up the pieces;
the cutting is done here once for all of them. A long reply is cut
between lines first, then after a sentence, then after a clause, and only then
between characters — never inside one (a base character keeps its combining
marks, and emoji sequences stay whole). Markup is applied to each piece
separately, so every message is well-formed on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bot.chat.reply import Reply, Source

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


def render_units(units: list[Unit], escape: Callable[[str], str], limit: int, measure: Measure) -> list[str]:
    blocks = []
    for before, text, after in units:
        room = limit - measure(before) - measure(after)
        parts = split_text(text, room, lambda s: measure(escape(s))) or [""]  # a blank line stays a blank line
        blocks += [before + escape(part) + after for part in parts]
    return _pack(blocks, limit, measure)


def source_label(index: int, source: Source) -> str:
    return f"{index}. 《{source.doc_title}》{source.section_label}："


def reply_lines(reply: Reply) -> list[str]:
    return reply.text.split("\n") if reply.text else []
