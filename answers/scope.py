"""Whether a document a question chooses speaks to the question's topic at all.

A question naming a document's place (杭州市…, 丽水的…) is answered from that
document alone. When most of its topic words — besides the words of the
document's title (its place, 计划, 方案) and figures — are nowhere in the
document, its nearest section is about something else, and answering from it
("未写明具体时限" of an unrelated item) would pass off a guess as the
document's word: the document does not speak to the question, and it says so.

A question that counts things (多少个充电桩, 几座加氢站) asks of those things:
when no document names them, no figure of the documents counts them. So does a
question for a rate per thing (每亩投资多少) or for a kind of money (补偿标准是多少):
a document that states nothing per that thing, or never names that kind of money,
gives no such figure.
"""

from __future__ import annotations

import re

from corpus.targets import CLASSIFIERS
from index.glossary import expand

# Declined when fewer than half its topic words are in the document. On the calibration cases the documents
# hold all the topic words of every question they answer and at most a third of those they do not.
MIN_COVERED = 0.5
_FIGURE = re.compile(r"[\d.]+")
# Words of when and of wanting, not of what is asked about: 今年, 目前, and a modal joined to its verb (要降, 得建).
_NO_TOPIC = re.compile(r"今年|明年|去年|本年度?|当年|年内|年底|目前|现在|当前|近期|今后|下一步"
                       r"|(要|得|需|应)(降|升|减|增|建|改|达|完|到|提|控|做|搞|弄|干|交|报)")


def missing_words(topic: list[str], text: str, title: str) -> list[str] | None:
    """The topic words a document lacks, when it lacks most of them; None when it speaks to the topic.
    `text` and `title` are folded as the words are."""
    words = [t for t in dict.fromkeys(topic)
             if t not in title and not _FIGURE.fullmatch(t) and not _NO_TOPIC.fullmatch(t)]
    missing = [t for t in words if t not in text]
    return missing if words and len(missing) > len(words) * (1 - MIN_COVERED) else None


# The thing a how-many question counts: the word after 多少/几 and a measure word for things (not 吨 or 万千瓦,
# which measure what a plan may well name in other words).
_MEASURE = r"(?:个|座|台|辆|家|处|套|条|所|栋|根|块)"
_COUNTED = (re.compile(rf"(?:多少|几){_MEASURE}(?!百分点)([\u4e00-\u9fff]{{2,4}})"),  # 高多少个百分点: no thing
            # or named first: 充电桩全市一共要建多少个
            re.compile(rf"([\u4e00-\u9fff]{{2,4}}?)(?:全市|全省|全县|一共|总共|每年)*(?:要|得|需要|计划|应)?"
                       rf"(?:新建|建设|建成|建|新增|增加|布设|配备|安装)多少{_MEASURE}"))


# An English how-many question's thing: its last two words before the verb (how many EV charging piles will …:
# charging piles), the head and the word that tells it from its kind.
_COUNTED_EN = re.compile(r"\bhow many (?:[a-z0-9-]+ )*?(?P<thing>(?:[a-z-]+ )?[a-z-]+?)s? "
                         r"(?:will|would|are|is|does|do|did|should|must|shall|can|to|have|has|in|of|for|by)\b")


def counted_absent(folded_question: str, texts: list[str]) -> str | None:
    """The thing a how-many question counts, when none of the folded document `texts` has its first two
    characters, what tells it from its kind (换电站 is no 水电站, 充电桩 no 桩); None when a document names it or
    nothing is counted. An English thing counts in the plan's terms the glossary gives it (charging piles →
    充电), and only where it gives some."""
    found = _COUNTED[0].search(folded_question) or _COUNTED[1].search(folded_question)
    if found is not None:
        thing = found.group(1)
        return None if any(thing[:2] in text for text in texts) else thing
    english = _COUNTED_EN.search(folded_question)
    terms = expand(english.group("thing")).split() if english else []
    if not terms or any(term[:2] in text for term in terms for text in texts):
        return None
    return english.group("thing") if english else None


# A rate per thing (每户, 每亩, 每头): stated as 每亩, 亩均 or /亩. 每个 is "each" (每个县区至少选几家), no rate.
_PER = re.compile(rf"每([{CLASSIFIERS.replace('个', '')}亩吨])")
# Kinds of money, each with the words documents write it in: a subsidy is 补贴 or 补助, a budget 经费 or 资金.
_MONEY_KINDS = (("补贴", "补助", "奖补", "资助"), ("补偿", "赔偿"), ("奖励", "奖金", "奖补"), ("罚款", "罚金"),
                ("价格", "价钱", "收费", "票价"), ("工资", "薪酬", "待遇"), ("经费", "预算", "资金", "投入"))


def measured_absent(folded_question: str, texts: list[str]) -> str | None:
    """The rate or kind of money a figure question asks (每亩, 补偿) when none of the folded document `texts`
    states it; None when one does or the question asks neither."""
    for per in _PER.finditer(folded_question):
        unit = per.group(1)
        if not any(f"每{unit}" in text or f"{unit}均" in text or f"/{unit}" in text for text in texts):
            return per.group(0)
    for kind in _MONEY_KINDS:
        asked = next((word for word in kind if word in folded_question), None)
        if asked and not any(word in text for word in kind for text in texts):
            return asked
    return None
