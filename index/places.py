"""Place names: Changzhi's own, and the others as English questions spell them.

The abstention declines a question about another place; what counts as
another place is jieba's own place-name tag (`ns`), so any city or province
an official names is recognised, not a fixed list. Romanising those names
needs pypinyin (0.2 s to import), so a build does it once (index.segmenter)
and answering a question only looks the names up.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from corpus.known_units import COUNTIES

HOME_PLACES = frozenset({"长治", "长治市", "我市", "全市", "市区", "县区", "山西", "山西省", "上党"})
HOME = HOME_PLACES | set(COUNTIES) | {c[:-1] for c in COUNTIES if len(c) > 2}


def romanised_places(places: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Romanised place name -> the highest jieba frequency among the places spelt so, Changzhi's own left out.

    `places` are (word, frequency) pairs of jieba's `ns` words; names of two
    to four characters only, as longer ones are never typed in English.
    """
    home = {_romanised(p) for p in (*HOME_PLACES, *COUNTIES, *(c.rstrip("区县") for c in COUNTIES))}
    home |= {"zhangzi", "changzhi"}
    out: dict[str, int] = {}
    for word, frequency in places:
        if 2 <= len(word) <= 4:
            name = _romanised(word)
            if name not in home:
                out[name] = max(out.get(name, 0), frequency)
    return out


@cache
def _romanised(word: str) -> str:
    """pypinyin is slow enough (0.7 s for jieba's places) that a process building many indexes does it once."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(word))
