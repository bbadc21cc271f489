"""Per-platform rendering of replies: markup, escaping, limits and where long replies are cut."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from bot.adapters.console import plain
from bot.adapters.telegram import TELEGRAM_CHARS, telegram_html
from bot.adapters.wecom import wecom_markdown, wecom_text
from bot.adapters.wecom.api import MARKDOWN_LIMIT, TEXT_LIMIT
from bot.chat.render import split_text, utf16_units
from bot.chat.reply import Reply, Source

SENTENCE_END = ("。", "！", "？", "；", "」", "）")


class TagChecker(HTMLParser):
    """Telegram accepts a few tags, properly nested; anything else is a 400 Bad Request."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag in {"b", "i", "blockquote", "code", "pre", "a"}, tag
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def visible(message: str) -> str:
    checker = TagChecker()
    checker.feed(message)
    checker.close()
    assert checker.stack == []
    assert not re.search(r"<(?!/?b>)", message), "a '<' that is not markup must be escaped"
    return "".join(checker.text)


def long_reply(plan) -> Reply:
    body = "\n".join(s.text for s in plan.sections if s.kind != "annex")
    sources = tuple(Source(plan.title, s.label, s.text) for s in plan.sections[:6])
    return Reply(body, title="全文", sources=sources, kind="answer")


def test_plain_puts_sources_after_the_text_best_first():
    title, label = "长治市减污降碳协同增效实施方案", "三、（九）推进交通领域协同增效"
    sources = (Source(title, label, "推进“公转铁”"), Source("文件乙", "一、（一）", "第二条"))
    reply = Reply("市交通局牵头。", sources=sources, kind="answer")
    assert plain(reply) == (f"市交通局牵头。\n出处：\n1. 《{title}》{label}：「推进“公转铁”」\n"
                            "2. 《文件乙》一、（一）：「第二条」")


def test_telegram_escapes_what_html_would_read():
    (message,) = telegram_html(Reply("PM2.5 <35 & SO2 > 0", title="a<b>", sources=(Source("T&C", "<1>", "x<y"),)))
    assert message.startswith("<b>a&lt;b&gt;</b>\nPM2.5 &lt;35 &amp; SO2 &gt; 0")
    assert visible(message) == "a<b>\nPM2.5 <35 & SO2 > 0\n出处：\n1. 《T&C》<1>：「x<y」"


def test_a_long_telegram_answer_is_split_at_sentences_into_valid_messages(plan):
    reply = long_reply(plan)
    messages = telegram_html(reply)
    assert len(messages) >= 3
    assert all(utf16_units(m) <= TELEGRAM_CHARS for m in messages)
    texts = [visible(m) for m in messages]
    assert all(t.rstrip().endswith(SENTENCE_END) for t in texts[:-1])
    assert re.sub(r"\s", "", "".join(texts)) == re.sub(r"\s", "", html.unescape(plain(reply)))


def test_a_sentence_longer_than_a_message_is_cut_at_clauses_then_characters():
    clauses = "，".join(["推进钢铁行业超低排放改造"] * 600) + "。"
    parts = split_text(clauses, 100)
    assert all(len(p) <= 100 for p in parts) and "".join(parts) == clauses
    assert all(p.endswith("，") for p in parts[:-1])
    run_on = "减" * 250
    assert [len(p) for p in split_text(run_on, 100)] == [100, 100, 50]


def test_wecom_limits_are_utf8_bytes(plan):
    reply = long_reply(plan)
    texts, marks = wecom_text(reply), wecom_markdown(reply)
    assert all(len(m.encode()) <= TEXT_LIMIT for m in texts)
    assert all(len(m.encode()) <= MARKDOWN_LIMIT for m in marks)
    assert len(texts) > len(marks) > 1
    assert re.sub(r"\s", "", "".join(texts)) == re.sub(r"\s", "", plain(reply))
    assert marks[0].startswith("**全文**\n")
    assert any(line.startswith("> 1. 《长治市减污降碳协同增效实施方案》") for m in marks for line in m.split("\n"))


def test_cuts_never_fall_inside_a_character():
    family = "👨\u200d👩\u200d👧"
    flag, accent = "🇨🇳", "e\u0301"
    text = (family + flag + accent + "中") * 300
    for limit in (18, 50, 2048):  # the family emoji alone is 18 bytes
        parts = split_text(text, limit, lambda s: len(s.encode()))
        assert "".join(parts) == text
        for part in parts:
            assert len(part.encode()) <= limit
            assert not part.startswith(("\u200d", "\u0301", "\U0001f1f3")) and not part.endswith("\u200d")
            part.encode("utf-8")  # whole code points only


def test_short_replies_stay_one_message_and_blank_lines_survive():
    reply = Reply("第一段。\n\n第二段。", title="标题")
    assert telegram_html(reply) == ["<b>标题</b>\n第一段。\n\n第二段。"]
    assert wecom_text(reply) == ["标题\n第一段。\n\n第二段。"]
    assert split_text("   ", 10) == []
