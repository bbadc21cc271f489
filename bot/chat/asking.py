"""A question asked in chat: the answer engine's answer as a reply, or why there is none yet."""

from __future__ import annotations

import logging
from datetime import datetime

from answers import Answer
from bot.chat.backend import Backend
from bot.chat.reply import Reply, Source
from index.store import IndexError_

log = logging.getLogger(__name__)


CHAT_CITATIONS = 3  # a chat reply is read on a phone; `ask --json` keeps every citation


def render_answer(answer: Answer) -> Reply:
    """The answer's text, then its best citations; a decline names its nearest topics in the text only."""
    sources = () if answer.abstained else tuple(Source(c.doc_title, c.section_label, c.quote)
                                                 for c in answer.citations[:CHAT_CITATIONS])
    return Reply(answer.text, sources=sources, kind="answer")


def answer_reply(backend: Backend, question: str, now: datetime) -> Reply:
    try:
        answerer = backend.answerer()
    except IndexError_:
        log.exception("no search index")
        return Reply("检索索引尚未建立，暂时无法回答。请管理员运行 policybot index build。", kind="error")
    return render_answer(answerer.answer(question, now=now))
