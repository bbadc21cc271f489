"""The fact table: what each section, item and annex row of a document states, typed, with the sentence it says it in.

Answers are composed from one fact of the asked type whose subject matches the question — a lead question
from a responsibility fact, a how-much question from the target of the asked indicator and year, a
when-question from a deadline or a target's year — so an answer states the asked fact or says plainly that
the plan gives none. Built once per corpus at index time (the index persists it with the corpus version) and
printed by `policybot corpus show --facts`, so an admin sees what was understood of an uploaded plan.

Every field is read off the document's own structure and wording: clauses (corpus.clauses), figures
(corpus.targets), deadlines (corpus.deadlines). Where a plan sets a target in words instead of a figure
(完成省下达目标, 持续下降, 有序减少, 稳定达到国家二级标准) those words are the value, so "how much" gets
"the plan sets no figure: 完成省下达目标" instead of another indicator's figure.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from corpus.clauses import LABEL_LINE
from corpus.deadlines import parse_deadline
from corpus.model import Document, KeyProject, Section, Target
from corpus.text import CLOSING, OPENING, sentences

RESPONSIBILITY, TASK, TARGET, REPORTED, DEADLINE, KEY_PROJECT, PROGRESS, CONTACT = (
    "responsibility", "task", "target", "reported", "deadline", "key_project", "progress", "contact")
KINDS = (RESPONSIBILITY, TASK, TARGET, REPORTED, DEADLINE, KEY_PROJECT, PROGRESS, CONTACT)
# The year a document was issued in, from its number (〔2025〕) or its date: a figure it gives for an earlier year
# (2024年，全市PM2.5平均浓度为34.6微克/立方米) is a value reached, which it reports, not a target it sets.
_ISSUED_YEAR = re.compile(r"(?:19|20)\d\d")

# A target set in words: the plan's own phrases for a goal without a figure.
_WORDS_TARGET = re.compile(
    r"(?:下降|降低|减少|减排)?(?:完成|实现)(?:省|市|国家)?(?:下达|定|规定)?的?目标(?:任务)?"
    r"|持续(?:下降|改善|减少|降低|提升|提高|优化)|有序(?:减少|下降|退出)|(?:基本|全面)(?:消除|完成|建立|形成)"
    r"|(?:稳定|力争|全面|基本)?达到[^，；。0-9]{2,14}(?:标准|水平)|(?:显著|明显|有效|大幅|稳步)(?:提升|提高|改善|下降|降低|减少)"
    r"|(?:基本|有效|明显)?得到(?:有效|明显|基本)?(?:遏制|控制|改善)|(?:有效|基本)遏制")
# The words between an indicator and its figure: 达到, 力争降至, 提升至, 下降, 控制在 … and what follows the figure.
_COMPARISON = re.compile(r"(?:力争|确保|分别|均|累计|年均)*(?:达到|降至|降低到|降低|下降到|下降|减少|提升至|提升到|提升"
                         r"|提高到|提高至|提高|增长|增加到|增加|控制在|不低于|不高于|不超过|超过|保持在|保持)?"
                         r"(?:分别|均)?$")
_AFTER = re.compile(r"^(?:以上|以下|以内|左右)")
# 占比2030年 is the target's year; 比2015年, 较2020年 and 在2013年基础上 are the base's
_YEAR = re.compile(r"(?<!较)(?<![^占]比)(?<!与)(?<!同)(20\d\d)\s*年(?![^，。；]{0,20}?基础上|相比|比较)")
_COMPARED_WITH = re.compile(r"[与同](20\d\d)\s*年(?:相比|比较)")
_BASE_YEAR = re.compile(rf"(?:较|(?<!占)比)(20\d\d)\s*年|在\s*(20\d\d)\s*年[^，。；]{{0,20}}?基础上"
                        rf"|{_COMPARED_WITH.pattern}")
_ON_BASE = re.compile(r"在\s*20\d\d\s*年的?基础上")
_LEADING_TIME = re.compile(r"^(?:到|至|在|于)?\s*20\d\d\s*年(?:底|末|前)*(?:和20\d\d年)?[，,]?")
# A time a task is to be done by: 2023年底前, 到2025年, 2024年6月底前, 持续推进 (the words of corpus.deadlines).
TIME = re.compile(
    r"(?:到|至|在|于)?\s*20\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末|前|以前|内|上半年|年底|年中)*"
    r"|“十[四五]五”(?:期间|时期|末)?")
_CLAUSE_SPLIT = re.compile(r"(?<=[，；。,;])")
# A field line under an item (完成时限：…, 牵头单位：…) states the item's time or units, not a task of its own.
_TIME_FIELD = re.compile(r"^(?:完成|办结|截止)?(?:时限|时间|期限|时间节点)(?:要求)?\s*[:：]")


@dataclass(frozen=True)
class Fact:
    """One thing a document states. `subject` is what it is about (the indicator, the action, the task); the
    other fields are those of its kind, empty otherwise; `sentence` is the verbatim source."""

    kind: str
    doc_id: str
    section_id: str
    subject: str
    sentence: str
    value: str = ""  # a target's figure with its unit, or the plan's words where it gives none; a deadline's time
    unit: str = ""  # a figure's unit; empty for a target set in words
    comparison: str = ""  # 达到, 力争降至…以下, 下降 …
    base_year: int | None = None
    year: int | None = None  # the year a target is set for
    due: str | None = None  # a deadline's date, ISO
    deadline_kind: str = ""  # fixed | ongoing | external
    number: int | None = None  # a table row's number (附表第N项, 第N项)
    leads: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    implementers: tuple[str, ...] = ()

    @property
    def figure(self) -> bool:
        return bool(self.unit)

    def to_json(self) -> dict[str, Any]:
        """The fields that say something: a fact's JSON carries its kind's fields only."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items() if v not in ("", None, ())}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fact:
        tuples = {f.name for f in fields(cls) if f.name in ("leads", "others", "implementers")}
        return cls(**{k: tuple(v) if k in tuples else v for k, v in data.items()})


def facts_of(doc: Document) -> list[Fact]:
    """Every fact of a document, section by section, in the document's order."""
    out: list[Fact] = []
    projects = {p.section_id: p for p in doc.key_projects}
    for section in doc.sections:
        if section.kind == "annex":
            out += _row(doc.doc_id, section, projects.get(section.section_id))
            continue
        items = any(s.section_id.startswith(section.section_id + ".") for s in doc.sections)
        if section.clauses or not items:  # an article whose clauses stand in its items: the items' facts say it
            out += _responsibilities(doc.doc_id, section)
        if section.kind != "preamble":  # the notice and the opening set no task
            out += _tasks_and_deadlines(doc.doc_id, section)
        if section.progress:
            out.append(Fact(PROGRESS, doc.doc_id, section.section_id, section.title, section.progress,
                            value=section.progress))
        if section.contact:
            out.append(Fact(CONTACT, doc.doc_id, section.section_id, section.title, section.contact,
                            value=section.contact))
        out += _targets(doc.doc_id, section, section.text, issued_year(doc))
    return out


def issued_year(doc: Document) -> int | None:
    """The year the document was issued in: its number's (〔2025〕), else its date's; None when it states neither."""
    found = _ISSUED_YEAR.search(doc.number) or _ISSUED_YEAR.search(doc.date)
    return int(found.group(0)) if found else None


def _row(doc_id: str, section: Section, project: KeyProject | None) -> list[Fact]:
    """A table row: its task, units, deadline (a key project when dated) and progress, read from its cells."""
    task = section.text.split("\n", 1)[0]
    base = dict(doc_id=doc_id, section_id=section.section_id, subject=task, sentence=task, number=section.number)
    leads = tuple(section.leads)
    others = tuple(u for u in section.units if u not in leads)
    out = [Fact(TASK, **base)]
    if project is not None:
        out.append(Fact(KEY_PROJECT, **base, value=project.deadline_text, due=_iso(project.due_date),
                        deadline_kind=project.deadline_kind, leads=leads, others=others))
        out.append(Fact(DEADLINE, **base, value=project.deadline_text, due=_iso(project.due_date),
                        deadline_kind=project.deadline_kind))
    elif section.units:
        out.append(Fact(RESPONSIBILITY, **base, leads=leads, others=others))
    if section.progress:
        out.append(Fact(PROGRESS, **base, value=section.progress))
    if section.contact:
        out.append(Fact(CONTACT, **base, value=section.contact))
    return out + _targets(doc_id, section, "\n".join((task, *section.details)))  # 建设内容：…新增护栏32.5公里


def _iso(day: object) -> str | None:
    return day.isoformat() if day is not None else None  # type: ignore[attr-defined]


def _responsibilities(doc_id: str, section: Section) -> list[Fact]:
    """One fact per responsibility clause, about the text it covers; a section without a clause of its own
    answers with its units under the convention that the first listed leads."""
    if section.clauses:
        return [Fact(RESPONSIBILITY, doc_id, section.section_id, _plain(c.covers)[:80] or section.title, c.text,
                     leads=tuple(c.leads), others=tuple(c.others), implementers=tuple(
                         dict.fromkeys([*c.implementers, *section.implementers])))
                for c in section.clauses]
    if section.units:
        leads = section.leads or section.units[:1]
        return [Fact(RESPONSIBILITY, doc_id, section.section_id, section.title, section.clause or section.title,
                     leads=tuple(leads), others=tuple(u for u in section.units if u not in leads),
                     implementers=tuple(section.implementers))]
    return []


def _tasks_and_deadlines(doc_id: str, section: Section) -> list[Fact]:
    """A task per sentence (its action phrase: the sentence without its responsibility clause), and a deadline
    for each time it names, about the clauses the time governs."""
    out: list[Fact] = []
    for sentence in sentences(section.text):
        action = _plain(sentence)
        if len(action) < 4:
            continue
        reported = bool(section.progress) and sentence.strip() in section.progress  # what is done is no task
        if not (LABEL_LINE.match(action) or _TIME_FIELD.match(action) or reported):
            out.append(Fact(TASK, doc_id, section.section_id, action, sentence))
        for match in TIME.finditer(sentence):
            when = match.group(0).strip()
            kind, due = parse_deadline(when)
            if kind != "fixed":
                continue
            out.append(Fact(DEADLINE, doc_id, section.section_id, _governed(sentence, match), sentence,
                            value=when, due=_iso(due), deadline_kind=kind))
    return out


def _governed(sentence: str, match: re.Match[str]) -> str:
    """What a time governs: the clauses after it to the end of the sentence (在2023年底前实现清洁能源替代),
    else, for a time that closes its clause (…2023年10月底前完成), the clause it ends."""
    after = _plain(sentence[match.end():]).lstrip("，,、前")
    if len(after) >= 4:
        return after
    clauses = [c for c in _CLAUSE_SPLIT.split(sentence[:match.start()]) if c.strip()]
    return _TIME_FIELD.sub("", _plain(clauses[-1] if clauses else sentence)).strip() or _plain(sentence)


def _targets(doc_id: str, section: Section, text: str, issued: int | None = None) -> list[Fact]:
    """The targets of a text: each figure with its indicator, and each goal set in words; a figure for a year
    before the one the document was `issued` in, not one it is to reach by (到2025年), is a value reported."""
    out: list[Fact] = []
    figures: dict[str, list[Target]] = {}
    for target in section.targets:
        if target.sentence in text:
            figures.setdefault(target.sentence, []).append(target)
    for paragraph in text.split("\n"):
        context = None
        last = ""  # the paragraph's last indicator: what a figure whose own is left unsaid (到2028年，达到50%以上) sets
        for sentence in sentences(paragraph):
            if m := re.match(r"^(?:到|至)\s*(20\d\d)\s*年", sentence):
                context = int(m.group(1))
            year = context
            sets = re.match(r"^(?:到|至)\s*20\d\d", sentence) is not None  # 到2025年…: what is to be reached
            for clause in _CLAUSE_SPLIT.split(sentence):
                if not clause.strip():
                    continue
                years = [int(y) for y in _YEAR.findall(clause)]
                year = years[-1] if years else year
                # a clause of its own before the figure's frames it: 与2020年相比，…下降14.5%
                base = _BASE_YEAR.search(clause) or _COMPARED_WITH.search(sentence[:sentence.find(clause)])
                base_year = int(next(g for g in base.groups() if g)) if base else None
                in_clause = [t for t in figures.get(sentence, []) if _figure_in(t, clause)]
                for target in in_clause:
                    indicator, comparison = _indicator(clause, target, in_clause[0])
                    indicator = _ON_BASE.sub("", indicator)  # 优良率在2013年基础上均提高9%: the base is no indicator
                    if last and comparison and _ELIDED.match(indicator):
                        indicator = last
                    last = target.subject or indicator
                    when = target.year or year
                    done = paragraph == section.progress  # 进展情况：已完成28公里: what is done, not to be done
                    kind = REPORTED if done or (issued and when and when < issued and not sets) else TARGET
                    out.append(Fact(kind, doc_id, section.section_id, target.subject or indicator, sentence,
                                    value=target.value + target.unit, unit=target.unit, comparison=comparison,
                                    base_year=base_year, year=when))
                if in_clause:
                    continue
                if words := _WORDS_TARGET.search(clause):
                    indicator = _plain(clause[:words.start()] + clause[words.end():]).strip("，,；;。和与及")
                    indicator = _LEADING_TIME.sub("", indicator) or _plain(clause)
                    out.append(Fact(TARGET, doc_id, section.section_id, indicator, sentence,
                                    value=words.group(0), base_year=base_year, year=year))
    return out


def _figure_in(target: Target, clause: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(target.value)}\s*{re.escape(target.unit)}", clause) is not None


# An indicator left unsaid: the clause is its comparison and figure alone (达到50%以上, 提高到22%).
_ELIDED = re.compile(rf"^(?:{_COMPARISON.pattern.removesuffix('$')})?\s*\d+(?:\.\d+)?\s*\S{{0,6}}$")


def _indicator(clause: str, target: Target, first: Target) -> tuple[str, str]:
    """The indicator a figure measures and the words that compare it: the clause before the clause's first
    figure, without its time and comparison words (单位GDP二氧化碳下降率 | 达到 for …下降率达到18.5%;
    短流程炼钢占比 for both figures of …力争分别提升至5%、10%以上); the clause itself when no comparison
    stands before the figure, whose noun then follows it (逐步淘汰1200立方米以下高炉)."""
    at = re.search(rf"(?<![\d.]){re.escape(first.value)}\s*{re.escape(first.unit)}", clause)
    own = re.search(rf"(?<![\d.]){re.escape(target.value)}\s*{re.escape(target.unit)}", clause)
    before = clause[:at.start()] if at else clause
    after = clause[own.end():] if own else ""
    comparison = _COMPARISON.search(before)
    said = comparison.group(0) if comparison else ""
    indicator = _LEADING_TIME.sub("", _plain(before[:len(before) - len(said)])).strip("，,、：:")
    compared = bool(said)
    tail = _AFTER.match(after)
    said += tail.group(0) if tail else ""
    return (indicator if compared and len(indicator) >= 2 else _LEADING_TIME.sub("", _plain(clause))), said


_BRACKETED = re.compile(rf"[{re.escape(OPENING)}][^{re.escape(OPENING + CLOSING)}]*(?:负责|牵头|参与|落实|配合)"
                        rf"[^{re.escape(OPENING + CLOSING)}]*[{re.escape(CLOSING)}]")


def _plain(text: str) -> str:
    """A phrase without its responsibility clause and closing punctuation."""
    return _BRACKETED.sub("", text).strip().rstrip("，,；;。：:")


def facts_json(facts: list[Fact]) -> list[dict[str, Any]]:
    return [f.to_json() for f in facts]
