"""Words typed by their sound: an input method's wrong character, put back to the corpus word it sounds like.

Officials type on pinyin input methods, whose commonest slip is a character
of the same sound: 谁签头 for 谁牵头, 生太环境局 for 生态环境局, 光扶 for 光伏.
Such a word matches nothing in BM25, names no unit and no asking word. A
build keeps the sound of every character pypinyin knows (toneless, its first
reading) and, under their sound, the corpus's own words; a question's run of
two to four characters — whole words of its cut, never part of one — that
the corpus does not hold and that is no word of jieba's dictionary (签头,
结杆; not 打头 or 实时, typed as meant) is read as the dictionary's commonest
corpus word of the same sound, unless the characters that differ are
function characters (是商务局 is 是 + 商务局, not 市商务局). A data source, not a list of
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


def _toneless(reading: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c))


def _on_purpose(word: str, run: str) -> bool:
    """Whether a run differs from a corpus word of its sound in a function character: typed so on purpose."""
    return any(b in _FUNCTION for a, b in zip(word, run, strict=True) if a != b)


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

    def _heard(self, keys: set[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        marks = ",".join("?" * len(keys))
        for key, word in self.table.execute(f"SELECT sound, word FROM heard WHERE sound IN ({marks})", sorted(keys)):
            out.setdefault(key, []).append(word)
        return out

    def repair(self, text: str, held: Callable[[str], bool], frequency: Callable[[str], int],
               bounds: Callable[[str], frozenset[int]], asking: Iterable[str] = ()) -> str:
        """`text` with each run typed by its sound replaced by the corpus word, its other characters as typed
        (all of it folded, as questions are read, only where folding changed its length); `text` itself when
        nothing is replaced. `held` says whether the corpus holds a run as it is,
        `frequency` how often jieba's dictionary counts a word (0: no word), `bounds` where a text's words
        begin and end: a run is one or more whole words of the question (哪个局 holds no run 个局). The
        `asking` words (牵头, 负责: the words questions ask in, which a plan may never print) are heard too."""
        folded = fold(text)
        edges = bounds(folded)
        runs = [(m.start() + i, m.group()[i:i + n]) for m in _RUN.finditer(folded)
                for n in range(_LONGEST, 1, -1) for i in range(len(m.group()) - n + 1)]
        # A run that is a word of the dictionary was typed as meant (实时 is no slip for 实施, 考查 none for 考察).
        runs = [(at, run) for at, run in runs
                if at in edges and at + len(run) in edges and not held(run) and not frequency(run)]
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
            near = [w for w in heard.get(key, ()) if w != run and not _on_purpose(w, run) and frequency(w)]
            if span & taken or not near:
                continue
            out[at:at + len(run)] = max(near, key=frequency)
            taken |= span
        repaired = "".join(out)
        if repaired == folded:
            return text
        # The original keeps what folding changes (capitals an English place is read by) where folding kept its
        # length, as it does but for a rare traditional phrase.
        if len(folded) == len(text):
            return "".join(t if f == r else r for t, f, r in zip(text, folded, repaired, strict=True))
        return repaired
