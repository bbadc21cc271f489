"""A question asked in chat: the answer engine's answer as a reply, or why there is none yet; follow-ups
resolved against the thread's last subject."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from answers import Answer, Subject
from bot.chat.backend import Backend
from bot.chat.reply import Reply, Source
from bot.chat.request import Refused, Request
from index.store import IndexError_
from reminders.conversations import Context, Thread, recall, remember
from reminders.feedback import record

log = logging.getLogger(__name__)


CHAT_CITATIONS = 3  # a chat reply is read on a phone; `ask --json` keeps every citation


def render_answer(answer: Answer) -> Reply:
    """The answer's text, then its best citations; a decline names its nearest topics in the text only."""
    sources = () if answer.abstained else tuple(Source(c.doc_title, c.section_label, c.quote)
                                                 for c in answer.citations[:CHAT_CITATIONS])
    return Reply(answer.text, sources=sources, kind="answer")


def answer_reply(backend: Backend, question: str, req: Request) -> Reply:
    """The answer to a question in a thread, resolved against what the thread asked last; a decline is
    recorded for the admins' list of misses.

    The conversation's subject is read before and kept after, in the database;
    if the database fails either way the question is still answered, as if
    it stood alone.
    """
    now, thread = req.now, req.thread
    try:
        answerer = backend.answerer()
    except IndexError_:
        log.exception("no search index")
        return Reply("检索索引尚未建立，暂时无法回答。请管理员运行 policybot index build。", kind="error")
    answer = answerer.answer(question, now=now, previous=_recall(backend, thread, now))
    _remember(backend, thread, answer.subject, now)
    if answer.abstained:
        _record(backend, req, "declined", answer.question, answer.text, tuple(c.section_id for c in answer.citations))
    return render_answer(answer)


def feedback(backend: Backend, req: Request) -> list[Reply]:
    """/feedback 不对 [说明] or /feedback 有用: a verdict on the thread's last answer (within 30 minutes)."""
    verdict, *rest = re.split(r"[\s，,：:]+", req.args.strip(), maxsplit=1)
    note = rest[0] if rest else ""
    kind = {"不对": "wrong", "错了": "wrong", "有误": "wrong", "有用": "useful", "对": "useful"}.get(verdict)
    if kind is None:
        raise Refused("请写明“有用”或“不对”，例如：/feedback 不对 牵头单位应为市发展改革委")
    with Session(backend.engine) as session:
        context = recall(session, req.thread, req.now)
        if context is None:
            raise Refused("没有可反馈的上一条回答（30分钟内的回答才能反馈）。请重新提问后再反馈。")
        record(session, kind, platform=req.platform, user_id=req.user_id, question=context.question, at=req.now,
               citations=(context.section_id,), corpus_version=backend.corpus_version(), note=note.strip())
    return [Reply("已记录，谢谢反馈。" + ("管理员会据此核对文件和回答。" if kind == "wrong" else ""))]


def _record(backend: Backend, req: Request, kind: str, question: str, answer: str,
            citations: tuple[str, ...]) -> None:
    try:
        with Session(backend.engine) as session:
            record(session, kind, platform=req.platform, user_id=req.user_id, question=question, at=req.now,
                   answer=answer, citations=citations, corpus_version=backend.corpus_version())
    except SQLAlchemyError:
        log.exception("a declined question was not recorded")


def forget(backend: Backend, thread: Thread, now: datetime) -> None:
    """/reset: the next question stands alone."""
    with Session(backend.engine) as session:
        remember(session, thread, None, now)


def _recall(backend: Backend, thread: Thread, now: datetime) -> Subject | None:
    try:
        with Session(backend.engine) as session:
            context = recall(session, thread, now)
    except SQLAlchemyError:
        log.exception("conversation context unreadable; answering the question on its own")
        return None
    return Subject(context.section_id, context.intent, context.question) if context else None


def _remember(backend: Backend, thread: Thread, subject: Subject | None, now: datetime) -> None:
    context = Context(subject.section_id, subject.intent, subject.question) if subject else None
    try:
        with Session(backend.engine) as session:
            remember(session, thread, context, now)
    except SQLAlchemyError:
        log.exception("conversation context not kept; the next question will stand alone")
