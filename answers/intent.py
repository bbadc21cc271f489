"""What a question asks for, read from its wording in Chinese or English.

The intent decides which part of a section's structure answers the question
(its lead unit, its units, its deadline, its figures), so it is read from the
question words alone — never from the topic, which retrieval handles. The
patterns cover the forms officials type in chat (挑头, 啥时候, 几时) as well
as the plan's own words; the question is folded first (simplified, lower case).
"""

from __future__ import annotations

import re

LEAD_UNIT = "lead_unit"
UNITS_OF_TOPIC = "units_of_topic"
DEADLINE = "deadline"
TARGET_NUMBER = "target_number"
UNIT_DUTIES = "unit_duties"
TOPIC_LOOKUP = "topic_lookup"
VERIFY = "verify"  # a yes/no question with a premise: "园区减污降碳是商务局牵头吗"
KEY_PROJECTS = "key_projects"  # the annex as a table: which, how many, the earliest (answers/projects.py)
PROGRESS = "progress"  # how far a task has got: a progress table's column

# The kinds of body a task is given to: a department, a unit, a bureau's own offices (科室, 处室, 股室).
_BODY = r"(部门|单位|局|机构|科室|处室|股室)"
_LEAD = re.compile(
    r"谁(来)?(牵头|挑头|负总责|主抓|主管|领头|带头|打头|抓总|抓|管)|(牵头|挑头|主责|主管|领头|带头|打头)(的)?(部门|单位|机构|方)"
    rf"|由谁|谁(来)?负责|谁(来)?(干|做|办|搞)(?![了过完好成])|负责(人|单位|部门)(是|为)(谁|哪)|哪个{_BODY}|哪家(单位|部门)|什么{_BODY}(牵头|负责)"
    r"|(牵头|挑头|领头|带头|打头|主抓|负总责)的?(是|为)(谁|哪(?!些|几|部分|块|一?条|一?项|方面))"
    # a choice between units: 牵头的是生态环境局还是商务局, 是发改委还是工信局牵头
    r"|(牵头|挑头|领头|带头|打头|主抓|负总责)的?(是|为)[^，。？?]{1,20}还是|还是[^，。？?]{1,20}(牵头|挑头|领头|带头|打头|主抓|负总责)"
    # a unit noun before the lead verb, whatever stands before it (那个部门牵头, 啥部门来牵头, 哪家挑头)
    r"|(部门|单位|机构|科室|处室|股室|哪家)(来)?(牵头|挑头|主抓|领头|带头|打头|负总责)"
    # which one leads, whatever the asker calls a body (哪个口子牵头, 哪个条线来主抓)
    r"|哪个[\u4e00-\u9fff]{0,3}(来)?(牵头|挑头|主抓|领头|带头|打头|负总责)"
    # 哪家 asks which body, as 哪个部门 does, where it asks who does it (哪家负责的, 归哪家管, 哪家牵头), not which
    # thing (哪家电厂要关停, 哪家的机组)
    r"|哪家(单位|部门)?(来)?(牵头|挑头|负责|管|主抓|抓|负总责)|归哪家|哪家\s*[呢啊]?\s*[？?]?\s*$"
    # the role named and left for the answer (牵头的呢？, 牵头的是？): who holds it
    r"|(牵头|挑头|领头|带头|打头|主抓|负总责)的(?=\s*(呢|啊|吗|是(?!哪(些|几|部分|块|一?条|一?项|方面))|[？?]|$))"
    r"|\blead(s|ing)?\b|\bin charge\b|\bwho('s| is)? responsible\b|\bon the hook\b"
    r"|\bwhich (agency|department|bureau|office|unit)\b"
    r"|\bwho (runs|handles|owns|heads)\b|\bresponsible (agency|department|bureau)\b"
)
# Units that own the thing asked (哪些单位的屋顶) ask for the thing; their business (哪几个局的事) asks for them.
_UNITS = re.compile(
    r"(哪些|哪几|几|多少)(个|家)?(部门|单位|机构|局)(?!的(?!事|职责|责任|任务|工作|分工))|(责任|参与|配合|参加|协同|协办)的?(单位|部门)"
    r"|都有谁|有谁(参与|负责)"
    r"|谁(来)?(配合|参与|协助|协同|参加)|还有(谁|哪些|哪个)|(参与|配合|协助|协同)的(是|有)?(谁|哪些|哪几|哪家)|(参与|配合|协助|协同)的(?=\s*(呢|啊|[？?]|$))"
    r"|\bwho else\b|\bwhich others\b|(涉及|包括)(到)?谁"
    # which bodies by their counter alone (还有哪几家配合, 哪几个参与)
    r"|(哪些|哪几|几)(个|家)(单位|部门|机构)?(来)?(配合|参与|协助|协同|参加|协办)"
    r"|\bwhich (other )?(agencies|departments|depts|bureaus|offices|units)\b|\bwho (is|are) involved\b"
    r"|\bwhat (other )?(agencies|departments|depts|units)\b"
    r"|\bresponsible (units|agencies|departments)\b"
)
_DEADLINE = re.compile(
    r"什么时[候间侯]?|啥时候|啥时|何时|几时|哪一?年|哪一?天|哪个月|几月|(完成)?(时限|期限)|截止|完成时间|多久|多长时间|时间(节点|表|要求)"
    r"|截至(?!现在|目前|今天|今日|当前|本月|今年)"  # 截至现在 states the day asked as of, it asks no time
    r"|日期|日子|时间点"
    r"|到期|过期|逾期|超期|deadline|\boverdue\b"
    r"|\bwhen\b|\bby (what|which) (date|year|time)\b|\b(what|which) (year|date)\b|\bdue\b"
    r"|\bhow long\b(?! (is|are|was|were) (the|this|that|its|each)\b)"  # how long is the bridge asks its length
    r"|\btimeline\b"
)
# A time stated as a premise of being done, to be checked (是不是2025年底前搞完就行, 年底前完成对吧): when it is due.
_DONE_BY = re.compile(r"(\d{2,4}年|年|月)(底|末)?(前|以前|之前)[^，。？?；;]{0,4}"
                      r"(完成|搞完|干完|做完|弄完|整完|搞定|弄好|做好|完工|建成|到位|办结|结束)")
_DONE_VERBS = "(完成|做完|建成|替代|淘汰|改造|关停|新建|安装|新增)"  # what a row reports done, in a count
_PROGRESS = re.compile(
    r"进展|(?<!时间)进度(?!安排|要求)|(推进|落实|完成|实施|工作)情况(?!表)|做到(哪|什么)|到(了)?哪一?步|(完成|推进|落实)得?(怎么样|咋样|如何)|完成率"
    r"|(推进|进展|进行|做|干|搞)到(了)?(什么|啥|哪个|哪种)(程度|地步|阶段)"
    # why it is late, and how much is done so far (已经做完多少家, 淘汰了多少辆): what a progress column reports
    r"|(为啥|为什么|为何|什么原因|啥原因).{0,10}(没有?按时|未按时|滞后|延期|推迟|拖|耽误|没有?完成|未完成"
    r"|没有?(启动|开工|动工)|未(启动|开工))"
    r"|\bwhy\b.{0,60}\b(behind( schedule)?|late|delayed|stalled)\b"
    r"|(滞后|延期|没按时完成)的?原因"
    rf"|(已经|目前){_DONE_VERBS}了?[^，。？?]{{0,6}}(多少|几)(?![年月天])"
    # done so far, said by the time it is asked at (现在建好几座了, 目前干了多少公里, 至今已完成几家)
    # — not what is to be done (现在要完成几座, 目前定下来要建成多少), nor what a document lists (方案里列了多少项)
    r"|(已经?|目前|现在|至今|眼下|截至目前)(?![^，。？?]*(方案|文件|规划|意见|计划|通知)[里中上])"
    r"(?:(?![要需应将拟得定]|计划|目标)[^，。？?]){0,8}?(?![要需应将拟得定])[\u4e00-\u9fff](了|好|完|成)"
    r"(?:(?![要需应将拟得定])[^，。？?]){0,6}(多少|几)(?![年月天])"
    rf"|(?<![要需将应]){_DONE_VERBS}了(多少|几)|(?<![要需将应]){_DONE_VERBS}(多少|几成)了"  # 完成多少了
    r"|(完成|做完|建成|落实|弄完|搞完|干完|做好|建好|编好|办好|完工|开工|动工|启动)(了)?(没有|没|吗)"
    r"(?!.{0,4}(时限|期限|时间|截止|日期))"
    # what holds it up: a progress table's 存在问题 column says it (卡在哪里了, 遇到什么困难)
    r"|卡在(哪|什么)|卡住|(存在|遇到|碰到)(了)?(什么|哪些|啥)(问题|困难|障碍)"
    r"|\b(is it|has it been|have they been|been) (done|completed|finished)\b"
    r"|\bprogress\b|\bstatus\b|\bhow far\b|\bhow is .* going\b"
)
_TARGET = re.compile(
    r"多少|(?<![那这哪])几(家|座|个|台|辆|项|成|倍|米|吨|公里|千米|处|套|艘|栋)|多大|多高|多长|多远|比例|占比|百分之|目标|指标|达到|数量|规模|范围"
    r"|具体数|数值|量化"
    r"|\bhow (many|much|big|large|far|high|tall)\b|\bhow long (is|are|was|were) (the|this|that|its|each)\b"
    r"|\bwhat (percentage|share|proportion|size|capacity)\b"
    r"|\btargets?\b|\bpercent(age)?\b|\bquota\b|\b(share|proportion|ratio)\b"
    r"|\bwhat ([\w.]+ )?(level|value|figure|number|rate|concentration)\b|\bhow low\b"
    r"|\baim(s|ing|ed)? (for|at)\b"  # what a plan aims for is its target
)
_DUTIES = re.compile(
    r"(负责|承担|牵头|参与|管|抓|干|做)(了)?(哪些|什么|啥|多少)(工作|任务|事情?|事项|内容|措施)?|(有|的)(哪些|什么|啥)(工作|任务|职责|责任|事情?)"
    # what a named unit leads, as parts of the plan (市住建局牵头的是哪些方面, 挑头的有哪几块, 牵头的是哪一条)
    r"|(牵头|挑头|负责|承担|参与)的?(是|有)?哪(些|几|部分|块|一?条|一?项|方面)|(牵头|挑头|负责|承担|参与)的(工作|任务|事项|措施)"
    r"|(负责|承担|牵头|参与)(了)?(几|多少)(项|个|件)|(工作|任务|职责|责任|分工)(有哪些|是什么|有什么|有啥)|职责|分工"
    r"|\bresponsible for\b|\b(tasks?|duties|responsibilities|assignments?|jobs?)\b|\bassigned\b|\bwhat does .* do\b"
)

# A question that states a fact and asks whether it holds: a closing particle or an is-it form.
# A tag question confirms what it states: 对吧, 是吧, 没错吧, or 吧 closing the statement (…是住建局吧); a closing
# 不 asks it colloquially (是交通局牵头不).
_YES_NO = re.compile(r"(吗|嘛|(?<![什怎那这多要])么|(?<![要得行])不)\s*[？?]?\s*$|是不是|是否|对不对|对吗|对么"
                     r"|(对|是|没错|没说错|不是)吧|吧\s*[？?]?\s*$"
                     r"|有没有.{0,6}(牵头|负责|参与)|^(is|are|does|do|did|was|will)\b|\bisn'?t\b|, right\??$")
# A body named the way bodies are (林业局, 国资委, 信访办), registered or not; 局长 is a person.
# Not the 办 of 怎么办, 督办, 办理 nor the 委 of 委托: a body's name ends there, before its role or the question's end.
_BODY_WRITTEN = re.compile(r"[\u4e00-\u9fff](?<![么咋督承协主包代举创开兴查申试])(局|委|办|厅)"
                           r"(?=牵头|负责|参与|配合|来|管|主|吗|吧|呢|的|是|对|[，,？?。\s]|$)|\b(bureau|commission)\b")
# Words that name the lead role, and with them the other roles a question may state or ask about.
# 排第一的责任单位: the annex lists the lead first, so the first-listed unit is the lead.
_LEAD_ROLE = re.compile(r"牵头|挑头|负总责|主抓|主管|领头|带头|打头|排(在)?(第一|首位|头一)"
                        r"|\blead|\bled by\b|\bin charge\b|\b(first[- ]listed|listed first)\b")
# 管 closing a clause states who has charge of a thing (是发改委管吗, 归住建局管的吧); inside words it manages.
_ROLE = re.compile(rf"{_LEAD_ROLE.pattern}|负责|参与|配合"
                   r"|(?<![监主])管(?=的?\s*(吗|吧|么|嘛|不|呢|对吧|是吧|[？?，,]|$))"
                   r"|\bresponsible\b|\binvolved\b|\b(handles?|runs?) (it|this|that)\b")


def names_lead(folded_question: str) -> bool:
    """Whether a question speaks of the lead role (牵头, 挑头, led by …), not merely of taking part."""
    return _LEAD_ROLE.search(folded_question) is not None


# What is left of a question once its asking words are gone, when it says nothing else: particles, a stray character.
# Words that point at the text itself, not at a topic in it: 表里写的啥时候 asks of the subject in the table.
_THE_TEXT = re.compile(r"(附表|表格|(重点(工程|项目))?表|文件|方案|原文|文中)(里面?|中|上面?)?"
                       r"|(写|规定|提到|说)(的|着|了)|\b(table|annex|plan)\b")
_ASKING = (_LEAD, _UNITS, _PROGRESS, _DEADLINE, _TARGET, _DUTIES, _YES_NO, _ROLE, re.compile(r"协助|协同|单位|部门"),
           _THE_TEXT)
# a subject's word left besides asking: Chinese of two characters, English of three letters, or a term of letters
# and figures (pm2.5, so2, co2)
_WORDS_LEFT = re.compile(r"[\u4e00-\u9fff]{2,}|[a-z]{3,}|[a-z]+\d")
_PARTICLES = re.compile(r"[了没吗呢吧啊呀么的是有还要已经都就]|\b(who|what|which|is|are|it|its|the|does|do|was|yet)\b")


# The words questions ask in (牵头, 什么时候, 多少): what a bare 这个 before them points back with, and what a word
# typed by its sound is heard against (签头 → 牵头). A closed class of the asking vocabulary, kept beside the patterns.
ASKING_WORDS = ("牵头", "挑头", "领头", "带头", "打头", "负责", "负总责", "主抓", "主管", "参与", "配合", "协助",
                "截止", "截至", "完成", "到期", "过期", "逾期", "期限", "时限", "什么时候", "啥时候", "何时", "几时",
                "哪年", "多少", "比例", "占比", "目标", "指标", "进展", "进度", "职责", "任务", "分工", "由谁", "是谁",
                "归谁", "单位", "部门", "机构")


def _unasked(folded_question: str) -> tuple[str, int]:
    """What is left of a question without its asking words and particles, and how many asking words it had."""
    rest, asked = folded_question, 0
    for pattern in _ASKING:
        rest, found = pattern.subn(" ", rest)
        asked += found
    return _PARTICLES.sub(" ", rest), asked


def asks_only(folded_question: str) -> bool:
    """Whether a question is nothing but the asking of a type (过期了没？, 多少？, who?): it names no subject, so
    it can only be about the one a conversation had."""
    rest, asked = _unasked(folded_question)
    return asked > 0 and not _WORDS_LEFT.search(rest)


def words_besides_asking(folded_question: str) -> int:
    """How many Chinese characters a question has besides its asking words and particles: 啥时候得关完 leaves a
    verb (得关完), 医保报销什么时候到账 a subject of its own."""
    return len(re.findall(r"[\u4e00-\u9fff]", _unasked(folded_question)[0]))


# A question of how a thing is done or handled (咋处理, 怎么管, how is … handled): it asks what the text says, whatever
# the conversation asked before.
_HOW = re.compile(r"(咋|怎么|怎样|如何)(弄|办|管|处理|搞|整|做|治理|安排)|咋说|怎么说"
                  r"|\bhow (is|are|does|do|should|will)\b.{0,60}\b(handled|managed|dealt with|treated|done)\b")


# A question of its own about a thing (它要求哪些企业…, 里面提到什么车, which vehicles does it cover): it asks what the
# text says of the thing, whatever type the conversation asked before. Time words ask a type and are no such question.
_WHICH = re.compile(r"哪些|哪几(?![项个条])|哪种|哪类|(?<!为)什么(?!时)|(?<!为)啥(?!时)"
                    r"|\bwhich (?!one\b|(other )?(agenc|department|dept|bureau|office|unit))\w+"
                    r"|\bwhat (kinds?|sorts?|types?) of\b|\bwhat does (it|this|that) (say|require|ask)")


def asks_which(folded_question: str) -> bool:
    """Whether a question asks which things or what of its own (里面要求哪些企业率先…): a lookup of its own."""
    return _WHICH.search(folded_question) is not None


def asks_how(folded_question: str) -> bool:
    """Whether a question asks how something is handled (该项里老旧农机咋弄): what the text says of it."""
    return _HOW.search(folded_question) is not None


def is_particle(word: str) -> bool:
    """Whether a word is only particles and auxiliaries (已经, 了没, is): it asks, it names nothing."""
    return not _PARTICLES.sub("", word).strip()


# A figure asked for, strictly: 多少, 几家 — not 目标 or 比例, which a question about who leads a target names too.
# 几个部门 asks for units and 多少天 for a time: neither asks a figure.
_HOW_MUCH = re.compile(r"多少(?!天|[个家]?(部门|单位|机构|局))|(?<![哪那这])几(家|座|台|辆|成|倍|吨|处|套|艘|栋)"
                       r"(?!(部门|单位|机构|局))|百分之"
                       r"|\bhow (many|much)\b(?! (days|departments|agencies|units))")
def asks_figure(folded_question: str) -> bool:
    """Whether a question asks for a figure, strictly (要降到多少, 几家): a year or month in it is then the target's."""
    return _HOW_MUCH.search(folded_question) is not None


# What a thing is, asked beside who does it or when (第5项是干啥的，谁负责; what is it about and who leads it).
_WHAT_ABOUT = re.compile(r"(干|做|搞)(啥|什么)的|讲(的)?(是)?(啥|什么)(?!时)|(什么|啥)内容|内容是(什么|啥)"
                         r"|\bwhat('s| is| are) (it|this|that|they|[a-z0-9 ]{1,40}) about\b"
                         r"|\bwhat does (it|this|that) (involve|cover|require)\b")
# What a question may ask besides its first part, each as one clause of it: 谁牵头，什么时候完成？
_ALSO = ((TOPIC_LOOKUP, _WHAT_ABOUT), (LEAD_UNIT, _LEAD), (PROGRESS, _PROGRESS), (DEADLINE, _DEADLINE),
         (TARGET_NUMBER, _HOW_MUCH))
_SAME = {UNITS_OF_TOPIC: LEAD_UNIT}  # who takes part is answered with the lead


# What a named unit does, asked in English with the unit as the subject (which tasks does the X bureau lead, what
# work is the X bureau responsible for).
_DUTIES_EN = re.compile(r"\b(which|what) (tasks|work|projects|measures|items|duties|jobs)\b[^?]*"
                        r"\b(lead|do|handle|take on|responsible for|in charge of)\b")


def also_asked(folded_question: str, intent: str) -> list[str]:
    """The other parts a question asks of the same subject (its lead and its deadline, its progress and its
    lead), besides `intent`, in the order answered."""
    first = _SAME.get(intent, intent)
    figure = first != PROGRESS  # 完成率是多少 asks how far it has got: the progress says it
    return [kind for kind, pattern in _ALSO if kind != first and pattern.search(folded_question)
            and (figure or kind != TARGET_NUMBER)]


def detect(folded_question: str, names_unit: bool) -> str:
    """The intent of a folded question; `names_unit` says a registered unit is named in it.

    A named unit with a role and a yes/no form states a premise to check
    ("园区减污降碳是商务局牵头吗"). A named unit with duty words asks for that
    unit's duties ("市住建局负责哪些工作"),
    unless the question also asks who leads or when, which are about a topic
    that merely mentions the unit. Time is checked before numbers because
    "哪一年的目标" asks for a year, not a figure.
    """
    q = folded_question
    if _YES_NO.search(q) and _ROLE.search(q):
        if names_unit:
            return VERIFY
        if _BODY_WRITTEN.search(q):  # 是林业局牵头对吧: a body the documents do not name; who does lead answers
            return LEAD_UNIT
    if _YES_NO.search(q) and _DONE_BY.search(q):
        return DEADLINE
    if names_unit and _DUTIES_EN.search(q):  # which tasks does the bureau lead: its duties, not who leads
        return UNIT_DUTIES
    if names_unit and _DUTIES.search(q) and not (_LEAD.search(q) or _DEADLINE.search(q)):
        return UNIT_DUTIES
    if _UNITS.search(q):
        return UNITS_OF_TOPIC
    if _LEAD.search(q):
        return LEAD_UNIT
    if _PROGRESS.search(q):
        return PROGRESS
    if _DEADLINE.search(q):
        return DEADLINE
    if _TARGET.search(q):
        return TARGET_NUMBER
    return TOPIC_LOOKUP
