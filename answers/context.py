"""What a message leaves to its conversation, read from the grammar of asking rather than from its topic.

A follow-up need not say 那…呢: a pronoun or demonstrative points back to the
last subject (它, 这项, 该项, it, that one); a step moves along from it
(下一项, 上一条, the next one); after an answer that lists rows, an ordinal
counts along the list (第二项, 最后一个, the third one); a year replaces the year of the last request
(2030年呢？ after a 2025 target). And a message may state the day it counts
from (今天是2026年12月6日，…, as of 2026-12-06): that day is the clock of the
answer, not a period asked about. These are closed classes of Chinese and
English function words, not words of any plan.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from answers.intent import ASKING_WORDS, asks_figure, asks_only
from corpus.numerals import CHARS as _CHARS
from corpus.numerals import parse_numeral

# A demonstrative or pronoun standing for the last subject; the document itself (这个方案, this plan) is not one.
_POINTS_BACK = re.compile(
    r"它|(这|那|该|此|上述|前述)(一|个)?(项|条|件|工程|项目|任务|工作|事项?)"
    r"|(上面|前面|刚才|刚刚)(说|提|讲)(的|到的)|(对应|相应)的(重点工程|重点项目|工程|项目|任务|那项|那条)"
    r"|\b(it|its|that one|this one|that project|this project|that task"
    r"|this task|that section|this section|the same one)\b"
    # a bare demonstrative as the subject (这个归谁管, 那个什么时候完成) or the last word (who's in charge of that?)
    r"|^(这|那)个?(?=归|由|是|要|得|该|的|啥|什么|谁|哪|怎|几|多|有|在)|\b(that|this)\s*\??$")
_STEP = re.compile(r"(?P<next>下一|后一|\bnext\b)|(?P<back>上一|前一|\bprevious\b|\bthe one before\b)")
# A year: written with 年, or alone where a word would follow it (2030的呢, by 2030?).
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?=\s*(?:年|的|呢|吗)|\b)")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# What states the day a message counts from (今天是, 截至, as of …), the word that may follow it, and the comma after.
_NOW = r"今天|今日|现在|目前|当前|截至|as of|today(?:'s)?(?: date)?(?: is)?|it is now|now is|^\s*it(?:'s| is)"
# 今天都2025年1月10号了: the day stated in passing; 截至今天（2026年12月7日）, as of today (7 Dec 2026): in brackets
_SAYS = r"\s*(都|已经|已)?\s*(是|为|:|：)?\s*[(（]?\s*"
_CLOSE = r"\s*[)）]?\s*了?\s*[，,。;；]?\s*"
# a month by its name or its short form (Dec, Sept.): 7 Dec 2026; the full name tried first
_MONTH_NAMES = "|".join(f"{m}|{m[:3]}\\.?" for m in MONTHS) + "|sept\\.?"
# The day a message counts from: 今天是…, 截至…, as of …, today is … — a date given whole, never a bare year.
_STATED = re.compile(
    rf"({_NOW}|截止到?){_SAYS}"
    r"(?:(?P<y>20\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"
    r"|(?P<iy>20\d\d)(?P<sep>[-./])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})"
    rf"|(?P<month>{_MONTH_NAMES})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>20\d\d)"
    rf"|(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmonth>{_MONTH_NAMES}),?\s+(?P<dy>20\d\d))"
    rf"{_CLOSE}", re.IGNORECASE)
# A month stated as the day to count from (截至2026年6月, 截至今年2月, as of March 2025): its first day, as the key
# projects count it, or its last (截至6月底). 截止 is left out here: 截止2025年12月 names a deadline far more often
# than the day it is; and a month before a how-much question is the target's (截至2025年12月要降到多少).
_STATED_MONTH = re.compile(
    rf"({_NOW}){_SAYS}"
    r"(?:(?P<y>20\d\d|今年)\s*年?\s*(?P<m>\d{1,2})\s*月(?P<end>底|末)?份?"
    rf"|(?P<month>{_MONTH_NAMES}),?\s+(?P<my>20\d\d)\b)"
    rf"{_CLOSE}", re.IGNORECASE)


# The table of key projects named as where to look (表里, 重点工程表里, the annex row, 对应的重点工程): of a subject,
# its row.
_THE_TABLE = re.compile(r"附表|重点(工程|项目)表|表(里|中|上)|表格|(对应|相应)的重点(工程|项目)"
                        r"|\bannex\b|\b(key projects?|the) table\b")


# Where the plan's body speaks of a row: 正文哪条提到了这个, 原文哪里写了, which article mentions it.
_WHERE_IN_BODY = re.compile(r"(正文|原文|文中|方案里|文件里|前面)?"
                            r"(哪条|哪一条|哪个条款|哪部分|哪一部分|哪里|哪儿|哪段|哪一段)"
                            r"(有|也)?(提到|说到|写到|讲到|提及|涉及|写了|说了|对应|出现)"
                            r"|\bwhich (article|section|part|paragraph)\b.{0,30}\b(mentions?|covers?|says?)\b"
                            r"|\bwhere (in|does) the (plan|text|body)\b")


def names_it(folded: str) -> bool:
    """Whether a message names its subject by a pronoun only (提到了这个, 它在哪条, where is it mentioned)."""
    return re.search(r"这个|这项|这条|这一项|它|\bit\b|\bthis( one)?\b|\bthat( one)?\b", folded) is not None


def asks_where_in_body(folded: str) -> bool:
    """Whether a message asks where the plan's body speaks of a thing (正文哪条提到了这个, which article says so)."""
    return _WHERE_IN_BODY.search(folded) is not None


# The key projects named as such, a row of them or their table (那个重点工程, 附表里, the key project on …).
_KEY_PROJECT = re.compile(rf"{_THE_TABLE.pattern}|重点(工程|项目)|\bkey projects?\b")


def names_key_project(folded: str) -> bool:
    """Whether a question asks of a key project, its row rather than the prose that speaks of the same task
    (新增大宗固废利用率那个重点工程谁牵头)."""
    return _KEY_PROJECT.search(folded) is not None


def names_table(folded: str) -> bool:
    """Whether a message asks of the key projects' table (表里的完成时限, the annex row), not of the prose."""
    return _THE_TABLE.search(folded) is not None


def points_back(folded: str) -> bool:
    """Whether a message refers to the last subject by a pronoun or demonstrative (它的截止时间, 这项由谁牵头), or
    opens on a bare demonstrative followed by what it asks (这个截止到啥时候, 那个牵头单位是谁); not when words of
    its own come first (散煤清零那项: a subject described, not pointed at), unless they only point at the text
    (表里这项)."""
    bare = _BARE.match(folded)
    if bare is not None and folded[bare.end():].startswith(_BARE_ASKS):
        return True
    found = _POINTS_BACK.search(folded)
    if found is None:
        return False
    # 钢铁焦化深度治理那项: a demonstrative after words of its own, in its own clause, describes a new subject; what
    # opens a chat message (请问, 好的，, 另外) is no such word
    before = _LEADING.sub("", _CLAUSES.split(folded[:found.start()])[-1])
    return not (_WORDS.search(before) and not asks_only(before))


_BARE = re.compile(r"(这|那)个?")
# 那个部门牵头 is 哪个部门 typed by its sound (nà, nǎ): a unit noun after a bare demonstrative asks which unit.
_BARE_ASKS = tuple(w for w in ASKING_WORDS if w not in ("部门", "单位", "机构"))
# What opens a message or a follow-up before its words: a closed class of chat openers.
_LEADING = re.compile(r"^(?:\s*(?:那么|那|还有|另外|请问|麻烦|我想问一下|我想问|想问一下|想问|问一下|好的|谢谢"
                      r"|and|so|ok|then))+\s*")
_CLAUSES = re.compile(r"[，,。！!？?；;：:]")
_WORDS = re.compile(r"[\u4e00-\u9fff]{2,}")

# The five-year plans by their number (十四五, the 14th Five-Year Plan): each ends in 1955 + 5 × its number
# (the sixth 1981–1985 … the fourteenth 2021–2025); a target "by the end of the 14th" is a 2025 target.
_PLAN_PERIOD = re.compile(r"(?<![第一二三四五六七八九十])[“\"]?十(?P<n>[一二三四五六七八九])五[”\"]?(?![条项]|规划)"
                          r"(?:末|期末|期间|时期|结束时?|收官之?年?)?"
                          r"|(?:the\s+)?(?:end\s+of\s+the\s+)?(?P<en>1[0-9])(?:st|nd|rd|th)\s+five-year\s+plan"
                          r"(?:\s+period)?", re.IGNORECASE)


# A year written with its last two digits, as chat writes it (到25年, 25年底前, 30年的目标): after a word that
# comes before a time or at a clause's start, never inside a number or a span (近25年来 is 25 years).
_SHORT_YEAR = re.compile(r"(?:^|(?<=[\s，,。；;、：:（(到至于在前是和与或止]))([23]\d)"
                         r"(?=\s*年(?!来|间|以来|多|左右|一遇|以上|以下|以内|之内|内|代|期|限))")
_SPAN_BEFORE = re.compile(r"(年限|期限|期|寿命|使用)[^，。？?]{0,3}$")  # 使用年限在20年, 延长期限至30年: a span


def short_years(text: str) -> str:
    """`text` with each year written by its last two digits written whole (到25年 → 到2025年)."""
    return _SHORT_YEAR.sub(lambda m: m.group(0) if _SPAN_BEFORE.search(text[:m.start()]) else f"20{m.group(1)}",
                           text)


def plan_periods(text: str) -> str:
    """`text` with each five-year plan it names by number replaced by the plan's last year (十四五末 → 2025年)."""
    def year(found: re.Match[str]) -> str:
        before = text[:found.start()]
        if before.count("《") > before.count("》"):  # inside a document's title: 《长治市“十四五”生态环境保护规划》
            return found.group(0)
        number = 10 + parse_numeral(found.group("n")) if found.group("n") else int(found.group("en"))
        return f"{1955 + 5 * number}年"
    return _PLAN_PERIOD.sub(year, text)


_ORDINAL = re.compile(
    rf"第\s*(?P<n>[{_CHARS}\d]{{1,3}})\s*(项|个|行)(?!季度|月|年|周|批|阶段|轮|次)|(?P<last>最后一|末一?)(项|个|行)"
    r"|\b(the )?(?P<en>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last"
    r"|1st|2nd|3rd|[4-9]th|10th)( one| item| project| row)\b")
_ENGLISH_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


# A row named by its number: 第6行, 第三项, no. 2, item 7, row 3, #4 — not NO2, a pollutant.
_ROW = re.compile(rf"第\s*(?P<n>[{_CHARS}\d]{{1,3}})\s*(项|行)"
                  r"|(?:\b(?:no\.|item|row)\s*|#\s*)(?P<en>\d{1,2})(?![a-z0-9.])")


# Several of what the last answer listed, taken together: 这两项, 这几个, 这些, both, all of them.
_SEVERAL = re.compile(r"这(两|几|[三四五六七八九十]+)(项|个|条|家)|这些|\b(both|all of them|each of them|these)\b")
# Among what the last answer listed: 其中, 这些里, of them.
_AMONG = re.compile(r"其中|这些|这几项|里面|当中|之中|\b(of them|among them|of these|of those)\b")


def names_several(folded: str) -> bool:
    """Whether a follow-up asks of several things the last answer listed together (这两项是不是都由…牵头)."""
    return _SEVERAL.search(folded) is not None


def among(folded: str) -> bool:
    """Whether a question asks among the rows the last answer listed (其中交通局挑头的有哪些), not afresh."""
    return _AMONG.search(folded) is not None


def row_number(folded: str) -> int | None:
    """The number a message names a row by (第6行, 第三项, no. 2, item 7), not a place in some other count
    (第二个问题); None when it names none."""
    found = _ROW.search(folded)
    if found is None:
        return None
    number = found.group("n") or found.group("en")
    return int(number) if number.isdigit() else parse_numeral(number)


def ordinal(folded: str) -> int | None:
    """The place in the last answer's list a message names (第二项 → 2, 最后一个 / the last one → -1), or None.
    附表第N项 names the annex row itself and 第N条 an article, not a place in a list."""
    found = _ORDINAL.search(folded)
    if found is None or re.search(r"附[表件]|\bkey project\b|\bannex\b", folded):
        return None
    if found.group("last") or found.group("en") == "last":
        return -1
    if word := found.group("en"):
        return english_ordinal(word)
    number = found.group("n")
    return int(number) if number.isdigit() else parse_numeral(number)


def english_ordinal(word: str) -> int | None:
    """The number an English ordinal says (second → 2, 3rd → 3), None for another word."""
    if word in _ENGLISH_ORDINALS:
        return _ENGLISH_ORDINALS.index(word) + 1
    return int(word[:-2]) if re.fullmatch(r"\d{1,3}(st|nd|rd|th)", word) else None


def step(folded: str) -> int:
    """+1 for the next item after the last subject (下一项, the next one), -1 for the one before, 0 for neither."""
    found = _STEP.search(folded)
    if found is None:
        return 0
    return 1 if found.group("next") else -1


def month_number(name: str) -> int:
    """The number of a month named in full or short (march, Mar., sept)."""
    return next(i for i, month in enumerate(MONTHS, 1) if month.startswith(name.lower().rstrip(".")[:3]))


def stated_day(text: str, today: date) -> tuple[date, str] | None:
    """The day a message says it is (今天是2026年12月6日，…, 截至今年6月: the 1st of June of `today`'s year) and the
    message without that statement; None when it states none or a day no calendar has."""
    found = _STATED.search(text)
    if found is None:
        month = _STATED_MONTH.search(text)
        rest = (text[:month.start()] + " " + text[month.end():]).strip() if month else ""
        if month is None or asks_figure(rest.lower()):  # 截至2025年12月，PM2.5要降到多少: the target's month
            return None
        parts = month.groupdict()
        year = today.year if parts["y"] == "今年" else int(parts["y"] or parts["my"])
        number = int(parts["m"]) if parts["m"] else month_number(parts["month"])
        if not 1 <= number <= 12:
            return None
        last = calendar.monthrange(year, number)[1] if parts["end"] else 1  # 截至6月底: its last day
        return date(year, number, last), rest
    parts = found.groupdict()
    try:
        if parts["y"]:
            day = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        elif parts["iy"]:
            day = date(int(parts["iy"]), int(parts["im"]), int(parts["id"]))
        elif parts["month"]:
            day = date(int(parts["my"]), month_number(parts["month"]), int(parts["md"]))
        else:
            day = date(int(parts["dy"]), month_number(parts["dmonth"]), int(parts["dd"]))
    except ValueError:
        return None
    rest = (text[:found.start()] + " " + text[found.end():]).strip()
    return day, rest


def only_years(words: list[str]) -> bool:
    """Whether a follow-up's topic words are years and nothing else (2030年呢？): it replaces the last request's
    year and keeps its subject."""
    return bool(words) and all(_YEAR.fullmatch(w) for w in words)


def year_alone(folded: str) -> bool:
    """Whether a message is a year and nothing else but an opener and particles (2030年的, 那2030的呢, and 2030?):
    it asks the last request again of that year."""
    rest = _LEADING.sub("", _YEAR.sub(" ", folded, count=1)) if _YEAR.search(folded) else "x"
    return not re.sub(r"[\s\W年的呢吗啊了]|\b(in|by|for|what about|how about)\b", "", rest)


def years_of(text: str) -> str:
    """The years a request names (到2025年… → 2025年): what a follow-up replacing its indicator keeps of it."""
    return " ".join(f"{y}年" for y in dict.fromkeys(_YEAR.findall(text)))


def with_years(previous: str, text: str) -> str:
    """The last request's words with their years replaced by the one a follow-up names (2030年呢？ after 到2025年…
    asks the same of 2030); unchanged when the follow-up names no year or several."""
    years = set(_YEAR.findall(text))
    if len(years) != 1:
        return previous
    return _YEAR.sub(years.pop(), previous)
