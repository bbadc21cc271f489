"""Numeric targets: the figures a plan commits to, with their year and sentence."""

from __future__ import annotations

import re

from corpus.model import Target
from corpus.text import sentences

UNITS = ("微克/立方米", "万吨标准煤", "吨标准煤", "万吨", "亿元", "万元", "元", "亿千瓦时", "万千瓦时", "千瓦时",
         "万千瓦", "千瓦", "兆瓦",
         "万立方米", "立方米", "万平方米", "平方米", "万标箱", "标箱", "万公顷", "公顷", "万亩", "亩",
         "千米", "公里", "km", "%", "吨",
         "米", "座", "家", "个工作日", "工作日", "个", "台", "万辆", "辆", "万户", "户", "项", "倍", "天", "处", "所",
         "套", "艘", "栋", "条",
         "分贝", "‰", "微克每立方米", "蒸吨", "小时",
         # the legal units of measurement a plan may set a figure in (GB 3100): not to be cut to their first character
         "毫克/立方米", "毫克/升", "毫克", "千克标准煤", "千克", "克", "平方公里", "平方千米", "厘米", "毫米", "分钟",
         "秒")
# A count in a classifier of its own (600万尾, 1860人次, 27起, 12场, 4.5批次/千人): Chinese counts things in a
# closed class of classifiers (量词), those of things and events here; 万 or 亿 before it, 次 after it, a per-unit
# after a slash. A character outside the class after a number is no unit (9点, 1类, 110报警, 12345政务).
CLASSIFIERS = "个家座台辆户项处所套艘栋条名人位场次件份部张口只头尾株棵批起宗例篇间幢段块片支架根盏道门本册"
COUNTED = rf"(?:万|亿)?[{CLASSIFIERS}]次?(?:/(?:千|百|万)?[\u4e00-\u9fff]{{1,2}})?"
_NUMBER = re.compile(r"(?<![A-Za-z0-9.\-第])(\d+(?:\.\d+)?)\s*("
                     + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + f"|{COUNTED})")
# 较2020年下降8%, 在2013年基础上提高9%, 与2020年相比: the base year is not the target's
_YEAR = re.compile(r"(?<![较比与同])(20\d\d)\s*年(?!的?基础上|相比|比较)")
_LIST_SEPARATORS = re.compile(r"、|和|及|与")
_TAIL = re.compile(r"(中|的|等).*$")
_CONTEXT_YEAR = re.compile(r"^到\s*(20\d\d)\s*年")


def figures_in(text: str) -> list[str]:
    """The figures with their units a text states (18.5%, 35微克/立方米), as targets are read."""
    return [m.group(1) + m.group(2) for m in _NUMBER.finditer(text)]


def extract_targets(text: str) -> list[Target]:
    """Every number-with-unit in the text, paired with the year it is set for.

    "2025年和2030年，……分别提升至5%、10%" pairs the years with the values in
    order; otherwise a value takes the last year named before it in its
    sentence, or the 到YYYY年 that opened its paragraph.
    """
    found: list[Target] = []
    for paragraph in text.split("\n"):
        context_year = None
        for sentence in sentences(paragraph):
            values = list(_NUMBER.finditer(sentence))
            years = list(_YEAR.finditer(sentence))
            paired = "分别" in sentence and 1 < len(years) == len(values)
            respectively = sentence.find("分别")
            first = next((i for i, m in enumerate(values) if respectively >= 0 and m.start() > respectively),
                         len(values))  # the figures after 分别 are the last ones of the sentence
            subjects = [] if paired else _subjects(sentence, len(values) - first)
            for i, m in enumerate(values):
                if paired:
                    year = int(years[i].group(1))
                else:
                    before = [y for y in years if y.end() <= m.start()]
                    year = int(before[-1].group(1)) if before else context_year
                found.append(Target(m.group(1), m.group(2), year, sentence,
                                    subjects[i - first] if subjects and i >= first else ""))
            if m := _CONTEXT_YEAR.match(sentence):
                context_year = int(m.group(1))
    return found


def _subjects(sentence: str, count: int) -> list[str]:
    """The nouns a "分别" list gives the figures after it to, in order: "公交车、出租车和城市物流配送车辆中
    新能源车辆比例分别达到95%、80%和50%" → 公交车, 出租车, 城市物流配送车辆; [] unless one noun per figure."""
    at = sentence.find("分别")
    if at < 0 or count < 2:
        return []
    listed = re.sub(r"(均|依次)$", "", re.split(r"[，。；：]", sentence[:at])[-1])
    nouns = [n.strip() for n in _LIST_SEPARATORS.split(listed) if n.strip()]
    if len(nouns) != count:
        return []  # a list that does not match the figures one to one says nothing certain about any of them
    nouns[-1] = _TAIL.sub("", nouns[-1]) or nouns[-1]
    return nouns
