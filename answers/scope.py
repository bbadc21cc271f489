"""Whether a document a question chooses speaks to the question's topic at all.

A question naming a document's place (杭州市…, 丽水的…) is answered from that
document alone. When most of its topic words — besides the words of the
document's title (its place, 计划, 方案) and figures — are nowhere in the
document, its nearest section is about something else, and answering from it
("未写明具体时限" of an unrelated item) would pass off a guess as the
document's word: the document does not speak to the question, and it says so.
"""

from __future__ import annotations

import re

# Declined when fewer than half its topic words are in the document. On the calibration cases the documents
# hold all the topic words of every question they answer and at most a third of those they do not.
MIN_COVERED = 0.5
_FIGURE = re.compile(r"[\d.]+")


def missing_words(topic: list[str], text: str, title: str) -> list[str] | None:
    """The topic words a document lacks, when it lacks most of them; None when it speaks to the topic.
    `text` and `title` are folded as the words are."""
    words = [t for t in dict.fromkeys(topic) if t not in title and not _FIGURE.fullmatch(t)]
    missing = [t for t in words if t not in text]
    return missing if words and len(missing) > len(words) * (1 - MIN_COVERED) else None
