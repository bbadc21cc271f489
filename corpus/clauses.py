"""Responsibility clauses: who answers for a task, in the roles the document gives them.

Chinese government plans name a task's units in a clause beside it, in many
styles: （市生态环境局负责）, （A、B按职责分工负责）, （A牵头，B、C参与）, in the
sentence itself (…由A牵头，B、C配合; …工作由A负责，各县（市、区）人民政府抓好落实),
〔A牵头，B参与，各县（市、区）人民政府负责落实。以下各项工作均需…落实，不再
列出。〕, (牵头单位:A、B,责任单位:C), (牵头单位:A,实施单位:B), （牵头：A；配合：B）, (A、B牵头督导，
C、D配合), or lines 牵头单位：A / 责任单位：B under the task. A clause may stand
mid-paragraph and covers the text since the previous clause; the roles are
kept with the words that give them — leads (牵头, 牵头单位, 牵头督导), other
units (参与, 配合, 协助, 责任单位, 实施单位, 负责), implementing governments
(负责落实) and those bound to all that follows (以下…均需…落实). Where no unit
is called lead, the first listed leads, by convention.
"""

from __future__ import annotations

import re
from collections import defaultdict

from corpus.model import Clause
from corpus.text import CLOSING, OPENING
from corpus.units import UnitRegistry, looks_like_unit

ROLE_WORDS = re.compile(r"负责|牵头|参与|配合|落实|承担|协助|分工|实施|督导|责任")  # how a clause names a role
_LABEL_WORD = r"(牵头|责任|实施|配合|参与|协办|协助|主责|主办)(单位|部门)?\s*[:：]"  # 牵头单位：, 责任部门:, 配合：
_LABEL = re.compile(rf"^\s*{_LABEL_WORD}\s*")
_LEAD_LABEL = ("牵头", "主责", "主办")
_LEAD = re.compile(r"牵头")
_CO = re.compile(r"参与|配合|协助|协同|协办")
_IMPLEMENT = re.compile(r"(负责)?落实$")
_GOVERNMENT = re.compile(r"政府$")
_STRIP = (
    re.compile(r"(分别)?(按照?|根据)?(各自)?职责(分工)?(负责|落实)?$"),
    re.compile(r"(牵头负责|牵头督导|牵头|督导|负责落实|负责|落实|参与|配合|协助|协同|协办|组织实施|实施)$"),
    re.compile(r"等(相关|有关)?(部门|单位)?$"),
)
_FROM_HERE_ON = re.compile(r"以下(各项|所有)?(工作|任务)?均(需|由|要)(.+?)(负责)?落实")
_NOT_LISTED = re.compile(r"不再(单独)?列出")
# A unit marked lead by a bracket after its name, in a list of the others (县水利局（牵头），县农业农村局).
_MARKED_LEAD = re.compile(r"[（(](牵头|主责|主办)(单位|部门)?[)）]$")
_INLINE_LABEL = re.compile(rf"(?<=[。；;])\s*{_LABEL_WORD}")
# A clause the sentence states: (由) the units, their role, and after a comma the units with a part in it — a
# part that may go on to what they do (县妇联、县科协配合开展宣传), except 协同, which is a verb too (加强部门协同推进).
_IN_SENTENCE = re.compile(r"(?:由|^|(?<=[。；;，,\n]))([^，,。；;由\n]{2,40}?)(牵头|负责)"
                          r"(?:[，,]([^，,。；;]{2,60}?)(?:(配合|参与|协助)[^，,。；;]{0,20}|(协同|(?:抓好|负责)?落实)))?"
                          r"(?=[，,。；;]|$)", re.M)
LABEL_LINE = re.compile(rf"^{_LABEL_WORD}\s*\S")
# The units a lead works with, named after 会同 (由市生态环境局牵头，会同市发改委、市工信局制定…): their list runs into
# the verb of what they do together.
_COLLECTIVE = re.compile(r"^(有关|相关|其他|其它|各)")  # 会同有关部门研究…: no office named
_JOINTLY = re.compile(r"[，,]\s*(?:会同|联合|协调)([^，,。；;]{2,80})")
# The lead named straight before 会同, without 牵头 (由县住建局会同县应急管理局…组织抽查验收).
_LEADS_WITH = re.compile(r"(?:由|^|(?<=[。；;，,\n]))([^，,。；;由\n]{2,40}?)会同([^，,。；;]{2,80})", re.M)
# A body named without 由 before its role: one office's name (县发改局), never a collective (各…) or a person
_BARE_NAME = re.compile(r"^(?!各)[\u4e00-\u9fff（）()]{1,30}(局|委|办|中心|厅|院|公司|集团|站|队|所|科|股|室|政府)$")


# A line of a division of duties that opens with its units (县农业农村局：负责全县…的统筹协调; （二）县财政局：统筹
#资金…): those units answer for the line. Only offices by their names, never a collective (各乡镇：) or a label
# (牵头单位：, read above).
_DUTY_LINE = re.compile(r"^[ \t]*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．])?[ \t]*"
                        r"(?P<units>(?!各)[^：:，,。；;\n]{2,60}?)[:：][ \t]*(?=\S)", re.M)


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split at separators that stand outside brackets: 各县（市、区）人民政府 is one name."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _names(part: str) -> list[str]:
    for pattern in _STRIP * 2:
        part = pattern.sub("", part.strip())
    return _split_outside_brackets(part.removeprefix("由"), "、/")  # （由市住建局负责）


def _partners(text: str, registry: UnitRegistry) -> list[str]:
    """The unit names a 会同 list opens with, up to the verb the last runs into (市工信局制定… → 市工信局): of the
    last, the longest opening the registry knows, else the shortest that reads as an office's name."""
    pieces = _split_outside_brackets(text, "、")
    out = []
    for piece in pieces[:-1]:
        if not (unit := _unit(piece, registry)):
            return []
        out.append(unit)
    last = pieces[-1] if pieces else ""
    openings = [last[:end] for end in range(2, len(last) + 1)]
    known = [o for o in openings if registry.resolve(o)]
    named_ = known[-1:] or [o for o in openings if _BARE_NAME.match(o) and looks_like_unit(o)
                            and not _COLLECTIVE.match(o)][:1]
    return out + [u for o in named_ if (u := _unit(o, registry))] if named_ else []


def _unit(raw: str, registry: UnitRegistry) -> str | None:
    return registry.resolve(raw) or (registry.add(raw).name if looks_like_unit(raw) else None)


def parse_clause(content: str, registry: UnitRegistry) -> Clause | None:
    """The units of a clause's content in their roles; None when it names no unit."""
    if not ROLE_WORDS.search(content):
        return None
    leads: list[str] = []
    others: list[str] = []
    implementers: list[str] = []
    from_here_on: list[str] = []
    for part in _split_outside_brackets(content, "，,；;。"):
        if m := _FROM_HERE_ON.search(part):
            from_here_on += [u for raw in _names(m.group(4)) if (u := _unit(raw, registry))]
            continue
        if _NOT_LISTED.fullmatch(part):
            continue
        label = _LABEL.match(part)
        raws = _names(part[label.end():] if label else part)
        leads += [u for raw in raws if (marked := _MARKED_LEAD.search(raw))
                  and (u := _unit(raw[:marked.start()], registry)) and u not in leads]
        names = [u for raw in raws if not _MARKED_LEAD.search(raw) and (u := _unit(raw, registry))]
        if label:
            target = leads if label.group(1) in _LEAD_LABEL else others
        elif _LEAD.search(part) and not _CO.search(part):
            target = leads
        elif _IMPLEMENT.search(part) and names and all(_GOVERNMENT.search(n) for n in names):
            target = implementers
        else:
            target = others
        target.extend(n for n in names if n not in leads + others + implementers)
    if not leads and others:
        leads.append(others.pop(0))  # by convention the first unit listed leads
    clause = Clause(content, leads, others, implementers, from_here_on)
    return clause if clause.units or from_here_on else None


def _listed_after_sentence(text: str, start: int, end: int, registry: UnitRegistry) -> Clause | None:
    """A bracket of units alone, without a role, after a sentence's full stop (…实时预警。（区住建局、区数据资源局）):
    the units that answer for the sentences before it, the first leading. Only where every name is an office's
    or every one of a kind of place (各街道): a bracket after a name is its alias, one after a date no clause."""
    if text[:start].rstrip(" \t")[-1:] not in "。；;":
        return None
    raws = _split_outside_brackets(text[start + 1:end], "、，,；;")
    offices = [raw for raw in raws if _BARE_NAME.match(raw) and _unit(raw, registry)]
    if not offices or not all(raw in offices or (_COLLECTIVE.match(raw) and looks_like_unit(raw)) for raw in raws):
        return None
    return parse_clause("、".join(raws) + "负责", registry)


def label_start(line: str) -> int | None:
    """Where a line's 责任单位：… label begins: at the line's start, or after a full stop outside brackets
    (…达到100%。责任单位：市发改委、市经信局)."""
    if LABEL_LINE.match(line.strip()):
        return len(line) - len(line.lstrip())
    return next((m.start() for m in _INLINE_LABEL.finditer(line) if _outside_brackets(line, m.start())), None)


def _outside_brackets(text: str, at: int) -> bool:
    """Whether position `at` stands outside every bracket opened before it; a stray closing bracket (an item
    numbered 1）) opens nothing."""
    depth = 0
    for ch in text[:at]:
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(0, depth - 1)
    return depth == 0


def clauses_in(text: str, registry: UnitRegistry) -> list[tuple[int, int, Clause]]:
    """Every responsibility clause in a text with its span: bracketed ones anywhere, and runs of
    labels (牵头单位：… / 责任单位：…, each to its line's end) read as one clause."""
    found: list[tuple[int, int, Clause]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in OPENING:
            if depth == 0:
                start = i
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
            if depth == 0 and (clause := parse_clause(text[start + 1:i], registry)
                               or _listed_after_sentence(text, start, i, registry)):
                end = i + 1
                while end < len(text) and text[end] in "。；;":
                    end += 1
                found.append((start, end, clause))
    at, run = 0, []

    def flush() -> None:
        if run and (clause := parse_clause("，".join(content for _, _, content in run), registry)):
            found.append((run[0][0], run[-1][1], clause))
        run.clear()

    for line in [*text.split("\n"), ""]:
        begins = label_start(line)
        if begins is None or begins > 0:
            flush()
        if begins is not None:
            run.append((at + begins, at + len(line), line[begins:].strip()))
        at += len(line) + 1
    found += [f for f in _stated(text, registry) if not any(s <= f[0] < e for s, e, _ in found)]
    found += [f for f in _duty_lines(text, registry) if not any(f[0] <= s < f[1] for s, _, _ in found)]
    found += [f for f in _divided(text, registry) if not any(s <= f[0] < e or f[0] <= s < f[1] for s, e, _ in found)]
    return sorted(found, key=lambda f: f[0])


# A line of whom to call (石门乡：负责人韩国栋，联系电话…) names the unit's people, not its duties.
_PERSON_AFTER = re.compile(r"(负责人|联系人|责任人|联系电话|联系方式)")


def _duty_lines(text: str, registry: UnitRegistry) -> list[tuple[int, int, Clause]]:
    """Clauses of lines that open with their units and a colon (县农业农村局：负责…), each covering its own line."""
    out = []
    for m in _DUTY_LINE.finditer(text):
        names = _names(m.group("units"))
        if LABEL_LINE.match(m.group("units") + "：") or _PERSON_AFTER.match(text, m.end()) or not names or not all(
                _BARE_NAME.match(raw) and _unit(raw, registry) for raw in names):
            continue
        if clause := parse_clause(f"{m.group('units')}负责", registry):
            clause.heads_its_line = True
            end = text.find("\n", m.end())
            out.append((m.start(), len(text) if end < 0 else end, clause))
    return out


# A sentence dividing work among offices, each named before what it does (县水利局牵头负责全县14座小型水库的安全
# 检查，县自然资源局负责地质灾害隐患点巡查): each office's clause covers its own task.
_DIVIDED = re.compile(r"(?:^|(?<=[。；;，,\n]))(?P<units>[^，,。；;由\n]{3,30}?)(?P<role>牵头负责|牵头|负责)"
                      r"(?!同志|人)(?P<task>[^，,。；;\n（(]{4,60})")


def _divided(text: str, registry: UnitRegistry) -> list[tuple[int, int, Clause]]:
    """Clauses of a sentence dividing work among two offices or more by name, each covering its own task; only
    where every name before the role is an office's, or every one of a kind beside two offices at least (各乡镇
    人民政府负责辖区内…, after 县财政局负责…，县自然资源局负责…) — 企业负责 names none. One office's 负责 after
    another's 牵头 (由县住建局牵头，县水利局负责具体实施) is a part in the lead's task, a clause already read."""
    by_sentence = defaultdict(list)
    for m in _DIVIDED.finditer(text):
        names = _names(m.group("units"))
        if not _outside_brackets(text, m.start()) or not names or not all(
                (_BARE_NAME.match(raw) or _COLLECTIVE.match(raw)) and _unit(raw, registry) for raw in names):
            continue
        if clause := parse_clause(m.group("units") + m.group("role"), registry):
            clause.heads_its_line = True
            by_sentence[text.count("。", 0, m.start())].append((m.start(), m.end(), clause))
    return [f for found in by_sentence.values() if sum(not _COLLECTIVE.match(f[2].units[0]) for f in found) > 1
            for f in found]


def _stated(text: str, registry: UnitRegistry) -> list[tuple[int, int, Clause]]:
    """Clauses a sentence states outside brackets (…由市农业农村局牵头，市生态环境局配合; …，县发改局牵头，县财政局
    配合，…): only where every name before the role is a unit — 由企业负责 names none."""
    out = []
    for m in _IN_SENTENCE.finditer(text):
        names = _names(m.group(1))
        if not _outside_brackets(text, m.start()) or not all(_unit(raw, registry) for raw in names):
            continue
        if not text.startswith("由", m.start()) and not all(_BARE_NAME.match(raw) for raw in names):
            continue  # without 由, only an office by its name: 各部门要切实负责, 各级河长负责 are no clause
        content = f"{m.group(1)}{m.group(2)}"
        if m.group(3):
            role = m.group(4) or m.group(5)
            content += f"，{m.group(3)}{'负责落实' if role.endswith('落实') else role}"
        elif (joint := _JOINTLY.match(text, m.end())) and (partners := _partners(joint.group(1), registry)):
            content += f"，{'、'.join(partners)}配合"
        if clause := parse_clause(content, registry):
            out.append((m.start(), m.end(), clause))
    for m in _LEADS_WITH.finditer(text):  # 由县住建局会同县应急管理局、县市场监管局组织抽查: the first leads
        names = _names(m.group(1))
        if not _outside_brackets(text, m.start()) or not names or not all(_BARE_NAME.match(raw) and _unit(
                raw, registry) for raw in names) or any(start <= m.start() < end for start, end, _ in out):
            continue
        partners = _partners(m.group(2), registry)
        if partners and (clause := parse_clause(f"{m.group(1)}牵头，{'、'.join(partners)}配合", registry)):
            out.append((m.start(), m.end(), clause))
    return sorted(out, key=lambda found: found[0])


def covered(text: str, registry: UnitRegistry) -> list[Clause]:
    """The clauses of a text, each with the text it covers: all since the clause before it.

    Text after the last clause is covered by none: the caller decides whether an
    enclosing item's or article's clause stands for it.
    """
    out, previous = [], 0
    for start, end, clause in clauses_in(text, registry):
        clause.covers = (text[start:end] if clause.heads_its_line else text[previous:start]).strip()
        out.append(clause)
        previous = end
    return out
