"""A question read once into the typed request the answer engine works from.

What is asked (the intent: lead, units, deadline, figure, the key projects
as a table, a yes/no check of a premise, a description), about what (the
topic to search, the units named, a section named by number, the document
itself), and what an answer must carry (the units a figure may have). Each
later step reads these fields instead of reading the wording again, and a
follow-up changes only the fields it leaves to the conversation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from answers import intent as intents
from answers import projects
from answers.measures import asked_units

# what a question calls the document itself: a work document's kind, or a kind of official document (党政机关公文
# 处理工作条例: 通报, 通告, 公告, 纪要 …) but 报告 and 决定, which are verbs too (向谁报告)
_DOCUMENT = r"(文件|方案|计划|台账|要点|清单|通知|通报|通告|公告|纪要|意见|表)"
# the kinds a document is named by, where the question asks its name (实施意见全名是啥): a 办法 or 规划 a task
# drafts (扬尘管控办法什么时候出台) is no question about the document
_NAMED_KIND = r"(文件|方案|计划|规划|意见|办法|细则|台账|要点|清单|通知|表)"
_ASKER = r"(什么时候|何时|哪天|哪年|谁|哪个?(单位|部门|机关|机构)|哪家|啥时候)"
# the document number itself: 文号, the doc / file / reference number
ASKS_NUMBER = re.compile(r"文号|发文字号|\b(doc(ument)?|file|reference) (number|no\b)")
_ISSUED = re.compile(rf"{ASKS_NUMBER.pattern}|{_ASKER}.{{0,6}}(印发|发布|发文)"
                     r"|(印发|发布)(的)?(时间|日期|单位|机关)|\bissued\b|\bpublished\b|\bput out\b|\bissuer\b"
                     r"|落款|成文(的)?(日期|时间)"  # the signature: who signed it and when
                     r"|\b(notice|document|plan|letter|list) (was |is )?dated\b|\bdate (of|on) (the|this) "
                     r"(notice|document|plan|letter|list)\b"
                     # its name: 全称, 文件名, 这份台账叫什么名字, what is the plan called
                     rf"|全称|文件名|{_DOCUMENT}的?(名字|名称|标题|题目)|{_DOCUMENT}叫(什么|啥)"
                     rf"|(?<!附){_NAMED_KIND}.{{0,8}}(全名|(正式|完整)的?(名字|名称|标题))"
                     r"|\b(full|official) (title|name)\b|\bwhat is (the|this) (document|plan|file) called\b"
                     r"|\b(title|name) of (the|this) (document|plan|file)\b")
# Who sent it, or filled it in, and when (这张表是哪个单位报的, 这份要点是哪个机关发的, when was this table filled in):
# words a task uses too (补贴什么时候下发, 哪个部门报送数据), so only where the question names the document.
_SENT = re.compile(rf"{_DOCUMENT}.{{0,8}}{_ASKER}.{{0,6}}(下发|发下来|发出|出台|发的|出的|报的|报送|填报|填的)"
                   r"|(下发|印发|发|出)的还是"  # 是县政府发的还是教育局发的: which of two issued it
                   r"|(填报|报送)(的)?(单位|日期|时间)|\b(table|report|document|plan) filled in\b"
                   r"|\b(who (?:\w+ly )?|(which|what) (unit|office|department|agency|body|bureau) )(filed|submitted"
                   r"|sent out|put out|issued|signed|compiled|prepared|drew up) (this\b"
                   r"|the (?:[\w-]+ ){0,5}?(notice|document|plan|ledger|list|table|report|file|circular|points)\b)"
                   r"|\bwhen was (the|this) [\w\s-]{0,30}(submitted|filed|filled in|issued|published)\b"
                   # a plan named by its place or topic (qingbu's noise action plan): when it came out
                   r"|\bwhen (was|were|did) (?:(?!under\b|of\b|for\b|in\b|from\b)[\w'’-]+ ){0,6}?"
                   r"(plan|notice|document|points|programme|program)s? (?:been |get |first )?"
                   r"(released|issued|published|put out|come out|signed)\b")
# What a document was drawn up under: nearly every plan opens "根据《…》…，制定本方案". Asked as a question of
# basis (依据什么, 根据哪个文件, 制定依据) about the drawing up of the document itself: 根据本方案，… introduces
# a question, and 按照哪个文件开展试点 asks about a task, not the plan.
_BASIS = re.compile(r"(依据|根据|按照|依照)(的)?(是)?(什么|哪|何)|(制定|出台|编制|起草)(的)?(依据|根据)"
                    r"|上位(文件|政策|规划|法规)|\bbased on (what|which)\b|\bwhat\b.*\bbased on\b|\bbasis\b")
_DRAWN_UP = re.compile(r"制定|出台|编制|起草|(本|这份|这个|该|此)(实施)?方案|\b(plan|document)\b")

# The document referred to as the frame of a question (根据本方案，…; 按照方案…): the asker's frame, not its topic.
_FRAME = re.compile(r"(根据|按照|依据|依照|按)(本|这个|这份|该|此)?(实施)?(方案|文件)(的?规定|要求)?"
                    r"|\baccording to (the|this) plan\b")

ISSUER, BASIS, CONTACT = "issuer", "basis", "contact"  # questions about the document itself
# Whom to contact about a document: its 联系人 and phone (有问题找谁对接，电话多少; who do I call about this notice),
# not a report made by phone.
_CONTACT = re.compile(r"联系人|联系电话|联系方式|对接人|(找谁|跟谁|和谁|与谁)(对接|联系|咨询)|咨询电话"
                      r"|电话(号码)?(是)?多少|(打|拨)(什么|哪个)电话|电话号码|填报人|经办人"
                      r"|\bcontacts?\b(?! (with|between))|\b(tele)?phone (number|no)\b"
                      r"|\bwhat('s| is) the (tele)?phone\b|\bwho (do|should) (i|we) (call|ask|phone|ring)\b")


# A unit's tasks and its key projects asked together (牵头的任务和重点工程): its duties, which list both.
_TASKS_AND_PROJECTS = re.compile(r"(任务|工作|措施|事项)(和|及|以及|与|、|还有)(重点)?(工程|项目)"
                                 r"|(工程|项目)(和|及|以及|与|、|还有)(任务|工作|措施|事项)")


@dataclass(frozen=True)
class Request:
    text: str  # the question, cleaned
    folded: str  # simplified, lower case: what patterns read
    intent: str  # what is asked (answers.intent)
    units: tuple[str, ...]  # the units it names, as the registry names them
    referenced: str | None  # the section it names by number (附表第5项, 第十三条)
    table: projects.ProjectQuery | None  # a question over the key projects as a whole
    measure: frozenset[str]  # the units a figure answering it may have; empty: any
    topic: str  # what is searched: the question, without a premise's unit
    about: str  # ISSUER | BASIS | CONTACT | "": a question about the document itself

    @property
    def names_the_document(self) -> bool:
        """A unit's duties, the key projects, a numbered part or the document itself: answerable even where
        the question's own words are few."""
        return bool(self.intent == intents.UNIT_DUTIES or self.table or self.referenced or self.about)


def read(text: str, folded: str, units: list[str], referenced: str | None,
         without_units: Callable[[str], str], over_table: bool = False) -> Request:
    """The request of a cleaned question, given what only the corpus can tell: the units it names, the
    section it references, and how to take its units out (a premise's unit is checked, not searched for;
    called only for a premise, since it scans every unit name); `over_table`: the conversation's last
    answer listed the key projects."""
    intent = intents.detect(folded, bool(units))
    asks_units = intent in (intents.LEAD_UNIT, intents.UNITS_OF_TOPIC)
    query = None if referenced or (intent == intents.UNIT_DUTIES and _TASKS_AND_PROJECTS.search(folded)) else \
        projects.parse(folded, units, asks_units, over_table and intent != intents.VERIFY)
    about = (ISSUER if _ISSUED.search(folded) or _SENT.search(folded) else BASIS if _asks_basis(folded)
             else CONTACT if _CONTACT.search(folded) else "")
    topic = without_units(text) if intent == intents.VERIFY else text
    return Request(text, folded, intent, tuple(units), referenced, query, asked_units(folded),
                   topic if about else _FRAME.sub(" ", topic), about)


def _asks_basis(folded: str) -> bool:
    return bool(_BASIS.search(folded) and _DRAWN_UP.search(folded))
