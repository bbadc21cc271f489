"""Files the tests make for themselves: Word documents with automatic numbering and annex tables, Chinese PDFs.

The PDFs use reportlab's built-in Chinese CID font (STSong-Light), so the
text layer is real Chinese text without a font file on the machine.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

ANNEX_HEADER = ["序号", "重点工程", "完成时限", "牵头单位", "配合单位"]


def _numbering(document, abstract_id: int, num_id: int, text: str, fmt: str) -> int:
    """Register a one-level automatic numbering (e.g. 第%1条, chineseCounting) and return its numId."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


def _numbered(paragraph, num_id: int) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def county_docx(articles: list[tuple[str, str, str]], projects: list[tuple[str, str, str, str]],
                title: str = "某县大气污染防治实施方案", number: str = "某环发〔2024〕3号") -> bytes:
    """A county plan in Word: 第一章 parts as headings, 第N条 articles by automatic numbering, an annex table.

    articles: (title, body, clause); projects: (task, deadline, lead, co-units).
    """
    document = Document()
    document.add_paragraph(title, style="Title")
    document.add_paragraph(number)
    document.add_paragraph("为改善空气质量，协同推进减污降碳，制定本方案。")
    chapters = _numbering(document, 90, 90, "第%1章", "chineseCounting")
    rules = _numbering(document, 91, 91, "第%1条", "chineseCounting")
    chapter = document.add_paragraph("重点任务", style="Heading 1")
    _numbered(chapter, chapters)
    for art_title, body, clause in articles:
        paragraph = document.add_paragraph(f"{art_title}。{body}（{clause}）")
        _numbered(paragraph, rules)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("附表：重点工程清单")
    table = document.add_table(rows=1, cols=len(ANNEX_HEADER))
    for cell, text in zip(table.rows[0].cells, ANNEX_HEADER, strict=True):
        cell.text = text
    for number_, (task, deadline, lead, co) in enumerate(projects, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = str(number_), task, deadline, lead
        cells[4].text = ""
        for i, unit in enumerate(co.split("、")):  # one unit per paragraph, as people type them in a cell
            (cells[4].paragraphs[0] if i == 0 else cells[4].add_paragraph()).text = unit
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def headings_docx(sections: list[tuple[str, str]], title: str = "关于做好冬季清洁取暖工作的通知") -> bytes:
    """A notice without numbered articles: only Heading-styled section titles and their paragraphs."""
    document = Document()
    document.add_paragraph(title, style="Title")
    for heading, body in sections:
        document.add_paragraph(heading, style="Heading 2")
        document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def chinese_pdf(lines: list[str], wrap: int = 38) -> bytes:
    """A PDF with a Chinese text layer; long lines wrap as a word processor would."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    y = 800
    page = 1
    for line in lines:
        for start in range(0, max(len(line), 1), wrap):
            if y < 60:
                pdf.setFont("STSong-Light", 9)
                pdf.drawString(290, 30, f"— {page} —")
                pdf.showPage()
                page, y = page + 1, 800
            pdf.setFont("STSong-Light", 11)
            pdf.drawString(50, y, line[start:start + wrap])
            y -= 18
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF with pages but no text: what a scanner produces (drawn shapes stand in for the image)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for _ in range(2):
        pdf.rect(50, 50, 400, 700, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


COUNTY_ARTICLES = [
    ("推进农村户用沼气改造", "完成农村户用沼气池改造三千口，沼渣沼液全部还田利用。",
     "县农业农村局牵头，县能源局、县财政局参与"),
    ("加强秸秆综合利用", "秸秆综合利用率稳定在百分之九十以上。", "县农业农村局负责"),
]
COUNTY_PROJECTS = [
    ("农村户用沼气池改造工程。", "2027年6月底", "县农业农村局", "县能源局、县财政局"),
    ("秸秆打捆离田工程。", "持续推进", "县农业农村局", "县财政局"),
]


def county_v1() -> bytes:
    """A county's agricultural plan as its office would send it: Word, numbered articles, an annex table."""
    return county_docx(COUNTY_ARTICLES, COUNTY_PROJECTS, title="某县农业农村减污降碳实施方案",
                       number="某农发〔2024〕7号")


def county_v2() -> bytes:
    """The same document revised: a new article, project 1 due half a year later, project 3 added."""
    articles = [*COUNTY_ARTICLES, ("推广测土配方施肥", "化肥使用量保持负增长。", "县农业农村局负责")]
    projects = [(COUNTY_PROJECTS[0][0], "2027年12月底", *COUNTY_PROJECTS[0][2:]), COUNTY_PROJECTS[1],
                ("化肥减量增效示范工程。", "2026年底", "县农业农村局", "县财政局")]
    return county_docx(articles, projects, title="某县农业农村减污降碳实施方案", number="某农发〔2024〕7号")
