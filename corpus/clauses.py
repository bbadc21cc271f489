"""Responsibility clauses: who answers for a task, the lead first.

Chinese government plans close each task with a parenthetical naming its
units: （市生态环境局负责）, （A、B、C按职责分工负责）, （A牵头，B、C参与）,
or a line 责任单位：A、B. By convention the first unit listed leads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.units import UnitRegistry, looks_like_unit

ROLE_WORDS = re.compile(r"负责|牵头|参与|配合|落实|承担|协助|分工")  # how a clause names a role
_LEAD = re.compile(r"牵头")
_CO = re.compile(r"参与|配合|协助|协同")
_STRIP = (
    re.compile(r"(分别)?(按照?|根据)?(各自)?职责(分工)?(负责|落实)?$"),
    re.compile(r"(牵头负责|牵头|负责|落实|参与|配合|协助|协同|组织实施)$"),
    re.compile(r"等(相关|有关)?(部门|单位)?$"),
)
_LABEL_LINE = re.compile(r"^(责任单位|牵头单位|配合单位|参与单位|责任部门|牵头部门)\s*[:：]\s*(.+)$")
_LABEL_ROLE = {"责任": "负责", "牵头": "牵头", "配合": "配合", "参与": "参与"}
_FROM_HERE_ON = re.compile(r"以下各项(工作|任务)?均(需|由)(各县(区)?(人民)?政府)落实")


@dataclass
class Clause:
    """The units of one responsibility clause, and what it says beyond them."""

    text: str
    units: list[str] = field(default_factory=list)
    counties_from_here_on: bool = False


def closing_parenthetical(text: str) -> tuple[str, int] | None:
    """The parenthetical that ends the text (nested brackets allowed) and where it starts."""
    body = text.rstrip().rstrip("。；;.")
    if not body.endswith((")", "）")):
        return None
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        ch = body[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            depth -= 1
            if depth == 0:
                return body[i + 1:-1], i
    return None


def _names(part: str) -> list[str]:
    for pattern in _STRIP * 2:
        part = pattern.sub("", part.strip())
    return [n.strip() for n in re.split(r"[、/]", part) if n.strip()]


def parse_clause(content: str, registry: UnitRegistry) -> Clause | None:
    """Units of a clause's content, lead first; None when it names no unit."""
    if not ROLE_WORDS.search(content):
        return None
    clause = Clause(content, counties_from_here_on=bool(_FROM_HERE_ON.search(content)))
    leads: list[str] = []
    others: list[str] = []
    for part in re.split(r"[，,；;]", content):
        if _FROM_HERE_ON.search(part) or "不再单独列出" in part:
            continue
        names = []
        for raw in _names(part):
            name = registry.resolve(raw) or (registry.add(raw).name if looks_like_unit(raw) else None)
            if name:
                names.append(name)
        target = leads if _LEAD.search(part) and not _CO.search(part) else others
        target.extend(n for n in names if n not in leads and n not in others)
    clause.units = leads + others
    return clause if clause.units else None


def section_clause(text: str, registry: UnitRegistry) -> Clause | None:
    """The responsibility clause of a section: its closing parenthetical or a 责任单位 line."""
    last_para = text.rstrip().split("\n")[-1]
    found = closing_parenthetical(last_para)
    if found:
        clause = parse_clause(found[0], registry)
        if clause:
            return clause
    lines = [m for m in (_LABEL_LINE.match(line.strip()) for line in text.split("\n")) if m]
    parts = [f"{m.group(2)}{_LABEL_ROLE[m.group(1)[:2]]}" for m in lines]
    return parse_clause("，".join(parts), registry) if parts else None
