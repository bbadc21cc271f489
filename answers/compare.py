"""Questions that compare two or more subjects by when they are due: "A和B，哪个截止时间更早？".

Such a question names its subjects side by side, joined by a conjunction, and
asks which comes first or last. Each subject is answered as a deadline
question of its own; the answer puts their dates side by side and says which
is earlier. Reading the question is plain string work, kept here so the
engine only searches and composes.
"""

from __future__ import annotations

import re

EARLIER, LATER = "earlier", "later"

# Which one, then a comparative of time: 哪个更早, 哪项先到期, 谁先完成, which is due first, which comes later.
_WHICH = r"(?:哪(?:一)?(?:个|项|条|件)?|谁|\bwhich(?: one)?\b)"
_EARLY = r"(?:更早|最早|早一些|早些|较早|得早|先|\bearlier\b|\bfirst\b|\bsooner\b)"
_LATE = r"(?:更晚|最晚|晚一些|晚些|较晚|得晚|更迟|最迟|得迟|靠后|后(?:到期|完成|截止)|\blater\b|\blast\b)"
_ASKS = re.compile(rf"{_WHICH}[^，,。？?:：]{{0,12}}?(?P<order>{_EARLY}|{_LATE})")
# How much later or earlier one is than another: A比B晚几年, A比B早多少, how much later is A than B.
_GAP = re.compile(r"比(?P<other>[^，,。？?]{2,30}?)(?:要|会)?(?P<order>晚|早|迟)(?:了)?(?:几|多少)"
                  r"|\bhow (?:much|many (?:years|months)) (?P<en>later|earlier|sooner) (?:is|are|was|will) "
                  r"(?P<asked>.+?) (?:be )?(?:due )?than (?P<than>[^?]+)")
# What joins the subjects: the alternative (还是, or, vs) before the plain conjunctions.
_JOINS = (r"还是|\bor\b|\bvs\.?|\bversus\b", r"和|与|跟|同|及|、|\band\b")
# Left at a subject's edges: articles, punctuation and what the comparing clause leaves behind (…先到期 → 到期).
_FILLER = re.compile(r"^(?:the|a|an|of)\s+|^(?:是|比|请问|问一下|那个?)|[，,。？?:：\s]+$|^[，,。？?:：\s]+"
                     r"|(?:到期|完成|截止|结束|时间|时限|期限|日期|的)+[？?]?$|\s+(?:is|are)?\s*(?:due|finished|done)\b.*$")
_MIN_CHARS = 2


def order(folded: str) -> str | None:
    """EARLIER or LATER when a folded question asks which of several things is due first or last, or how much
    later or earlier one is than another (then the one asked of comes first in `subjects`)."""
    found = _ASKS.search(folded)
    if found is not None:
        return EARLIER if re.fullmatch(_EARLY, found.group("order")) else LATER
    gap = _GAP.search(folded)
    if gap is None:
        return None
    return EARLIER if (gap.group("order") or gap.group("en")) in ("早", "earlier", "sooner") else LATER


def asks_gap(folded: str) -> bool:
    """Whether a question asks by how much one is later or earlier than another (比…晚几年)."""
    return _ASKS.search(folded) is None and _GAP.search(folded) is not None


def subjects(folded: str) -> list[str]:
    """The subjects a comparing question names, in its order; fewer than two when it names one or none.

    The comparing clause is taken out first (its 和 or "and" joins nothing), then
    the rest is split at the alternative or, failing that, the plain conjunction.
    """
    found = _ASKS.search(folded)
    if found is None:
        gap = _GAP.search(folded)
        if gap is None:
            return []
        parts = ([_trimmed(folded[:gap.start()]), _trimmed(gap.group("other"))] if gap.group("other") is not None
                 else [_trimmed(gap.group("asked")), _trimmed(gap.group("than"))])  # A比B晚几年: A, then B
        return parts if all(len(p) >= _MIN_CHARS for p in parts) else []
    rest = f"{folded[:found.start()]} {_tail(folded[found.end():])}"
    for join in _JOINS:
        parts = [_trimmed(p) for p in re.split(join, rest)]
        parts = [p for p in parts if len(p) >= _MIN_CHARS]
        if len(parts) >= 2:
            return parts
    return []


def _tail(after: str) -> str:
    """What follows the comparing clause: the subjects when they come after it ("which is due first: A or B")."""
    colon = re.match(r"\s*[^，,。]{0,20}?[:：]", after)
    return after if colon is None else after[colon.end():]


def _trimmed(part: str) -> str:
    before = None
    while before != part:
        before, part = part, _FILLER.sub("", part.strip())
    return part
