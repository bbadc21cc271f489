"""What the conversation core says back, as structure rather than markup.

A reply keeps its heading, body and cited sources apart so that each
platform's formatter (`bot/format.py`) can render them in its own markup and
within its own size limit; the core never writes HTML or Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from reminders.delivery import Attachment

KINDS = ("answer", "info", "refusal", "error")


@dataclass(frozen=True)
class Source:
    """One citation, shown as 《doc_title》section_label：「quote」."""

    doc_title: str
    section_label: str
    quote: str


@dataclass(frozen=True)
class Reply:
    text: str  # the body; lines separated by "\n"
    title: str = ""  # a short heading, bold where the platform has bold
    sources: tuple[Source, ...] = ()  # best first
    kind: str = "info"  # answer | info | refusal (not allowed, nothing changed) | error
    attachment: Attachment | None = None  # a file sent after the text (the 督办台账), each platform its own way
    answer_token: str = ""  # an answer as kept for verdicts: platforms with buttons put 👍/👎 under it


def refusal(text: str) -> Reply:
    """A refusal: not allowed or not possible, and nothing changed."""
    return Reply(text, kind="refusal")
