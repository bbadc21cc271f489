"""Places: which of China's administrative divisions a corpus covers, and which a question names.

A question about a place the documents do not cover (大同市's 散煤清零, a
plan of 保定) must be declined, not answered with Changzhi's project. Which
strings are places comes from the gazetteer (`corpus.gazetteer`), matched as
strings. What a corpus covers is read from its own text at
build time (`covered`): every division it names, with the city and province
above it, and the provinces its abbreviations name (京津冀 covers 北京, 天津
and 河北), so adding another city's plan makes that city answerable.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import cache

from corpus.gazetteer import HOME, HOME_CITY, HOME_PLACES, divisions, named
from corpus.known_units import COUNTIES

# The official one-character abbreviations (简称) of the provincial-level divisions.
ABBREVIATIONS = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
    "蒙": "内蒙古自治区", "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省",
    "皖": "安徽省", "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "桂": "广西壮族自治区",
    "琼": "海南省", "川": "四川省", "蜀": "四川省", "黔": "贵州省", "贵": "贵州省", "滇": "云南省", "云": "云南省",
    "藏": "西藏自治区", "陕": "陕西省", "秦": "陕西省", "甘": "甘肃省", "陇": "甘肃省", "青": "青海省",
    "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区", "港": "香港特别行政区", "澳": "澳门特别行政区", "台": "台湾省",
}
# Abbreviations that are also everyday characters: a run of them alone (新青, 云台) names no region.
_EVERYDAY = frozenset("吉黑蒙川贵云青宁新港澳台甘秦")
_REGION = re.compile(f"[{''.join(ABBREVIATIONS)}]{{2,}}")
_TOGETHER = re.compile(r"跟|与|同|一起|共同|联合|协同|联防|联控|周边|区域|对接|合作")


def _regions(text: str) -> set[str]:
    """Provinces named by a run of abbreviations (京津冀, 晋冀鲁豫, 粤港澳), not by everyday characters alone."""
    out = set()
    for run in _REGION.findall(text):
        if len(run) >= 3 or sum(ch not in _EVERYDAY for ch in run) >= 2:
            out.update(ABBREVIATIONS[ch] for ch in run)
    return out


def region_words(vocabulary: Iterable[str]) -> dict[str, frozenset[str]]:
    """The corpus's words that are runs of abbreviations (京津冀, 晋冀鲁豫), with the provinces each names."""
    return {word: frozenset(ABBREVIATIONS[ch] for ch in word) for word in vocabulary
            if _REGION.fullmatch(word) and _regions(word)}


def regions_asked(question: str, words: dict[str, frozenset[str]]) -> list[str]:
    """The region words of the corpus a question spells out (北京、天津、河北 → 京津冀): two of its provinces
    named in full, so BM25 sees the plan's word for them."""
    if not words:  # a corpus without region words: no need to read the question's places
        return []
    provinces = {division.name for _, division in named(question) if division.level == "province"}
    return [word for word, names in words.items() if len(names & provinces) >= 2]


def covered(texts: Iterable[str]) -> frozenset[str]:
    """The divisions (full names) a corpus's texts speak of, the ones above them, and Changzhi's own."""
    home = next(d for d in divisions() if d.name == HOME_CITY)
    out = {home.name, *home.parents}
    for text in texts:
        for _, division in named(text):
            out.update((division.name, *division.parents))
        out.update(_regions(text))
    return frozenset(out)


def cities(names: Iterable[str]) -> list[str]:
    """The prefecture-level cities among division names, Changzhi first: what a place decline names as covered."""
    found = {d.name for d in divisions() if d.level == "city"} & set(names)
    return sorted(found, key=lambda name: (name != HOME_CITY, name))


def names_own(text: str, own: frozenset[str]) -> bool:
    """Whether a (folded) text names a place the documents are about (长治, 潞州区, Changzhi): it asks of that place."""
    return "changzhi" in text or any(form in HOME or division.name in own for form, division in named(text))


def all_local(titles: Iterable[str]) -> bool:
    """Whether every document is a local one, its title naming a division (长治市…方案): then none speaks for the
    nation. A title naming no place (国务院关于…, 减污降碳协同增效实施方案 of the ministries) may."""
    return all(named(title) for title in titles)


def jurisdictions(heads: Iterable[str]) -> frozenset[str]:
    """The places the documents are about — those their titles and issuers name, with what lies within them —
    as against places their text only mentions (京津冀 in a Changzhi plan's joint air-pollution control)."""
    own = {HOME_CITY} | {division.name for text in heads for _, division in named(text)}
    own.update(d.name for d in divisions() if own & set(d.parents))
    return frozenset(own)


# A province named as where a document comes from: a demonstrative follows it (湖南那份分工方案, 浙江那个县的表).
_ORIGIN = re.compile(r"(?:省|的)?(?:那个|那份|那张|那篇|那一份|那边的)")


@cache
def _parents() -> dict[str, tuple[str, ...]]:
    return {d.name: d.parents for d in divisions()}


def origins(text: str, bounds: frozenset[int] | None = None) -> set[str]:
    """The provinces a question names as where a document comes from (湖北那个征求意见稿, 湖南那份方案)."""
    return {d.name for form, d in named(text, bounds)
            if d.level == "province" and _ORIGIN.match(text, text.find(form) + len(form))}


def holding(provinces: set[str], places: frozenset[str]) -> set[str]:
    """Those of `provinces` that hold one of `places` (湖北省 holds 襄阳市)."""
    return {name for name in provinces if any(name in _parents().get(place, ()) for place in places)}


def uncovered(text: str, places: frozenset[str], own: frozenset[str],
              bounds: frozenset[int] | None = None) -> str | None:
    """The first place a question asks about that the corpus does not answer for, as the question writes it.

    A place the documents never mention is not covered. One they mention but
    are not about (北京 in a Changzhi plan) is covered only where the
    question asks how the documents' own place works with it (跟北京、天津、
    河北一起治理), not about its own affairs (北京的PM2.5目标), or names it as
    where one of them comes from (湖南那份方案). A county or district the
    documents name is where their work is (a 台账's 老城区雨污分流改造): covered.
    """
    origin = holding(origins(text, bounds), own)
    for form, division in named(text, bounds):
        if form in HOME or form.startswith("长治") or division.name in origin:
            continue
        if division.level == "county" and division.name in places:
            continue  # 老城区雨污分流改造: a district the documents name is where their work is (洛阳 would decline)
        if division.name not in places or (division.name not in own and not _TOGETHER.search(text)):
            return form
    return None


def spelt(places: frozenset[str]) -> dict[str, str]:
    """The corpus's own provinces and cities as English questions spell them (changzhi, chaozhou) → the full
    name: how an English question chooses a document by its place. Every reading of each character counts
    (长 is cháng in 长治, though pypinyin's first guess is zhǎng). Built once per index, as `romanised`."""
    return {spelling: division.name for division in divisions()
            if division.level != "county" and division.short and division.name in places
            for spelling in _spellings(division.short)}


def _spellings(short: str) -> list[str]:
    """A place's short name in every reading of its characters, run together (长治: changzhi, zhangzhi)."""
    from pypinyin import Style, pinyin

    return ["".join(s) for s in itertools.product(*pinyin(short, style=Style.NORMAL, heteronym=True))]


def spelt_unlisted(places: Iterable[str]) -> dict[str, str]:
    """Places the gazetteer lacks, as a document's head names them (鹤峪县, 沅川市), as English spells them without
    their 市/县/区 (heyu, yuanchuan) → the name: how an English question names such a document."""
    return {spelling: place for place in places
            if len(short := re.sub(r"(自治县|市|县|区|旗)$", "", place)) >= 2 for spelling in _spellings(short)}


def romanised(places: frozenset[str]) -> dict[str, str]:
    """Provinces and cities as English questions spell them (Shanghai, Taiyuan) → the full name, Changzhi's own
    and the corpus's places left out. Built once per index (pypinyin takes 0.2 s to load)."""
    from pypinyin import lazy_pinyin

    home = {"".join(lazy_pinyin(p)) for p in (*HOME_PLACES, *COUNTIES, *(c.rstrip("区县") for c in COUNTIES))}
    home |= {"zhangzi", "changzhi"}
    out: dict[str, str] = {}
    for division in divisions():
        if division.level == "county" or not division.short or division.name in places:
            continue
        name = "".join(lazy_pinyin(division.short))
        if name not in home:
            out.setdefault(name, division.name)
    return out
