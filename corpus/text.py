"""Text clean-up for OCR'd and converted government documents.

Documents arrive as Markdown from OCR, as Word or PDF text: bold markers,
LaTeX for chemical formulae, stray spaces between Chinese characters and
digits, and sentences cut in two by page breaks. Everything downstream
(quotes, search, numbers) wants one clean form.
"""

from __future__ import annotations

import re

_LATEX = re.compile(r"\$\s*([^$]{1,40}?)\s*\$")
_SUB_SUP = re.compile(r"[_^]\{([^}]*)\}|[_^](\w)")
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…·"
_SPACE_NEAR_WIDE = re.compile(rf"(?<=[{_WIDE}])\s+|\s+(?=[{_WIDE}])")
_MARKUP = re.compile(r"^\s*#{1,6}\s*|\*\*|__")
TERMINAL = tuple("。！？；：）)」』”\"…!?;:")
_STOPS, _AFTER_STOP = "。！？；!?", "”’」』"
OPENING, CLOSING = "（(〔【[", "）)〕】]"  # the brackets plans use, full and half width
_NUMBERING = 5  # a bracket this short that opens a sentence numbers it: （一）, （12）
_SENTENCE = re.compile(r"[^。！？；!?]*[。！？；!?]+[”’」』）)]*|[^。！？；!?]+$")
# A page's number on a line of its own: 12, - 3 -, — 4 —, 第5页, 3/12, 第3页共12页.
_PAGE_NUMBER = re.compile(r"^[-—－–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—－–\s]*$")


def _latex_to_plain(match: re.Match[str]) -> str:
    return _SUB_SUP.sub(lambda m: m.group(1) or m.group(2), match.group(1)).replace("\\", "")


def clean_inline(line: str) -> str:
    """One line of source text in its clean form: no markup, PM2.5 not $PM_{2.5}$."""
    line = _MARKUP.sub("", line)
    line = _LATEX.sub(_latex_to_plain, line)
    line = re.sub(r"[ \t\u00a0\u3000]+", " ", line)
    return _SPACE_NEAR_WIDE.sub("", line).strip()


def page_number(line: str, bare: bool) -> bool:
    """Whether a line is only a page's number, as text copied from a PDF carries between the halves of a sentence.
    A number alone (`bare`) counts only in a PDF page's own text: in typed text it may be a table's cell."""
    return _PAGE_NUMBER.match(line) is not None and (bare or not line.strip().isdigit())


def ends_sentence(text: str) -> bool:
    """Whether a block ends where a sentence may end (else a page break cut it)."""
    return text.rstrip().endswith(TERMINAL)


def _bracketed_split(line: str) -> list[str] | None:
    """Sentences of a line where a full stop inside brackets ends none: 〔A牵头。以下…不再列出。〕 is one
    clause, and a sentence of its own when it opens one (a numbering such as （1） is not). None when the
    brackets do not balance (an OCR slip), so one stray （ cannot swallow a line."""
    out, start, depth, i, opened = [], 0, 0, 0, -1
    alone = False
    while i < len(line):
        ch = line[i]
        if ch in OPENING:
            if not depth:
                alone, opened = not line[start:i].strip(), i
            depth += 1
        elif ch in CLOSING:
            depth -= 1
        if (ch in _STOPS and depth == 0) or (ch in CLOSING and depth == 0 and alone and i - opened > _NUMBERING):
            while i + 1 < len(line) and line[i + 1] in _STOPS:
                i += 1
            while i + 1 < len(line) and line[i + 1] in _AFTER_STOP:
                i += 1
            out.append(line[start:i + 1])
            start = i + 1
        if depth < 0:
            return None
        i += 1
    return None if depth else [*out, line[start:]]


def sentences(text: str) -> list[str]:
    """Split clean text into sentences, keeping the closing punctuation."""
    out: list[str] = []
    for line in text.split("\n"):
        parts = _bracketed_split(line) or _SENTENCE.findall(line)
        out.extend(s.strip() for s in parts if s.strip())
    return out
