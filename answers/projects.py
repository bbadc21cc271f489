"""Questions over the key projects as a table: which, how many, the earliest or latest, filtered.

"市工信局牵头的重点工程有哪几项", "还没到期的重点工程还剩几项", "哪个项目最早到期",
"2025年底前要完成哪些重点工程" ask about the annex as a whole, so one row's date
is no answer. The question is read as a query — filters by unit (lead or any
role), by deadline (a year, past due, not yet due, due within N days), an
order (earliest, latest) — and answered with the rows that meet it, counted,
each with its 附表 number, task and deadline, cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from answers.context import month_number
from answers.intent import names_lead
from corpus.model import Document, KeyProject
from corpus.numerals import parse_numeral
from corpus.units import COUNTY_GROUPS
from index.glossary import expand
from index.tokenize import tokens

_ABOUT = re.compile(r"重点(工程|项目|工作|任务)|附表|(项目|工程).{0,6}(到期|截止|逾期|期限|时限)"
                    r"|(项目|工程)(都)?(有|是)(哪些|哪几)"  # a ledger's rows (…前完工的项目有哪几个)
                    # tasks listed by a date (哪些任务得在2025年9月底前办完): the dated rows, whatever they are called
                    r"|(哪些|哪几项?|几项)(任务|工作|事项)[^，。？?]{0,12}20\d\d\s*年[^，。？?]{0,8}(前|以前|之前|到期|截止)"
                    # a ledger's or task table's items by its kind, and which item falls due (哪项最先到期)
                    r"|台账|任务表|分工表|进度表|督办表|哪一?项[^，。？?]{0,6}(到期|截止)"
                    r"|\bkey projects?\b|\bprojects\b|\bannex\b")
_AS_A_TABLE = re.compile(r"哪些|哪几|哪个|哪一?项|几项|几个|多少项|多少个|清单|列表|一览|都有(什么|啥)|有什么|有啥"
                         r"|还剩|剩下|最早|最晚|最先|最后|最迟|每一?项|各项|\bwhich\b|\bhow many\b|\blist\b"
                         r"|\bearliest\b|\bare there any\b|\bany (key )?(projects|rows|items)\b|\beach\b|\bevery\b"
                         r"|\b(anything|any of them|any of the)\b"
                         r"|\blatest\b|\bfirst\b|\blast\b")
# A deadline's length asked as an order (期限最长: the latest; 工期最短: the earliest).
_SPAN = r"(期限|时限|工期|周期|时间)[^，。？?]{0,4}"
_EARLIEST = re.compile(rf"最早|最先|最近|{_SPAN}最(短|紧)|\bearliest\b|\bfirst\b|\bsoonest\b|\bshortest\b")
_LATEST = re.compile(rf"最晚|最后|最迟|最远|{_SPAN}最长|\blatest\b|\blast\b|\b(furthest|farthest)\b|\blongest\b")
# 最迟/最早 before a time asked is "at the latest / earliest, when" of one thing (这项最迟啥时候完成), not an order
# over the rows (哪项最晚到期).
_AT_THE_MOST = re.compile(r"最(迟|晚|早)(要|得|需要|必须|应该?|能|会)?(在)?"
                          r"(?=什么时|啥时|几时|何时|哪一?天|哪一?年|哪个月)"
                          r"|\bwhen\b.{0,40}\bat the (latest|earliest)\b")
_ONE_OF = re.compile(r"哪一?项|哪个(?!月)|哪些|\bwhich\b")
# Due by the day counted from, whatever is reported: 应该已经完成, should already be done.
_DUE_BY = re.compile(r"应(该|当)?(已经?)?(完成|完工|到期)"
                     r"|\bshould (already )?(be|have been) (done|completed|finished)\b")
_OVERDUE = re.compile(r"逾期|超期|过期|延期|没完成|未完成|没按时|已经到期|过了.{0,4}(期限|时限|截止)"
                      r"|(期限|时限|截止(日期|时间)?)(已经?|都)?过了"
                      r"|超(过|出).{0,4}(期限|时限)"
                      rf"|\boverdue\b|\bpast (the |their |its )?deadlines?\b|\bmissed\b|\bpast due\b"
                      rf"|\bdeadlines? (has |have )?passed\b|{_DUE_BY.pattern}")
# Rows without a date of their own (持续推进, 按照省政府规定时限): asked as those the table dates not.
_UNDATED = re.compile(r"(没有?|未|无|不)(写|给|列|定|标|注|规定|出|明|具体|明确|确切|固定|收尾|的){0,4}"
                      r"(完成|截止|到期|收尾)?(日期|时间|时限|期限|截止)"
                      r"|\b(no|without( a)?) (specific |fixed |set |firm |concrete )?(deadline|date|due date)s?\b"
                      r"|\bundated\b|\bopen-ended\b")
_NOT_DUE = re.compile(r"没到期|未到期|还没到|尚未到期|还剩|剩下|\bnot yet due\b|\bupcoming\b|\bstill open\b")
_WITHIN = re.compile(r"(\d+|[一二两三四五六七八九十百]+)\s*(天|日|个月|月)(以?内|之内)|\bwithin (\d+) (days|months)\b")
# A year, or a month of it (2025年9月底前), with the side of it asked: after it (2025年以后, 晚于2025年, past/beyond
# 2025), by its end (2025年底前, 截至2025年底, 到2025年底为止, by 2025), before it (早于2025年, before 2025), or in it
# (2025年到期的).
# A figure (超过2000万元) is no year.
_YEAR = re.compile(r"(晚于|迟于|超过|超出|早于|截至|截止到?|到)?\s*(20\d\d)(?![\d万亿元吨个家台辆户人])"
                   r"\s*年?(?:\s*(\d{1,2})\s*月份?(?:\s*(\d{1,2})\s*[日号])?)?(底|末)?\s*"
                   r"(前|以前|之前|以后|之后|后|为止)?"
                   r"|\b(before|by|until|till|through|after|past|beyond|later than|earlier than) "
                   r"(?:the end of )?(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? )?(20\d\d)\b")
_AFTER = ("以后", "之后", "后", "晚于", "迟于", "超过", "超出", "after", "past", "beyond", "later than")
_BY = ("前", "以前", "之前", "为止", "截至", "截止", "截止到", "到", "早于", "before", "by", "until", "till",
       "through", "earlier than")
# The end of a range left out: 2025年以前（不含2025年底）, before 2025, not counting the end-of-2025 ones.
_EXCLUSIVE = re.compile(r"不含|不包括|不算|除去|\bnot (counting|including)\b|\bexcluding\b|\bstrictly\b")
# The day the question counts from, when it states one: 截至2026年12月, as of December 2026; 今天, 现在, 目前.
_AS_OF = re.compile(r"(?:截至|截止到?|到|as of|by)\s*(20\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_THIS_YEAR, _NEXT_YEAR = re.compile(r"今年|本年度?|\bthis year\b"), re.compile(r"明年|\bnext year\b")
# Asked whether done, by what the rows report (a progress table's column), where they report it.
_NOT_YET = r"(没有?|未|尚未|还没有?)"
_NOT_DONE = re.compile(rf"{_NOT_YET}(完成|做完|办完|完工)|\bnot (yet )?(done|completed|finished)\b"
                       r"|\bunfinished\b|\bincomplete\b")
_DONE = re.compile(r"已经?(完成|做完|办完|完工)|完成了|\b(already )?(done|completed|finished)\b")
# States narrower than not done, asked (还没启动的, 哪几项滞后了) and reported in the same words (未启动, 滞后。…):
# not even begun, and behind schedule.
_STATES = {
    "未启动": re.compile(rf"{_NOT_YET}(启动|开工|动工|开始)|\bnot (yet )?(started|begun)\b"
                      r"|\b(hasn'?t|haven'?t) (started|begun)\b"),
    # 落后 only as a state (进度落后, 落后了): 落后产能 are backward plants, not a late row
    "进度滞后": re.compile(r"滞后|拖后|延误|进度(缓慢|偏慢|慢|落后)|落后了|\bbehind( schedule)?\b|\blagging\b"
                       r"|\bdelayed\b"),
}
_TASKS = re.compile(r"任务|事项|工作|项目|工程|[哪几]项|\btasks?\b|\bitems?\b")
# What a progress cell says when the work is done, and what it says while any of it is still open: the words
# officials report progress in.
_REPORTED_DONE = re.compile(r"(已|已经|全部|均已|全面)(完成|完工|竣工|建成|投运|投产|投入使用|验收|拆除|关停)"
                            r"(?![\d年]|[^，。；]*\d)"
                            r"|完成率\s*100\s*%")
_STILL_OPEN = re.compile(r"剩余|正在|待(调试|验收|完成|建设|开工|审批|批复|实施|整改)|未(完成|开工|启动|建成|到位|验收)"
                         r"|尚(未|需|有)|推进中|进行中|开展中|(?<![\d.])(?!100(?![\d.]))\d{1,3}(?:\.\d+)?\s*%")
# A unit's part without the lead: 只是配合, 不是牵头, 作为配合单位, not as the lead.
_MEMBER_ONLY = re.compile(r"(只|仅)(是)?(配合|参与|协助|协同)|不(是)?牵头|非牵头|没有?牵头"
                          r"|(作为|是)(配合|参与|协同|协办)(单位|部门)|\bnot (as )?(the )?lead|\bwithout leading\b"
                          r"|\bonly (supports?|assists?|helps?|takes part)\b"
                          r"|\bas (a )?(supporting|member) (unit|agency|department)\b")
# An order by how many units answer for a row: 责任单位最多, the most units.
_MOST_UNITS = re.compile(r"(单位|部门)(最多|最少)|最多(的)?(单位|部门)"
                         r"|(?<!at )\b(most|largest number of|greatest number of|fewest|least) (\w+ )?"
                         r"(units|agencies|departments|bureaus|offices)\b")

# A topic the rows are filtered by: 跟煤有关的, 涉及钢铁的, 关于大气的, related to coal. What it names is a topic, not
# the query's own words (涉及单位最多的 orders by units) nor a unit (跟市工信局有关的 filters by the unit).
_TOPIC = re.compile(r"(?:跟|与|和|同)(?P<with>[^，。？?！!、的里中]{1,10}?)(?:有关|相关|挂钩|沾边)"
                    r"|(?:关于|涉及|有关(?!县|区|单位|部门))(?P<about>[^，。？?！!、的里中]{1,10}?)(?:的|方面)"
                    r"|\b(?:related to|relating to|involving|concerning|to do with|dealing with|that concerns?) "
                    r"(?P<en>[a-z][a-z\- ]{0,30}?)(?=\s*(?:[?,.!;]|$|\b(?:are|is|in|that|which|and|due)\b))")
# An aggregate over the rows' money column (总投资（万元）): its sum (加起来总投资多少, in total) or the row with the
# most or least (哪个项目花钱最多, the most expensive project).
_SUM = re.compile(r"加起来|加在一起|合计|总计|共计|一共|总共|\bin total\b|\baltogether\b|\bcombined\b|\btotal\b"
                  r"|\badd up\b")
_MONEY = re.compile(r"投资|资金|花钱|花费|钱|金额|经费|预算|造价|\binvest\w*|\bcosts?\b|\bmoney\b|\bbudget\b"
                    r"|\bspend\w*|\bexpensive\b|\bcheap\w*")
_MOST = re.compile(r"最多|最大|最高|最贵|\bmost\b|\bbiggest\b|\blargest\b|\bhighest\b")
_LEAST = re.compile(r"最少|最小|最低|最便宜|\bleast\b|\bsmallest\b|\blowest\b|\bcheapest\b")
# A count of the rows (几个投资项目) or a rate (资金到位率最高) is no amount of money.
_NOT_A_SUM = re.compile(r"(几|多少)(个|项|家)|\bhow many\b|(投资|资金|金额|经费)[\u4e00-\u9fff]{0,3}率")
_ROWS = re.compile(r"项目|工程|台账|表|\bprojects?\b|\bledger\b|\btable\b")
# A money column's cell as a row prints it: its header with the unit (总投资（万元）：18600), or the figure with it.
_AMOUNT = re.compile(r"^(?P<column>[^：:]{0,20}?)\s*(?:[（(](?P<unit>万元|亿元|元)[）)])?\s*[:：]\s*"
                     r"(?P<value>\d+(?:\.\d+)?)\s*(?P<after>万元|亿元|元)?$")
_NOT_A_TOPIC = re.compile(r"单位|部门|项目|工程|任务|时限|期限|日期|哪|几|多少|最|\b(units?|departments?|projects?)\b")


@dataclass(frozen=True)
class ProjectQuery:
    unit: str | None = None
    lead_only: bool = False
    member_only: bool = False  # the rows it takes part in without leading (只是配合、不是牵头的)
    year: int | None = None  # due in that year (by its end with 前/以前/之前)
    month: int | None = None  # of that year: due in that month, by its end, or after it (2025年9月底前完工的)
    day: int | None = None  # of that month: by or after that day (2025年9月15日前)
    by_year_end: bool = False
    overdue: bool | None = None  # True: past its deadline today; False: dated and not yet due
    within_days: int | None = None
    order: str | None = None  # earliest | latest | most_units | fewest_units
    after: bool = False  # due after the year (以后, after 2025)
    exclusive: bool = False  # by the year, its own end left out (不含2025年底)
    as_of: date | None = None  # the day the question counts from, when it states one
    this_year: int = -1  # 今年 (0) or 明年 (1): a year counted from today; -1 none
    one: bool = False  # asks for one row (哪一项, which one): the row the question's date names comes first
    done: bool | None = None  # asked whether done (已完成 / 还没完成): rows that report progress answer by it
    state: str | None = None  # asked which are 未启动 or 进度滞后 (_STATES): rows whose progress says so
    undated: bool = False  # asked which have no date of their own (没写具体日期的)
    topic: str | None = None  # the rows' subject asked (跟煤有关的: 煤), in the question's words
    money: str | None = None  # "sum", "most" or "least" of the rows' money column (总投资合计, 花钱最多的)


def parse(folded: str, units: list[str], asks_units: bool, over_table: bool = False) -> ProjectQuery | None:
    """The query a question asks of the key projects, or None when it is not about them as a table.

    A question that asks for units (`asks_units`: 这项重点工程的责任单位有哪些)
    is about one project, unless it names a unit to filter by. `over_table`:
    the conversation's last answer listed the key projects, so a question
    filtering them by a unit need not name them again (其中交通局挑头的有哪些).
    """
    if asks_units and not units and not _MOST_UNITS.search(folded):
        return None
    if not _ONE_OF.search(folded):  # 哪项最晚什么时候到期 still orders the rows
        folded = _AT_THE_MOST.sub(" ", folded)
    reported = _DUE_BY.sub(" ", folded)  # 应该已经完成 asks what is due, not what is reported done
    state = next((name for name, pattern in _STATES.items() if pattern.search(reported)), None)
    done = False if state or _NOT_DONE.search(reported) else True if _DONE.search(reported) else None
    listed = over_table and bool(units)  # the last answer's table, filtered by a unit
    money = None if not (_MONEY.search(folded) and _ROWS.search(folded)) or _NOT_A_SUM.search(folded) else (
        "sum" if _SUM.search(folded) else "most" if _MOST.search(folded) else "least" if _LEAST.search(folded)
        else None)
    about = listed or _ABOUT.search(folded) or _OVERDUE.search(folded) or (done is not None and _TASKS.search(folded))
    if not money and not (_AS_A_TABLE.search(folded) and about):
        return None
    year = _YEAR.search(_AS_OF.sub(" ", folded))
    within = _WITHIN.search(folded)
    days = None
    if within:
        amount = within.group(1) or within.group(4)
        number = int(amount) if amount.isdigit() else parse_numeral(amount.replace("两", "二"))
        unit = within.group(2) or within.group(5)
        days = (number or 0) * (30 if unit in ("个月", "月", "months") else 1)
    past = _NOT_DONE.sub(" ", folded) if done is False else folded  # 还没完成 asks done, 逾期 past its deadline
    overdue = True if _OVERDUE.search(past) and not _NOT_DUE.search(folded) else (
        False if _NOT_DUE.search(folded) or days else None)
    order = "earliest" if _EARLIEST.search(folded) else "latest" if _LATEST.search(folded) else None
    if most := _MOST_UNITS.search(folded):
        order = "fewest_units" if re.search(r"最少|fewest|least", most.group(0)) else "most_units"
    word = None
    if year:  # the word after the year decides (截至2025年以后); 到 counts as by only before 年底 (到2025年底)
        before = year.group(1) if year.group(1) != "到" or year.group(5) else None
        word = year.group(6) or before or year.group(7)
    stated = int(year.group(2) or year.group(9)) if year else None
    month = None if not year else int(year.group(3)) if year.group(3) and 1 <= int(year.group(3)) <= 12 else (
        month_number(year.group(8)) if year.group(8) else None)
    day = int(year.group(4)) if month and year.group(4) and 1 <= int(year.group(4)) <= 31 else None
    relative = 1 if _NEXT_YEAR.search(folded) else 0 if _THIS_YEAR.search(folded) else None
    member = bool(_MEMBER_ONLY.search(folded))
    return ProjectQuery(
        unit=units[0] if units else None, lead_only=bool(units) and names_lead(folded) and not member,
        member_only=bool(units) and member,
        year=stated, month=month, day=day, by_year_end=word in _BY, overdue=overdue, within_days=days, order=order,
        after=word in _AFTER,
        exclusive=bool(_EXCLUSIVE.search(folded)) or word in ("before", "早于", "earlier than"), as_of=_as_of(folded),
        this_year=relative if relative is not None and stated is None else -1,
        one=bool(re.search(r"哪一?项|哪个|\bwhich one\b", folded)), done=done, state=state,
        undated=bool(_UNDATED.search(folded)), topic=_topic(folded, units), money=money)


def _topic(folded: str, units: list[str]) -> str | None:
    """The topic a question filters the rows by (跟煤有关的 → 煤), unless it names a unit or the query's own words."""
    for unit in sorted(units, key=len, reverse=True):  # 有关县区人民政府参与的: a unit, not a topic 有关…的
        folded = folded.replace(unit, " ")
    if not (found := _TOPIC.search(folded)):
        return None
    topic = next(g for g in found.groups() if g).strip()
    if _NOT_A_TOPIC.search(topic) or any(topic in u or u in topic for u in units):
        return None
    return topic


def about(project: KeyProject, topic: str) -> bool:
    """Whether a row is about a topic: its task holds the topic's words (煤 in 散煤清零; 大气 and 污染 both), or for an
    English topic one of the plan's terms the glossary gives it (steel → 钢铁 炼钢; coal → 煤炭, so not 散煤)."""
    if topic.isascii():
        return any(term in project.task for term in expand(topic).split())
    return topic in project.task or all(word in project.task for word in tokens(topic))


@dataclass(frozen=True)
class Amount:
    column: str  # the header, as printed (总投资)
    value: Decimal
    unit: str  # 万元, 亿元 or 元

    def __str__(self) -> str:
        return f"{self.value.normalize():f}{self.unit}"


_IN_YUAN = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def in_unit(figure: Amount, unit: str) -> Decimal:
    """A figure in another money unit (2.5亿元 in 万元: 25000)."""
    return figure.value * _IN_YUAN[figure.unit] / _IN_YUAN[unit]


def amount(details: list[str], folded: str) -> Amount | None:
    """A row's figure in its money column (总投资（万元）：18600 → 总投资 18600 万元), the column the (folded)
    question names when the row has several (已完成投资, 总投资); None when it has none."""
    found = [Amount(m.group("column").strip() or "金额", Decimal(m.group("value")), unit) for line in details
             if (m := _AMOUNT.match(line)) and (unit := m.group("unit") or m.group("after"))]
    named = [a for a in found if a.column in folded]
    return max(named, key=lambda a: len(a.column)) if named else found[0] if found else None


def reported_done(progress: str) -> bool | None:
    """Whether a row's progress says its work is done (已全部完成), still open (已完成8台，剩余3台), or nothing."""
    if not progress:
        return None
    return bool(_REPORTED_DONE.search(progress)) and not _STILL_OPEN.search(progress)


def by_progress(query: ProjectQuery, row: KeyProject) -> bool:
    """Whether a row is judged by what it reports rather than by its deadline: asked whether done, and it reports."""
    return query.done is not None and bool(row.progress)


def counted_from(query: ProjectQuery, today: date) -> date:
    """The day a query counts from: the one it states (today when that is this month), else today."""
    if query.as_of is None or (query.as_of.year, query.as_of.month) == (today.year, today.month):
        return today
    return query.as_of


def _as_of(folded: str) -> date | None:
    """The day a question counts from (截至2026年12月 → 2026-12-01), when it states one; else the clock's."""
    if m := _AS_OF.search(folded):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return date(year, month, min(int(m.group(3) or 1), 28))
    return None


def select(projects: list[tuple[Document, KeyProject]], query: ProjectQuery,
           today: date) -> list[tuple[Document, KeyProject]]:
    """The rows that meet the query, in the order asked (by deadline; undated rows last), else the annex's.

    `today` is the clock's day unless the question states the day it counts from (`as_of`)."""
    today = counted_from(query, today)
    year = query.year if query.this_year < 0 else today.year + query.this_year

    def in_range(due: date | None) -> bool:
        if not year:
            return True
        if due is None:
            return False
        # compared at the precision asked: the year, its month, or the day of that month
        when = (due.year, due.month if query.month else 0, due.day if query.day else 0)
        bound = (year, query.month or 0, query.day or 0)
        if query.after:
            return when > bound
        if query.by_year_end:
            return when < bound if query.exclusive else when <= bound
        return when == bound

    def keeps(project: KeyProject) -> bool:
        due = project.due_date
        if query.unit and not _answers_for(project, query.unit, query.lead_only):
            return False
        if query.member_only and _answers_for(project, query.unit or "", lead_only=True):
            return False
        if not in_range(due) or (query.undated and due is not None):
            return False
        if query.topic and not about(project, query.topic):
            return False
        if by_progress(query, project):
            if reported_done(project.progress) != query.done:
                return False
            if query.state and not _STATES[query.state].search(project.progress):
                return False
        elif query.done is True or query.state:
            return False  # a row that reports nothing is not known to be done, nor unbegun or behind
        elif query.done is False and not (due and due < today):
            return False  # nor known to be open, unless past its deadline
        if query.overdue is True and (not (due and due < today) or reported_done(project.progress)):
            return False
        if query.overdue is False and not (due and due >= today):
            return False
        return not (query.within_days and not (due and 0 <= (due - today).days <= query.within_days))

    rows = [(d, p) for d, p in projects if keeps(p)]
    if query.order in ("most_units", "fewest_units"):
        counts = [len(p.units) for _, p in rows]
        best = (max if query.order == "most_units" else min)(counts, default=0)
        return [r for r, n in zip(rows, counts, strict=True) if n == best]
    if year and query.by_year_end and not query.exclusive and query.one:
        # By a year's end: the rows due that year, as the question names them, come first, then the earlier ones.
        rows.sort(key=lambda r: (r[1].due_date is None or r[1].due_date.year != year))
    if query.order:
        dated = sorted((r for r in rows if r[1].due_date), key=lambda r: r[1].due_date or date.max,
                       reverse=query.order == "latest")
        best = dated[0][1].due_date if dated else None
        rows = [r for r in dated if r[1].due_date == best]  # ties share the first place
    return rows


def _answers_for(project: KeyProject, unit: str, lead_only: bool) -> bool:
    if lead_only:
        return bool(project.units) and project.units[0] == unit
    return unit in project.units or (unit in COUNTY_GROUPS and any(u in COUNTY_GROUPS for u in project.units))


_CIRCUMSTANCE = re.compile(r"^(在|为|按照|根据|结合|围绕|以|到20\d\d年|20\d\d年).{0,30}?"
                           r"(基础上|前提下|过程中|要求|特点|年)[，,]")
TASK_CHARS = 100


def task_line(project: KeyProject) -> str:
    """What a row asks done, for a list: its sentences without an opening circumstance (在完成…的基础上，), as many
    as fit in TASK_CHARS (a row's second sentence often holds its figure or aim: 打造"双近零"排放标杆企业), the
    first cut there when it alone is longer."""
    parts = [p.strip() for p in re.split(r"(?<=[。；])", project.task.strip()) if p.strip()] or [""]
    first = _CIRCUMSTANCE.sub("", parts[0], count=1) or parts[0]
    if len(first.rstrip("。；")) > TASK_CHARS:
        return first[:TASK_CHARS] + "…"
    task = first
    for part in parts[1:]:
        if len(task) + len(part.rstrip("。；")) > TASK_CHARS:
            break
        task += part
    return task.rstrip("。；")


def describe(query: ProjectQuery, reported: bool = False) -> str:
    """The query in words, for the answer's first line: 市工信局牵头的、尚未到期的重点工程. `reported`: rows were
    judged done or open by the progress they report, so the words are 已完成 / 尚未完成, not 已过期."""
    parts = []
    if query.as_of:
        parts.append(f"截至{query.as_of.year}年{query.as_of.month}月，")
    if query.topic:
        parts.append(f"与“{query.topic}”有关的")
    if query.unit:
        role = "牵头" if query.lead_only else "参与（不牵头）" if query.member_only else "参与"
        parts.append(f"{query.unit}{role}的")
    if query.this_year >= 0:
        parts.append("今年到期的" if query.this_year == 0 else "明年到期的")
    elif query.year and query.month:
        month = f"{query.year}年{query.month}月" + (f"{query.day}日" if query.day else "")
        end = "" if query.day else "底"
        parts.append(f"{month}以后到期的" if query.after else f"{month}以前（不含{month}）到期的" if (
            query.by_year_end and query.exclusive) else f"{month}{end}前到期的" if query.by_year_end
            else f"{month}到期的")
    elif query.year and query.after:
        parts.append(f"{query.year}年以后到期的")
    elif query.year and query.by_year_end:
        parts.append(f"{query.year}年以前（不含{query.year}年）到期的" if query.exclusive
                     else f"{query.year}年底前到期的")
    elif query.year:
        parts.append(f"{query.year}年到期的")
    if query.within_days:
        parts.append(f"{query.within_days}天内到期的")
    elif reported and query.done is not None:
        parts.append("已完成的" if query.done else f"{query.state}的" if query.state else "尚未完成的")
    elif query.overdue is True or query.done is False:  # not done, by the deadline alone: past it
        parts.append("已过期的")
    elif query.overdue is False:
        parts.append("尚未到期的")
    return "".join(parts) + "重点工程"
