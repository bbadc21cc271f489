"""The unit registry: one canonical name per unit, however a person writes it.

Answers, reminders and chat bindings all key on the canonical name, so
"市发改委", "长治市发展和改革委员会" and "DRC" must land on the same unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from corpus.known_units import COUNTIES, GROUPS, UNITS

# A bureau's 科 and 股 are bodies; 全科, 本科, 入股, 控股 are not.
_UNIT_SUFFIX = re.compile(r"(局|委|办|中心|支行|分行|政府|单位|部门|厅|院|会|公司|集团|所|队|站|部|署|处|室|馆"
                          r"|(?<![入全儿本专学内外牙眼])科|(?<![入参控持配])股"
                          r"|乡镇|街道|园区|社区|供销社|合作社|妇联|工商联|残联|科协|侨联"
                          # a township by its name (茶溪乡, 石门镇), not 城乡
                          r"|(?<=[\u4e00-\u9fff]{2})(?<!城)[乡镇])$"
                          r"|^各[\u4e00-\u9fff]")  # 各乡镇, 各村: the places a task binds; 供销社, 妇联: bodies too
COUNTY_GROUPS = ("各县区人民政府", "有关县区人民政府")


_MISSPELT_LEN = 5
_SHORTENED_LEN = 3  # 发改局, 住建局: a shorter form names no body in particular
_LEVELS = frozenset("省市县区镇乡")


def normalize(name: str) -> str:
    """Width, case and bracket differences are not differences between units."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()


def _words(text: str) -> str:
    """English names compare word by word, case and width aside."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def field_of(name: str) -> str:
    """What a unit's name says it works on: the name without its place and its kind (市机关事务管理局 →
    机关事务管理, 市统计局 → 统计), for finding its part of an article it shares with others."""
    return _UNIT_SUFFIX.sub("", re.sub(r"^(长治市|长治|市|县|区)", "", name))


def looks_like_unit(name: str) -> bool:
    """A name from a responsibility clause that reads as an organisation, or as every one of a kind of place."""
    return 2 <= len(name) <= 30 and bool(_UNIT_SUFFIX.search(name))


@dataclass
class Unit:
    name: str
    aliases: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    group: bool = False

    @property
    def english_name(self) -> str:
        return self.english[0] if self.english else self.name


class UnitRegistry:
    """Canonical units, their aliases and English names, and the county groups."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self._alias: dict[str, str] = {}
        self._english: dict[str, str] = {}

    @classmethod
    def default(cls) -> UnitRegistry:
        registry = cls()
        for name, aliases, english in UNITS:
            registry.add(name, aliases, english)
        for name, aliases, english in GROUPS:
            registry.add(name, aliases, english, group=True)
        return registry

    def add(self, name: str, aliases: tuple[str, ...] = (), english: tuple[str, ...] = (),
            group: bool = False) -> Unit:
        """Register a unit (or return the one it already is) with derived aliases."""
        known = self.resolve(name)
        if known:
            return self.units[known]
        unit = Unit(name, list(aliases), list(english), group)
        self.units[name] = unit
        for alias in (name, *aliases, *self._derived(name, aliases)):
            self._alias.setdefault(normalize(alias), name)
        for word in english:
            self._english.setdefault(_words(word), name)
        return unit

    @staticmethod
    def _derived(name: str, aliases: tuple[str, ...]) -> list[str]:
        """长治市X局 and X局 for 市X局: the forms a city's own units go by."""
        out = []
        for form in (name, *aliases):
            if form.startswith("市") and len(form) > 3:
                out += [form[1:], "长治" + form]
        return out

    def resolve(self, name: str) -> str | None:
        """The canonical name for any written form, or None."""
        key = normalize(name)
        return self._alias.get(key) or self._english.get(_words(name)) or (
            self._alias.get(key[2:]) if key.startswith("长治") else None)

    def _spans(self, norm: str) -> list[tuple[int, int, str]]:
        """Where units are named in normalised text: (start, stop, canonical name), longest first, no overlaps."""
        spans: list[tuple[int, int, str]] = []
        for alias, name in self._alias.items():
            spans += [(m.start(), m.end(), name) for m in re.finditer(re.escape(alias), norm)]
        for word, name in self._english.items():
            pattern = rf"(?<![a-z]){re.escape(word)}(?![a-z])"
            spans += [(m.start(), m.end(), name) for m in re.finditer(pattern, norm)]
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, str]] = []
        for span in spans:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return kept or self._misspelt(norm) or self._shortened(norm)

    def _misspelt(self, norm: str) -> list[tuple[int, int, str]]:
        """A long name typed with one character wrong (生态坏境局 for 生态环境局), where the text names no unit
        exactly: its own words (without 长治/市) of `_MISSPELT_LEN` characters or more, the same first and last
        characters, one character between different. A shorter name, or a different first character, names
        another body as often as a typo (商务局 and 税务局, 人行 and 农行 长治支行, 潞州区 and 县区 人民政府)."""
        ends: dict[str, list[int]] = {}
        for i, char in enumerate(norm):
            ends.setdefault(char, []).append(i)
        found: list[tuple[int, int, str]] = []
        for alias, name in self._alias.items():
            core = re.sub(r"^(长治市|长治|市)", "", alias)
            size = len(core)
            for end in ends.get(core[-1], ()) if size >= _MISSPELT_LEN else ():
                window = norm[end - size + 1:end + 1]
                if len(window) == size and window[0] == core[0] and sum(
                        a != b for a, b in zip(window, core, strict=True)) == 1:
                    found.append((end - size + 1, end + 1, name))
        return sorted(set(found))[:1]

    def _shortened(self, norm: str) -> list[tuple[int, int, str]]:
        """A name shortened by leaving characters out (行政审批局 for 市行政审批服务局, 发改局 for 县发展和改革局,
        住建局 for 县住建局), where the text names no unit otherwise: a window of `_SHORTENED_LEN` characters or
        more with the name's
        own first and last characters and the rest of its characters in order. Only when one unit answers to it:
        a short form two units share names neither."""
        found: dict[tuple[int, int], set[str]] = {}
        for alias, name in self._alias.items():
            core = re.sub(r"^(长治市|长治|市|县|区)", "", alias)
            if len(core) < _SHORTENED_LEN or self.is_group(name):
                continue
            # after a place (潞州区人民政府) the text names that place's body, not this one
            for start in (i for i, char in enumerate(norm) if char == core[0] and norm[i - 1:i] not in _LEVELS):
                for end in range(start + _SHORTENED_LEN, min(len(norm), start + len(core)) + 1):
                    if norm[end - 1] == core[-1] and _in_order(norm[start:end], core):
                        found.setdefault((start, end), set()).add(name)
        spans = sorted((start, end, names.pop()) for (start, end), names in found.items() if len(names) == 1)
        return spans[:1]

    def find_in(self, text: str) -> list[str]:
        """Canonical units named in free text, in order of first mention, longest match first."""
        return list(dict.fromkeys(name for _, _, name in self._spans(_words(text))))

    def without(self, text: str) -> str:
        """The text (normalised) with the units it names taken out: what is left says what the text is about."""
        norm = _words(text)
        out, at = [], 0
        for start, stop, _ in self._spans(norm):
            out.append(norm[at:start])
            at = stop
        return " ".join(part for part in [*out, norm[at:]] if part.strip())

    def name_words(self, name: str) -> frozenset[str]:
        """The English words a unit's names are made of (industry, bureau): a question calling it by a short
        form of them (the industry & IT bureau) still names only the unit with them."""
        unit = self.units.get(name)
        return frozenset(w for e in (unit.english if unit else ()) for w in re.findall(r"[a-z]+", _words(e)))

    def english_name(self, name: str) -> str:
        unit = self.units.get(name)
        return unit.english_name if unit else name

    def is_group(self, name: str) -> bool:
        unit = self.units.get(name)
        return bool(unit and unit.group)

    @staticmethod
    def members(name: str) -> tuple[str, ...]:
        """The county governments a group name stands for (none for a single unit)."""
        return COUNTIES if name in COUNTY_GROUPS else ()


def _in_order(short: str, name: str) -> bool:
    """Whether a short form's characters all stand in a name, in the same order (审批局 in 行政审批服务局)."""
    rest = iter(name)
    return all(char in rest for char in short)
