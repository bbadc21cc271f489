"""Whom to call about a task: the person lines a notice prints for its readers, chosen by their subject.

A notice may close with whom to call about each of its parts (石门乡：负责人韩国栋，联系人陶敏，联系电话82751046),
as it prints its own 联系人 line: those lines are read here, for a question that asks whom to call or who the
person in charge is — the line whose subject (its section's title, the words before its colon) shares most
with the question, and on a tie the one of the section retrieval ranks first. A ledger's 责任人 field and a
table's contact column name the people a supervising office holds to account, not whom readers are to call:
they are kept apart from the text (Section.contact) and out of every answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from corpus.model import Section
from index.search import overlap
from index.tokenize import tokens

# A line naming a person to call: a contact label and a telephone number (seven digits or more, an area code
# before them or not).
_PERSON_LINE = re.compile(r"(责任人|联系人|负责人|经办人|填报人).{0,40}?(\d{3,4}-)?\d{7,11}")
# A question for the person who answers for a task, by the post a ledger prints (粮食储备库的责任人是谁, 石门乡的
# 负责人叫什么, who is the contact person): answered from a person line whose subject it names, else as before
# (负责人是谁 of a plan that names no person asks which unit leads).
_PERSON_ASKED = re.compile(r"(责任人|负责人|联系人|对接人)(是谁|是哪位|叫什么|叫啥|姓什么|的?名字|[的和及]?电话)"
                           r"|\bcontact (person|people)\b|\bperson (responsible|in charge)\b")


def asks_person(folded: str) -> bool:
    """Whether a question asks for the person a task's line names (责任人是谁, contact person)."""
    return _PERSON_ASKED.search(folded) is not None


def person_lines(section: Section) -> list[str]:
    """The lines of a section's text that name whom to call: a contact label and a number (a notice's list of
    负责人 and 联系人)."""
    return [line for line in section.text.split("\n") if _PERSON_LINE.search(line)]


def whom_to_call(ranked: Iterable[Section], query_tokens: list[str],
                 subject: str) -> tuple[int, Section, str] | None:
    """The person line for the question among the sections of its documents, `ranked` as retrieval ranks them,
    with how much its subject shares: the line whose own subject and section title share most with the question
    and with `subject` (the title of the section the question lands on, for a question in other words or in
    English); None without any line."""
    subject_tokens = tokens(subject)
    best: tuple[int, int, Section, str] | None = None
    for rank, section in enumerate(ranked):
        for line in person_lines(section):
            named = f"{section.title} {line.partition('：')[0]}"  # 石门乡：负责人…: the subject before its colon
            score = overlap(named, query_tokens) + overlap(named, subject_tokens)
            if best is None or (score, -rank) > (best[0], best[1]):
                best = (score, -rank, section, line)
    return (best[0], best[2], best[3]) if best else None
