"""What a document says about itself at its head: its title, its issuer and its document number (文号).

The document number identifies an official document across revisions and
file names, so an upload carrying the number of a document already in the
corpus is a new version of it. Only the head is read: the body cites other
documents' numbers (（晋环发〔2023〕1号）) that are not this one's.
"""

from __future__ import annotations

import re

from corpus.numerals import CHARS
from corpus.text import clean_inline

HEAD_LINES = 15
_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,15}\s*[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d{1,4}\s*号$")
_NOTICE = re.compile(r"关于(?:印发|转发|下发)《(.{2,60}?)》的\s*通\s*知")
_NUMBERED = re.compile(rf"^(?:[{CHARS}]+[、.．]|[（(][{CHARS}\d]+[)）]|第[{CHARS}]+[章条])")
_MAX_TITLE = 60


def _head(text: str) -> list[str]:
    lines = [clean_inline(raw) for raw in text.splitlines()]
    return [line for line in lines if line][:HEAD_LINES]


def document_number(text: str) -> str:
    """The 文号 printed on a line of its own at the head, or "" when there is none."""
    found = next((line for line in _head(text) if _NUMBER.match(line)), "")
    return re.sub(r"\s+", "", found)


def document_issuer(text: str) -> str:
    """The issuing body, from the red-letter header 《…文件》 at the head, or "" when there is none."""
    found = next((line for line in _head(text) if line.endswith("文件") and 4 < len(line) <= _MAX_TITLE), "")
    return found.removesuffix("文件")


def document_title(text: str) -> str:
    """The title: what a notice 关于印发《…》 names, else the first short line that is no header or heading."""
    head = _head(text)
    for line in head:
        if m := _NOTICE.search(re.sub(r"\s+", "", line)):
            return m.group(1)
    for line in head:
        if (len(line) <= _MAX_TITLE and not _NUMBER.match(line) and not line.endswith("文件")
                and not _NUMBERED.match(line) and not line.endswith(("。", "：", ":"))):
            return line
    return ""
