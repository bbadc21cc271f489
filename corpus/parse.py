"""From a document's text to its structure: preamble, parts, articles, their items, annex.

The conventions are those of Chinese government plans, whatever the markup:
parts numbered 一、 (or 第一章), articles （一） (or 第一条) numbered across the
plan, items inside an article numbered 1. / 1、, （1）, ① at any depth,
responsibility clauses wherever they stand, and an annex table of key
projects. Headings may carry Markdown #, bold, ASCII or full-width brackets.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus.annex import (
    Header,
    Row,
    continued,
    dashed_row,
    header_columns,
    inferred_header,
    names_contact,
    names_deadline,
    read_row,
    reports_progress,
    spaced_row,
    split_row,
)
from corpus.clauses import LABEL_LINE, covered, label_start
from corpus.deadlines import parse_deadline
from corpus.errors import CorpusError
from corpus.identity import HEAD_MARK, foot_line, note_step, run_on_title, signed_date
from corpus.model import Clause, Document, KeyProject, Section, row_label
from corpus.numerals import CHARS, parse_numeral
from corpus.targets import extract_targets
from corpus.text import clean_inline, ends_sentence, page_number
from corpus.units import UnitRegistry

_PART = re.compile(rf"^(?:([{CHARS}]{{1,3}})\s*[、.．]|第([{CHARS}]{{1,3}})\s*(?:章|部分|篇))\s*(.*)$")
_ARTICLE = re.compile(rf"^(?:[（(]\s*([{CHARS}]{{1,4}})\s*[)）]|第([{CHARS}]{{1,4}})\s*条)\s*(.*)$")
_ANNEX = re.compile(r"^附\s*[表件]\s*\d*\s*(?:[:：].*)?$")
_ANNEX_NAMED = re.compile(r"^附\s*[表件]\s*\d*\s*[:：]\s*\S")  # 附件：石埠县…行动方案, the notice naming it
_MAX_TITLE = 40
_JOIN_LIMIT = 1000  # a sentence a page break cut is never this long: lines without any sentence end stay lines
_ANNEX_TITLE_LINES = 1  # the annex's own title (重点工程清单) is no table line
_HEAD_LINE = 80  # a head line that quotes the issuer, number and date together is no longer than this
# Item markers; the kind an article uses first is its outer level, and an item's parent is the nearest open
# item of an outer kind.
_ITEMS = (re.compile(r"^(\d{1,2})\s*[.、．](?!\d)\s*"), re.compile(r"^(?:[（(]\s*)?(\d{1,2})\s*[)）]\s*"),
          re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*"))
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass
class _Article:
    printed: int
    numbering: str
    title: str
    part: str
    part_numbering: str
    body: list[str] = field(default_factory=list)
    whole_part: bool = False  # a part (二、重点任务) held open until an article of it comes: its items are its own


@dataclass
class _Heading:
    title: str
    body: list[str] = field(default_factory=list)


def _heading(pattern: re.Pattern[str], line: str) -> tuple[int, str, str, str] | None:
    """(number, printed numbering, title, inline body) when a clean line opens a numbered heading."""
    m = pattern.match(line)
    if not m:
        return None
    number = parse_numeral(m.group(1) or m.group(2))
    rest = m.group(3).strip()
    if not number or not rest:
        return None
    numbering = line[:m.start(3)].strip().replace("(", "（").replace(")", "）")
    if "。" in rest[:_MAX_TITLE + 1]:
        title, body = rest.split("。", 1)
        return number, numbering, title, body.strip()
    if len(rest) <= _MAX_TITLE and not ends_sentence(rest):
        return number, numbering, rest, ""
    if m.groups()[1]:  # 第一条 opens an article whether it is titled or not (第一条 到2025年，…达到95%。)
        return number, numbering, "", rest
    return None


# A field of a ledger's item on a line of its own (完成时限：…, 进展情况：…): never the rest of the line before it.
_FIELD = re.compile(r"^([\u4e00-\u9fff]{2,6})\s*[:：]\s*\S")


_YEAR_COLUMN = re.compile(r"^((?:19|20)\d\d)\s*年?(?:度|底|末)?(?:目标值?|计划|预期)?$")
_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]{1,8})[）)]$")


def _year_columns(cells: list[str]) -> dict[int, str]:
    """The columns of a table's header that are years (指标 | 2024年 | 2025年 | 2026年), by position, when two or
    more are; {} otherwise."""
    years = {i: m.group(1) for i, cell in enumerate(cells) if (m := _YEAR_COLUMN.match(clean_inline(cell)))}
    return years if len(years) >= 2 else {}


def _yearly_table(after: list[str], years: dict[int, str]) -> bool:
    """Whether the rows under a header with year columns are indicators by year, each with its unit (家庭养老床位
    （张） | 300 | 650, or figures written with theirs): a task table dating its rows by year columns (项目 | 责任单位
    | 2025年) or counts with no unit (县区 | 2025年目标: 1500) are read as rows."""
    rows = []
    for line in after:
        cells = split_row(line)
        if cells is None:
            break
        rows += [cells] if cells else []
    return bool(rows) and all(_yearly_line(cells, years) for cells in rows)


def _yearly_line(cells: list[str], years: dict[int, str]) -> str:
    """A row of a table of indicators by year as the sentence it stands for: 家庭养老床位（张） | 300 | 650 → 2024年，
    家庭养老床位达到300张，2025年达到650张。 The unit is the one the indicator's name gives in brackets. "" for a
    row naming no indicator or no figure."""
    cells = [clean_inline(c) for c in cells]
    if len(cells) - len(years) != 1:
        return ""  # an indicator and its years, no other column (a unit's, a deadline's)
    name = next((c for i, c in enumerate(cells) if i not in years), "")
    unit = m.group(1) if (m := _UNIT_IN_NAME.search(name)) else ""
    figures = [f"{year}年达到{value.group(1)}{value.group(2) or unit}" for i, year in years.items()
               if i < len(cells) and (value := re.fullmatch(r"(\d+(?:\.\d+)?)\s*(%|‰|[^\d\s]{1,6})?", cells[i]))
               and (value.group(2) or unit)]
    if not (name and figures):
        return ""
    first, *rest = figures
    year, reached = first.split("年", 1)
    return f"{year}年，{_UNIT_IN_NAME.sub('', name)}{reached}{''.join(f'，{f}' for f in rest)}。"


def _progress_field(text: str) -> str:
    """The line of a ledger's item that reports how far it has got (进展情况：已完成8座…), as printed; "" for none."""
    lines = text.split("\n")
    return next((line for line in lines if (field := _FIELD.match(line)) and reports_progress(field.group(1))), "")


_TASK_FIELD = re.compile(r"任务|内容|措施|事项")  # 任务内容：…, 工作任务：…, 具体措施：…: what an item requires


def _dated_items(sections: list[Section]) -> list[KeyProject]:
    """The items of a ledger written as fields (任务内容：…, 责任单位：…, 完成时限：2025年10月底前, 进展情况：…), each
    a key project numbered in order: two or more items dated by a field of their own, as a table's rows are by a
    column."""
    dated = []
    for section in sections:
        fields = [(m.group(1), line[m.end(1):].lstrip(" ：:")) for line in section.text.split("\n")
                  if (m := _FIELD.match(line))]
        due = next((value for label, value in fields if names_deadline(label)), None)
        if due is not None and section.kind in ("article", "item"):
            dated.append((section, due))
    if len(dated) < 2:
        return []
    out = []
    for number, (section, due) in enumerate(dated, 1):
        kind, day = parse_deadline(due)
        out.append(KeyProject(number, section.section_id, _item_task(section), due,
                              "external" if kind == "impossible" else kind, day, section.units,
                              "、".join(section.units), section.progress))
    return out


def _item_task(section: Section) -> str:
    """A ledger item's task as a row's: its title, and what its first line requires (任务内容：… or the line itself),
    unless that line is another field (责任单位：…)."""
    first = section.text.split("\n")[0]
    field = _FIELD.match(first)
    content = first[field.end(1):].lstrip(" ：:") if field and _TASK_FIELD.match(field.group(1)) else (
        "" if field else first)
    return "：".join(part for part in (section.title, content) if part)


def _apart_contact(text: str) -> tuple[str, str]:
    """A ledger item's text without its contact lines (责任人：县水利局总工程师 韩晓峰，电话：6235527), and those
    lines: a person stands in the answer to whom to call, never in one quoting the task."""
    lines = text.split("\n")
    contact = [line for line in lines if (field := _FIELD.match(line)) and names_contact(field.group(1))]
    return "\n".join(line for line in lines if line not in contact), "\n".join(contact)


def _append(body: list[str], line: str, joinable: bool) -> None:
    """Add a body line, rejoining a sentence that a page break cut in two; a 责任单位： label ends its
    paragraph, and a field line (进展情况：…) or a numbered item opens one."""
    apart = LABEL_LINE.match(line) or _FIELD.match(line) or any(p.match(line) for p in _ITEMS) or (
        body and label_start(body[-1]) is not None)
    if joinable and body and not ends_sentence(body[-1]) and not apart and len(body[-1]) < _JOIN_LIMIT:
        body[-1] += line
    else:
        body.append(line)


def parse_document(text: str, doc_id: str, title: str, *, registry: UnitRegistry,
                   bare_ids: bool = False, version: int = 1, admitted: bool = False, **meta: str) -> Document:
    """Parse a document's text into sections, units and key projects.

    Articles are the （一） or 第一条 headings; a plan without them takes its
    一、 parts as articles, one without either its Markdown headings, and one
    without any structure its paragraphs, each a section cited as 第N段.
    """
    prefix = "" if bare_ids else f"{doc_id}:"
    lines = _lines(text)
    has_articles = any(_heading(_ARTICLE, clean_inline(raw)) for raw in lines)
    article_pattern = _ARTICLE if has_articles else _PART
    preamble: list[str] = []
    articles: list[_Article] = []
    headings: list[_Heading] = []
    rows: list[tuple[list[str], bool]] = []  # table lines, each with whether it stands in the annex
    unread: list[str] = []  # the annex's lines that were not read as a table's
    headed = _headed_after(lines)
    part = part_numbering = ""
    in_annex = titled = copied = noted = False
    last_was_body = False
    spaced: Header | None = None  # the header of a table whose columns are runs of spaces, while in one
    dashed_table = False  # in a table written as lines joined by long dashes
    width = 0  # the cells of the last table header read: a row with fewer may go on in the next line
    yearly: dict[int, str] = {}  # the year of each column of a table of indicators by year, while in one
    for at, raw in enumerate(lines):
        cells = split_row(raw)
        dashed = dashed_row(raw) if cells is None else None
        # a numbered line with two long dashes in prose (实施"两个行动"——…——…) is no row: only a table's header,
        # a row whose header its cells imply, and the rows after them are
        dashed_table = dashed is not None and (dashed_table or bool(header_columns(dashed))
                                               or inferred_header(dashed, registry) is not None)
        cells = cells if cells is not None else dashed if dashed_table else None
        if cells is None and raw.strip():
            row = spaced_row(raw, spaced) if spaced else None
            cells = row or spaced_row(raw, None)
            spaced = spaced if row else header_columns(cells) if cells else None
            width = width if cells is not None else 0  # prose ends the table a wrapped row may go on in
        if cells is None or in_annex:
            yearly = {}
        elif yearly or ((years := _year_columns(cells)) and _yearly_table(lines[at + 1:], years)):
            # a table of indicators by year (指标 | 2024年 | 2025年): each row a sentence of its section's targets
            if not yearly:
                yearly = years  # its header
            elif cells and (line := _yearly_line(cells, yearly)):
                target = articles[-1].body if articles else headings[-1].body if headings else preamble
                _append(target, line, False)
            last_was_body = False
            continue
        if cells is not None:
            cells = [clean_inline(c) for c in cells]
            if header_columns(cells):
                width = len(cells)
            if rows and (whole := continued(rows[-1][0], cells, width)):
                rows[-1] = (whole, rows[-1][1])
            elif cells:
                rows.append((cells, in_annex))
            last_was_body = False
            continue
        line = clean_inline(raw)
        if in_annex and line:
            unread.append(line)  # an annex line no table took
        if not in_annex and _ANNEX.match(line):
            # 附件 over a table of key projects opens the annex; over parts and articles (a notice issuing its
            # plan as 附件) it heads the plan itself, the body to read, and only its own bare line goes. A notice's
            # 附件：名称 line over lines of its own names its attachment: the annex opens there only over a table.
            over_headings, over_table, over_text = headed[at]
            copied = noted = False  # an attachment after the 版记 is read as any is
            if not over_text:  # 附件：名称 right over the bare 附件 line that opens it: that line decides
                continue
            named_ = _ANNEX_NAMED.match(line) is not None  # not the caption over 附表 on its own line
            in_annex = over_table or not (over_headings or named_)
            if not in_annex and not named_:
                continue
        if not line or in_annex:
            continue
        if not (preamble or articles or headings or titled) and title in (line, run_on_title(line)):
            titled = True  # the title line heads the document; every chunk carries the title anyway
            line = line[len(title):].strip()  # a title run into the body leaves the body
            if not line:
                continue
        if line == meta.get("issuer") or signed_date(line):
            continue  # who issued it and when: the document's own facts (Document.issuer), not a task's
        if HEAD_MARK.match(line) and not (articles or headings):
            continue  # 特急, 机密★1年 over the head: how the notice is handled, not what it says
        in_note, noted = note_step(line, noted)  # a bracketed note under the signature, and its closing line
        if copied or in_note or foot_line(line):
            copied = copied or line.startswith(("抄送", "抄报", "分送"))  # the 版记 runs to an attachment or the end
            continue  # whom to call and whom it is copied to: the document's foot (Document.contact), no task
        if meta.get("number") and not articles and meta["number"] in line.replace(" ", "") and len(line) <= _HEAD_LINE:
            preamble.append(line)  # the number's line (the issuer and date may stand beside it): a line of its own,
            last_was_body = False  # never joined to the address under it
            continue
        if line == title and not articles:  # the title again under its notice: a heading, not the body's first words
            last_was_body = False
            continue
        is_markdown_heading = raw.lstrip().startswith("#")
        if has_articles and (p := _heading(_PART, line)) and not p[3]:
            part_numbering = p[1] if p[1].endswith("、") else p[1] + " "
            part = f"{part_numbering}{p[2]}"
            _close_part(articles, headings, preamble)
            articles.append(_Article(p[0], part_numbering, p[2], part, "", whole_part=True))
            last_was_body = False
            continue
        if a := _heading(article_pattern, line):
            _close_part(articles, headings, preamble, article_follows=True)
            articles.append(_Article(a[0], a[1], a[2], part, part_numbering, [a[3]] if a[3] else []))
            last_was_body = bool(a[3])
            continue
        if is_markdown_heading and not articles and (preamble or titled):
            headings.append(_Heading(line))
            last_was_body = False
            continue
        target = articles[-1].body if articles else headings[-1].body if headings else preamble
        _append(target, line, last_was_body and not is_markdown_heading)
        last_was_body = not is_markdown_heading

    _close_part(articles, headings, preamble)
    doc = Document(doc_id, title, version, **meta)
    if articles:
        preamble += [line for h in headings for line in (h.title, *h.body)]
        headings = []
    headings = [h for h in headings if h.body]
    if not articles and not headings:
        _add_paragraphs(doc, preamble, prefix)
        preamble = []
    if preamble:
        doc.sections.append(Section(f"{prefix}preamble", "preamble", None, title, "通知及前言",
                                    "\n".join(preamble)))
    _add_articles(doc, articles, prefix, registry)
    _add_headings(doc, headings, prefix)
    for section, project in _table_rows(rows, registry, prefix, doc.notes if admitted else None):
        doc.sections.append(section)
        if project:
            doc.key_projects.append(project)
    if not doc.key_projects:
        doc.key_projects = _dated_items(doc.sections)
    if len(unread) > _ANNEX_TITLE_LINES and not any(s.kind == "annex" for s in doc.sections):
        doc.notes.append(f"附件中有{len(unread)}行未能读成表格（首行「{unread[0][:30]}」），未列入重点工程：表格需有表头"
                         "（序号、任务、责任单位、完成时限），或每行写作「1、任务——责任单位——完成时限」")
    for section in doc.sections:
        section.targets = extract_targets(section.text)
    if not doc.sections or not (admitted or any(s.text.strip() for s in doc.sections)):  # headings answer nothing
        raise CorpusError("no body text found (only headings, or text only in tables that were not understood)")
    return doc


def _close_part(articles: list[_Article], headings: list[_Heading], preamble: list[str],
                article_follows: bool = False) -> None:
    """Settle the part held open at the end of `articles`: when an article of it follows, its lead-in lines go
    where they went before any part was held (the last article, heading or preamble) and the part is no section;
    otherwise a part with text of its own and no article (二、重点任务 with only 1. and （1） items, beside a 三、
    of （一） articles) is a section of its own, cited as that part — unless a part of its number is one already
    (a list restarting at 一、): then its text joins what stands before it, the last article or part."""
    if not articles or not articles[-1].whole_part:
        return
    held = articles[-1]
    repeated = any(a.whole_part and a.printed == held.printed for a in articles[:-1])
    if article_follows or not held.body or repeated:
        articles.pop()
        earlier = next((a for a in reversed(articles) if repeated or not a.whole_part), None)
        target = earlier.body if earlier else headings[-1].body if headings else preamble
        target += held.body


@dataclass
class _Item:
    """A numbered item of an article (1. / （1） / ①) with its paragraphs and sub-items."""

    rank: int
    number: int
    marker: str
    body: list[str]
    children: list[_Item] = field(default_factory=list)


def _split_items(body: list[str]) -> tuple[list[str], list[_Item]]:
    """An article's lead-in paragraphs and its items; a paragraph without a marker belongs to the item open."""
    lead_in: list[str] = []
    top: list[_Item] = []
    opened: list[_Item] = []
    kinds: list[int] = []  # marker kinds in the order the article first uses them: the first is the outer level
    for paragraph in body:
        found = next(((kind, m) for kind, p in enumerate(_ITEMS) if (m := p.match(paragraph))), None)
        if not found:
            (opened[-1].body if opened else lead_in).append(paragraph)
            continue
        kind, m = found
        if kind not in kinds:
            kinds.append(kind)
        rank = kinds.index(kind)
        while opened and opened[-1].rank >= rank:
            opened.pop()
        number = _CIRCLED.index(m.group(1)) + 1 if m.group(1) in _CIRCLED else int(m.group(1))
        item = _Item(rank, number, m.group(0).strip(), [paragraph[m.end():]])
        (opened[-1].children if opened else top).append(item)
        opened.append(item)
    return lead_in, top


def _item_title(text: str) -> str:
    """An item's title: its opening sentence when short (加快落后产能退出。…), else its first phrase."""
    head = re.split(r"[。；]", text, maxsplit=1)[0]
    return head if len(head) <= _MAX_TITLE else re.split(r"[，,]", head, maxsplit=1)[0][:_MAX_TITLE // 2]


def _item_sections(items: list[_Item], parent: Section) -> list[tuple[Section, Section]]:
    """Items as sections, depth first, each with its parent: ids extend the parent's, labels its path."""
    out: list[tuple[Section, Section]] = []
    printed = [i.number for i in items]
    use_printed = all(b > a for a, b in itertools.pairwise(printed))
    for ordinal, item in enumerate(items, start=1):
        number = item.number if use_printed else ordinal
        text = "\n".join(item.body)
        title = _item_title(text)
        section = Section(f"{parent.section_id}.{number}", "item", number, title,
                          f"{parent.label}{item.marker}{title}", text, parent.part)
        out.append((section, parent))
        out += _item_sections(item.children, section)
    return out


def _leads_first(leads: Iterable[str], units: Iterable[str]) -> tuple[list[str], list[str]]:
    """Leads without repeats, and every unit with the leads first."""
    ordered = list(dict.fromkeys(leads))
    return ordered, list(dict.fromkeys([*ordered, *units]))


def _assign(section: Section, clauses: list[Clause], bound: list[str]) -> None:
    """A section's units from the clauses that cover it, leads first, and the governments bound to it."""
    section.clauses = clauses
    section.leads, section.units = _leads_first((u for c in clauses for u in c.leads),
                                                (u for c in clauses for u in c.units))
    section.clause = "；".join(c.text for c in clauses)
    section.implementers = list(bound)
    section.counties_implement = bool(bound)


def _add_articles(doc: Document, articles: list[_Article], prefix: str, registry: UnitRegistry) -> None:
    """Articles and their items, with the clauses that cover each.

    A section's own clauses cover its text; an item without one is covered by
    its nearest ancestor's, else by the next clause of the article (a clause
    covers the text since the clause before it). An article whose clauses all
    stand in its items has their units together but no clause of its own.
    A 以下…均需…落实 binds its governments to its own section and all after.
    """
    printed = [a.printed for a in articles if not a.whole_part]
    use_printed = all(b > a for a, b in itertools.pairwise(printed))
    bound: list[str] = []
    ordinal = 0
    for art in articles:
        ordinal += not art.whole_part
        number = art.printed if use_printed or art.whole_part else ordinal
        lead_in, items = _split_items(art.body)
        article = Section(f"{prefix}{'part' if art.whole_part else 'art'}-{number}", "article", number, art.title,
                          f"{art.part_numbering}{art.numbering}{art.title}", "\n".join(lead_in), art.part)
        nodes = [(article, None), *_item_sections(items, article)]
        for section, _ in nodes:
            section.progress = _progress_field(section.text)
            section.text, section.contact = _apart_contact(section.text)
        own = {id(s): covered(s.text, registry) for s, _ in nodes}
        parents = {id(s): p for s, p in nodes}
        for i, (section, _) in enumerate(nodes):
            clauses = own[id(section)]
            ancestor = parents[id(section)]
            while not clauses and ancestor is not None and section is not article:
                clauses, ancestor = own[id(ancestor)], parents[id(ancestor)]
            if not clauses and section is not article:
                clauses = next((own[id(s)][:1] for s, _ in nodes[i + 1:] if own[id(s)]), [])
            section.inherited = bool(clauses) and not own[id(section)]
            for clause in own[id(section)]:
                if clause.from_here_on:
                    bound = clause.from_here_on
                    doc.notes.append(f"{section.section_id.removeprefix(prefix)}: {clause.text}")
            _assign(section, clauses, bound)
        if not article.clauses and items:
            children = [s for s, _ in nodes[1:]]
            article.leads, article.units = _leads_first((u for s in children for u in s.leads),
                                                        (u for s in children for u in s.units))
        doc.sections += [s for s, _ in nodes]


def _add_headings(doc: Document, headings: list[_Heading], prefix: str) -> None:
    for i, heading in enumerate(headings, start=1):
        doc.sections.append(Section(f"{prefix}sec-{i}", "heading", i, heading.title, heading.title,
                                    "\n".join(heading.body)))


def _add_paragraphs(doc: Document, paragraphs: list[str], prefix: str) -> None:
    """A document with neither articles nor headings is still searchable, one section per paragraph."""
    for i, text in enumerate(paragraphs, start=1):
        doc.sections.append(Section(f"{prefix}sec-{i}", "paragraph", i, text[:_MAX_TITLE], f"第{i}段", text))


_INLINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _headed_after(lines: list[str]) -> list[tuple[bool, bool, bool]]:
    """For each line, whether what follows it up to the next 附件 line holds a part or article heading (一、,
    （一）, 第一章), a table line, and any text. An attachment with headings and no table is a document's body
    (the plan a notice issues); one holding a table is an annex, its rows grouped under 一、能源领域 or not."""
    out, headed, tabled, texted = [(False, False, False)] * len(lines), False, False, False
    for at in range(len(lines) - 1, -1, -1):
        out[at] = (headed, tabled, texted)
        line = clean_inline(lines[at])
        if _ANNEX.match(line):
            headed = tabled = texted = False
            continue
        texted = texted or bool(line)
        headed = headed or bool(_heading(_PART, line) or _heading(_ARTICLE, line))
        tabled = tabled or split_row(lines[at]) is not None or spaced_row(lines[at], None) is not None or (
            (dashed := dashed_row(lines[at])) is not None and bool(header_columns(dashed)))
    return out


def _lines(text: str) -> list[str]:
    """The text's lines: only a newline ends one. A form feed or vertical tab inside a line (a page break or a
    paste left in a table cell) is a space, so it cannot split an annex row and shift its cells into the next.
    A page's number between the halves of a sentence (— 4 —) is no line of the text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [_INLINE_BREAKS.sub(" ", line) for line in lines if not page_number(line, bare=False)]


def _table_rows(rows: list[tuple[list[str], bool]], registry: UnitRegistry, prefix: str,
                notes: list[str] | None = None) -> list[tuple[Section, KeyProject | None]]:
    """Each row of the task tables as a section (`annex-N` in the annex, `row-N` in a document that is itself a
    table), with its key project when the table dates its rows. A malformed row is refused; with `notes` (a
    version admitted before these checks existed, parsed again) it is left out and the reason noted, so the
    live corpus still loads."""
    out: list[tuple[Section, KeyProject | None]] = []
    header: Header | None = None
    table: dict[int, Row] = {}  # the rows of the table being read, by the number it gives them
    inferred = False  # the header was implied by a row, not printed
    for cells, in_annex in rows:
        if found := header_columns(cells):
            header, table, inferred = found, {}, False
            continue
        if header is None and (implied := inferred_header(cells, registry)):
            header, table, inferred = implied, {}, True  # a task list printed without its header
        if header is None:
            continue
        if inferred and cells[0].isdigit() and int(cells[0]) in table:
            table = {}  # a list without a header numbered from 1 again: the next list
        try:
            named = "附表" if in_annex else "表格"  # a refusal names the table as the document has it
            row = read_row(cells, header, len(out) + 1, registry, named)
            twin = table.get(row.number) if row else None
            if row and twin:  # dropping one would lose a project; guessing its number would misfile reports
                raise CorpusError(f"{named}有两行序号都是 {row.number}：「{twin.task[:30]}」和"
                                  f"「{row.task[:30]}」，请按文件原意编号")
        except CorpusError as exc:
            if notes is None:
                raise
            notes.append(f"{exc}（此行未列入重点工程）")
            continue
        if row is None:
            continue
        table[row.number] = row
        taken = {s.number for s, _ in out}
        number = max(taken) + 1 if row.number in taken else row.number  # a second table numbered from 1 again
        out.append(_row_section(row, number, f"{prefix}{'annex' if in_annex else 'row'}-{number}"))
    return out


def _row_section(row: Row, number: int, section_id: str) -> tuple[Section, KeyProject | None]:
    leads, units = (row.clause.leads, row.clause.units) if row.clause else ([], [])
    project = None
    if row.deadline_text is not None:
        project = KeyProject(number, section_id, row.task, row.deadline_text, row.deadline_kind, row.due, units,
                             row.units_text, row.progress)
    title = row.task.split("。")[0].split("，")[0][:_MAX_TITLE]
    return Section(section_id, "annex", number, title, row_label(section_id, number), "\n".join((row.task, *row.lines)),
                   "附表" if row_label(section_id, number).startswith("附表") else "", units, leads=leads or units[:1],
                   clauses=[row.clause] if row.clause else [], progress=row.progress,
                   details=list(row.details), contact=row.contact), project
