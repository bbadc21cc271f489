"""What a how-much question measures: the target units that can answer it, read from its measure or dimension word.

"几家重点企业" can only be answered by a count of 家, "多大容积" by a volume,
"比例要达到多少" by a share: a section that sets no figure of that kind is not
the answer however many words it shares, and within a section the figure of
the asked kind is the one to give (4.3米 for a height, not 3座). The units are
those the corpus's figures are read in (`corpus.targets.UNITS`), grouped by
what they measure; a question that names no measure leaves every figure.
"""

from __future__ import annotations

import re

from corpus.targets import CLASSIFIERS, UNITS

DIMENSIONS: dict[str, frozenset[str]] = {
    "share": frozenset({"%", "‰"}),
    "length": frozenset({"千米", "公里", "km", "米", "厘米", "毫米"}),
    "mass": frozenset({"吨", "万吨", "千克", "克", "毫克"}),
    "energy": frozenset({"万吨标准煤", "吨标准煤", "千克标准煤"}),
    "money": frozenset({"亿元", "万元", "元"}),
    "electricity": frozenset({"亿千瓦时", "万千瓦时", "千瓦时"}),
    "power": frozenset({"万千瓦", "千瓦", "兆瓦"}),
    "volume": frozenset({"万立方米", "立方米"}),
    "area": frozenset({"万平方米", "平方米", "平方公里", "平方千米", "万公顷", "公顷", "万亩", "亩"}),
    "concentration": frozenset({"微克/立方米", "微克每立方米", "毫克/立方米", "毫克/升"}),
    "steam": frozenset({"蒸吨"}),  # a boiler's size
    "containers": frozenset({"万标箱", "标箱"}),
    "ratio": frozenset({"倍"}),
    "days": frozenset({"天", "个工作日", "工作日", "小时", "分钟", "秒"}),  # 办结时间压缩至0.5个工作日
    "sound": frozenset({"分贝"}),
}
# each counts its own kind
COUNTERS = frozenset({"座", "家", "个", "台", "万辆", "辆", "万户", "户", "项", "处", "所", "套", "艘", "栋", "条"})
assert set(UNITS) == COUNTERS.union(*DIMENSIONS.values()), "every unit figures are read in has its dimension"

# Words that name a dimension rather than a unit: 比例, 浓度, 容积, 多高, how tall …
_DIMENSION_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"比例|占比|比重|百分之|百分比|份额|(?<![频效税])率(?![先领])|\b(share|percent(age)?|proportion|rate)\b"),
     "share"),
    (re.compile(r"浓度|\bconcentration\b"), "concentration"),
    (re.compile(r"容积|体积|\b(volume|cubic)\b"), "volume"),
    # English measure words only where they measure: high-tech, so far and urban area measure nothing
    (re.compile(r"高度|多高|长度|多长|距离|多远|范围|半径|\b(height|how (tall|high|far|long)|distance|radius|km"
                r"|kilomet\w*)\b"), "length"),
    (re.compile(r"吨位|\b(tonnes?|tons?|tonnage)\b"), "mass"),
    (re.compile(r"面积|\b((floor|land|surface|how much|what) area|area of|hectares?|square met\w*)\b"), "area"),
    (re.compile(r"装机|\b(installed capacity|megawatts?|kilowatts?)\b"), "power"),
    # an amount of money asked: 补贴多少钱, 投资多少, how much money (a sum, never a count of what it buys)
    (re.compile(r"(多少|几)块?钱|(资金|投资|补贴|补助|经费|预算|金额)(额|标准|规模)?(是|有|为)?(多少|几)"
                r"|\bhow much (money|funding)\b|\b(budget|funding)\b"), "money"),
)
_ASKED_UNIT = re.compile(r"(?:几|多少|多大)(" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + ")")
# A count asked in a classifier the list of units lacks (放多少尾, 几名, 开展几场): that word, as figures read it.
_ASKED_COUNT = re.compile(rf"(?:几|多少)万?([{CLASSIFIERS}]次?)")
_DIMENSION_OF = {unit: name for name, units in DIMENSIONS.items() for unit in units}


def asked_units(folded: str) -> frozenset[str]:
    """The units a figure answering this (folded) question may have; empty when it names no measure.

    A measure word after 几/多少 decides (几家 → 家, 多少户 → 户 or 万户; 多少公里 → every length);
    else a dimension word (比例 → %); else a classifier of its own (多少尾 → 尾 or 万尾).
    """
    if match := _ASKED_UNIT.search(folded):
        unit = match.group(1)
        if unit in COUNTERS:  # 多少户 is answered in 户 or 万户 (2.6万户), 几辆 in 辆 or 万辆
            return frozenset({unit, f"万{unit}"} & COUNTERS)
        return DIMENSIONS[_DIMENSION_OF[unit]]
    for pattern, name in _DIMENSION_WORDS:
        if pattern.search(folded):
            return DIMENSIONS[name]
    if match := _ASKED_COUNT.search(folded):
        return frozenset({match.group(1), f"万{match.group(1)}"})
    return frozenset()


def rules_out(wanted: frozenset[str]) -> bool:
    """Whether figures of another kind cannot answer a question asking in these units: a physical dimension
    (装机 in 千瓦, 浓度 in 微克/立方米) is never a share or a count. A share (比例, 率) and a count (几个) are
    asked loosely and may be answered by what the plan sets instead."""
    return wanted in DIMENSIONS.values() and wanted != DIMENSIONS["share"]
