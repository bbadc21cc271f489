"""The structured form of a policy document that every other package reads.

Plain dataclasses: the corpus layer fills them from text, the index, the
answers and the reminders only read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Target:
    """A number the document commits to, kept with the sentence that says it."""

    value: str
    unit: str
    year: int | None
    sentence: str
    subject: str = ""  # the noun a "分别" list gives this figure to (出租车 in 公交车、出租车…分别达到95%、80%)


@dataclass
class Clause:
    """A responsibility clause in the roles its words give, and the text it covers.

    Names are the document's own: the registry a document is parsed with
    decides whether they are mapped onto Changzhi's units or kept as written.
    """

    text: str
    leads: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    implementers: list[str] = field(default_factory=list)  # governments that 负责落实
    from_here_on: list[str] = field(default_factory=list)  # bound to everything after (以下…均需…落实，不再列出)
    covers: str = ""
    heads_its_line: bool = False  # 县农业农村局：负责…统筹协调 — the unit opens the line of duties it answers for

    @property
    def units(self) -> list[str]:
        return list(dict.fromkeys(self.leads + self.others + self.implementers))


@dataclass
class Section:
    """A citable piece of a document: the preamble, an article, an item of one, an annex row, a heading's text
    or a paragraph. An item's id extends its parent's (art-3.2, art-3.2.1) and its label is its path."""

    section_id: str
    kind: str  # "preamble" | "article" | "item" | "annex" (a table row) | "heading" | "paragraph"
    number: int | None
    title: str
    label: str
    text: str
    part: str = ""
    units: list[str] = field(default_factory=list)
    clause: str = ""
    counties_implement: bool = False
    targets: list[Target] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    implementers: list[str] = field(default_factory=list)  # the governments bound by a 以下…均需…落实 before it
    inherited: bool = False  # its clauses are an enclosing item's or article's: its duties are counted there
    progress: str = ""  # a progress table's line for this row, as printed (工作进度：已完成8台)
    details: list[str] = field(default_factory=list)  # a row's other columns, as printed (存在问题：…, 总投资：…)
    # Whom to call about it, as its 责任人/联系人 line or contact column prints it: a person, shown only to a
    # question asking whom to call, so it stands apart from the text every other answer quotes.
    contact: str = ""

    @property
    def lead(self) -> str | None:
        return self.units[0] if self.units else None

    def clause_for(self, sentence: str, score: Callable[[str], int] | None = None) -> Clause | None:
        """The clause that covers a sentence of this section, if one does; of a sentence dividing work among
        several (A负责…，B负责…), the one whose task `score` rates highest, the first on a tie."""
        covering = [c for c in self.clauses if sentence and (sentence in c.covers or c.text in sentence)]
        return max(covering, key=lambda c: score(c.covers), default=None) if score else next(iter(covering), None)


def row_label(section_id: str, number: int) -> str:
    """How a key project is cited: 附表第N项 in an annex, 第N项 in a document that is itself a table or a ledger
    of items."""
    own = section_id.rsplit(":", 1)[-1].startswith(("row-", "art-", "part-"))
    return f"第{number}项" if own else f"附表第{number}项"


@dataclass
class KeyProject:
    """A dated table row (of the annex, or of a task table): a task with a deadline and the units that answer
    for it."""

    number: int
    section_id: str
    task: str
    deadline_text: str
    deadline_kind: str  # "fixed" | "ongoing" | "external"
    due_date: date | None
    units: list[str]
    units_text: str = ""
    progress: str = ""  # a progress table's line for the row (工作进度：已完成8台)

    @property
    def label(self) -> str:
        return row_label(self.section_id, self.number)


@dataclass
class Document:
    """One version of one document, parsed."""

    doc_id: str
    title: str
    version: int = 1
    number: str = ""
    issuer: str = ""
    date: str = ""
    contact: str = ""  # the notice's own 联系人 line: whom its readers are to call (corpus.identity.document_contact)
    sections: list[Section] = field(default_factory=list)
    key_projects: list[KeyProject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    content_hash: str = ""
    home: bool = True  # a Changzhi document: its unit names are the registry's, not only its own
    place: str = ""  # the place its head opens with when the gazetteer lacks it (豫阳市): corpus.gazetteer.head_place

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.section_id == section_id), None)
