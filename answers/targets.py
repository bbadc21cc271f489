"""The target a how-much or which-year question asks about, chosen from the fact table by its indicator.

A plan sentence often sets several targets ("单位地区生产总值能源消耗下降完成省下达目标，单位GDP二氧化碳下降率
达到18.5%"), so the sentence that matches a question is no answer: the target whose indicator matches it is.
Its indicator is compared with the question's words — whole words first, then their characters, since
questions shorten the plan's terms (能耗 for 能源消耗) — and a year the question names keeps the targets set
for that year. A figure the question states is what the asker knows already (新增的有60%的目标，那存量的呢?),
so it is not the answer, unless the question asks which indicator that figure belongs to.
"""

from __future__ import annotations

import re

from answers.measures import rules_out
from corpus.facts import REPORTED, TARGET, Fact
from corpus.targets import figures_in
from index.tokenize import fold

_YEAR = re.compile(r"(?<![较\d])(?<![^占]比)(20\d\d)\s*年?")  # not a base year (比2015年), but 占比2030年 is
# A question that gives a figure and asks what it is the figure of: 30%是哪个指标的, which target is 30%.
_WHICH_OF = re.compile(r"哪(个|项|一项|些)|什么|\bwhich\b|\bwhat\b")
_COMPARED = re.compile(r"(以上|以下|以内|左右)$")
AFTER, BEFORE = 6, 8  # what a figure measures mostly follows it: 100吨以下转炉; else precedes it
PARTIAL = 0.5  # a question word whose characters the indicator holds apart counts half (能耗 in 能源消耗)


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:percent|per cent|pct)\b")


def stated_figures(folded: str) -> set[str]:
    """The figures a question gives, with their units (10%, 35微克/立方米; 10 percent is 10%)."""
    return set(figures_in(_PERCENT.sub(r"\1%", folded)))


def asked_years(folded: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(folded)}


def reverse_lookup(folded: str) -> bool:
    """Whether a question gives a figure and asks whose it is (方案里那个30%是哪个指标的？)."""
    return bool(stated_figures(folded)) and _WHICH_OF.search(folded) is not None and "多少" not in folded


def is_year(word: str) -> bool:
    """Whether a question word is a year (2025): it names a period, which the year filter reads, not an indicator."""
    return _A_YEAR.fullmatch(word) is not None


_A_YEAR = re.compile(r"(?:19|20)\d\d")


def subject_match(subject: str, query_tokens: list[str]) -> float:
    """How much of the question an indicator holds: question words in it whole, else half their characters."""
    text = fold(subject)
    score = 0.0
    for word in set(query_tokens):
        if is_year(word):
            continue
        if word in text:
            score += len(word)
        elif len(word) > 1 and re.search(r"[\u4e00-\u9fff]", word) and all(ch in text for ch in word):
            score += PARTIAL * len(word)
    return score


_SHARE_OF = re.compile(r"([\u4e00-\u9fff]{2,}?|[a-z][a-z0-9.]{1,8})(?:的|在[^占]{1,8}中)?"
                       r"(?:占(?!用|地)|(?:平均|年均)?浓度)")
SHARE_HEAD = 4  # the head noun of a share, at most: 方案里绿色建筑占… is 绿色建筑's


def share_head(folded: str) -> str | None:
    """What a share or a concentration is asked of (绿色建筑占新建建筑的比例 → 绿色建筑, 电炉钢占比 → 电炉钢, 臭氧浓度
    → 臭氧): the characters before 占 or 浓度. Another thing's share of the same whole (装配式建筑占新建建筑面积比例),
    another pollutant's concentration (PM2.5), is no answer to it."""
    found = _SHARE_OF.search(folded)
    if found is None:
        return None
    head = re.sub(r"(平均|年均)+$", "", found.group(1))
    return head if head.isascii() else head[-SHARE_HEAD:]


def holds(text: str, word: str | None) -> bool:
    """Whether a text holds a question word, whole or by its characters (能耗 in 能源消耗); any text holds None."""
    return word is None or subject_match(text, [word]) > 0


def sets_indicator(facts: list[Fact], words: list[str]) -> bool:
    """Whether one of these targets' indicators holds every one of the words, whole or by its characters
    (能耗 in 能源消耗): a follow-up naming only such words asks for another target of the same section."""
    return bool(words) and any(all(subject_match(f.subject, [w]) > 0 for w in words)
                               for f in facts if f.kind == TARGET)


def choose(facts: list[Fact], query_tokens: list[str], folded: str, wanted: frozenset[str],
           own: tuple[str, ...] = (), kind: str = TARGET) -> list[Fact]:
    """The targets of these facts (one section's) that the question asks about, best first; [] when none
    matches it. Several when the question's words stand as near to each of one indicator's figures
    (3座…4.3米焦炉: how many coke ovens and how high). `kind`: the values reported as reached (REPORTED) answer a
    question about what was reached (去年…多少), the targets any other; `own`, a follow-up's own words, keep
    the targets that hold most of them, when any does (全市到2025年呢 after 每个县区至少选几家: the city's).

    A year the question names keeps the targets set for it and those that name no year of their own (关停…7家企业
    in a plan for 2014 is set for the plan's years), leaving out those set for another year unless nothing else
    matches."""
    head = share_head(folded)
    targets = [f for f in facts if f.kind == kind and holds(f.subject, head)]
    # a follow-up's own words name the part it replaces (全市 after 每个县区): the targets whose sentence holds most
    if own:
        mine = {id(f): subject_match(f.sentence, list(own)) for f in targets}
        if (best := max(mine.values(), default=0)) > 0:
            targets = [f for f in targets if mine[id(f)] == best]
    stated = stated_figures(folded)
    if not reverse_lookup(folded):
        targets = [f for f in targets if f.value not in stated] or targets
    years = asked_years(folded)
    if not years:
        return _best(targets, query_tokens, wanted)
    return _best([f for f in targets if f.year in years or f.year is None], query_tokens, wanted, years) or _best(
        targets, query_tokens, wanted)


def _best(targets: list[Fact], query_tokens: list[str], wanted: frozenset[str],
          years: frozenset[int] | set[int] = frozenset()) -> list[Fact]:
    if wanted:
        targets = [f for f in targets if f.unit in wanted or not f.figure] or ([] if rules_out(wanted) else targets)
    scored = [(subject_match(f.subject + f.comparison + (f.value if not f.figure else ""), query_tokens), f)
              for f in targets]
    scored = [(s, f) for s, f in scored if s > 0]
    if not scored:
        return []
    # Ties: a figure answers a how-much question better than words, then the figure whose neighbours are the
    # question's words (100吨以下转炉 against 1200立方米以下高炉 of one clause).
    top = max(s for s, _ in scored)
    tied = [f for s, f in scored if s == top]
    if any(f.figure for f in tied):
        tied = [f for f in tied if f.figure]
    if any(f.year in years for f in tied):  # 2022年…下降多少: the year's own figure, not the five years' total
        tied = [f for f in tied if f.year in years]
    near = {id(f): _nearness(f, query_tokens) for f in tied}
    best = max(near.values())
    kept = [f for f in tied if near[id(f)] * 2 > best] if best else tied[:1]
    return sorted(kept, key=lambda f: -near[id(f)]) if len({f.subject for f in kept}) == 1 else kept[:1]


def _nearness(fact: Fact, query_tokens: list[str]) -> float:
    at = fact.sentence.find(fact.value)
    if not fact.figure or at < 0:
        return 0.0
    after = fact.sentence[at + len(fact.value):][:AFTER]
    return subject_match(after, query_tokens) + 0.5 * subject_match(fact.sentence[max(0, at - BEFORE):at], query_tokens)


def by_value(facts: list[Fact], folded: str, query_tokens: list[str]) -> list[Fact]:
    """The targets whose figure the question states, best indicator match first."""
    stated = stated_figures(folded)
    found = [f for f in facts if f.kind == TARGET and f.value in stated]
    return sorted(found, key=lambda f: -subject_match(f.subject, query_tokens))


def phrase(fact: Fact) -> str:
    """A target in words: 到2025年，单位GDP二氧化碳下降率达到18.5%; a value reported, 2024年，…为34.6微克/立方米."""
    year = f"{'' if fact.kind == REPORTED else '到'}{fact.year}年，" if fact.year else ""  # reached in it, or by it
    if fact.figure and fact.value in fact.subject:  # an indicator read as the clause holds its figure already
        return f"{year}{fact.subject}"
    if not fact.figure:
        return f"{year}{fact.subject}{fact.value}"
    tail = _COMPARED.search(fact.comparison)
    head = fact.comparison[:tail.start()] if tail else fact.comparison
    return f"{year}{fact.subject}{head}{fact.value}{tail.group(0) if tail else ''}"
