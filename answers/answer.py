"""Questions in, short cited answers out: the heart of the answer engine.

Retrieval finds the section; the section's parsed structure answers. Who
leads and which units come from its responsibility clause, when from the
annex deadline or the time words of its best sentence, how much from the
sentence that carries the figure. The answer always quotes the document and
says so plainly when the document does not answer, so an official can check
every claim against the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from answers import compare, contacts, context, duties, targets
from answers import intent as intents
from answers import projects as table
from answers.measures import asked_units, rules_out
from answers.question import clean, problem
from answers.request import ASKS_NUMBER, BASIS, CONTACT, ISSUER, Request, read
from answers.scope import counted_absent, measured_absent, missing_words
from corpus.clauses import ROLE_WORDS
from corpus.clock import office_zone, utcnow
from corpus.deadlines import parse_deadline
from corpus.facts import REPORTED, TARGET, TASK, Fact, facts_of
from corpus.gazetteer import HOME_CITY, named
from corpus.identity import cited_numbers, number_in, same_number, serial
from corpus.known_units import COUNTIES
from corpus.model import Clause, Document, KeyProject, Section
from corpus.numerals import parse_numeral
from corpus.text import sentences
from corpus.units import COUNTY_GROUPS, UnitRegistry, field_of
from index.abstain import MEASURED, Abstention, asks_money, decide, money_column
from index.dictionary import translate
from index.glossary import expand
from index.places import holding, origins
from index.search import Hit, Searcher, SearchResult, best_sentence, overlap
from index.tokenize import fold, segmenter, tokens

CANDIDATES = 5
NEAREST_TOPICS = 3
# A report's prose on how far the work has got: 已完成9项, 完成率为63.5%, 进度滞后, 已建成, 累计…
_REPORTS = re.compile(r"已(经|全部|累计)?(完成|建成|开工|投运|上线|办结)(?!的)|完成率|进度滞后|序时进度"
                      r"|累计(完成|办理|淘汰|建成)"
                      # a count done so far (已培训198人, 已检查5个) or a share done (完成76.2%, 实际完成42%)
                      r"|已(经)?[\u4e00-\u9fff]{1,3}\d|(实际)?完成\d+(\.\d+)?%")
LABELS_IN_TEXT = 8
DUTIES_QUOTED = 3  # a unit named in this few sections has its part of each quoted, not only the labels
# Characters a bare follow-up may have besides its asking words: a verb and its complement (得关完, 必须干完);
# a subject of its own and a verb (医保报销…到账) has more.
BARE_VERB = 4
FIGURE_AFTER, FIGURE_BEFORE = 6, 8  # what a figure measures: 100吨以下转炉, 浓度力争降至35微克/立方米
_TIME = re.compile(
    r"(?:20\d\d\s*年)?第[一二三四]季度(?:末|底)?(?:前|以前)?|20\d\d\s*年[一二三四]季度(?:末|底)?(?:前|以前)?"
    r"|(?:到|至|在|于)?\s*20\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末|年底|上半年|年中)?(?:前|以前|内)?"
    r"|\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号]|底|末|上旬|中旬|下旬)\s*(?:前|以前)"  # 8月底前, 9月30日前: this year's
    r"|每(?:年|季度?|月|周)(?:结束后)?[^，,。；;（）()]{0,8}?(?:前|以内|内)"  # 每月5日前, 每季度结束后5个工作日内
    r"|尽快|持续推进|长期坚持|常态化|逐年|逐步|“十[四五]五”(?:期间|时期|末)?"
)
# A time a task is due by (2025年10月底前, 到2025年, 9月底前, 每月): what a when-question asks, unlike 逐步, 常态化
# or a year that only names something (属于2021年分类处置清单).
_DATE = re.compile(r"20\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末)?(?:前|以前|之前)|到\s*20\d\d\s*年"
                   r"|\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号]|底|末|上旬|中旬|下旬)\s*(?:前|以前)|每(?:年|季度?|月|周)")
# A field line under an item (责任单位：区水利局, 完成时限：…): no sentence of what it does.
_FIELD_LINE = re.compile(r"^[^，,。：:]{1,8}[:：]")
# An item's time written as a field: on a line of its own (完成时限：持续推进) or among a clause's fields
# (（牵头单位：…；完成时限：长期坚持）).
_TIME_FIELD = re.compile(r"(?:^|[（(；;，,。])\s*(?:完成|办结|截止)?(?:时限|时间|期限|时间节点)(?:要求)?\s*[:：]\s*"
                         r"([^\s（）()；;，,。][^\n（）()；;，,。]{0,29})", re.MULTILINE)
_NUMBER = r"(\d{1,3}|[一二三四五六七八九十]{1,4})"
_EN_ORDINAL = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)"
_REFERENCES = (
    (re.compile(rf"附表\s*第?\s*{_NUMBER}\s*项?|第\s*{_NUMBER}\s*项(?:重点)?(?:工程)?|重点工程\s*{_NUMBER}"
                r"|key project\s*(?:no\.?|#)?\s*(\d{1,3})|project\s*#\s*(\d{1,3})"
                # the annex's row in English, by number or by place: annex item 2, row 3 of the annex, the second key
                # project in the annex
                rf"|\b(?:annex|appendix|key[- ]projects? (?:table|list))\s*(?:item|row|entry|project|line)\s*"
                rf"(?:no\.?|#)?\s*(\d{{1,3}})\b|\b(?:item|row|entry|project|line)\s*(?:no\.?|#)?\s*(\d{{1,3}}) "
                rf"(?:of|in|on) the (?:annex|appendix|key[- ]projects?(?: table| list)?)\b"
                rf"|\bthe ({_EN_ORDINAL}) (?:key project|(?:item|row|entry|project|line) (?:of|in|on) the "
                r"(?:annex|appendix|key[- ]projects?(?: table| list)?))\b"), "annex"),
    (re.compile(rf"第\s*{_NUMBER}\s*条|[（(]\s*([一二三四五六七八九十]{{1,4}})\s*[）)]|article\s*(\d{{1,3}})"), "art"),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BASIS_SENTENCE = re.compile(r"(根据|依据|按照|依照)[^。]*?《[^》]+》[^。]*(制定|编制|出台)")
_CONTEXT_YEAR = re.compile(r"到\s*(20\d\d)\s*年")
# A follow-up that leaves its subject to the previous message: "那截止时间呢？", "参与的还有谁？", "and who else?"
_ELLIPTICAL = re.compile(r"^(那|那么|还有)|呢\s*[？?]?\s*$|还有(谁|哪些|哪个|什么|别的)"
                         r"|^(and|what about|how about)\b|\belse\b")
# A message that asks something of its own (是什么, 吗, 哪, 谁, what, how), not one only naming a subject (我是说…).
_ASKS = re.compile(r"什么|啥|吗|哪|谁|多少|几|怎|如何|[？?]|\b(what|who|which|when|how|is|are|does|do)\b")
# Answers that list rows or sections, whose places a follow-up may count (第二项, the last one).
_LISTING = (intents.KEY_PROJECTS, intents.UNIT_DUTIES)
# The parts of a section's structure an answer is composed of, any of which one question may ask together.
_COMPOSED = (intents.LEAD_UNIT, intents.UNITS_OF_TOPIC, intents.DEADLINE, intents.TARGET_NUMBER, intents.PROGRESS)
# What a section's items answer when the section is only a heading: not who leads, which it gathers from them.
_OF_ITEMS = (intents.TARGET_NUMBER, intents.DEADLINE, intents.PROGRESS, intents.TOPIC_LOOKUP)
_HEAD_CHARS = 4  # a row's opening words shorter than this are found in too many sentences to say where it stands
# A when-question of a target, not of a task's deadline: 是哪年的目标, 哪年要达到, which year is that the goal for.
_OF_THE_GOAL = re.compile(r"目标|指标|达到|实现|\b(goal|target|aim)\b")
_ASKS_UNITS = (intents.LEAD_UNIT, intents.UNITS_OF_TOPIC, intents.VERIFY, intents.UNIT_DUTIES)
_FOLLOWING = frozenset({"还有", "其他", "其它", "别的", "另外"})  # what a follow-up says besides its question
ASK_WHAT = "请问您问的是哪一项工作或哪个重点工程？例如：交通领域的措施什么时候完成？附表第2项由谁牵头？"


@dataclass(frozen=True)
class Citation:
    doc_id: str
    doc_title: str
    doc_version: int
    section_id: str
    section_label: str
    quote: str
    score: float


@dataclass(frozen=True)
class Subject:
    """What an answer was about — its section, the type asked, the question — so that a follow-up in the same
    conversation may leave out whichever of them it does not change. No section: a request asked back for its
    subject, whose type the next message may complete."""

    section_id: str
    intent: str
    question: str


@dataclass(frozen=True)
class Answer:
    question: str
    intent: str
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    subject: Subject | None = None


def days_phrase(due: date, today: date) -> str:
    """距今 N 天 / 今天到期 / 已逾期 N 天: how an official reads a deadline against today."""
    days = (due - today).days
    if days > 0:
        return f"距今 {days} 天"
    return "今天到期" if days == 0 else f"已逾期 {-days} 天"


class Answerer:
    """Answers questions from one searcher and the documents its index was built from.

    `zone` is the office's time zone: "today", and so the days left or
    overdue, is the calendar day there, whatever zone `now` is given in.
    """

    def __init__(self, searcher: Searcher, documents: list[Document], registry: UnitRegistry,
                 clock: Callable[[], datetime] = utcnow, zone: ZoneInfo | None = None) -> None:
        self.searcher = searcher
        self.zone = zone or office_zone()
        self.documents = documents
        self.registry = registry
        self.clock = clock
        self.sections: dict[str, tuple[Document, Section]] = {
            s.section_id: (d, s) for d in documents for s in d.sections}
        self.projects: dict[str, KeyProject] = {p.section_id: p for d in documents for p in d.key_projects}
        self.several = len(documents) > 1
        names = {d.doc_id: _names_of(d) for d in documents}
        # Another place's document names its units its own way (市经信局): its names are found as it writes them.
        self.own_names: dict[str, UnitRegistry] = {d.doc_id: names[d.doc_id] for d in documents if not d.home}
        self.unit_names = sorted({u for n in names.values() for u in n.units})  # as the documents write them
        # Units a document names as it writes them that Changzhi's registry does not know (区住建局, 县水利局; another
        # place's 县自然资源局): asked for as written.
        self.written = sorted((u for u in self.unit_names if registry.resolve(u) is None), key=len, reverse=True)
        # the kinds of document only one document is (意见, 台账): a question naming the kind names that document
        kinds = {d.doc_id: kind for d in documents if (kind := _kind_of(d.title))}
        self.sole_kinds = {kind: doc_id for doc_id, kind in kinds.items() if list(kinds.values()).count(kind) == 1}
        self.places: dict[str, frozenset[str]] = {d.doc_id: _places_of(d) for d in documents} if self.several else {}
        self._folded_text: dict[str, tuple[str, str]] = {}
        # The fact table as the index was built with it (an older build has none: read it off the documents).
        self.facts: dict[str, list[Fact]] = {}
        for fact in searcher.index.facts or [f for d in documents for f in facts_of(d)]:
            self.facts.setdefault(fact.section_id, []).append(fact)

    def answer(self, question: str, now: datetime | None = None, previous: Subject | None = None) -> Answer:
        """The answer to one question; bad input gets a reply that says what to ask instead.

        `previous` is what the conversation's last answer was about. A follow-up
        (那截止时间呢？, 钢铁那块呢？, 那第7项呢？, what about the deadline?) takes from it
        what it leaves out: the subject when it names none, the type asked when
        it names only a new subject (a unit alone asks what that unit does).
        Without `previous` a follow-up is asked back, never guessed.
        """
        answer = self._answer(question, now, previous)
        if answer.subject is None and not answer.abstained and answer.citations:  # tables, duties, verdicts
            first = answer.citations[0]
            answer = replace(answer, subject=Subject(first.section_id, answer.intent, clean(question)))
        return answer

    def _answer(self, question: str, now: datetime | None, previous: Subject | None) -> Answer:
        # A request asked back for its subject (那它的牵头单位呢？ opening a chat) waits for it: the next message
        # that names a subject and asks no type of its own (我是说园区那条) asks that type of it.
        waiting = previous.intent if previous is not None and not previous.section_id else None
        if previous is not None and previous.section_id not in self.sections:
            previous = None  # the corpus changed under the conversation: nothing left to follow
        text = context.short_years(clean(question))  # 到25年 → 到2025年
        today = (now or self.clock()).astimezone(self.zone).date()
        if stated := context.stated_day(text, today):  # 今天是2026年12月6日，…: the day to count from, not a topic
            today, text = stated
        text = context.plan_periods(text)  # 十四五末 → 2025年: a five-year plan's period is its last year
        if reply := problem(text):  # a date and nothing else asks nothing either
            return Answer(question, intents.TOPIC_LOOKUP, reply, abstained=True)
        index = self.searcher.index
        if index.sounds is not None:  # 谁签头 → 谁牵头: an input method's character of the same sound
            text = index.sounds.repair(text, index.text.__contains__, segmenter().frequency, segmenter().bounds,
                                      intents.ASKING_WORDS)
        folded = fold(text)
        units = self._units_named(text)
        if previous is not None and previous.intent == intents.TARGET_NUMBER and units and all(
                map(self.registry.is_group, units)):
            units = []  # 那各县区呢 after a figure: the scope it is set for, not what the county governments do
        within = self._chosen_documents(folded)
        referenced = None
        if previous is not None and (nth := context.ordinal(folded)) is not None:
            referenced = self._listed(previous, now, nth)  # 第二项由谁牵头？ after a list: its second row
        placed = referenced is not None
        referenced = referenced or self._referenced(folded, within)
        if referenced is None and previous is not None and (number := context.row_number(folded)):
            referenced = self._numbered_like(previous.section_id, number)  # 换成第6行呢？, and no. 2?: that table's row
        if referenced is None and previous is not None and (stepped := context.step(folded)):
            referenced = self._beside(previous.section_id, stepped)  # 下一项呢？: the row after the last one
        # 其中交通局挑头的有哪些 after a list of the key projects: among the rows listed, not every section
        over_table = previous is not None and previous.intent == intents.KEY_PROJECTS and context.among(folded)
        ask = read(text, folded, units, referenced, self.registry.without, over_table)
        row = referenced or (previous.section_id if previous is not None and context.names_it(folded) else None)
        if row in self.projects and context.asks_where_in_body(folded):
            return self._in_the_body(question, row)  # 正文哪条提到了这个: the article a key project restates
        if not ask.about and (numbered := self._numbered(ask.topic)):
            # 长环委办发〔2023〕5号规定PM2.5降到多少: the number names the document asked of, not a topic in it.
            topic, held = numbered
            ask = replace(ask, topic=topic)
            within = {s.section_id for d in self.documents if d.doc_id in held for s in d.sections} if (
                self.several) else within
        result = self.searcher.search(ask.topic, k=CANDIDATES, within=within)
        if ask.referenced:
            pinned = self.searcher.search(text, k=1, within={ask.referenced}).hits
            result.hits = pinned + [h for h in result.hits if h.section_id != ask.referenced]
        carried = False
        topic_words = _topic_words(result, index.vocabulary, units)
        # 重点工程表里的时限 names the table only; a year alone is a subject still (2025年的目标是什么).
        only_asks = intents.asks_only(folded)
        new_topic = bool(topic_words) and (not only_asks or context.only_years(topic_words))
        a_year_only = not units and not ask.referenced and context.only_years(topic_words)
        # A premise's unit is what is checked, not what is asked about (这个住建局牵头没错吧 after a question).
        named_subject = bool(ask.referenced or (units and ask.intent != intents.VERIFY) or new_topic)
        if waiting and named_subject and ask.intent == intents.TOPIC_LOOKUP and not _ASKS.search(folded):
            ask = replace(ask, intent=waiting)  # a message asking something of its own is a question of its own
        # A question asking a type with no more than a verb besides (啥时候得关完, 什么时候必须干完) asks it of the last
        # subject; one over the key projects as a table (哪些已经过了完成时限) asks of the table, and one with words of
        # its own the corpus lacks (医保报销什么时候到账) is a new question, declined on its own words.
        typed_alone = (not named_subject and not topic_words and ask.intent != intents.TOPIC_LOOKUP and not ask.table
                       and intents.words_besides_asking(fold(ask.topic)) <= BARE_VERB)  # a premise's unit is no word
        # 它的截止时间, 这项由谁牵头, is it overdue: the last subject, whatever other corpus words the question has.
        pointing = previous is not None and not ask.referenced and context.points_back(folded)
        # 那能耗呢？ after a how-much answer: another indicator of the section it took its target from, the same years.
        indicator = (previous is not None and previous.intent == intents.TARGET_NUMBER and not units
                     and not ask.referenced and targets.sets_indicator(self.facts.get(previous.section_id, []),
                                                                       topic_words))
        conversation = ""
        # A follow-up leaves something to the conversation: a follow-up form, a pronoun for its subject, or nothing
        # but the asking of a type (过期了没？).
        if _ELLIPTICAL.search(folded) or pointing or (only_asks and not named_subject) or (
                typed_alone and previous is not None) or (a_year_only and context.year_alone(folded)):
            if previous is None and not named_subject:
                # Without the conversation it follows there is nothing to resolve it against: ask, never guess.
                return Answer(question, ask.intent, ASK_WHAT, True, facts={"reason": "未说明所指的事项"},
                              subject=Subject("", ask.intent, text))  # a request waiting for its subject
            if previous is not None:
                carried = True
                ask = replace(ask, intent=_followed_intent(ask, previous, bool(ask.referenced or new_topic
                                                                               or pointing)))
                if pointing or a_year_only or indicator or not named_subject:  # 那截止时间呢？, 它由谁牵头？
                    row = self._row_of(previous, text) if context.names_table(folded) else None
                    ask = replace(ask, referenced=row or previous.section_id)  # 表里写的时限: the subject's row
                    # The further citations too come from the conversation's words, not the follow-up's bare ones;
                    # a year the follow-up names replaces the last request's (2030年呢？), an indicator its indicator.
                    conversation = (f"{context.years_of(previous.question)} {text}" if indicator
                                    else f"{context.with_years(previous.question, text)} {text}")
                    pinned_result = self.searcher.search(conversation, k=1, within={ask.referenced})
                    around = self.searcher.search(conversation, k=CANDIDATES, within=within)
                    result.hits = pinned_result.hits + [h for h in around.hits if h.section_id != ask.referenced]
                    result.query_tokens = pinned_result.query_tokens
                ask = replace(ask, table=None if ask.referenced else table.parse(folded, units, False, over_table))
        if not carried and ask.intent == intents.TOPIC_LOOKUP and units and not ask.names_the_document \
                and not self._topic_besides_units(text, units):
            ask = replace(ask, intent=intents.UNIT_DUTIES)  # a unit and nothing else asks what that unit does
        intent = ask.intent
        if not carried and intent in (intents.TARGET_NUMBER, intents.TOPIC_LOOKUP) and (
                found := self._whose_figure(folded, result.query_tokens, within)):
            return self._figure_of(question, found, result.hits)
        # Over the key projects a year or today is the clock or a range, never a reason to decline.
        # Every request is checked, carried or not (那局长是谁呢？ asks for a person whatever it follows); a follow-up's
        # few words are no evidence against it, so only a reason it names declines it.
        # A notice that names whom to call answers it (the person asked of a plan is declined): alone when nothing
        # else is asked (电话多少 is no target's figure), after the rest otherwise (由谁负责，联系电话多少).
        person = contacts.asks_person(folded)  # 责任人是谁: a person line whose subject it names answers it alone
        contact = self._contact(question, intent, result, within, ask.about == CONTACT) if (
            ask.about == CONTACT or person) else None
        if contact and (person or intent in (intents.TOPIC_LOOKUP, intents.TARGET_NUMBER)) and not ask.table:
            return contact
        abstention = None if contact else decide(text, result, index, dated=bool(ask.table))
        if abstention and abstention.weak and carried and ask.referenced:
            abstention = None
        if abstention and abstention.weak and ask.names_the_document:
            abstention = None  # a unit, the key projects, a numbered part or the document itself is named
        # Which of two comes first asks when each is due, whatever time word it uses (谁先完成, which is due first).
        if not abstention and intent not in _ASKS_UNITS and not carried and (
                when := compare.order(folded)) and (compared := self._compared(
                    question, compare.subjects(folded), when, today, within)):
            return compared
        if not abstention and ask.table:
            return self._project_table(question, ask.table, today, within, result.hits)
        if not abstention and intent == intents.UNIT_DUTIES:
            return self._unit_duties(text, units[0], within)
        if not abstention and not result.hits:
            abstention = Abstention("文件中没有相关内容", weak=True)
        if not abstention and intent in _COMPOSED and ask.about != BASIS and (
                other := self._unheld_number(folded)):
            abstention = Abstention(f"文件库中没有{serial(other)}这份文件")
        if not abstention and intent == intents.TARGET_NUMBER and not carried and (
                thing := counted_absent(folded, self._texts(within)) or measured_absent(folded, self._texts(within))):
            abstention = Abstention(f"文件中没有关于“{thing}”的内容")
        if not abstention and within and not carried and not ask.names_the_document:
            # Words no document has (岸电) count too: they are the likeliest sign the chosen one does not speak to it.
            # Only the question's own Chinese words are evidence: an English word, or the glossary's rendering of
            # one (coal → 煤炭 where the plan writes 燃煤), is no sign of what a Chinese text lacks; in a Chinese
            # question a Latin word is a term Chinese texts write so too (PM2.5, COD, GDP).
            chinese = _CJK.search(text) is not None
            own = {t for t in tokens(text) if _CJK.search(t) or (chinese and re.search(r"[a-z]", t))}
            asked_about = [t for t in result.query_tokens
                           if t in own and _names_something(t, units) and not intents.asks_only(t)]
            abstention = self._outside(within, asked_about)
        if abstention:
            nearest = "、".join(h.label for h in result.hits[:NEAREST_TOPICS])
            reply = f"该文件未涉及这个问题（{abstention.reason}）。"
            if nearest:
                reply += f"文件中相近的内容有：{nearest}。"
            return Answer(question, intent, reply, True, [cite(h) for h in result.hits[:NEAREST_TOPICS]],
                          {"reason": abstention.reason})
        hits = self._annex_first(result.hits, result.query_tokens) if intent == intents.DEADLINE else result.hits
        if intent == intents.DEADLINE:
            hits = self._timed_first(hits, result.query_tokens)
        if intent == intents.PROGRESS and not ask.referenced:  # 附表第3项进展: that row, whatever it reports
            hits = self._reported_first(hits, result.query_tokens)
        if intent in (intents.LEAD_UNIT, intents.UNITS_OF_TOPIC):
            hits = self._responsible_first(hits, result.query_tokens)
        if not ask.referenced and context.names_key_project(folded):
            hits = self._row_first(hits, result.query_tokens)
        wanted = ask.measure if intent == intents.TARGET_NUMBER else frozenset()
        if wanted and not (carried and ask.referenced):
            hits = self._measured_first(hits, wanted, result.query_tokens)
        if intent == intents.TARGET_NUMBER and not ask.referenced and (
                row := self._row_of_figures(hits, result.query_tokens)):
            hits = _promoted(hits, row)
        if intent in _OF_ITEMS:
            hits = self._into_items(hits, conversation or ask.topic)
        top = hits[0]
        doc, section = self.sections.get(top.section_id, (None, None))
        if doc is None or section is None:
            return Answer(question, intent, f"{top.label}：「{top.quote}」", False, [cite(h) for h in hits])
        if ask.about == ISSUER:
            return self._issued(question, intent, doc, hits)
        if ask.about == BASIS and intent == intents.TOPIC_LOOKUP and (
                basis := self._basis(question, intent, doc, hits)):
            return basis
        if intent == intents.VERIFY:
            if carried and previous is not None and previous.intent in _LISTING and context.names_several(folded) \
                    and (listed := self._listing(previous, now)):
                return self._verify_listed(question, previous, listed, units[0], folded)  # 这两项是不是都由…牵头
            text_out, quote, facts = _verify(section, self._label(doc, section), units[0], folded,
                                             best_sentence(section.text, result.query_tokens))
            return Answer(question, intent, text_out, False, [cite(top, quote)] + [cite(h) for h in hits[1:]], facts)
        # 全市到2025年呢 after 每个县区至少几家: the follow-up's own words choose the figure
        own_words = tuple(_plain_words(folded)) if carried else ()
        text_out, quote, facts = self._compose(intent, doc, section, top, result.query_tokens, today, wanted, folded,
                                               own_words)
        for also in intents.also_asked(folded, intent) if intent in _COMPOSED else ():  # 谁牵头，什么时候完成？
            more, _, more_facts = self._compose(also, doc, section, top, result.query_tokens, today, wanted, folded)
            text_out, facts = f"{text_out}{_unsaid(more, text_out)}", {**more_facts, **facts}
        for clause in _figure_clauses(text)[1:] if intent == intents.TARGET_NUMBER else ():  # 几座？管网多少公里？
            own = [t for t in result.query_tokens if t in fold(clause)] or result.query_tokens
            more, _, _ = self._compose(intent, doc, section, top, own, today, asked_units(fold(clause)), fold(clause))
            text_out += "" if more in text_out else f"\n{more}"
        if carried:
            text_out = f"接上一问（{self._label(doc, section)}）：{text_out}"
        if contact:
            text_out += f"\n{contact.text}"
        citations = [cite(top, quote)] + [cite(h) for h in hits[1:]]
        alone = within is None and not (ask.referenced or carried)
        if alone and (other := self._other_document(hits, result.query_tokens)) is not None:
            # Two documents speak to the question and it does not choose between them: give both, each cited.
            other_doc, other_section = self.sections[other.section_id]
            other_text, other_quote, other_facts = self._compose(intent, other_doc, other_section, other,
                                                                 result.query_tokens, today)
            rest = [c for c in citations[1:] if c.section_id != other.section_id]
            if not _gives(intent, facts) and _gives(intent, other_facts) and overlap(
                    other_quote, result.query_tokens) >= overlap(quote, result.query_tokens):
                # the one that states the figure or date asked answers first, the one that states none after it
                text_out, facts, top = f"{other_text}\n{text_out}", other_facts, other
                citations = [cite(other, other_quote), citations[0], *rest]
            else:
                text_out += "\n" + other_text
                citations = [citations[0], cite(other, other_quote), *rest]
        # A follow-up's subject keeps the words of the question it followed, so the next follow-up finds them too;
        # one that named a place in a list keeps the list's question on a line of its own, so the next may name
        # another (第一个呢).
        asked = f"{previous.question}\n{text}" if placed and previous else (
            conversation or f"{previous.question} {text}" if carried and previous else text)
        # How far a task has got, asked of a text that records no progress, is not answered: it says so, and the
        # conversation keeps its subject.
        unrecorded = intent == intents.PROGRESS and facts.get("progress", "") is None
        # Who answers for a task its document names no unit for (节能宣传周由哪个部门组织) is likewise not answered.
        unlisted = intent in (intents.LEAD_UNIT, intents.UNITS_OF_TOPIC) and facts.get("units") == []
        declined = (unrecorded or unlisted) and not intents.also_asked(folded, intent)
        return Answer(question, intent, text_out, declined, citations, facts, Subject(top.section_id, intent, asked))

    def _row_of(self, previous: Subject, text: str) -> str | None:
        """The key-project row of the last subject, when a follow-up asks of the table (重点工程表里这项谁牵头): the
        row of its document that the conversation's words find first; None when the subject is a row already."""
        doc, _ = self.sections[previous.section_id]
        rows = {p.section_id for p in doc.key_projects}
        if not rows or previous.section_id in rows:
            return None
        found = self.searcher.search(f"{previous.question} {text}", k=1, within=rows).hits
        return found[0].section_id if found else None

    def _units_named(self, text: str) -> list[str]:
        """The units a question names: a name a document writes in full (区住建局, not Changzhi's 市住建局), then
        Changzhi's registry names, other places' documents' own names, the counties."""
        found = []
        # longest first: a shorter name inside a longer one is not named by it; another place's document's name as
        # it writes it (县自然资源局) before Changzhi's registry, which would read 自然资源局 in it as its own unit
        for unit in self.written:
            if unit in text:
                found.append(unit)
                text = text.replace(unit, " ")
        found += self.registry.find_in(text)
        for names in self.own_names.values():
            found += [u for u in names.find_in(text) if u not in found]
        # the county emergency management bureau: the documents' 县应急管理局, where no name found is of its level
        if (spelt := self._spelt_unit(text)) and not any(u.startswith(spelt[0]) for u in found):
            found = [spelt, *(u for u in found if u[1:] != spelt[1:])]
        return found or [c for c in COUNTIES if c in text]

    def _spelt_unit(self, text: str) -> str | None:
        """The unit an English name spells word by word (county emergency management bureau → 县应急管理局): the
        one name the documents write that holds most of its words' Chinese (the corpus's dictionary,
        `index.dictionary`), of the level it names (county 县, district 区, city 市); None for no single one."""
        found = _ENGLISH_BODY.search(text.lower())
        if found is None:
            return None
        words = translate(found.group("name"), self.searcher.index.manifest.get("english", {})).split()
        level = _LEVELS.get(found.group("level") or "")
        scored = [(sum(len(w) for w in words if w in unit), unit) for unit in self.unit_names
                  if level is None or unit.startswith(level)]
        best = max(scored, default=(0, ""))
        if 2 * best[0] < sum(map(len, words)) or best[0] < 2 or [s for s, _ in scored].count(best[0]) > 1:
            return None
        return best[1]

    def _topic_besides_units(self, text: str, units: list[str]) -> bool:
        """Whether a question names a corpus word once the units it names, and the English words their names are
        made of, are taken out: 市科技局的活儿 and "the industry & IT bureau's role" name only a unit."""
        rest = self.registry.without(text)
        for unit in units:
            for word in self.registry.name_words(unit):
                rest = re.sub(rf"(?<![a-z]){word}(?![a-z])", " ", rest)
        vocabulary = self.searcher.index.vocabulary
        return any(_topic_word(t, vocabulary, []) for t in tokens(f"{rest} {expand(rest)}"))  # units already out

    def _chosen_documents(self, folded: str) -> set[str] | None:
        """The sections of the documents a question chooses by naming their place (嘉兴, 保定市的…) or the province
        they come from (湖南那份方案), if it does.

        Only with several documents: a place no document is about is left to the decline.
        """
        if not self.several:
            return None
        bounds = segmenter().bounds(folded)
        asked = {d.name for _, d in named(folded, bounds)} | ({HOME_CITY} if "长治" in folded else set())
        # a place the gazetteer lacks, named as its document writes it or without its 市/县 (豫阳, 临溪县)
        asked |= {place for places in self.places.values() for place in places
                  if place[:-1] in folded and not named(place)}
        english = set(re.findall(r"[a-z]{4,}", folded))
        provinces = origins(folded, bounds)  # 湖南那份方案: the plan from there
        chosen = {doc_id for doc_id, places in self.places.items()
                  if asked & places or english & self._spelt(places) or holding(provinces, places)}
        # a kind of document only one of them is (意见里, 这个台账, 要点中): that one
        chosen = chosen or {doc_id for kind, doc_id in self.sole_kinds.items() if kind in folded}
        if not chosen:
            return None
        return {s.section_id for d in self.documents if d.doc_id in chosen for s in d.sections}

    def _spelt(self, places: frozenset[str]) -> set[str]:
        """A document's places as English spells them (潮州市 → chaozhou, 长治市 → changzhi), as the build romanised
        the corpus's places: how an English question names it."""
        spelt = self.searcher.index.manifest.get("spelt_places", {})
        return {spelling for spelling, name in spelt.items() if name in places}

    def _outside(self, within: set[str], topic: list[str]) -> Abstention | None:
        """A decline naming the documents a question chooses, when they do not speak to its topic (answers.scope)."""
        chosen = {self.sections[s][0].doc_id: self.sections[s][0] for s in within}
        lacking = [missing_words(topic, *self._folded(doc)) for doc in chosen.values()]
        if any(words is None for words in lacking):
            return None
        titles = "、".join(f"《{doc.title}》" for doc in chosen.values())
        return Abstention(f"{titles}没有关于“{'、'.join(dict.fromkeys(w for ws in lacking for w in ws or []))}”的内容")

    def _texts(self, within: set[str] | None) -> list[str]:
        """The folded text of each document a question chooses (`within` its sections), else of all."""
        chosen = {self.sections[s][0].doc_id for s in within} if within else None
        return [self._folded(d)[0] for d in self.documents if chosen is None or d.doc_id in chosen]

    def _folded(self, doc: Document) -> tuple[str, str]:
        """A document's text with its headings (一、总体进展), and its title with its issuer, folded as question
        words are; kept once asked for."""
        if doc.doc_id not in self._folded_text:
            said = "\n".join(f"{s.title}\n{s.text}" for s in doc.sections)
            self._folded_text[doc.doc_id] = (fold(said), fold(f"{doc.title} {doc.issuer}"))  # 长子县农业农村局…
        return self._folded_text[doc.doc_id]

    def _carrier(self, cited: str) -> Document | None:
        """The document of the corpus whose number a question cites, if one carries it."""
        return next((d for d in self.documents if d.number and same_number(cited, d.number)), None)

    def _numbered(self, topic: str) -> tuple[str, set[str]] | None:
        """The topic without the document numbers it cites that documents of the corpus carry (the words run into
        a number's issuer code stay: 散煤清零按长环委办发〔2023〕5号…), and those documents; None when it cites
        none, or nothing but the numbers is left to search for."""
        rest, held = topic, set()
        for cited in cited_numbers(topic):
            if doc := self._carrier(cited):
                rest = rest.replace(number_in(cited, doc.number), " ")
                held.add(doc.doc_id)
        return (rest, held) if held and _CJK.search(rest) else None

    def _unheld_number(self, folded: str) -> str | None:
        """A document number the question cites that no document of the corpus carries (省里晋环发〔2023〕1号那个方案):
        the question asks of another document's content, which the corpus does not hold — unless it names a place
        the corpus is about (按晋环发〔2023〕1号的要求，长治…: the number frames a question about the plan)."""
        if "长治" in folded or any(d.name in places for _, d in named(folded) for places in self.places.values()):
            return None
        return next((n for n in cited_numbers(folded) if self._carrier(n) is None), None)

    def _other_document(self, hits: list[Hit], query_tokens: list[str]) -> Hit | None:
        """The best hit of another document when it meets the question's words as fully as the top hit does."""
        top = hits[0]
        asked = overlap(top.label + top.quote, query_tokens)
        return next((h for h in hits[1:] if h.doc_id != top.doc_id and asked
                     and overlap(h.label + h.quote, query_tokens) >= asked and h.section_id in self.sections), None)

    def _label(self, doc: Document, section: Section) -> str:
        """A section's label, after its document's title when the corpus holds several documents."""
        return f"{self._title(doc)}{section.label}"

    def _title(self, doc: Document) -> str:
        return f"《{doc.title}》" if self.several else ""

    def _labels(self, sections: list[tuple[Document, Section]]) -> str:
        """Section labels for a chat line, each document's after its title; a county joins every article from
        （四） on, so long lists are cut."""
        kept = sections[:LABELS_IN_TEXT]
        out = "；".join(f"{self._title(d) if i == 0 or kept[i - 1][0] is not d else ''}{s.label}"
                       for i, (d, s) in enumerate(kept))
        return out if len(sections) <= LABELS_IN_TEXT else out + f" 等 {len(sections)} 项（见出处）"

    def _referenced(self, folded: str, within: set[str] | None = None) -> str | None:
        """The section a question names by number (附表第5项, 第十三条, （十三）, key project 3), if one exists: in
        the documents the question names by their place (襄垣县推进情况表第2项: that table's row), else in any.
        The number is read as each document prints it (`_numbered`); when several sections hold it, the one whose
        document's title and headings hold most of the question's words (要点里第8条: the 工作要点's), then whose
        own label and text do (第（四）部分第1项搞路衍经济的: the item 1 about it), the plan's first when none does.
        A numeral that only opens a word (重点工程一共几项: 一共) names no number."""
        chosen = {self.sections[s][0].doc_id for s in within} if within else None
        documents = [d for d in self.documents if chosen is None or d.doc_id in chosen]
        bounds: frozenset[int] | None = None
        for pattern, kind in _REFERENCES:
            for m in pattern.finditer(folded):
                at = next(i for i, g in enumerate(m.groups(), 1) if g)
                found = m.group(at)
                if not found.isdigit() and m.end(at) == m.end():
                    bounds = bounds if bounds is not None else segmenter().bounds(folded)
                    if m.end() not in bounds:
                        continue
                number = int(found) if found.isdigit() else context.english_ordinal(found) or parse_numeral(found)
                held = [section for d in documents if number for section in _numbered(d, number, kind)]
                if held:
                    words = _plain_words(f"{folded[:m.start()]} {folded[m.end():]}")
                    return max(held, key=lambda section: (overlap(self._headings(section), words), overlap(
                        f"{section.label} {section.text}", words))).section_id
                break
        return None

    def _headings(self, section: Section) -> str:
        """The title, part headings and table of the document a section is of: the words a question names that
        document by (要点里, 重点任务, 附表), not an article's own words (主要目标 is no 主要讲)."""
        doc, _ = self.sections[section.section_id]
        return " ".join([doc.title, *dict.fromkeys(s.label if s.kind == "annex" else s.part for s in doc.sections)])

    def _listing(self, previous: Subject, now: datetime | None) -> list[str]:
        """The sections the last answer listed, in order; none when it listed none. The list is asked for again
        rather than kept: the same request over the same corpus and day lists the same rows. An answer about one of
        them keeps the list's question (第二个啥时候完成), so its places stay to count."""
        listed = self._answer(previous.question.split("\n", 1)[0], now, None)  # the list's, before its follow-ups
        return list(dict.fromkeys(c.section_id for c in listed.citations)) if listed.intent in _LISTING else []

    def _listed(self, previous: Subject, now: datetime | None, nth: int) -> str | None:
        """The section the last answer listed at place `nth` (-1: the last), if it listed that many."""
        listed = self._listing(previous, now)
        return listed[nth - 1 if nth > 0 else nth] if -len(listed) <= nth <= len(listed) and nth else None

    def _verify_listed(self, question: str, previous: Subject, listed: list[str], unit: str, folded: str) -> Answer:
        """A premise checked of every row or section the last answer listed (这两项是不是都由生态环境局牵头), each
        with its own verdict, and all together first."""
        lines, citations, each = [], [], []
        for section_id in listed:
            doc, section = self.sections[section_id]
            line, quote, facts = _verify(section, self._label(doc, section), unit, folded, section.text)
            lines.append(line)
            citations.append(Citation(doc.doc_id, doc.title, doc.version, section_id, section.label, quote, 1.0))
            each.append(facts)
        holds = [facts["verified"] for facts in each]
        opening = "都是。" if all(holds) else "都不是。" if not any(holds) else "不全是。"
        return Answer(question, intents.VERIFY, opening + "".join(f"\n{line}" for line in lines), False, citations,
                      {"verified": all(holds), "each": each}, Subject(listed[0], intents.VERIFY, previous.question))

    def _numbered_like(self, section_id: str, number: int) -> str | None:
        """The row numbered `number` of the table `section_id` is a row of (附表第6项 after 附表第5项), if it has one;
        None when `section_id` is no table row."""
        _, section = self.sections[section_id]
        numbered = re.sub(r"\d+$", str(number), section_id)
        return numbered if section.kind == "annex" and numbered in self.sections else None

    def _beside(self, section_id: str, offset: int) -> str | None:
        """The section `offset` places after (before, if negative) `section_id` among its document's sections of
        the same kind — the next annex row, the next article — if there is one."""
        doc, section = self.sections[section_id]
        same = [s.section_id for s in doc.sections if s.kind == section.kind]
        at = same.index(section_id) + offset
        return same[at] if 0 <= at < len(same) else None

    def _contact(self, question: str, intent: str, result: SearchResult, within: set[str] | None,
                 anyone: bool) -> Answer | None:
        """Whom to call, of the document the question lands on or chooses: the person line of the task asked
        about (a ledger's 责任人, a notice's list of 联系人), else, where `anyone` to call is asked, the notice's
        own 联系人 line; None when that document names nobody for it."""
        hits = result.hits
        chosen = {self.sections[s][0].doc_id for s in within} if within else None
        doc_ids = [h.doc_id for h in hits if chosen is None or h.doc_id in chosen] or sorted(chosen or ())
        doc = next((d for i in dict.fromkeys(doc_ids) for d in self.documents if d.doc_id == i), None)
        if doc is None:
            return None
        ranked = [self.sections[h.section_id][1] for h in hits if h.doc_id == doc.doc_id]
        ranked += [s for s in doc.sections if s not in ranked]
        found = contacts.whom_to_call(ranked, result.query_tokens, ranked[0].title if hits else "")
        if found and found[0]:
            return self._person_line(question, intent, doc, found[1], found[2], hits)
        if hits and hits[0].doc_id == doc.doc_id and (held := ranked[0]).contact and held.units:
            # a ledger's 责任人 is held to account, not given out: the units that answer for the task are
            return Answer(question, intent, f"{self._label(doc, held)}的责任人姓名和电话不在问答中提供，请查阅原件；"
                          f"责任单位：{'、'.join(held.units)}。", False, [cite(h) for h in hits], {"units": held.units})
        if anyone and doc.contact:
            return Answer(question, intent, f"《{doc.title}》写明的联系方式：{doc.contact}。", False,
                          _opening_first(doc, hits), {"contact": doc.contact})
        return self._person_line(question, intent, doc, found[1], found[2], hits) if anyone and found else None

    def _person_line(self, question: str, intent: str, doc: Document, section: Section, line: str,
                     hits: list[Hit]) -> Answer:
        """A notice's line of whom to call, cited to the section printing it."""
        return Answer(question, intent, f"{self._label(doc, section)}的联系人：{line.rstrip('。')}。", False,
                      [Citation(doc.doc_id, doc.title, doc.version, section.section_id, section.label, line, 1.0)]
                      + [cite(h) for h in hits if h.section_id != section.section_id], {"contact": line})

    def _issued(self, question: str, intent: str, doc: Document, hits: list[Hit]) -> Answer:
        """A document's name, who issued it, when and under which number: what its head and signature say, cited
        to its preamble; what it does not say is said to be missing."""
        issued = "，".join(x for x in (doc.number, doc.date) if x)
        if doc.issuer or doc.number:
            by = f"由{doc.issuer}印发" if doc.issuer else "的文号"
            text = f"《{doc.title}》{by}" + (f"（{issued}）" if issued else "") + "。"
        else:
            dated = f"（{doc.date}）" if doc.date else ""
            text = f"文件名称为《{doc.title}》{dated}；文件未写明印发机关和文号。"
        missing = not doc.number and bool(ASKS_NUMBER.search(fold(question)))  # 文号是多少, of a text without one
        return Answer(question, intent, text, missing, _opening_first(doc, hits),
                      {"issuer": doc.issuer, "number": doc.number, "date": doc.date})

    def _basis(self, question: str, intent: str, doc: Document, hits: list[Hit]) -> Answer | None:
        """What a document was drawn up under, from the sentence of its opening that says so; None without one."""
        for section in doc.sections[:2]:
            found = next((s for s in sentences(section.text) if _BASIS_SENTENCE.search(s)), None)
            if found:
                label = self._label(doc, section)
                citation = Citation(doc.doc_id, doc.title, doc.version, section.section_id, label, found, 1.0)
                rest = [cite(h) for h in hits if h.section_id != section.section_id]
                return Answer(question, intent, f"《{doc.title}》的制定依据，{label}写明：「{found}」", False,
                              [citation, *rest], {"basis": found})
        return None

    def _project_table(self, question: str, query: table.ProjectQuery, today: date,
                       within: set[str] | None, hits: list[Hit]) -> Answer:
        """The key projects a query selects, each with its number, deadline and task, cited to its annex row;
        only the chosen documents' when the question names a place. Several documents' rows are grouped by
        document, the one the question's words land on first (`hits`: 附件清单里 of a plan whose annex is so
        called before one whose annex is a 附表)."""
        every = [(d, p) for d in self.documents for p in d.key_projects if not within or p.section_id in within]
        if query.unit and within and any(query.unit in self.places.get(d.doc_id, ()) for d, _ in every):
            query = replace(query, unit=None, lead_only=False)  # 襄垣县… names the table's place, not a unit of it
        if query.unit and self.own_names:  # each document's rows by the unit as it writes it, then ordered as one
            filtered = [row for doc in self.documents for row in table.select(
                [(d, p) for d, p in every if d is doc], replace(self._as_written(query, doc, question), order=None),
                today)]
            rows = table.select(filtered, replace(query, unit=None, lead_only=False, member_only=False), today)
        else:
            rows = table.select(every, query, today)
        ranked = list(dict.fromkeys(h.doc_id for h in hits))
        rows.sort(key=lambda r: ranked.index(r[0].doc_id) if r[0].doc_id in ranked else len(ranked))
        today = table.counted_from(query, today)
        reported = [p for _, p in every if table.by_progress(query, p)]
        what = table.describe(query, bool(reported))
        if query.money and (priced := self._priced(rows, fold(question))):
            return self._money(question, query.money, what, priced, len(rows))
        grouped = len({d.doc_id for d, _ in rows}) > 1  # several documents' rows: counted and listed by document
        lines = [("" if grouped else self._title(d)) + f"{p.label}（{p.deadline_text}"
                 + (f"，{days_phrase(p.due_date, today)}" if p.due_date and not table.reported_done(p.progress) else "")
                 + (f"，{len(p.units)} 个责任单位：{'、'.join(p.units)}"
                    if query.order in ("most_units", "fewest_units") else "")
                 + (f"，{_role_in(p, query.unit)}" if query.unit and not query.lead_only else "")
                 + "）：" + table.task_line(p) + (f"（{p.progress}）" if table.by_progress(query, p) else "")
                 for d, p in rows]
        # Whether done is read from the rows' reported progress where they report it, else from their deadlines.
        basis = ("按文件规定的时限" if not reported else "按表中报告的工作进度" if len(reported) == len(every)
                 else "按表中报告的工作进度和文件规定的时限")
        if not rows:
            text = f"{basis}，没有{what}。"
        elif query.order in ("most_units", "fewest_units"):
            most = "最多" if query.order == "most_units" else "最少"
            text = f"{what}中责任单位{most}的是：" + "；".join(lines) + "。"
        elif query.order:
            text = f"{what}中{'最早' if query.order == 'earliest' else '最晚'}到期的是：" + "；".join(lines) + "。"
        elif grouped:
            by_doc: dict[str, list[str]] = {}
            for (d, _), line in zip(rows, lines, strict=True):
                by_doc.setdefault(d.title, []).append(line)
            text = f"{basis}，{what}共 {len(rows)} 项，分属 {len(by_doc)} 份文件。" + "".join(
                f"《{title}》{len(said)} 项：" + "；".join(said) + "。" for title, said in by_doc.items())
        else:
            text = f"{basis}，{what}有 {len(rows)} 项：" + "；".join(lines) + "。"
        if (query.overdue is True or query.done is False) and any(not table.by_progress(query, p) for _, p in rows):
            text += "是否已完成以各单位报告为准（发送 /projects 查看）。"
        if query.overdue is False:
            same_units = table.ProjectQuery(unit=query.unit, lead_only=query.lead_only)
            undated = [p for _, p in table.select(every, same_units, today) if p.due_date is None]
            if undated:
                text += f"另有 {len(undated)} 项没有截止日期：" + "；".join(
                    f"{p.label}（{p.deadline_text}）" for p in undated) + "。"
        # No row meets the query: the rows looked through are the evidence, cited.
        citations = [Citation(d.doc_id, d.title, d.version, p.section_id, p.label,
                              f"完成时限：{p.deadline_text}", 1.0) for d, p in rows or every]
        facts: dict[str, Any] = {"key_projects": [p.number for _, p in rows], "count": len(rows)}
        if query.overdue is True:
            facts["overdue"] = facts["key_projects"]
        return Answer(question, intents.KEY_PROJECTS, text, False, citations, facts)

    def _as_written(self, query: table.ProjectQuery, doc: Document, question: str) -> table.ProjectQuery:
        """A query filtering by a unit, as another place's document names the unit (住建局: its 县住建局)."""
        names = self.own_names.get(doc.doc_id)
        if not query.unit or names is None:
            return query
        return replace(query, unit=(names.find_in(question) or [query.unit])[0])

    def _priced(self, rows: list[tuple[Document, KeyProject]],
                folded: str) -> list[tuple[Document, KeyProject, table.Amount]]:
        """The rows that print a figure in a money column (总投资（万元）：18600), with it: in the column the question
        names, else the first row's, so one column is added up or ordered."""
        priced = [(d, p, figure) for d, p in rows
                  if (figure := table.amount(self.sections[p.section_id][1].details, folded))]
        return [r for r in priced if r[2].column == priced[0][2].column] if priced else []

    def _money(self, question: str, asked: str, what: str,
               priced: list[tuple[Document, KeyProject, table.Amount]], selected: int) -> Answer:
        """The sum of the rows' money column (加起来总投资多少), or the row with the most or least (花钱最多的),
        each row's figure shown and cited, in the unit the first row prints."""
        unit, column = priced[0][2].unit, priced[0][2].column
        values = [table.in_unit(figure, unit) for _, _, figure in priced]
        if asked == "sum":
            chosen = list(range(len(priced)))
            total = sum(values, start=Decimal(0))
            text = f"{what}中列有{column}的 {len(priced)} 项，{column}合计 {total.normalize():f}{unit}："
        else:
            best = (max if asked == "most" else min)(values)
            chosen = [i for i, v in enumerate(values) if v == best]
            text = f"{what}中{column}{'最多' if asked == 'most' else '最少'}的是："
        text += "；".join(f"{p.label}（{table.task_line(p)}）{figure}" for _, p, figure in (priced[i] for i in chosen))
        text += "。"
        if asked == "sum" and len(priced) < selected:
            text += f"另有 {selected - len(priced)} 项未列{column}。"
        citations = [Citation(d.doc_id, d.title, d.version, p.section_id, p.label,
                              f"{figure.column}（{figure.unit}）：{figure.value.normalize():f}", 1.0)
                     for d, p, figure in (priced[i] for i in chosen)]
        return Answer(question, intents.KEY_PROJECTS, text, False, citations,
                      {"key_projects": [priced[i][1].number for i in chosen], "count": len(chosen),
                       "amounts": {priced[i][1].number: f"{values[i].normalize():f}{unit}" for i in chosen}})

    def _compared(self, question: str, parts: list[str], when: str, today: date,
                  within: set[str] | None) -> Answer | None:
        """Several subjects' deadlines side by side and which comes first (or last), each cited; None unless
        different sections answer them and one at least with a date."""
        rows: list[_Dated] = []
        for part in parts:
            referenced = self._referenced(part)
            result = self.searcher.search(part, k=CANDIDATES, within={referenced} if referenced else within)
            if not result.hits:
                return None
            hit = self._annex_first(result.hits, result.query_tokens)[0]
            doc, section = self.sections[hit.section_id]
            _, quote, facts = self._compose(intents.DEADLINE, doc, section, hit, result.query_tokens, today,
                                            folded=fold(part))
            said = (facts.get("deadline") or {}).get("text") or "未写明具体时限"
            label = self._label(doc, section)
            rows.append(_Dated(label if referenced else part, label, hit, quote, said, parse_deadline(said)[1]))
        dated = sorted((r for r in rows if r.due), key=lambda r: r.due, reverse=when == compare.LATER)
        if len({r.hit.section_id for r in rows}) < 2 or not dated:
            return None
        first = dated[0]
        lines = "；".join(f"{r.subject}：{r.label}，{r.said}" if r.subject != r.label else f"{r.label}，{r.said}"
                         for r in rows)
        same = [r for r in dated if r.due == first.due]
        if len(dated) == 1:
            verdict = f"只有{first.subject}写明了时限（{first.said}），无法比较先后"
        elif len(same) > 1:
            verdict = "、".join(r.subject for r in same) + "同时到期"
        else:
            verdict = f"{'先' if when == compare.EARLIER else '后'}到期的是{first.subject}（{first.said}）"
        if len(dated) > 1 and len(rows) == 2 and compare.asks_gap(fold(question)):
            verdict = _gap(*rows)  # A比B晚几年: how far apart, A against B
        ordered = [first, *(r for r in rows if r is not first)]
        return Answer(question, intents.DEADLINE, f"{lines}。{verdict}。", False,
                      [cite(r.hit, r.quote) for r in ordered],
                      {"compared": [{"subject": r.subject, "section_id": r.hit.section_id, "deadline": r.said,
                                     "date": r.due.isoformat() if r.due else None} for r in rows]},
                      Subject(first.hit.section_id, intents.DEADLINE, clean(question)))

    def _in_the_body(self, question: str, row: str) -> Answer:
        """Where the plan's body speaks of a key project: the sections of its document, besides the annex, whose
        text holds the row's opening words (实施上党革命老区散煤清零工程 in 二、（六）), else says none does."""
        project = self.projects[row]
        doc, section = self.sections[row]
        head = re.sub(r"(工程|项目)$", "", re.split(r"[，。；]", project.task)[0])
        found = [s for s in doc.sections if s.kind != "annex" and len(head) >= _HEAD_CHARS and head in s.text]
        label = self._label(doc, section)
        row_citation = Citation(doc.doc_id, doc.title, doc.version, row, label, project.task, 1.0)
        if not found:
            return Answer(question, intents.TOPIC_LOOKUP, f"正文中没有写到{label}（{head}）的原句。", False,
                          [row_citation], {"mentioned_in": []}, Subject(row, intents.TOPIC_LOOKUP, clean(question)))
        quotes = [next((x for x in sentences(s.text) if head in x), s.text) for s in found]
        text = f"{label}（{head}）在正文" + "；".join(f"{self._label(doc, s)}中写到：「{q}」"
                                                 for s, q in zip(found, quotes, strict=True))
        citations = [Citation(doc.doc_id, doc.title, doc.version, s.section_id, self._label(doc, s), q, 1.0)
                     for s, q in zip(found, quotes, strict=True)]
        return Answer(question, intents.TOPIC_LOOKUP, text, False, [*citations, row_citation],
                      {"mentioned_in": [s.section_id for s in found]},
                      Subject(found[0].section_id, intents.TOPIC_LOOKUP, clean(question)))

    def _annex_first(self, hits: list[Hit], query_tokens: list[str]) -> list[Hit]:
        """A deadline asked of an article sentence that the annex lists as a key project is the annex row's.

        The annex restates some article sentences as dated key projects; when the
        sentence that matched the question opens one of them, and the question's
        words are those of the project rather than of the rest of the sentence,
        the row dates it.
        """
        top = hits[0]
        asked = overlap(top.quote, query_tokens)
        for section_id, project in self.projects.items():
            head = re.split(r"[，。；]", project.task)[0]
            if section_id != top.section_id and len(head) >= 6 and head in top.quote \
                    and overlap(project.task, query_tokens) >= asked / 2:
                row = next((h for h in hits if h.section_id == section_id), None)
                doc, section = self.sections[section_id]
                row = row or Hit(section_id, doc.doc_id, doc.title, doc.version, section.label, section.title,
                                 top.score, project.task, 0.0, 0.0)
                return [row, *(h for h in hits if h.section_id != section_id)]
        return hits

    def _reported_first(self, hits: list[Hit], query_tokens: list[str]) -> list[Hit]:
        """How far a task has got is told by a progress table: the best of the first candidates whose row reports
        progress, when its task shares at least half as much of the question as the top candidate's quote; else
        the first whose sentence about it reports, as a progress notice's prose does."""
        asked = overlap(hits[0].quote, query_tokens)
        for hit in hits[:NEAREST_TOPICS]:
            _, section = self.sections.get(hit.section_id, (None, None))
            if section is not None and section.progress and overlap(section.title, query_tokens) >= asked / 2:
                return _promoted(hits, hit)
        if row := self._row_of_figures(hits, query_tokens):
            return _promoted(hits, row)
        for hit in hits[:NEAREST_TOPICS]:  # else a report's prose on it (28项重点任务中，已完成9项…)
            _, section = self.sections.get(hit.section_id, (None, None))
            said = best_sentence(section.text, query_tokens) if section is not None else ""
            if _REPORTS.search(said) and overlap(said, query_tokens) >= asked / 2:
                return _promoted(hits, hit)
        return hits

    def _row_of_figures(self, hits: list[Hit], query_tokens: list[str]) -> Hit | None:
        """The first candidate that is a table row of figures (白沙乡 | 完成率 57.8%, a row's columns of no role)
        whose place the question names, else holding as much of the question as the top candidate's quote: a
        place's own figures over the prose that names it among others (枣林乡、白沙乡、黄堡乡3个乡镇完成率低于70%)
        or gives the whole city's (全市累计建成公共充电桩8600台 when 临沅县's is asked)."""
        asked = overlap(hits[0].quote, query_tokens)
        named = "".join(query_tokens)
        for hit in hits:  # a row whose place the question names (临沅县 | 700 | 1100): that place's own figures
            _, section = self.sections.get(hit.section_id, (None, None))
            if section is not None and section.details and len(section.title) > 1 and section.title in named:
                return hit
        for hit in hits[:NEAREST_TOPICS]:
            _, section = self.sections.get(hit.section_id, (None, None))
            if section is not None and section.details and overlap(section.text, query_tokens) >= asked > 0:
                return hit
        return None

    def _timed_first(self, hits: list[Hit], query_tokens: list[str]) -> list[Hit]:
        """When a task is due is told where a time is written: when the top candidate is a progress table's row
        without a date (水电气网联合报装——…——尚未打通), the first of the next candidates of the same document whose
        sentence about it names a time (…8月底前完成…对接), if that sentence shares at least as much of the
        question. A plan's item without a time keeps its 未写明: another item's time is another task's."""
        _, top = self.sections.get(hits[0].section_id, (None, None))
        if top is None or top.kind != "annex" or top.section_id in self.projects:
            return hits
        said = best_sentence(top.text, query_tokens)
        if _times(top.text, said):
            return hits
        asked = overlap(said, query_tokens)
        for hit in hits[1:NEAREST_TOPICS]:
            _, section = self.sections.get(hit.section_id, (None, None))
            if section is None or hit.doc_id != hits[0].doc_id:
                continue
            sentence = best_sentence(section.text, query_tokens)
            if _TIME.search(sentence) and overlap(sentence, query_tokens) >= asked:
                return _promoted(hits, hit)
        return hits

    def _responsible_first(self, hits: list[Hit], query_tokens: list[str]) -> list[Hit]:
        """Who answers for a task is told where units are named: when the top candidate names none (a plan's
        sentence whose task table row gives the lead), the first of the next candidates that is a row of the same
        document's task table naming units, if it shares as much of the question as the top candidate's quote.
        Another item of the plan is another task, whose units are not this one's."""
        _, top = self.sections.get(hits[0].section_id, (None, None))
        if top is None or top.units:
            return hits
        asked = overlap(hits[0].quote, query_tokens)
        for hit in hits[1:NEAREST_TOPICS]:
            _, section = self.sections.get(hit.section_id, (None, None))
            if section is not None and section.kind == "annex" and section.units and hit.doc_id == hits[0].doc_id \
                    and overlap(section.text, query_tokens) >= asked:
                return _promoted(hits, hit)
        return hits

    def _row_first(self, hits: list[Hit], query_tokens: list[str]) -> list[Hit]:
        """A question that names a key project (那个重点工程, the key project on …) is answered by a table row: the
        first of the nearest candidates that is one, when it shares as much of the question as the top candidate."""
        _, top = self.sections.get(hits[0].section_id, (None, None))
        if top is None or top.kind == "annex":
            return hits
        asked = overlap(hits[0].quote, query_tokens)
        for hit in hits[1:NEAREST_TOPICS]:
            _, section = self.sections.get(hit.section_id, (None, None))
            if section is not None and section.kind == "annex" and overlap(section.text, query_tokens) >= asked:
                return _promoted(hits, hit)
        return hits

    def _into_items(self, hits: list[Hit], query: str) -> list[Hit]:
        """A section that is only its heading (2.完善充电基础设施体系 over its （1）…（3）) passes a question of its
        figures, times, progress or content to its items: the best of them for the question comes first."""
        doc, section = self.sections.get(hits[0].section_id, (None, None))
        if doc is None or section is None:
            return hits
        items = {s.section_id for s in doc.sections if s.section_id.startswith(section.section_id + ".")}
        if _body(section) or not items:
            return hits
        best = self.searcher.search(query, k=1, within=items).hits
        return best + [h for h in hits if h.section_id not in {b.section_id for b in best}]

    def _measured_first(self, hits: list[Hit], wanted: frozenset[str], query_tokens: list[str]) -> list[Hit]:
        """A how-much question naming its measure (几家, 比例) is answered by the best candidate that sets a
        figure of that kind in a sentence about what is asked — one sharing as much of the question as the top
        hit's best sentence does. A section that sets such a figure about something else (装配式建筑 30% for
        畜禽粪污利用率) does not move; then the top says it gives no figure."""
        asked = overlap(hits[0].quote, query_tokens)

        def measures(hit: Hit) -> bool:
            section = self.sections.get(hit.section_id, (None, None))[1]
            return section is not None and any(t.unit in wanted and overlap(t.sentence, query_tokens) >= max(asked, 1)
                                               for t in section.targets)

        first = next((h for h in hits if measures(h)), None)
        return hits if first is None else _promoted(hits, first)

    def _whose_figure(self, folded: str, query_tokens: list[str], within: set[str] | None) -> list[Fact]:
        """The targets whose figure a question gives when it asks what the figure is of (那个30%是哪个指标的)."""
        if not targets.reverse_lookup(folded):
            return []
        every = [f for section_id, facts in self.facts.items() if not within or section_id in within for f in facts]
        return targets.by_value(every, folded, query_tokens)

    def _figure_of(self, question: str, found: list[Fact], hits: list[Hit]) -> Answer:
        """What a stated figure is the target of, from every section that sets it, cited."""
        shown = list({(f.section_id, f.subject, f.year): f for f in found}.values())
        lines, citations = [], []
        for fact in shown:
            doc, section = self.sections[fact.section_id]
            lines.append(f"{self._label(doc, section)}：{targets.phrase(fact)}")
            citations.append(Citation(doc.doc_id, doc.title, doc.version, section.section_id, section.label,
                                      fact.sentence, 1.0))
        seen = {c.section_id for c in citations}
        text = f"文件中{found[0].value}是以下目标的数值：" + "；".join(lines) + "。"
        return Answer(question, intents.TARGET_NUMBER, text, False, citations + [cite(h) for h in hits
                                                                                  if h.section_id not in seen],
                      {"targets": [f.to_json() for f in shown]})

    def _compose(self, intent: str, doc: Document, section: Section, hit: Hit, query_tokens: list[str],
                 today: date, wanted: frozenset[str] = frozenset(),
                 folded: str = "", own: tuple[str, ...] = ()) -> tuple[str, str, dict[str, Any]]:
        """The answer text, the quote that supports it and the facts, for one section; `own`: a follow-up's own
        words, which choose among the section's figures before the conversation's do."""
        label = self._label(doc, section)
        project = self.projects.get(section.section_id)
        if intent in (intents.LEAD_UNIT, intents.UNITS_OF_TOPIC):
            if not section.units:
                return (f"{label}未列明责任单位。原文：「{hit.quote}」", hit.quote, {"units": []})
            # The clause that covers the sentence asked about answers; a section's other clauses cover other tasks.
            sentence = best_sentence(section.text, query_tokens)
            clause = section.clause_for(sentence, lambda covers: overlap(covers, query_tokens))
            leads, others, governments = _roles(section, clause)
            shows_task = clause is not None and len(section.clauses) > 1  # the quote shows which task it covers
            quote = f"{sentence}（{clause.text}）" if shows_task else _clause_sentence(section)
            return (_units_text(label, leads, others, governments, intent), quote,
                    {"lead": leads[0] if leads else None, "leads": leads, "units": [*leads, *others, *governments]})
        if intent == intents.DEADLINE:
            # A when-question giving a figure asks when that figure is due (国考断面优良水体100%，是哪一年的目标？);
            # of a row, when it asks of the goal (短流程炼钢占比5%是哪年的目标: 2025, not the row's 2030年底), not of
            # the row the figure only points at (10家以上那个重点工程期限是啥时候: the row's date).
            stated = [] if project and not _OF_THE_GOAL.search(folded) else targets.by_value(
                self.facts.get(section.section_id, []), folded, query_tokens)
            if years := sorted({f.year for f in stated if f.year}):
                said, first = "、".join(f"{y}年" for y in years), stated[0]
                return (f"按{label}，{first.subject}{first.value}是{said}的目标。原文：「{first.sentence}」",
                        first.sentence, {"deadline": {"text": said}, "targets": [f.to_json() for f in stated]})
            if project:
                return _project_text(project, label, today), _deadline_line(section, project), _project_facts(
                    project, today)
            # On a tie the sentence naming a date answers, unless the item states its time as a field (完成时限：…)
            due_by = None if _TIME_FIELD.search(section.text) else lambda s: _DATE.search(s) is not None
            sentence = best_sentence(section.text, query_tokens, prefer=due_by)
            times = _times(section.text, sentence)
            if not times and _heads(section, sentence) and (dated := _dated_sentences(section.text)):
                # an item's heading names the task its body details: the body's times are the heading's
                sentence = dated[0]
                times = list(dict.fromkeys(m.group(0).strip() for s in dated for m in _TIME.finditer(s)))
            if (tied := _OWN_TIME_FIELD.match(sentence)) and not overlap(tied.group("task"), query_tokens) and overlap(
                    section.title, query_tokens):
                # the time of a task with its own field (开展工业炉窑深度治理，完成时限：…), not of the heading asked
                times, sentence = [], section.title
            if not times:
                return f"{label}未写明具体时限。原文：「{sentence}」", sentence, {"deadline": None}
            return (f"按{label}，时间要求是{'、'.join(times)}。原文：「{sentence}」", sentence,
                    {"deadline": {"text": times[0]}})
        reached = MEASURED.search(folded) is not None  # what was reached, not what is to be (去年, 实际)
        if intent == intents.TARGET_NUMBER and (column := _figure_column(section, query_tokens, folded)):
            place = f"（{section.title}）" if section.title and section.title not in label else ""  # 临沅县's row
            # 总投资（万元）：56000: the unit in the header
            return f"按{label}{place}，{column}。", column, {"targets": [column]}
        if intent == intents.TARGET_NUMBER and (
                chosen := targets.choose(self.facts.get(section.section_id, []), query_tokens, folded, wanted, own,
                                         REPORTED if reached else TARGET)):
            fact = chosen[0]
            facts = {"targets": [f.value for f in chosen], "target_facts": [f.to_json() for f in chosen]}
            # Words that name the document (its place, year and kind: 杭州, 2020, 计划) are not what is asked of it.
            title = fold(doc.title)
            topic = [t for t in query_tokens if not (t in title and (
                targets.is_year(t) or named(t) or title.endswith(t)))] or query_tokens
            plain = _stated(section, topic)
            sets = {f.sentence for f in self.facts.get(section.section_id, []) if f.kind == "target"}
            if plain not in sets and overlap(plain, topic) > overlap(fact.sentence, topic) and not (
                    _heads(section, plain) and wanted and all(f.unit in wanted for f in chosen)):
                # The sentence about what is asked sets no target the table holds (全部使用新能源): its own words —
                # unless it is only the row's name over the figure in the measure asked (多少公里: 护栏32.5公里).
                return f"{label}未给出具体数值，原文要求：「{plain}」", plain, {"targets": []}
            if not fact.figure:
                return (f"{label}未给出具体数值，要求是：{targets.phrase(fact)}。原文：「{fact.sentence}」",
                        fact.sentence, {"targets": [], "target_facts": facts["target_facts"]})
            said = targets.phrase(fact) if len(chosen) == 1 else "、".join(f.value for f in chosen)
            return f"按{label}，{said}。原文：「{fact.sentence}」", fact.sentence, facts
        if intent == intents.TARGET_NUMBER:
            # a value reached answers only what was reached, a target only what is to be: never the one for the other
            other = frozenset((f.sentence, f.value) for f in self.facts.get(section.section_id, [])
                              if (f.kind == TARGET) == reached and f.unit)
            sentence, figures = _figure_sentence(section, query_tokens, wanted, other)
            said = _stated(section, query_tokens)
            if not figures or overlap(said, query_tokens) > overlap(sentence, query_tokens) or not targets.holds(
                    sentence, targets.share_head(folded)):
                # The sentence about what is asked sets no figure (完成省下达目标, 持续下降): say so in its
                # words rather than give a figure from another sentence.
                return f"{label}未给出具体数值，原文要求：「{said}」", said, {"targets": []}
            clause = next((c for c in re.split(r"(?<=[，；。])", sentence) if figures[0] in c), sentence)
            return f"按{label}，{'、'.join(figures)}。原文：「{clause}」", sentence, {"targets": figures}
        if intent == intents.PROGRESS:
            # what the item reports of itself (已培训198人，完成76.2%) before its heading, which reports nothing
            reporting = [s for s in sentences(section.text) if _REPORTS.search(s)]
            return _progress(label, section, project, project.task if project else hit.quote,
                             best_sentence("\n".join(reporting) or section.text, query_tokens))
        quote = project.task if project else hit.quote  # what a row is about is its task, not its deadline line
        said = sentences(section.text)
        after = said[said.index(quote) + 1] if quote in said[:-1] else ""
        if not project and _heads(section, quote) and after and not _FIELD_LINE.match(after):
            quote += after  # a heading says no more than the label: the sentence after does, not a field line
        extra = f" {_project_text(project, label, today)}" if project else ""
        facts = _project_facts(project, today) if project else {}
        return f"{label}：「{quote}」{_reported(section)}{extra}", quote, facts

    def _unit_duties(self, question: str, unit: str, within: set[str] | None) -> Answer:
        """What a unit leads and joins, counted, from every document's clauses and annex, grouped by document.

        Sections whose units only gather their items' are not counted again; another
        place's document is searched for the unit as that document names it.
        """
        leads, joins, projects = [], [], []
        written: dict[str, str | None] = {}  # another place's document: the unit as that document names it
        counties = bool(self.registry.members(unit)) or unit in _all_county_members(self.registry)
        for doc in self.documents:
            names = self.own_names.get(doc.doc_id)
            # as the question names it in the document's words, else as its English spelt it (县应急管理局)
            name = written[doc.doc_id] = (names.find_in(question) or [unit if unit in names.units else None])[0] \
                if names else unit
            for section in doc.sections:  # a table's rows are its key projects, listed as such; a ledger's items tasks
                if (section.kind == "annex" and section.section_id in self.projects) or not section.clauses or \
                        section.inherited or (within and section.section_id not in within):
                    continue
                if name in section.leads:
                    leads.append((doc, section))
                elif name in section.units or (counties and doc.home and section.counties_implement):
                    joins.append((doc, section))
            projects += [(doc, p) for p in doc.key_projects if (not within or p.section_id in within) and (
                name in p.units or (counties and doc.home and _names_counties(p)))
                and self.sections[p.section_id][1].kind == "annex"]
        if not (leads or joins or projects):
            return Answer(question, intents.UNIT_DUTIES, f"该文件未涉及{unit}的具体任务。", True,
                          facts={"unit": unit})
        found_as = {written[d.doc_id] for d, _ in leads + joins}
        shown = found_as.pop() if len(found_as) == 1 and not any(d.home for d, _ in leads + joins) else unit
        parts = [f"{shown}牵头 {len(leads)} 项、参与 {len(joins)} 项任务"] if leads or joins else []
        quoted = {s.section_id: self._part_of(s, unit) for _, s in leads + joins} if len(
            leads + joins) <= DUTIES_QUOTED else {}
        # What it leads is shown as the work of each section (its tasks' gists), what it joins as its part of each.
        led = {s.section_id: _own_clauses(s, written[d.doc_id] or unit)
               or [f.subject for f in self.facts.get(s.section_id, []) if f.kind == TASK] for d, s in leads}
        per_section = duties.SHOWN_FEW if len(leads) <= DUTIES_QUOTED else duties.SHOWN_MANY
        if len(leads) > LABELS_IN_TEXT:  # the answer stays a chat message: the labels, each cited
            parts.append("牵头：" + self._labels(leads))
        elif leads:
            parts.append("牵头：" + "。".join(
                f"{self._title(d)}{s.label}——{duties.tasks_line(led[s.section_id], per_section)}" if led[s.section_id]
                else f"{self._title(d)}{s.label}" for d, s in leads))
        if joins and quoted:
            parts.append("参与：" + "；".join(f"{self._title(d)}{s.label}：「{quoted[s.section_id]}」"
                                            for d, s in joins))
        elif joins:
            parts.append("参与：" + self._labels(joins))
        if projects:
            parts.append(f"{'' if parts else shown}承担的重点工程 {len(projects)} 项：" + "；".join(
                f"{self._title(d) if i == 0 or projects[i - 1][0] is not d else ''}{p.label}（{p.deadline_text}，"
                f"{_role_in(p, written[d.doc_id] or unit)}）：{duties.gist(p.task)}"
                for i, (d, p) in enumerate(projects)))
        citations = [Citation(d.doc_id, d.title, d.version, s.section_id, s.label,
                              quoted.get(s.section_id) or _clause_sentence(s), 1.0) for d, s in leads + joins]
        facts = {"unit": unit, "leads": [s.section_id for _, s in leads], "joins": [s.section_id for _, s in joins],
                 "lead_tasks": led, "key_projects": [p.number for _, p in projects]}
        return Answer(question, intents.UNIT_DUTIES, "。".join(parts) + "。", False, citations, facts)


    def _part_of(self, section: Section, unit: str) -> str:
        """A unit's part of a section it shares: the sentence sharing most character pairs with the unit's field
        (机关事务 → 节约型机关, 统计 → 统计分析), unit names taken out so the line listing them does not count;
        none shared, the section's leading task and, after it, the task sentence nearest the field in the dense
        model's space (人民银行 → 绿色金融, 住建 → 城镇污水处理厂), a bracketed responsibility clause being no
        task; the leading task alone when it is the nearest or the only one."""
        field = field_of(unit)
        pairs = {field[i:i + 2] for i in range(len(field) - 1)}
        said = sentences(section.text)
        if not said:
            return _clause_sentence(section)
        bare = [self.registry.without(text) for text in said]
        scored = [(sum(p in text for p in pairs), -i) for i, text in enumerate(bare)]
        best = max(range(len(said)), key=lambda i: scored[i])
        if scored[best][0]:
            return said[best]
        tasks = [i for i, text in enumerate(said) if not re.fullmatch(r"[（(].*[）)]。?", text)]
        if len(tasks) < 2 or not field:
            return said[0]
        encoder = self.searcher.encoder
        near = encoder.encode_passages([bare[i] for i in tasks]) @ encoder.encode_queries([field])[0]
        nearest = tasks[int(near.argmax())]
        return said[0] if nearest == 0 else f"{said[0]}……{said[nearest]}"


def _gap(asked: _Dated, other: _Dated) -> str:
    """How much later or earlier `asked` is due than `other`, in years and months of their dates."""
    months = (asked.due.year - other.due.year) * 12 + asked.due.month - other.due.month if asked.due and other.due \
        else 0
    if not months:
        return f"{asked.subject}和{other.subject}同一个月到期"
    years, rest = divmod(abs(months), 12)
    span = (f"{years}年" if years else "") + (f"{rest}个月" if rest else "")
    return f"{asked.subject}比{other.subject}{'晚' if months > 0 else '早'}{span}"


class _Dated(NamedTuple):
    """One compared subject: as the question names it, the section answering it, and that section's deadline."""

    subject: str
    label: str
    hit: Hit
    quote: str
    said: str  # the deadline as the plan writes it, or 未写明具体时限
    due: date | None


def _followed_intent(ask: Request, previous: Subject, names_a_topic: bool) -> str:
    """What a follow-up asks: a unit alone asks what that unit does (那市交通局呢？), unless it states a premise
    about the last subject (是机关事务管理局牵头吧); a bare topic or number the type asked before (钢铁那块呢？,
    那第7项呢？), unless it asks how or which things of its own (它里面要求哪些企业…: what the text says); a unit's
    duties or a premise need the unit named."""
    intent = ask.intent
    if intent == intents.VERIFY and ask.units:
        return intent
    if ask.units and not names_a_topic:
        intent = intents.UNIT_DUTIES
    elif intent in (intents.TOPIC_LOOKUP, intents.VERIFY) and not (
            intents.asks_how(ask.folded) or intents.asks_which(ask.folded)):
        intent = previous.intent
    if intent in (intents.UNIT_DUTIES, intents.VERIFY) and not ask.units:
        intent = intents.TOPIC_LOOKUP
    return intent


def cite(hit: Hit, quote: str | None = None) -> Citation:
    return Citation(hit.doc_id, hit.doc_title, hit.doc_version, hit.section_id, hit.label,
                    hit.quote if quote is None else quote, round(hit.score, 4))


# A scope a figure is set for (全市, 每个县区, 乡镇): the part a follow-up replaces (那每个县区呢), no subject.
_SCOPE = re.compile(r"(全|各|每个|本)?(省|市|县|区|县区|区县|县市区|乡镇|镇|村|市区|城区)(级|里|内)?")


def _topic_words(result: SearchResult, vocabulary: frozenset[str], units: list[str]) -> list[str]:
    """The question's words of the corpus beyond the roles a clause names (参与, 负责 …), 还有, the names of the
    units it names and the scope a figure is set for."""
    return [t for t in result.query_tokens if _topic_word(t, vocabulary, units) and not _SCOPE.fullmatch(t)]


def _topic_word(token: str, vocabulary: frozenset[str], units: list[str]) -> bool:
    """A word of the corpus that says what is asked about."""
    return token in vocabulary and _names_something(token, units)


def _names_something(token: str, units: list[str]) -> bool:
    """Not a role a clause names (参与, 负责 …), not what a follow-up says besides its question (还有), not part
    of a unit's name the question names, not a particle (已经 names nothing)."""
    return (not ROLE_WORDS.fullmatch(token) and token not in _FOLLOWING and not intents.is_particle(token)
            and not any(token in u for u in units))


def _opening_first(doc: Document, hits: list[Hit]) -> list[Citation]:
    """The first sentence of a document's preamble, where its head stands (issuer, 文号, date, whom to call), cited
    first when it has one, then the other candidates."""
    preamble = next((s for s in doc.sections if s.kind == "preamble"), None)
    if preamble is None:
        return [cite(h) for h in hits]
    first = Citation(doc.doc_id, doc.title, doc.version, preamble.section_id, preamble.label,
                     next(iter(sentences(preamble.text)), preamble.title), 1.0)
    return [first, *(cite(h) for h in hits if h.section_id != preamble.section_id)]


def _promoted(hits: list[Hit], hit: Hit) -> list[Hit]:
    """The candidates with `hit` first, the others in their order."""
    return [hit, *(h for h in hits if h is not hit)]


def _progress(label: str, section: Section, project: KeyProject | None, quote: str,
              sentence: str = "") -> tuple[str, str, dict[str, Any]]:
    """A row's progress as its table reports it, or as a report's own `sentence` about what is asked says it
    (截至6月30日，28项重点任务中，已完成9项…); a document that reports none says so, and what it asks."""
    if section.progress or section.details:  # a table of 存在问题 without a progress column reports still
        task = section.text.split("\n", 1)[0]
        said = _reported(section)
        return f"{label}（{task}）{said}", said, {"progress": section.progress, "task": task}
    if _REPORTS.search(sentence):
        return f"按{label}：「{sentence}」", sentence, {"progress": sentence}
    text = f"{label}没有记载工作进展，文件的要求是：「{quote}」"
    if project:
        text += f"（完成时限：{project.deadline_text}）。各单位报送的进展以督办台账为准（发送 /projects 查看）"
    return text + "。", quote, {"progress": None}


def _own_clauses(section: Section, unit: str) -> list[str]:
    """What a unit leads of a section whose work is divided among several (县财政局负责经费保障，各乡镇人民政府负责
    控辍保学): the tasks its own clauses cover; [] where one clause covers the section."""
    return [c.covers for c in section.clauses if unit in c.leads] if len(section.clauses) > 1 else []


def _figure_clauses(text: str) -> list[str]:
    """The clauses of a question that each ask a figure (要建几座，管网改造多少公里): each is answered."""
    return [c for c in re.split(r"[，,。？?；;]", text) if intents.asks_figure(fold(c))]


def _body(section: Section) -> list[str]:
    """A section's sentences besides its own heading: 推动重型货车新能源化试点 names the task that an item's other
    sentences set figures and times for, and requires nothing. A table row's first cell is its task, no heading."""
    said = sentences(section.text)
    return said if section.kind == "annex" else [s for s in said if s.rstrip("。；;，,") != section.title]


def _stated(section: Section, query_tokens: list[str]) -> str:
    """The sentence of a section most about the question, its own heading aside; the heading when it is all."""
    return best_sentence("\n".join(_body(section) or [section.text]), query_tokens)


def _figure_column(section: Section, query_tokens: list[str], folded: str) -> str | None:
    """A row's column of no role that the question names best and that holds a figure (总投资（万元）：56000 for
    总投资多少, not 累计完成投资（万元）：3000): the figure asked, under the header that gives its unit; every
    figure of a place's row asked by its place alone (石哲镇的任务是多少户: 年度任务（户）, 完成户数, 完成率); an
    amount of money asked in other words (投了多少钱), the one column in money."""
    named = [(overlap(line.partition("：")[0], query_tokens), line) for line in section.details
             if re.search(r"\d", line.partition("：")[2])]
    best = max(named, default=(0, ""))
    if not best[0] and named and len(section.title) > 1 and section.title in "".join(query_tokens):
        return "；".join(line for _, line in named)  # the place's row named, no column: all its figures
    if not best[0] and asks_money(folded) and len(money := [line for _, line in named if money_column(line)]) == 1:
        return money[0]
    return best[1] if best[0] else None


def _reported(section: Section) -> str:
    """What a row of a progress table reports besides its deadline and units — its progress, then its other
    columns (存在问题, 下一步措施, 总投资) — as one sentence; empty for a row that reports nothing."""
    said = "；".join(p.rstrip("。；;") for p in (section.progress, *section.details) if p)
    return f"{said}。" if said else ""


def _role_in(project: KeyProject, unit: str) -> str:
    """牵头 for the row's first unit (the lead, by the annex's convention), else 参与."""
    return "牵头" if project.units and project.units[0] == unit else "参与"


def _verify(section: Section, label: str, unit: str, folded: str, sentence: str) -> tuple[str, str, dict[str, Any]]:
    """Yes or no to a stated lead or responsibility, from the clause of the sentence asked about; a wrong
    premise is corrected.

    "牵头" (and its chat forms) asks whether the unit leads; "负责/参与"
    whether it is among the responsible units at all.
    """
    if not section.units:
        return f"{label}未列明责任单位，无法确认。", section.text[:120], {"verified": None, "unit": unit}
    leads, others, governments = _roles(section, section.clause_for(sentence))
    asks_lead = intents.names_lead(folded)
    every = [*leads, *others, *governments]
    holds = unit in leads if asks_lead else unit in every or (unit in COUNTY_GROUPS and bool(governments))
    if holds:
        text = f"是的。{_units_text(label, leads, others, governments, intents.LEAD_UNIT)}"
    else:
        role = "是参与单位" if unit in every else "未列为责任单位"
        text = f"不是。{label}由{'、'.join(leads or governments)}{'牵头' if leads else '负责'}，{unit}{role}。"
    return text, _clause_sentence(section), {"verified": holds, "unit": unit, "lead": leads[0] if leads else None,
                                             "units": every}


def _figure_sentence(section: Section, query_tokens: list[str], wanted: frozenset[str] = frozenset(),
                     other: frozenset[tuple[str, str]] = frozenset()) -> tuple[str, list[str]]:
    """The sentence that answers a how-much question, and the figures in it that the question asks for.

    The sentence shares the question's words and has them next to a figure:
    "PM2.5浓度目标" is the sentence where 浓度 comes just before 35微克/立方米, not
    the one that names PM2.5 and only then a water quality share. A year in the
    question keeps the figures set for that year (2030年 → 10%, not 2025's 5%), a measure the figures of
    that kind (几座 → 3座, not 4.3米). `other`: figures of the other kind (sentence, figure) — a value reported
    for a question of targets, a target for one of what was reached — which cannot answer.
    """
    years = {int(y) for y in re.findall(r"20\d\d", "".join(query_tokens))}
    kept = [t for t in section.targets if (t.sentence, t.value + t.unit) not in other]
    measured = [t for t in kept if t.unit in wanted] or ([] if rules_out(wanted) else kept)
    targets = [t for t in measured if t.year in years] or measured
    by_sentence: dict[str, list[str]] = {}
    for target in targets:
        by_sentence.setdefault(target.sentence, []).append(target.value + target.unit)
    if not by_sentence:
        return best_sentence(section.text, query_tokens), []

    def fit(sentence: str) -> tuple[int, int]:
        near = max(max(_near(sentence, f, query_tokens)) for f in by_sentence[sentence])
        return overlap(sentence, query_tokens) + near, -len(sentence)

    sentence = max(by_sentence, key=fit)
    # A "分别" list gives each figure its own noun: the question's noun picks its figure (出租车 → 80%).
    named_ = {t.value + t.unit: overlap(t.subject, query_tokens) for t in targets
              if t.sentence == sentence and t.subject}
    if named_ and (best := max(named_.values())):
        return sentence, [f for f, n in named_.items() if n == best]
    return sentence, _asked_figures(sentence, by_sentence[sentence], query_tokens)


def _near(sentence: str, figure: str, query_tokens: list[str]) -> tuple[int, int]:
    """How much of the question stands just after and just before a figure."""
    at = sentence.find(figure)
    return (overlap(sentence[at + len(figure):][:FIGURE_AFTER], query_tokens),
            overlap(sentence[max(0, at - FIGURE_BEFORE):at], query_tokens))


def _asked_figures(sentence: str, figures: list[str], query_tokens: list[str]) -> list[str]:
    """The figures of a sentence that the question asks for.

    A plan sentence often lists several figures (3座…焦炉, 1200立方米以下高炉,
    100吨以下转炉). What a figure measures mostly follows it, so the words after
    each figure decide first; where none of the question's words follow any
    figure, those before it ("浓度力争降至35微克/立方米"); with neither, every
    figure stands. A figure well behind the best is left out.
    """
    unique = list(dict.fromkeys(figures))
    # The clause a figure stands in says what it measures: 煤炭消费总量…下降8% against 非化石能源消费比重…12%.
    own = {f: overlap(next((c for c in re.split(r"[，；：]", sentence) if f in c), ""), query_tokens) for f in unique}
    unique = [f for f in unique if own[f] == max(own.values())]
    nearness = {f: _near(sentence, f, query_tokens) for f in unique}
    for side in (0, 1):
        best = max(n[side] for n in nearness.values())
        if best:
            return [f for f, n in nearness.items() if n[side] * 2 > best]
    return unique


def _clause_sentence(section: Section) -> str:
    """The sentence of the section that names its units, verbatim."""
    first = section.units[0] if section.units else ""
    for sentence in reversed(sentences(section.text)):
        if first and first in sentence:
            return sentence
    return f"（{section.clause}）" if section.clause else section.text[:120]


def _roles(section: Section, clause: Clause | None) -> tuple[list[str], list[str], list[str]]:
    """Leads, other units and implementing governments: of the clause asked about, else of the whole section.

    The governments bound by a 以下…均需…落实 before the section implement it too.
    """
    if clause:
        leads, others, governments = clause.leads, clause.others, clause.implementers
    else:
        leads = section.leads or section.units[:1]
        governments = [u for u in section.units if u in COUNTY_GROUPS or u in section.implementers]
        others = [u for u in section.units if u not in leads and u not in governments]
    governments = list(dict.fromkeys([*governments, *section.implementers]))
    return list(leads), [u for u in others if u not in governments], governments


def _units_text(label: str, leads: list[str], others: list[str], governments: list[str], intent: str) -> str:
    if not leads:
        return f"{label}由{'、'.join(governments)}负责。"
    if intent == intents.LEAD_UNIT:
        text = f"{label}由{'、'.join(leads)}牵头"
        text += f"，{'、'.join(others)}按职责分工负责" if others else "负责"
    else:
        text = f"{label}的责任单位：" + "、".join([f"{'、'.join(leads)}（牵头）", *others])
    if governments:
        text += f"；{'、'.join(governments)}落实"
    return text + "。"


_BRACKETED_NUMERAL = r"[（(]([一二三四五六七八九十]{1,4})[)）]"
_PRINTED = re.compile(rf"{_BRACKETED_NUMERAL}(?!.*{_BRACKETED_NUMERAL})|第([一二三四五六七八九十]{{1,4}})条")
_PART_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,3})、")


def _printed(section: Section) -> int | None:
    """The number an article is printed with: （三） under 三、 is 3, whatever its place in the document; a part
    standing as an article (一、工作目标) its part's."""
    found = _PRINTED.search(section.label) or _PART_NUMBER.match(section.label)
    return parse_numeral(next(g for g in found.groups() if g)) if found else None


def _numbered(doc: Document, number: int, kind: str) -> list[Section]:
    """The sections of `doc` a reference by `number` may name: a row (第3项, 附表第3项) is its table's row, an article
    (第8条, （八）) the one printed with that number. Where the document prints none so, a numbered item (8.推广积分
    制, numbered across its articles) or, for a row of a document with no table, an article is meant: 第三项任务 of
    a plan of （一）…（七）."""
    tabled = any(s.kind == "annex" for s in doc.sections)  # a row beyond its table's last is none
    rows = [s for s in doc.sections if s.kind == "annex" and s.number == number]
    articles = [s for s in doc.sections if s.kind == "article" and _printed(s) == number]
    items = [s for s in doc.sections if s.kind == "item" and s.number == number and s.section_id.count(".") == 1]
    # items numbered on across their articles (1.–9. under （一）…（五）) are the document's tasks, its 条 and 项
    numbers = [s.number for s in doc.sections if s.kind == "item" and s.section_id.count(".") == 1]
    across = len(numbers) > 1 and len(set(numbers)) == len(numbers)
    order = ((rows,) if tabled else (items, articles)) if kind == "annex" else (
        (items, articles) if across else (articles, items))
    return next((kinds for kinds in order if kinds), [])


# The kind of document a title ends in (…实施意见, …任务推进台账, …分工表 (2025年)): what a question may call it.
_KIND = re.compile(r"(方案|计划|规划|意见|办法|细则|要点|清单|台账|通知|通报|表)(?:[（(][^（）()]*[）)])*$")


def _kind_of(title: str) -> str:
    """The kind of document a title names last (意见, 台账, 表), "" for none."""
    found = _KIND.search(title)
    return found.group(1) if found else ""


# An office named in English: its level, the words of its field, the kind of body it is.
_ENGLISH_BODY = re.compile(r"\b(?:(?P<level>county|district|city|municipal)\s+)?(?P<name>(?:(?!(?:the|a|an|does|do|did"
                           r"|is|are|was|were|which|what|who|whom|how|for|to|in|on|by|with|from|of|leads?|county"
                           r"|district|city|municipal)\b)[a-z&'-]+\s+){1,5}?)"
                           r"(?:bureau|office|department|commission|committee|center|centre|administration|agency"
                           r"|brigade|team|station|government)s?\b")
_LEVELS = {"county": "县", "district": "区", "city": "市", "municipal": "市"}


def _plain_words(folded: str) -> list[str]:
    """A question's Chinese words of two characters or more that ask nothing, stop words kept (任务, 要点, 全市:
    words the search drops as too common name a document's part or a scope here)."""
    return [w for w in segmenter().cut_for_search(folded) if len(w) > 1 and _CJK.match(w) and not intents.asks_only(w)
            and not ROLE_WORDS.fullmatch(w)]


def _unsaid(more: str, said: str) -> str:
    """The sentences of `more` that `said` does not hold already: a second part of a question (是干啥的，谁负责)
    answered without repeating a line the first part gave (a row's deadline line)."""
    return "".join(part for part in re.split(r"(?:(?<=。)(?!」)|(?<=」))\s*", more) if part not in said)


def _project_facts(project: KeyProject, today: date) -> dict[str, Any]:
    deadline: dict[str, Any] = {"text": project.deadline_text, "kind": project.deadline_kind,
                                "date": project.due_date.isoformat() if project.due_date else None}
    if project.due_date:
        deadline["days_left"] = (project.due_date - today).days
    return {"key_project": project.number, "deadline": deadline, "lead": project.units[0] if project.units else None,
            "units": project.units}


def _project_text(project: KeyProject, label: str, today: date) -> str:
    if project.due_date:
        when = f"{project.deadline_text}（{project.due_date.isoformat()}，{days_phrase(project.due_date, today)}）"
    elif project.deadline_kind == "ongoing":
        when = f"{project.deadline_text}（长期任务，无截止日期）"
    else:
        when = f"{project.deadline_text}（具体日期待定）"
    return f"{label}的完成时限：{when}；责任单位：{'、'.join(project.units)}。"


def _deadline_line(section: Section, project: KeyProject) -> str:
    return next((line for line in section.text.split("\n") if project.deadline_text in line), project.deadline_text)


def _gives(intent: str, facts: dict[str, Any]) -> bool:
    """Whether a composed answer states the figure or date asked, not that its document sets none."""
    return bool(facts.get("targets")) if intent == intents.TARGET_NUMBER else bool(facts.get("deadline")) if (
        intent == intents.DEADLINE) else True


# A task of its own, then its time as a field after a comma: 开展工业炉窑深度治理，完成时限：2025年6月底前。
_OWN_TIME_FIELD = re.compile(r"^(?P<task>[^，,。]{4,})[，,]\s*(完成|办结|截止)?(时限|时间|期限)[:：]")


def _heads(section: Section, sentence: str) -> bool:
    """Whether a sentence is the section's heading (an item's 推进工程建设项目审批提速。 over its body)."""
    return bool(section.title) and sentence.rstrip("。.") == section.title


def _dated_sentences(text: str) -> list[str]:
    """The sentences of a text that name a time."""
    return [s for s in sentences(text) if _TIME.search(s)]


def _times(text: str, sentence: str) -> list[str]:
    """Time words of a sentence; when it names no date, the first time field after it (完成时限：2024年6月底前, under
    its task as a field of it), else the 到YYYY年 that opens its paragraph."""
    found = [m.group(0).strip() for m in _TIME.finditer(sentence)]
    at = text.find(sentence)
    fields = list(_TIME_FIELD.finditer(text))
    after = next((f for f in fields if f.start() >= at >= 0), None)
    # a field is the sentence's when nothing stands between them, or the item's when it is its only one and stands
    # as a sentence or a clause's field of its own (…。完成时限：长期坚持, （牵头单位：…；完成时限：…）): not a field
    # a comma ties to another task (…，完成时限：2025年6月底前)
    opened = after is not None and (after.group(0)[:1] in ("。", "\n", "；", ";", "（", "(") or after.start() == 0
                                    or text[:after.start()].rstrip(" ").endswith(("。", "\n")))
    own = after if after is not None and (
        not text[at + len(sentence):after.start()].strip(" 。；;，,\n") or (len(fields) == 1 and opened)) else None
    if found and (own is None or any(ch.isdigit() for ch in "".join(found))):
        return list(dict.fromkeys(found))
    if own:  # a field (完成时限：长期坚持) says more than a heading's 常态化
        return [own.group(1)]
    for paragraph in text.split("\n"):
        at = paragraph.find(sentence)
        if at >= 0:
            years = _CONTEXT_YEAR.findall(paragraph[:at])
            return [f"到{years[-1]}年"] if years else []
    return []


def _all_county_members(registry: UnitRegistry) -> frozenset[str]:
    return frozenset(m for g in COUNTY_GROUPS for m in registry.members(g))


def _names_counties(project: KeyProject) -> bool:
    return any(u in COUNTY_GROUPS for u in project.units)


def _names_of(doc: Document) -> UnitRegistry:
    """Another place's document's units as it writes them, with the short forms of their names."""
    names = UnitRegistry()
    for section in doc.sections:
        for unit in section.units:
            names.add(unit)
    for project in doc.key_projects:
        for unit in project.units:
            names.add(unit)
    return names


def _places_of(doc: Document) -> frozenset[str]:
    """The divisions a document is about, from its head: Changzhi for Changzhi's own; a place the gazetteer lacks
    as its title or issuer writes it (豫阳市)."""
    head = {d.name for _, d in named(f"{doc.title} {doc.issuer} {doc.number}")} | ({doc.place} - {""})
    return frozenset(head | {HOME_CITY} if doc.home else head)
