"""jieba, prepared by a build so that answering a question never loads jieba's whole dictionary.

jieba loads its 350k-word dictionary (0.45 s) before it cuts the first word,
and its part-of-speech tagger reads the dictionary file again for the tags
(0.2 s). Yet cutting a text only ever looks up entries of the text's own
substrings: the word graph, the path score, the check that sends an unknown
run to the HMM, search mode's 2- and 3-grams and the tags are all lookups of
substrings, and the dictionary's total frequency is the one global number
(a path scores sum(log freq) - n log total). A dictionary holding just the
entries of a text's substrings, with the whole dictionary's total, cuts and
tags that text exactly as the whole dictionary does.

So a build writes the dictionary it cut the corpus with (jieba's words with
their frequencies and tags, the domain terms and unit names it added, the
total, and the romanised place names) to a table in the build, and a
question is cut by a tokenizer that first fetches from the table the entries
of the question's substrings: the same words, tags and places as a build's
own, for one indexed query instead of loading the dictionary. A restricted
dictionary file (the corpus's words and the place names) would load as fast
but cut a question's other words differently from the full dictionary.
"""

from __future__ import annotations

import importlib
import io
import os
import sqlite3
import sys
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from types import ModuleType

import jieba

from index.places import romanised_places

TABLE_FILE = "segmenter.sqlite"
ADDED_FREQUENCY = 50_000  # high enough that jieba keeps a domain term or unit name whole
_BATCH = 900  # SQLite's lowest limit on the parameters of one statement is 999


def _posseg() -> ModuleType:
    """jieba.posseg, imported without building its module-level tagger over jieba's default dictionary.

    The import reads the tag of every word in dict.txt for `jieba.posseg.dt`
    (0.2 s); the taggers here read their own tags, so the default tokenizer
    points at an empty dictionary for that moment. The module-level
    `jieba.posseg.cut` thus knows no tags in this process; nothing uses it.
    """
    if "jieba.posseg" not in sys.modules:
        default = jieba.dt.dictionary
        jieba.dt.dictionary = os.devnull
        try:
            importlib.import_module("jieba.posseg")
        finally:
            jieba.dt.dictionary = default
    return sys.modules["jieba.posseg"]


class Segmenter:
    """jieba's search-mode cut and part-of-speech tags over one dictionary, and the dictionary's place names."""

    tokenizer: jieba.Tokenizer

    def learn(self, text: str) -> None:
        """Make sure the dictionary holds what cutting `text` looks up (the whole dictionary always does)."""

    @cached_property
    def tagger(self):  # jieba.posseg.POSTokenizer, whose module is imported on first use
        return _posseg().POSTokenizer(self.tokenizer)

    def cut_for_search(self, text: str) -> list[str]:
        self.learn(text)
        return self.tokenizer.lcut_for_search(text)

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """The words of a text with their part-of-speech flags (`ns` for a place)."""
        self.learn(text)
        return [(pair.word, pair.flag) for pair in self.tagger.cut(text)]

    def place_frequency(self, name: str) -> int:
        """The jieba frequency of the place romanised as `name` (0 for no place or one of Changzhi's own)."""
        raise NotImplementedError


class FullSegmenter(Segmenter):
    """jieba's whole dictionary in memory, the domain terms and unit names added: what a build cuts with."""

    def __init__(self, words: Iterable[str]) -> None:
        self.tokenizer = jieba.Tokenizer()
        for word in words:
            self.tokenizer.add_word(word, freq=ADDED_FREQUENCY)

    @cached_property
    def places(self) -> dict[str, int]:
        frequency = self.tokenizer.FREQ
        return romanised_places((word, frequency.get(word, 0))
                                for word, tag in self.tagger.word_tag_tab.items() if tag == "ns")

    def place_frequency(self, name: str) -> int:
        return self.places.get(name, 0)

    def save(self, path: Path) -> None:
        """Write the dictionary, its total and its place names to a table a `TableSegmenter` reads."""
        tags = self.tagger.word_tag_tab
        words = [(w, f, tags.get(w)) for w, f in self.tokenizer.FREQ.items() if f]
        with sqlite3.connect(path) as db:
            db.executescript("""
                CREATE TABLE meta (total INTEGER NOT NULL, longest INTEGER NOT NULL);
                CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL, tag TEXT) WITHOUT ROWID;
                CREATE TABLE places (name TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID;
            """)
            db.execute("INSERT INTO meta VALUES (?, ?)", (self.tokenizer.total, max(len(w) for w, _, _ in words)))
            db.executemany("INSERT INTO words VALUES (?, ?, ?)", words)
            db.executemany("INSERT INTO places VALUES (?, ?)", self.places.items())
        db.close()


class _TableTokenizer(jieba.Tokenizer):
    """A jieba tokenizer whose dictionary grows by the entries of the texts it is given, read from a table."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.table = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self.total, self.longest = self.table.execute("SELECT total, longest FROM meta").fetchone()
        self.initialized = True  # nothing to load: `learn` fills FREQ

    def get_dict_file(self) -> io.BytesIO:
        """No dictionary file: the tagger over this tokenizer starts with no tags and gets them from `learn`."""
        return io.BytesIO()

    def learn(self, text: str) -> None:
        """Fetch the entries of the text's substrings not fetched before, with the prefixes jieba's graph walks."""
        n = len(text)
        with self.lock:
            wanted = [s for s in {text[i:j] for i in range(n) for j in range(i + 1, min(n, i + self.longest) + 1)}
                      if s not in self.FREQ]
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start:start + _BATCH]
                rows = self.table.execute(
                    f"SELECT word, freq, tag FROM words WHERE word IN ({','.join('?' * len(batch))})", batch)
                for word, freq, tag in rows:
                    self.FREQ[word] = freq
                    if tag:  # jieba's tagger takes these over before its next cut
                        self.user_word_tag_tab[word] = tag
                    for end in range(1, len(word)):
                        self.FREQ.setdefault(word[:end], 0)


class TableSegmenter(Segmenter):
    """The dictionary a build saved, read entry by entry as questions need it."""

    def __init__(self, path: Path) -> None:
        self.tokenizer = _TableTokenizer(path)

    def learn(self, text: str) -> None:
        self.tokenizer.learn(text)

    def place_frequency(self, name: str) -> int:
        row = self.tokenizer.table.execute("SELECT freq FROM places WHERE name = ?", (name,)).fetchone()
        return row[0] if row else 0
