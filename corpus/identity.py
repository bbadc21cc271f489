"""What a document says about itself at its head: its title, its issuer and its document number (文号).

The document number identifies an official document across revisions and
file names, so an upload carrying the number of a document already in the
corpus is a new version of it. Only the head is read: the body cites other
documents' numbers (（晋环发〔2023〕1号）) that are not this one's.
"""

from __future__ import annotations

import re
from itertools import pairwise

from corpus.gazetteer import named, opening_place
from corpus.numerals import CHARS
from corpus.text import clean_inline, page_number

HEAD_LINES = 15
_ANNEX_OPENS = re.compile(r"^附\s*[表件]\s*\d*$")  # an attachment's first line: 附件, 附件1, 附表 alone
SIGNATURE_LINES = 4  # a signature at a text's end: the body's name, the date, and a line or two after
FILING_LINES = 6  # a ledger's filing lines under its table: unit, person, phone, date, and a note or two
_NUMBER_TEXT = r"([\u4e00-\u9fff]{1,15})\s*[〔\[［(（]\s*((?:19|20)\d\d)\s*[〕\]］)）]\s*(\d{1,4})\s*号"
_NUMBER = re.compile(rf"^{_NUMBER_TEXT}$")
_CITED = re.compile(_NUMBER_TEXT)
_NOTICE = re.compile(r"关于(?:印发|转发|下发)《(.{2,60}?)》的\s*通\s*知")
# The notice's title line with its plan's name unbracketed (…办公室关于印发晋城市…方案的通知): the whole line, since
# a body sentence cites other notices (根据《国务院关于印发大气污染防治行动计划的通知》).
_NOTICE_LINE = re.compile(r"^[^《》<>]{0,40}关于(?:印发|转发|下发)([^《》<>]{2,60}?)的通知$")
# The notice's own sentence naming what it issues: 《…》已经市人民政府同意，现印发给你们 / 现将《…》印发给你们.
_ISSUES = re.compile(r"《([^《》]{2,60})》[^《》。]{0,30}(?:印发|转发|下发)给?你们")
_NUMBERED = re.compile(rf"^(?:[{CHARS}]+[、.．]|[（(][{CHARS}\d]+[)）]|第[{CHARS}]+[章条])")
_MAX_TITLE = 60
_PLACE_WITHIN = 4  # how far into a body's name its place may stand: 美丽杭州建设领导小组
# A title run into the body on one line (宁波市…实施计划为进一步改善…): the title ends with the kind of document it
# is, and the body opens with the words a plan's first sentence opens with.
_RUN_ON = re.compile(r"^(.{4,58}?(?:方案|计划|规划|意见|办法|细则|要点|清单|措施|通知|决定)"
                     r"(?:[（(][^（）()]{1,15}[）)]){0,2})"  # its years and its stage: (2024—2025年)(征求意见稿)
                     r"(?=为了?|根据|按照|依据|近年来|当前|目前|今年)")
# Who filled in a report and when, as a ledger's head labels them (填报单位：…（…代章）  填报日期：2024年10月9日).
_FILING = r"(?:填报|报送|编制|制表)"
# The filing unit with the unit whose seal it bears, when a bracket says so: …办公室（…生态环境局代章）.
_FILED_BY = re.compile(rf"{_FILING}单位\s*[:：]\s*(?!{_FILING}|日期)"
                       r"([^\s:：（()]{4,40}?(?:[（(][^）)]{2,30}代章[）)])?)"
                       rf"(?=\s|[（(]|{_FILING}|日期|$)")
_FILED_ON = re.compile(rf"{_FILING}(?:日期|时间)\s*[:：]\s*((?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)")
# A body that issues documents, named on a line of its own at the head (…人民政府办公室, …生态环境局).
_BODY = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(人民政府|办公厅|办公室|委员会|领导小组|指挥部|中心|[局委厅室])$")
# What a title or heading does and a body's name does not: 加快推进产业布局 ends in 局 but acts. A name ending in an
# office's own word may hold a verb of its remit after its place (泷州市优化营商环境工作领导小组办公室): then only a
# verb it opens with (加快美丽绍兴建设工作领导小组, a heading) or a document's words tell it is none.
_ACTION = re.compile(r"推进|加快|加强|实施|开展|推动|强化|优化|关于|方案|计划|意见|通知|要点")
_DOCUMENT_WORDS = re.compile(r"关于|方案|计划|意见|通知|要点")
_OFFICE_ENDING = re.compile(r"(人民政府|办公厅|办公室|委员会|领导小组|指挥部)$")
# The date an issuer signs under, on a line of its own: 2024年6月, 2024年6月12日, 二〇二四年六月十二日.
_SIGNED = re.compile(rf"^(?:(?:19|20)\d\d|[〇○零{CHARS}]{{4}})\s*年\s*[\d{CHARS}]{{1,3}}\s*月"
                     rf"(?:\s*[\d{CHARS}]{{1,3}}\s*日)?$")


# A web page's fields at the head (发文机关：…, 文号：…, 成文日期：…), as government sites and their copies print them.
_FIELD = re.compile(r"^>?\s*(发文机关|发布机构|发文单位|文号|发文字号|成文日期|发布日期|印发日期)\s*[:：]\s*"
                    r"(\S.{0,40})$")
_FIELDS = {"issuer": ("发文机关", "发布机构", "发文单位"), "number": ("文号", "发文字号"),
           "date": ("成文日期", "发布日期", "印发日期")}


def _field(head: list[str], kind: str) -> str:
    """The value of the head's field of this kind (`_FIELDS`), or ""."""
    return next((m.group(2).strip() for line in head if (m := _FIELD.match(line)) and m.group(1) in _FIELDS[kind]),
                "")


def _parts(text: str) -> list[str]:
    """The head line that quotes a notice's head in one, split at its spaces (鹤湾市人民政府办公室　鹤政办发〔2025〕8号
    2025年3月14日印发; 青禾县人民政府办公室　2025年11月20日印发): the issuer, the number and the date each a part,
    the date without its 印发; [] when no head line holds a number, or a body and a date, among other parts."""
    for line in _head_parts(text):
        parts = [re.sub(r"(印发|发布|签发)$", "", p) for p in line]
        if len(parts) > 1 and (any(_NUMBER.match(p) for p in parts)
                               or (any(map(signed_date, parts)) and any(map(_issuing_body, parts)))):
            return [p for p in parts if p]
    return []


_BRACKETED_LINE = re.compile(r"^[（(](.*)[）)]$")


def _head_parts(text: str) -> list[list[str]]:
    """The head's lines, each split at its runs of spaces into clean parts: what a head quoted on one line (issuer
    number date) or bodies issuing together (枫陵市农业农村局　枫陵市生态环境局) put side by side."""
    lines = [line for line in text.splitlines() if line.strip()][:HEAD_LINES]
    # a head line may stand in brackets: （柘林县…办公室　2025年3月印发）
    return [[clean_inline(p) for p in re.split(r"[\s\u3000]+", _BRACKETED_LINE.sub(r"\1", line.strip().lstrip("> ")))
             if p] for line in lines]


# What the national standard for official documents (GB/T 9704) prints around a notice, which is neither its
# title nor its body: over the head its copy number (six digits), secrecy (机密★1年) and urgency (特急, 加急); at
# the foot the 版记, the lines it is sent in copy to (抄送：…) and the line it was printed on (…2025年5月28日印发).
HEAD_MARK = re.compile(r"^(\d{6}|(绝密|机密|秘密)(★.*)?|特急|加急|特提|平急)$")
FOOT_MARK = re.compile(r"^(抄送|抄报|分送)\s*[:：]"
                       r"|^\S.{0,40}?(办公室|办公厅|政府|委员会|领导小组|指挥部|中心|[局委办厅部])\s*"
                       r"(19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
# A notice's own title over lines of its head: 关于 what it is about, to the kind of document it is.
_KIND_ENDING = re.compile(r"(通知|通报|意见|方案|办法|决定|报告|批复|请示|函|公告|通告|规定|细则|计划|要点)$")


def _lines(text: str) -> list[str]:
    """The text's lines in their clean form, without empty ones, page numbers and the head's marks."""
    lines = [clean_inline(raw) for raw in text.splitlines()]
    return [line for line in lines if line and not page_number(line, bare=False) and not HEAD_MARK.match(line)]


def _before_foot(lines: list[str]) -> list[str]:
    """The lines before the 版记 at a notice's foot (抄送：…, …印发), which follows its signature."""
    marks = [i for i, line in enumerate(lines) if FOOT_MARK.match(line) and i >= len(lines) - FILING_LINES]
    return lines[:marks[0]] if marks else lines


def _head_and_tail(text: str) -> list[str]:
    """The head's lines and the last few: where a ledger says who filled it in and when (填报单位：…, 填报日期：…),
    above its table or under it."""
    lines = _lines(text)
    return lines[:HEAD_LINES] + lines[max(HEAD_LINES, len(lines) - FILING_LINES):]


def _head(text: str) -> list[str]:
    return _lines(text)[:HEAD_LINES]


def document_number(text: str) -> str:
    """The 文号 printed on a line of its own at the head, or "" when there is none."""
    head = _head(text)
    found = (next((line for line in head if _NUMBER.match(line)), "") or _field(head, "number")
             or next((part for part in _parts(text) if _NUMBER.match(part)), ""))
    return re.sub(r"\s+", "", found) if _NUMBER.match(found) else ""


def same_number(cited: str, number: str) -> bool:
    """Whether a document number as a question cites it (环委办发[2023]5号, 省里晋环发〔2023〕1号) is `number`: the
    same year and serial, and the one's issuer code ending the other's (a question may shorten it or run words
    into it)."""
    one, other = _CITED.search(cited), _CITED.search(number)
    if not one or not other or one.group(2, 3) != other.group(2, 3):
        return False
    return one.group(1).endswith(other.group(1)) or other.group(1).endswith(one.group(1))


def number_in(cited: str, number: str) -> str:
    """The part of a number as cited that is `number` itself: its issuer code no longer than the document's, the
    year and the serial (散煤清零按长环委办发〔2023〕5号 → 长环委办发〔2023〕5号, for 长环委办发〔2023〕5号)."""
    one, other = _CITED.search(cited), _CITED.search(number)
    if not one or not other:
        return cited
    code, own = one.group(1), other.group(1)
    start = one.start(1) + (len(code) - len(own) if code.endswith(own) else 0)
    return cited[start:one.end()]


def cited_numbers(text: str) -> list[str]:
    """The document numbers a text cites anywhere (…按晋环发〔2023〕1号要求), with whatever words run into their
    issuer code (省里晋环发〔2023〕1号)."""
    return [m.group(0) for m in _CITED.finditer(text)]


def serial(number: str) -> str:
    """A document number's year and serial (〔2023〕1号): what can be shown of one a question cites, whose issuer
    code may have words run into it."""
    found = _CITED.search(number)
    return f"〔{found.group(2)}〕{found.group(3)}号" if found else number


def document_issuer(text: str) -> str:
    """The issuing body: the red-letter header 《…文件》 at the head, else its field (发文机关：…), else a head line
    that is only a body's name
    (襄垣县生态环境保护委员会办公室), else the body signing with a date under the notice wherever it stands
    (a notice printed before its plan signs at its end), else the unit a report's head says filled it in
    (填报单位：…), or "" when there is none."""
    head = _head(text)
    found = next((line for line in head if line.endswith("文件") and 4 < len(line) <= _MAX_TITLE), "")
    return (found.removesuffix("文件") or _field(head, "issuer") or _joint_issuers(text)
            or next((line for line in head if _issuing_body(line)), "")
            or next((part for part in _parts(text) if _issuing_body(part)), "")
            or next((m.group(1) for line in _head_and_tail(text) if (m := _FILED_BY.search(line))), "")
            or _signature(text)[0])


def _joint_issuers(text: str) -> str:
    """Bodies issuing together, named side by side on one head line (枫陵市农业农村局　枫陵市生态环境局): each named,
    joined by 、, not run into one name; "" when no head line is such."""
    return next(("、".join(parts) for parts in _head_parts(text) if len(parts) > 1 and all(map(_issuing_body, parts))),
                "")


# Whom to call, as a notice or a ledger prints it: its contact, or who filled the ledger in (填报人：何静).
_CONTACT_LINE = re.compile(r"^[（(]?(联系人|联系电话|联系方式|咨询电话|填报人|经办人)[:：]")
# A note under the signature in brackets (（联系人：…；联系电话：…）), over one line or two: no signature line.
_NOTE_OPENS = re.compile(r"^[（(](联系人|联系电话|联系方式|此件|附注)")
_CLOSES = re.compile(r"[）)]\s*$")


def note_step(line: str, noted: bool) -> tuple[bool, bool]:
    """Whether a line is part of a bracketed note under a signature (its opening line, or the next when it closes
    the note the line before opened), and whether the note is still open after it: a note runs over a line or two."""
    opens = _NOTE_OPENS.match(line) is not None
    closes = _CLOSES.search(line) is not None
    return opens or (noted and closes), opens and not closes


def without_notes(lines: list[str]) -> list[str]:
    """The lines without a bracketed note under a signature."""
    out, noted = [], False
    for line in lines:
        in_note, noted = note_step(line, noted)
        if not in_note:
            out.append(line)
    return out
_CONTACT_LABELS = re.compile(r"(联系人|联系电话|联系方式|咨询电话|填报人|经办人|审核人|负责人|填表人|电话|手机)[:：]"
                             r"|[，,；;、\s]")


def document_contact(text: str) -> str:
    """Whom a notice names to contact about it, as its line says (联系人：…科 周立新，联系电话：0716-…), with the
    phone line under it; "" when it names none. A notice prints it for its readers to call: it answers them."""
    lines = _lines(text)
    for i, line in enumerate(lines):
        if _CONTACT_LINE.match(line) and _fills(line):
            after = lines[i + 1] if i + 1 < len(lines) and _CONTACT_LINE.match(lines[i + 1]) else ""
            found = f"{line.rstrip('；;')}；{after}" if after and _fills(after) else line
            return found.lstrip("（(").rstrip("；;，,）)")
    return ""


def foot_line(line: str) -> bool:
    """Whether a line belongs to a notice's foot, not its body: whom to call (联系人：…, or a bracketed note under
    the signature opening on the line) or the 版记 (抄送：…, …印发)."""
    return bool(_CONTACT_LINE.match(line) or _NOTE_OPENS.match(line) or FOOT_MARK.match(line))


def _fills(line: str) -> bool:
    """Whether a contact line names someone or a number, not only its labels (a form's 联系人：　联系电话：)."""
    return bool(re.search(r"\d|[\u4e00-\u9fff]", _CONTACT_LABELS.sub("", line)))


def document_date(text: str) -> str:
    """The date the issuer signed under: on a line of its own at the head (2020年3月27日), else under the signing
    body's name wherever it stands, else the day a report's head says it was filled in (填报日期：…), or ""."""
    head = _head(text)
    labelled = _field(head, "date")
    return (next((line for line in head if signed_date(line)), "") or (labelled if signed_date(labelled) else "")
            or next((part for part in _parts(text) if signed_date(part)), "")
            or next((m.group(1) for line in _head_and_tail(text) if (m := _FILED_ON.search(line))), "")
            or _signature(text)[1])


def _signature(text: str) -> tuple[str, str]:
    """A body's name followed on the next line by a date alone (忻州市人民政府办公室 / 2022年5月20日), as an issuer
    signs a notice: under the notice at the head, at the end when the notice is printed before its plan, or at
    the body's end before its attachment (附件 on a line of its own) — not elsewhere in between, where a table
    read one cell per line pairs a unit with its deadline. ("", "") when there is none."""
    lines = without_notes(_before_foot(_lines(text)))
    annexes = [i for i, line in enumerate(lines) if _ANNEX_OPENS.match(line)]
    before_annex = lines[max(0, annexes[0] - SIGNATURE_LINES):annexes[0]] if annexes else []
    ends = [*lines[:HEAD_LINES], "", *before_annex, "", *lines[-SIGNATURE_LINES:]]
    return next(((name, day) for name, day in pairwise(ends)
                 if signed_date(day) and _issuing_body(name)), ("", ""))


def _issuing_body(line: str) -> bool:
    """A body's name: an organisation's ending after a place it opens with (襄垣县…办公室, not 调整产业布局; 淇阳市…
    办公室 of a place the gazetteer lacks), or names within its first words (美丽杭州建设领导小组)."""
    office = _OFFICE_ENDING.search(line) is not None
    if not _BODY.match(line) or (_ACTION.match(line) or _DOCUMENT_WORDS.search(line) if office
                                 else _ACTION.search(line)):
        return False
    places = named(line)
    if not places:
        return opening_place(line.removeprefix("中共")) is not None
    return 0 <= line.removeprefix("中共").find(places[0][0]) <= _PLACE_WITHIN


def run_on_title(line: str) -> str | None:
    """The title a long first line opens with when the body runs on after it (…实施计划为进一步改善…)."""
    found = _RUN_ON.match(line)
    return found.group(1) if found and (len(line) > _MAX_TITLE or line.endswith("。")) else None


def signed_date(line: str) -> bool:
    """Whether a line is only a date, as an issuer signs a document: the document's date, not a task's."""
    return _SIGNED.match(line) is not None


def _own_title(head: list[str]) -> str:
    """A notice's own title broken over lines of its head (关于切实做好2025年主汛期防汛 / 准备工作的通知): from the
    line 关于 opens (after the issuing body's name, when the line opens with it) to the line that ends in the kind
    of document it is; "" when the head holds none."""
    for i, line in enumerate(head):
        at = line.find("关于")
        if at < 0 or (at and not _issuing_body(line[:at])) or line.endswith("。"):
            continue
        for end in range(i, min(i + 3, len(head))):
            title = "".join(head[i:end + 1])
            if _KIND_ENDING.search(title) and len(title) <= 2 * _MAX_TITLE:
                return title
    return ""


def document_title(text: str) -> str:
    """The title: what a notice 关于印发《…》 names, else what its sentence issues (现将《…》印发给你们), else the first
    short line that is no header or heading."""
    head = _head(text)
    broken = [a + b for a, b in pairwise(head)]  # a notice's title, or its sentence, broken over two lines
    named_ = [m.group(1) for lines in (head, broken) for pattern in (_NOTICE, _NOTICE_LINE, _ISSUES) for line in lines
              if (m := pattern.search(re.sub(r"\s+", "", line)))]
    if named_:  # 关于印发2025年工作要点的通知 names it short of the 《沁源县…2025年工作要点》 it issues
        return next((n for n in named_[1:] if n.endswith(named_[0]) and len(n) > len(named_[0])), named_[0])
    if head and (run_on := run_on_title(head[0])):
        return run_on
    if own := _own_title(head):
        return own
    for line in head:
        if (len(line) <= _MAX_TITLE and not _NUMBER.match(line) and not line.endswith("文件") and not _FIELD.match(line)
                and not _issuing_body(line) and not signed_date(line)
                and not _NUMBERED.match(line) and not line.endswith(("。", "：", ":"))):
            return line
    return ""
