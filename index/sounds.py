"""Words typed by their sound: an input method's wrong character, put back to the corpus word it sounds like.

Officials type on pinyin input methods, whose commonest slip is a character
of the same sound: 谁签头 for 谁牵头, 生太环境局 for 生态环境局, 光扶 for 光伏.
Such a word matches nothing in BM25, names no unit and no asking word. A
build keeps the sound of every character pypinyin knows (toneless, its first
reading) and, under their sound, the corpus's own words; a question's run of
two to four characters — whole words of its cut, never part of one — that
the corpus does not hold is read as the corpus word of the same sound when
that word is a word of jieba's dictionary, shares the run's other characters
(at most half of them differ, any number when the run is no word at all:
结杆 for 秸秆) and is ten times commoner than the run (打头 and 时候 are words
of their own, 签头 is none). A data source, not a list of
typos: pypinyin's table and the corpus's vocabulary.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from index.tokenize import fold

SOUNDS_FILE = "sounds.sqlite"
_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_LONGEST = 4
# Function characters, the commonest of all: typed on purpose far more often than by slip (是商务局 is no 市商务局).
_FUNCTION = frozenset("是的了在有和与及或个这那也都就还要会能把被对为着过吗呢吧啊")
_COMMONER = 10  # the corpus word is taken when jieba counts it this many times more often than the typed run


def _toneless(reading: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c))


def _differing(word: str, run: str) -> int:
    """How many characters of two runs of the same sound (so of the same length) differ; a run whose differing
    character is a function character differs in more than all."""
    pairs = [(a, b) for a, b in zip(word, run, strict=True) if a != b]
    return len(run) + 1 if any(b in _FUNCTION for _, b in pairs) else len(pairs)


def save_sounds(path: Path, words: Iterable[str]) -> None:
    """Write every character's sound and the corpus `words` (2 to 4 Chinese characters) under theirs."""
    from pypinyin.constants import PINYIN_DICT  # building only: pypinyin takes 0.1 s to import

    sound = {chr(code): _toneless(readings.split(",")[0]) for code, readings in PINYIN_DICT.items()
             if 0x4E00 <= code <= 0x9FFF}
    heard = {(" ".join(sound[c] for c in w), w) for w in words
             if 2 <= len(w) <= _LONGEST and _RUN.fullmatch(w) and all(c in sound for c in w)}
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE chars (char TEXT PRIMARY KEY, sound TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE heard (sound TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (sound, word)) WITHOUT ROWID;
        """)
        db.executemany("INSERT INTO chars VALUES (?, ?)", sound.items())
        db.executemany("INSERT INTO heard VALUES (?, ?)", sorted(heard))
    db.close()


class Sounds:
    """A build's table of sounds, read for the characters of one question at a time."""

    def __init__(self, path: Path) -> None:
        self.table = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)

    def _sounds(self, chars: set[str]) -> dict[str, str]:
        marks = ",".join("?" * len(chars))
        return dict(self.table.execute(f"SELECT char, sound FROM chars WHERE char IN ({marks})", sorted(chars)))

    def spell(self, word: str) -> str:
        """A word in pinyin without tones or spaces, as English writes Chinese names (潮州 → chaozhou)."""
        sound = self._sounds(set(word))
        return "".join(sound.get(c, c) for c in word)

    def _heard(self, keys: set[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        marks = ",".join("?" * len(keys))
        for key, word in self.table.execute(f"SELECT sound, word FROM heard WHERE sound IN ({marks})", sorted(keys)):
            out.setdefault(key, []).append(word)
        return out

    def repair(self, text: str, held: Callable[[str], bool], frequency: Callable[[str], int],
               bounds: Callable[[str], frozenset[int]], asking: Iterable[str] = ()) -> str:
        """`text` with each run typed by its sound replaced by the corpus word (folded, as questions are read);
        `text` itself when nothing is replaced. `held` says whether the corpus holds a run as it is,
        `frequency` how often jieba's dictionary counts a word (0: no word), `bounds` where a text's words
        begin and end: a run is one or more whole words of the question (哪个局 holds no run 个局). The
        `asking` words (牵头, 负责: the words questions ask in, which a plan may never print) are heard too."""
        folded = fold(text)
        edges = bounds(folded)
        runs = [(m.start() + i, m.group()[i:i + n]) for m in _RUN.finditer(folded)
                for n in range(_LONGEST, 1, -1) for i in range(len(m.group()) - n + 1)]
        runs = [(at, run) for at, run in runs if at in edges and at + len(run) in edges and not held(run)]
        if not runs:
            return text
        asking = [w for w in asking if 2 <= len(w) <= _LONGEST]
        sound = self._sounds({c for _, run in runs for c in run} | {c for w in asking for c in w})
        keyed = [(at, run, " ".join(sound.get(c, c) for c in run)) for at, run in runs]
        heard = self._heard({key for _, _, key in keyed})
        for word in asking:
            heard.setdefault(" ".join(sound.get(c, c) for c in word), []).append(word)
        out, taken = list(folded), set()
        for at, run, key in keyed:  # longest runs first, then left to right
            span = set(range(at, at + len(run)))
            most = len(run) if not frequency(run) else len(run) // 2  # no word at all (结杆): any may have slipped
            near = [w for w in heard.get(key, ()) if w != run and _differing(w, run) <= most]
            if span & taken or not near:
                continue
            word = max(near, key=frequency)
            if not frequency(word) or frequency(run) * _COMMONER > frequency(word):
                continue
            out[at:at + len(run)] = word
            taken |= span
        repaired = "".join(out)
        return text if repaired == folded else repaired
