"""A Word document as the plain text the parser reads: headings, numbering, tables.

Government plans in Word number their parts and articles with automatic
numbering as often as by hand, and print their annex of key projects as a
table. python-docx gives the paragraphs and tables in body order but not the
numbers Word would print, so those are rendered here from the numbering part;
headings become Markdown `#` lines and table rows tab-separated lines, the
forms `corpus.parse` and `corpus.annex` already read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from corpus.numerals import to_numeral
from corpus.text import ends_sentence

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _format_number(value: int, fmt: str) -> str:
    """A counter as Word prints it in the given w:numFmt."""
    if fmt == "chineseLegalSimplified":
        return "".join(_LEGAL[int(d)] for d in str(value))
    if fmt.startswith(("chinese", "ideographDigital", "japaneseCounting")):
        return to_numeral(value)
    if fmt == "ideographTraditional":
        return _TRADITIONAL[(value - 1) % 10]
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out, value = out + letters, value - number
    return out


@dataclass
class _Level:
    start: int
    fmt: str
    text: str


@dataclass
class _Numbering:
    """Word's list definitions and the running counters of each list instance."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:  # type: ignore[no-untyped-def]
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                start = lvl.find(qn("w:start"))
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                levels[int(lvl.get(qn("w:ilvl")))] = _Level(
                    int(start.get(qn("w:val"))) if start is not None else 1,
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "")
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                numbering.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The number Word prints before the next paragraph of this list at this level."""
        levels = self.levels.get(num_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            spec = levels.get(level)
            return _format_number(counters.get(level, spec.start if spec else 1), spec.fmt if spec else "decimal")

        return re.sub(r"%(\d)", value, levels[ilvl].text)


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """(numId, level) of a numbered paragraph, set on it or inherited from its style."""
    for holder in (paragraph._p.pPr, paragraph.style.element.pPr if paragraph.style is not None else None):
        num_pr = holder.numPr if holder is not None else None
        if num_pr is not None and num_pr.numId is not None and num_pr.numId.val != 0:
            return str(num_pr.numId.val), num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return None


def _heading_depth(paragraph: Paragraph) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "").strip()
    if name.lower() in _TITLE_STYLES:
        return 1
    m = _HEADING_STYLE.match(name)
    return int(m.group(1)) if m else 0


def _paragraph_line(paragraph: Paragraph, numbering: _Numbering) -> str:
    text = paragraph.text.replace("\t", " ").strip()
    if not text:
        return ""
    num = _num_pr(paragraph)
    if num:
        text = numbering.label(*num) + text
    depth = _heading_depth(paragraph)
    return f"{'#' * depth} {text}" if depth else text


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs on one line: separate sentences joined, a list of units kept apart by ；."""
    out = ""
    for para in cell.paragraphs:
        text = para.text.replace("\t", " ").strip()
        if text:
            out += text if not out or ends_sentence(out) else "；" + text
    return out


def _table_lines(table: Table) -> list[str]:
    """One tab-separated line per row; a row that is one merged cell (a caption) stays prose."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous:  # a horizontally merged cell is listed once per grid column
                cells.append(_cell_text(cell))
            previous = cell._tc
        filled = [c for c in cells if c]
        if len(filled) > 1:
            lines.append("\t".join(cells))
        elif filled:
            lines.append(filled[0])
    return lines


def docx_text(data: bytes) -> str:
    """The text of a .docx in body order, tables included."""
    document = open_docx(io.BytesIO(data))
    numbering = _Numbering.of(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += _table_lines(block)
        elif line := _paragraph_line(block, numbering):
            lines.append(line)
    return "\n".join(lines)
