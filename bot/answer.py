"""Questions in, short cited answers out: the platform-neutral heart of the bot.

Retrieval finds the section; the section's parsed structure answers. Who
leads and which units come from its responsibility clause, when from the
annex deadline or the time words of its best sentence, how much from the
sentence that carries the figure. The answer always quotes the document and
says so plainly when the document does not answer, so an official can check
every claim against the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import intent as intents
from bot.question import clean, problem
from corpus.known_units import COUNTIES
from corpus.model import Document, KeyProject, Section
from corpus.text import sentences
from corpus.units import COUNTY_GROUPS, UnitRegistry
from index.abstain import decide
from index.search import Hit, Searcher, best_sentence
from index.tokenize import fold

SHANGHAI = ZoneInfo("Asia/Shanghai")
CANDIDATES = 5
NEAREST_TOPICS = 3
LABELS_IN_TEXT = 8
FIGURE_AFTER = 6  # characters after a figure that name what it measures: 100吨以下转炉
_TIME = re.compile(
    r"(?:到|至|在|于)?\s*20\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末|前|以前|内|上半年|年底|年中)?"
    r"|尽快|持续推进|长期坚持|常态化|逐年|逐步|“十[四五]五”(?:期间|时期|末)?"
)
_CONTEXT_YEAR = re.compile(r"到\s*(20\d\d)\s*年")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|[^\d\s，。；、（）()]{1,5})")


@dataclass(frozen=True)
class Citation:
    doc_id: str
    doc_title: str
    doc_version: int
    section_id: str
    section_label: str
    quote: str
    score: float


@dataclass(frozen=True)
class Answer:
    question: str
    intent: str
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


def shanghai_now() -> datetime:
    return datetime.now(SHANGHAI)


def days_phrase(due: date, today: date) -> str:
    """距今 N 天 / 今天到期 / 已逾期 N 天: how an official reads a deadline against today."""
    days = (due - today).days
    if days > 0:
        return f"距今 {days} 天"
    return "今天到期" if days == 0 else f"已逾期 {-days} 天"


class Answerer:
    """Answers questions from one searcher and the documents its index was built from."""

    def __init__(self, searcher: Searcher, documents: list[Document], registry: UnitRegistry,
                 clock: Callable[[], datetime] = shanghai_now) -> None:
        self.searcher = searcher
        self.documents = documents
        self.registry = registry
        self.clock = clock
        self.sections: dict[str, tuple[Document, Section]] = {
            s.section_id: (d, s) for d in documents for s in d.sections}
        self.projects: dict[str, KeyProject] = {p.section_id: p for d in documents for p in d.key_projects}

    def answer(self, question: str, now: datetime | None = None) -> Answer:
        """The answer to one question; bad input gets a reply that says what to ask instead."""
        text = clean(question)
        if reply := problem(text):
            return Answer(question, intents.TOPIC_LOOKUP, reply, abstained=True)
        today = (now or self.clock()).astimezone(SHANGHAI).date()
        folded = fold(text)
        units = self.registry.find_in(text) or [c for c in COUNTIES if c in text]
        intent = intents.detect(folded, bool(units))
        if intent == intents.UNIT_DUTIES:
            return self._unit_duties(text, units[0], today)
        result = self.searcher.search(text, k=CANDIDATES)
        index = self.searcher.index
        abstention = decide(text, result, index.vocabulary, index.target_units)
        if abstention:
            nearest = "、".join(h.label for h in result.hits[:NEAREST_TOPICS])
            reply = f"该文件未涉及这个问题（{abstention.reason}）。"
            if nearest:
                reply += f"文件中相近的内容有：{nearest}。"
            return Answer(question, intent, reply, True, [cite(h) for h in result.hits[:NEAREST_TOPICS]],
                          {"reason": abstention.reason})
        hits = self._annex_first(result.hits, result.query_tokens) if intent == intents.DEADLINE else result.hits
        top = hits[0]
        doc, section = self.sections.get(top.section_id, (None, None))
        if doc is None or section is None:
            return Answer(question, intent, f"{top.label}：「{top.quote}」", False, [cite(h) for h in hits])
        text_out, quote, facts = self._compose(intent, doc, section, top, result.query_tokens, today)
        citations = [cite(top, quote)] + [cite(h) for h in hits[1:]]
        return Answer(question, intent, text_out, False, citations, facts)

    def _annex_first(self, hits: list[Hit], query_tokens: list[str]) -> list[Hit]:
        """A deadline asked of an article sentence that the annex lists as a key project is the annex row's.

        The annex restates some article sentences as dated key projects; when the
        sentence that matched the question opens one of them, and the question's
        words are those of the project rather than of the rest of the sentence,
        the row dates it.
        """
        top = hits[0]
        asked = _overlap(top.quote, query_tokens)
        for section_id, project in self.projects.items():
            head = re.split(r"[，。；]", project.task)[0]
            if section_id != top.section_id and len(head) >= 6 and head in top.quote \
                    and _overlap(project.task, query_tokens) >= asked / 2:
                row = next((h for h in hits if h.section_id == section_id), None)
                doc, section = self.sections[section_id]
                row = row or Hit(section_id, doc.doc_id, doc.title, doc.version, section.label, section.title,
                                 top.score, project.task, 0.0, 0.0)
                return [row, *(h for h in hits if h.section_id != section_id)]
        return hits

    def _compose(self, intent: str, doc: Document, section: Section, hit: Hit, query_tokens: list[str],
                 today: date) -> tuple[str, str, dict[str, Any]]:
        """The answer text, the quote that supports it and the facts, for one section."""
        label = section.label
        project = self.projects.get(section.section_id)
        if intent in (intents.LEAD_UNIT, intents.UNITS_OF_TOPIC):
            if not section.units and section.kind == "preamble" and doc.issuer:
                issued = "，".join(x for x in (doc.number, doc.date) if x)
                return (f"《{doc.title}》由{doc.issuer}印发" + (f"（{issued}）" if issued else "") + "。",
                        hit.quote, {"issuer": doc.issuer, "number": doc.number, "date": doc.date})
            if not section.units:
                return (f"{label}未列明责任单位。原文：「{hit.quote}」", hit.quote, {"units": []})
            quote = _clause_sentence(section)
            return _units_text(section, intent), quote, {"lead": section.lead, "units": section.units}
        if intent == intents.DEADLINE:
            if project:
                return _project_text(project, label, today), _deadline_line(section, project), _project_facts(
                    project, today)
            sentence = best_sentence(section.text, query_tokens)
            times = _times(section.text, sentence)
            if not times:
                return f"{label}未写明具体时限。原文：「{sentence}」", sentence, {"deadline": None}
            return (f"按{label}，时间要求是{'、'.join(times)}。原文：「{sentence}」", sentence,
                    {"deadline": {"text": times[0]}})
        if intent == intents.TARGET_NUMBER:
            sentence = best_sentence(section.text, query_tokens, prefer=_FIGURE)
            figures = _asked_figures(sentence, [t.value + t.unit for t in section.targets if t.sentence == sentence],
                                     query_tokens)
            if not figures:
                return f"按{label}：「{sentence}」", sentence, {"targets": []}
            clause = next((c for c in re.split(r"(?<=[，；。])", sentence) if figures[0] in c), sentence)
            return f"按{label}，{'、'.join(figures)}。原文：「{clause}」", sentence, {"targets": figures}
        quote = hit.quote
        extra = f" {_project_text(project, label, today)}" if project else ""
        return f"{label}：「{quote}」{extra}", quote, _project_facts(project, today) if project else {}

    def _unit_duties(self, question: str, unit: str, today: date) -> Answer:
        """What a unit leads and joins, counted, from every document's clauses and annex."""
        leads, joins, projects = [], [], []
        counties = bool(self.registry.members(unit)) or unit in _all_county_members(self.registry)
        for doc in self.documents:
            for section in doc.sections:
                if section.kind == "annex":
                    continue
                if section.lead == unit:
                    leads.append((doc, section))
                elif unit in section.units or (counties and section.counties_implement):
                    joins.append((doc, section))
            projects += [p for p in doc.key_projects if unit in p.units or (counties and _names_counties(p))]
        if not (leads or joins or projects):
            return Answer(question, intents.UNIT_DUTIES, f"该文件未涉及{unit}的具体任务。", True,
                          facts={"unit": unit})
        parts = [f"{unit}牵头 {len(leads)} 项、参与 {len(joins)} 项任务"]
        if leads:
            parts.append("牵头：" + _labels(leads))
        if joins:
            parts.append("参与：" + _labels(joins))
        if projects:
            parts.append("重点工程：" + "；".join(
                f"附表第{p.number}项（{p.deadline_text}）" for p in projects))
        citations = [Citation(d.doc_id, d.title, d.version, s.section_id, s.label, _clause_sentence(s), 1.0)
                     for d, s in leads + joins]
        facts = {"unit": unit, "leads": [s.section_id for _, s in leads], "joins": [s.section_id for _, s in joins],
                 "key_projects": [p.number for p in projects]}
        return Answer(question, intents.UNIT_DUTIES, "。".join(parts) + "。", False, citations, facts)


def cite(hit: Hit, quote: str | None = None) -> Citation:
    return Citation(hit.doc_id, hit.doc_title, hit.doc_version, hit.section_id, hit.label,
                    hit.quote if quote is None else quote, round(hit.score, 4))


def _asked_figures(sentence: str, figures: list[str], query_tokens: list[str]) -> list[str]:
    """The figures of a sentence that the question asks for, by the words that follow each one.

    A plan sentence often lists several figures (3座…焦炉, 1200立方米以下高炉,
    100吨以下转炉) and what a figure measures follows it. The question's words
    after a figure, leaving out words found after every figure, say which ones
    it asks for; with no such words every figure stands.
    """
    unique = list(dict.fromkeys(figures))
    windows = {f: fold(sentence[sentence.find(f) + len(f):][:FIGURE_AFTER]) for f in unique}
    asked = [t for t in set(query_tokens) if not all(t in w for w in windows.values()) or len(windows) == 1]
    scores = {f: sum(len(t) for t in asked if t in w) for f, w in windows.items()}
    best = max(scores.values(), default=0)
    return [f for f, score in scores.items() if score * 2 > best] if best else unique


def _labels(sections: list[tuple[Document, Section]]) -> str:
    """Section labels for a chat line: a county joins every article from （四） on, so long lists are cut."""
    labels = [s.label for _, s in sections]
    if len(labels) <= LABELS_IN_TEXT:
        return "；".join(labels)
    return "；".join(labels[:LABELS_IN_TEXT]) + f" 等 {len(labels)} 项（见出处）"


def _overlap(text: str, query_tokens: list[str]) -> int:
    folded = fold(text)
    return sum(len(t) for t in set(query_tokens) if t in folded)


def _clause_sentence(section: Section) -> str:
    """The sentence of the section that names its units, verbatim."""
    first = section.units[0] if section.units else ""
    for sentence in reversed(sentences(section.text)):
        if first and first in sentence:
            return sentence
    return f"（{section.clause}）" if section.clause else section.text[:120]


def _units_text(section: Section, intent: str) -> str:
    units = [u for u in section.units if u not in COUNTY_GROUPS]
    counties = [u for u in section.units if u not in units]
    if not units:
        return f"{section.label}由{'、'.join(section.units)}负责。"
    if intent == intents.LEAD_UNIT:
        text = f"{section.label}由{units[0]}牵头"
        text += f"，{'、'.join(units[1:])}按职责分工负责" if len(units) > 1 else "负责"
    else:
        text = f"{section.label}的责任单位：{units[0]}（牵头）" + "".join(f"、{u}" for u in units[1:])
    if counties or section.counties_implement:
        text += f"；{counties[0] if counties else COUNTY_GROUPS[0]}落实"
    return text + "。"


def _project_facts(project: KeyProject, today: date) -> dict[str, Any]:
    deadline: dict[str, Any] = {"text": project.deadline_text, "kind": project.deadline_kind,
                                "date": project.due_date.isoformat() if project.due_date else None}
    if project.due_date:
        deadline["days_left"] = (project.due_date - today).days
    return {"key_project": project.number, "deadline": deadline, "lead": project.units[0] if project.units else None,
            "units": project.units}


def _project_text(project: KeyProject, label: str, today: date) -> str:
    if project.due_date:
        when = f"{project.deadline_text}（{project.due_date.isoformat()}，{days_phrase(project.due_date, today)}）"
    elif project.deadline_kind == "ongoing":
        when = f"{project.deadline_text}（长期任务，无截止日期）"
    else:
        when = f"{project.deadline_text}（具体日期待定）"
    return f"{label}的完成时限：{when}；责任单位：{'、'.join(project.units)}。"


def _deadline_line(section: Section, project: KeyProject) -> str:
    return next((line for line in section.text.split("\n") if project.deadline_text in line), project.deadline_text)


def _times(text: str, sentence: str) -> list[str]:
    """Time words of a sentence, or the 到YYYY年 that opens its paragraph when it names none."""
    found = [m.group(0).strip() for m in _TIME.finditer(sentence)]
    if found:
        return list(dict.fromkeys(found))
    for paragraph in text.split("\n"):
        at = paragraph.find(sentence)
        if at >= 0:
            years = _CONTEXT_YEAR.findall(paragraph[:at])
            return [f"到{years[-1]}年"] if years else []
    return []


def _all_county_members(registry: UnitRegistry) -> frozenset[str]:
    return frozenset(m for g in COUNTY_GROUPS for m in registry.members(g))


def _names_counties(project: KeyProject) -> bool:
    return any(u in COUNTY_GROUPS for u in project.units)
