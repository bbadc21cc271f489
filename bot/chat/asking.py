"""A question asked in chat: the answer engine's answer as a reply, or why there is none yet; follow-ups
resolved against the thread's last subject or the answer replied to; verdicts on answers."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from answers import Answer, Subject
from bot.chat.backend import Backend
from bot.chat.reply import Reply, Source
from bot.chat.request import Refused, Request
from index.store import IndexError_
from reminders import answered
from reminders.conversations import CONTEXT_MINUTES, Context, Thread, recall, remember
from reminders.feedback import rate, record
from reminders.models import AnswerRow

log = logging.getLogger(__name__)

CHAT_CITATIONS = 3  # a chat reply is read on a phone; `ask --json` keeps every citation
VERDICTS = {"不对": "wrong", "错了": "wrong", "有误": "wrong", "有用": "useful", "对": "useful"}
# "不对 牵头单位应为市发改委", "有用！": a verdict word, then an optional note after a separator
VERDICT = re.compile(rf"({'|'.join(VERDICTS)})(?:[\s，,：:。！!]+(.*))?", re.DOTALL)
BUTTON = re.compile(r"fb:([uw]):([0-9a-f]{1,32})")  # a feedback button's callback data: verdict and answer token
_ASKING = re.compile(r"[？?]|[吗呢么]\s*$|谁|什么|哪|多少|几|怎么|如何|是否")  # a note that asks is a question
NO_ANSWER = "没有可反馈的上一条回答（30分钟内的回答才能这样反馈）。请重新提问后再反馈。"


def render_answer(answer: Answer, token: str = "") -> Reply:
    """The answer's text, then its best citations; a decline names its nearest topics in the text only."""
    sources = () if answer.abstained else tuple(Source(c.doc_title, c.section_label, c.quote)
                                                 for c in answer.citations[:CHAT_CITATIONS])
    return Reply(answer.text, sources=sources, kind="answer", answer_token=token)


def answer_reply(backend: Backend, question: str, req: Request) -> Reply:
    """The answer to a question in a thread, resolved against the answer it replies to or else what the
    thread asked last; kept for verdicts; a decline is recorded for the admins' list of misses.

    The conversation's subject is read before and kept after, in the database;
    if the database fails either way the question is still answered, as if
    it stood alone, and goes without feedback buttons.
    """
    now, thread = req.now, req.thread
    try:
        answerer = backend.answerer()
    except IndexError_:
        log.exception("no search index")
        return Reply("检索索引尚未建立，暂时无法回答。请管理员运行 policybot index build。", kind="error")
    answer = answerer.answer(question, now=now, previous=_previous(backend, req))
    context = Context(answer.subject.section_id, answer.subject.intent, answer.subject.question) \
        if answer.subject else None
    citations = tuple(c.section_id for c in answer.citations)
    # A follow-up is kept with what it followed (交通领域的措施由谁牵头？ 那截止时间呢？): alone it tells an admin
    # nothing.
    asked = answer.subject.question if answer.subject else answer.question
    try:
        version = backend.corpus_version()
        with Session(backend.engine) as session:
            remember(session, thread, context, now)
            token = answered.keep(session, thread, user_id=req.user_id, question=asked, answer=answer.text,
                                  citations=citations, corpus_version=version, declined=answer.abstained,
                                  subject=context, at=now)
            if answer.abstained:
                record(session, "declined", platform=req.platform, user_id=req.user_id, question=answer.question,
                       at=now, answer=answer.text, citations=citations, corpus_version=version, answer_token=token)
            session.commit()
    except SQLAlchemyError:
        log.exception("the answer was not kept; the next question will stand alone and this one has no verdict")
        token = ""
    return render_answer(answer, token)


def _previous(backend: Backend, req: Request) -> Subject | None:
    """The subject of the answer replied to (within the week answers are kept), else the thread's fresh one."""
    try:
        with Session(backend.engine) as session:
            row = answered.replied_to(session, req.platform, req.chat_id, req.reply_to) if req.reply_to else None
            context = answered.subject_of(row) if row else recall(session, req.thread, req.now)
    except SQLAlchemyError:
        log.exception("conversation context unreadable; answering the question on its own")
        return None
    return Subject(context.section_id, context.intent, context.question) if context else None


def feedback(backend: Backend, req: Request) -> list[Reply]:
    """/feedback 不对 [说明] or /feedback 有用: a verdict on the answer replied to, or the thread's last."""
    verdict = VERDICT.fullmatch(req.args.strip())
    if verdict is None:
        raise Refused("请写明“有用”或“不对”，例如：/feedback 不对 牵头单位应为市发展改革委")
    return [typed_verdict(backend, req, verdict)]


def verdict_in(text: str) -> re.Match[str] | None:
    """有用 / 不对 … typed as a message is a verdict — unless what follows the word asks something
    (对，那截止时间呢？; 不对，应该哪个部门牵头？): that is a question to answer."""
    verdict = VERDICT.fullmatch(text)
    if verdict is None or _ASKING.search(verdict.group(2) or ""):
        return None
    return verdict


def typed_verdict(backend: Backend, req: Request, verdict: re.Match[str]) -> Reply:
    """有用 / 不对 … typed as a message (a `VERDICT` match) after an answer."""
    kind, note = VERDICTS[verdict.group(1)], (verdict.group(2) or "").strip()
    with Session(backend.engine) as session:
        if req.reply_to:
            row = answered.replied_to(session, req.platform, req.chat_id, req.reply_to)
        else:
            row = answered.latest(session, req.thread, req.now - timedelta(minutes=CONTEXT_MINUTES))
        if row is None:
            raise Refused(NO_ANSWER)
        rate(session, row, kind, user_id=req.user_id, at=req.now, note=note)
    return Reply("已记录，谢谢反馈。" + ("管理员会据此核对文件和回答。" if kind == "wrong" else ""))


def pressed(backend: Backend, req: Request, data: str, message_id: str) -> str:
    """A feedback button pressed under message `message_id`: the short notice to show, recorded or not.

    The answer is found by the token in the button's data, and must have been
    sent to this chat as this message: a button copied from another message,
    a made-up token or an answer older than a week records nothing.
    """
    button = BUTTON.fullmatch(data)
    if button is None:
        return "无法识别这个按钮，未记录。"
    kind = "useful" if button.group(1) == "u" else "wrong"
    with Session(backend.engine) as session:
        row = answered.by_token(session, button.group(2))
        if row is None or row.at < req.now - timedelta(days=answered.KEEP_DAYS):
            return f"这条回答已超过{answered.KEEP_DAYS}天或已不存在，未记录。如有问题请重新提问。"
        if not _sent_here(row, req, message_id):
            return "这个按钮不属于这条回答，未记录。"
        changed = rate(session, row, kind, user_id=req.user_id, at=req.now)
    if not changed:
        return "已记录过了，谢谢。"
    return "已记录：有用，谢谢。" if kind == "useful" else "已记录：不对。可回复这条回答“不对 说明”补充原因。"


def _sent_here(row: AnswerRow, req: Request, message_id: str) -> bool:
    return (row.platform, row.chat_id, row.message_id) == (req.platform, req.chat_id, message_id)


def delivered(backend: Backend, token: str, message_id: str) -> None:
    """The platform's id of the message an answer went out as, so its buttons and replies find it."""
    try:
        with Session(backend.engine) as session:
            answered.delivered(session, token, message_id)
    except SQLAlchemyError:
        log.exception("the sent answer's message id was not kept; its buttons will say it is unknown")


def forget(backend: Backend, thread: Thread, now: datetime) -> None:
    """/reset: the next question stands alone."""
    with Session(backend.engine) as session:
        remember(session, thread, None, now)
