"""The structured form of a policy document that every other package reads.

Plain dataclasses: the corpus layer fills them from text, the index, the
answers and the reminders only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Target:
    """A number the document commits to, kept with the sentence that says it."""

    value: str
    unit: str
    year: int | None
    sentence: str


@dataclass
class Section:
    """A citable piece of a document: the preamble, an article, an annex row, a heading's text or a paragraph."""

    section_id: str
    kind: str  # "preamble" | "article" | "annex" | "heading" | "paragraph"
    number: int | None
    title: str
    label: str
    text: str
    part: str = ""
    units: list[str] = field(default_factory=list)
    clause: str = ""
    counties_implement: bool = False
    targets: list[Target] = field(default_factory=list)

    @property
    def lead(self) -> str | None:
        return self.units[0] if self.units else None


@dataclass
class KeyProject:
    """A row of the annex: a task with a deadline and the units that answer for it."""

    number: int
    section_id: str
    task: str
    deadline_text: str
    deadline_kind: str  # "fixed" | "ongoing" | "external"
    due_date: date | None
    units: list[str]
    units_text: str = ""


@dataclass
class Document:
    """One version of one document, parsed."""

    doc_id: str
    title: str
    version: int = 1
    number: str = ""
    issuer: str = ""
    date: str = ""
    sections: list[Section] = field(default_factory=list)
    key_projects: list[KeyProject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    content_hash: str = ""

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.section_id == section_id), None)
