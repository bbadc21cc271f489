"""jieba, prepared by a build so that answering a question never loads jieba's whole dictionary.

jieba loads its 350k-word dictionary (0.45 s) before it cuts the first word.
Yet cutting a text only ever looks up entries of the text's own substrings:
the word graph, the path score, the check that sends an unknown run to the
HMM and search mode's 2- and 3-grams are all lookups of substrings, and the
dictionary's total frequency is the one global number (a path scores
sum(log freq) - n log total). A dictionary holding just the entries of a
text's substrings, with the whole dictionary's total, cuts that text exactly
as the whole dictionary does.

So a build writes the dictionary it cut the corpus with (jieba's words with
their frequencies, the domain terms and unit names it added, and the total)
to a table in the build, and a question is cut by a tokenizer that first
fetches from the table the entries of the question's substrings: the same
words as a build's own, for one indexed query instead of loading the dictionary. A restricted
dictionary file (the corpus's words and the place names) would load as fast
but cut a question's other words differently from the full dictionary.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import jieba

TABLE_FILE = "segmenter.sqlite"
ADDED_FREQUENCY = 50_000  # high enough that jieba keeps a domain term or unit name whole
_BATCH = 900  # SQLite's lowest limit on the parameters of one statement is 999


class Segmenter:
    """jieba's search-mode cut and its words' bounds, over one dictionary."""

    tokenizer: jieba.Tokenizer

    def learn(self, text: str) -> None:
        """Make sure the dictionary holds what cutting `text` looks up (the whole dictionary always does)."""

    def cut_for_search(self, text: str) -> list[str]:
        self.learn(text)
        return self.tokenizer.lcut_for_search(text)

    def frequency(self, word: str) -> int:
        """How often jieba's dictionary counts `word` (0: it is no word of the dictionary)."""
        self.learn(word)
        return self.tokenizer.FREQ.get(word, 0)

    def bounds(self, text: str) -> frozenset[int]:
        """The offsets where the text's words begin and end (jieba's accurate mode): where a name may stand."""
        self.learn(text)
        out, at = {0}, 0
        for word in self.tokenizer.cut(text):
            at += len(word)
            out.add(at)
        return frozenset(out)


class FullSegmenter(Segmenter):
    """jieba's whole dictionary in memory, the domain terms and unit names added: what a build cuts with."""

    def __init__(self, words: Iterable[str]) -> None:
        self.tokenizer = jieba.Tokenizer()
        for word in words:
            self.tokenizer.add_word(word, freq=ADDED_FREQUENCY)

    def save(self, path: Path) -> None:
        """Write the dictionary and its total to a table a `TableSegmenter` reads."""
        words = [(w, f) for w, f in self.tokenizer.FREQ.items() if f]
        with sqlite3.connect(path) as db:
            db.executescript("""
                CREATE TABLE meta (total INTEGER NOT NULL, longest INTEGER NOT NULL);
                CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID;
            """)
            db.execute("INSERT INTO meta VALUES (?, ?)", (self.tokenizer.total, max(len(w) for w, _ in words)))
            db.executemany("INSERT INTO words VALUES (?, ?)", words)
        db.close()


class _TableTokenizer(jieba.Tokenizer):
    """A jieba tokenizer whose dictionary grows by the entries of the texts it is given, read from a table."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.table = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self.total, self.longest = self.table.execute("SELECT total, longest FROM meta").fetchone()
        self.initialized = True  # nothing to load: `learn` fills FREQ

    def learn(self, text: str) -> None:
        """Fetch the entries of the text's substrings not fetched before, with the prefixes jieba's graph walks."""
        n = len(text)
        with self.lock:
            wanted = [s for s in {text[i:j] for i in range(n) for j in range(i + 1, min(n, i + self.longest) + 1)}
                      if s not in self.FREQ]
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start:start + _BATCH]
                rows = self.table.execute(
                    f"SELECT word, freq FROM words WHERE word IN ({','.join('?' * len(batch))})", batch)
                for word, freq in rows:
                    self.FREQ[word] = freq
                    for end in range(1, len(word)):
                        self.FREQ.setdefault(word[:end], 0)


class TableSegmenter(Segmenter):
    """The dictionary a build saved, read entry by entry as questions need it."""

    def __init__(self, path: Path) -> None:
        self.tokenizer = _TableTokenizer(path)

    def learn(self, text: str) -> None:
        self.tokenizer.learn(text)
