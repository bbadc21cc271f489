"""The platform-neutral conversation: one incoming message in, the replies out.

Adapters translate their platform's update into an `Incoming` and render the
returned `Reply`s with `bot/format.py`; who may say what, and when the bot
stays silent, is decided here once for every platform:

- private chat: plain text is a question;
- group: a question needs `/ask 问题`, a reply to the bot or an @mention, so the
  bot never talks over a group's own conversation; known commands are always
  handled, an unknown one only when addressed to the bot (it may be another bot's);
- admin commands check `settings.admin_ids` (`platform:user_id`) before anything changes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bot.app import App
from bot.commands import COMMANDS, Refused, Request, help_reply, refusal
from bot.corpus_chat import COMMANDS as CORPUS_COMMANDS
from bot.corpus_chat import CorpusChat
from bot.reply import Reply, Source
from index.store import IndexError_

if TYPE_CHECKING:
    from bot.answer import Answer, Answerer

__all__ = ["Conversation", "Incoming", "Reply", "Source", "render_answer"]

COMMAND = re.compile(r"/([^\s@/]+)(?:@\S*)?(?:\s+(.*))?", re.DOTALL)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    platform: str  # console | telegram | wecom
    chat_id: str
    chat_kind: str  # private | group
    user_id: str
    text: str
    mentioned: bool = False  # the bot was @mentioned (or a command carried the bot's @name)
    reply_to_bot: bool = False  # the message replies to one of the bot's


def utcnow() -> datetime:
    return datetime.now(UTC)


def render_answer(answer: Answer) -> Reply:
    """The answer's text, then its citations best first; a decline names its nearest topics in the text only."""
    sources = () if answer.abstained else tuple(Source(c.doc_title, c.section_label, c.quote)
                                                 for c in answer.citations)
    return Reply(answer.text, sources=sources, kind="answer")


class Conversation:
    def __init__(self, app: App, clock: Callable[[], datetime] = utcnow,
                 notify: Callable[[Incoming, Reply], None] | None = None) -> None:
        """`notify` sends a reply before `handle` returns (progress of a long corpus rebuild); optional."""
        self.app, self.clock, self.notify = app, clock, notify
        self._answerer: Answerer | None = None
        self._answerer_version = 0  # the corpus version the answerer was built for

    def answerer(self, build_if_missing: bool = False) -> Answerer:
        """Loaded on the first question (or when an adapter starts), and again after any process changed the corpus."""
        changed = self.app.refresh() or self._answerer_version != self.app.loaded_version
        if self._answerer is None or changed:
            self._answerer = self.app.answerer(build_if_missing)
            self._answerer_version = self.app.loaded_version
        return self._answerer

    def _notifier(self, msg: Incoming) -> Callable[[Reply], None] | None:
        notify = self.notify
        return (lambda reply: notify(msg, reply)) if notify else None

    def upload(self, msg: Incoming, data: bytes, filename: str, declared_size: int = 0) -> list[Reply]:
        """A file sent to the bot: an admin's goes into the corpus (new versions after /confirm).

        `declared_size` is the platform's figure for a file not downloaded because it is too big.
        """
        if not self.is_admin(msg):
            return [refusal("只有管理员可以向语料库添加文件，未做任何更改。如需更新文件，请联系管理员。")]
        return CorpusChat(self.app).upload(f"{msg.platform}:{msg.user_id}", msg.chat_id, data, filename,
                                           self._notifier(msg), declared_size)

    def is_admin(self, msg: Incoming) -> bool:
        return f"{msg.platform}:{msg.user_id}" in self.app.settings.admin_ids

    def handle(self, msg: Incoming) -> list[Reply]:
        text = msg.text.strip()
        addressed = msg.chat_kind != "group" or msg.mentioned or msg.reply_to_bot
        match = COMMAND.fullmatch(text)
        if match is None:
            return [self.answer(text)] if addressed else []
        name, args = match.group(1).lower(), (match.group(2) or "").strip()
        if name == "ask":
            return [self.answer(args) if args else refusal("请在 /ask 后写上问题，例如：/ask 交通领域的工作由谁牵头？")]
        if name in ("help", "start"):
            return [help_reply()]
        if name in CORPUS_COMMANDS:
            if not self.is_admin(msg):
                return [refusal(f"/{name} 仅限管理员使用，未做任何更改。如需办理，请联系管理员。")]
            return CorpusChat(self.app).command(name, msg.platform, f"{msg.platform}:{msg.user_id}", msg.chat_id,
                                                args, self._notifier(msg))
        command = COMMANDS.get(name)
        if command is None:
            shown = name if len(name) <= 20 else name[:20] + "……"
            return [refusal(f"没有 /{shown} 这个命令。发送 /help 查看可用命令。")] if addressed else []
        admin = self.is_admin(msg)
        if command.admin and not admin:
            return [refusal(f"/{name} 仅限管理员使用，未做任何更改。如需办理，请联系管理员。")]
        request = Request(msg.platform, msg.chat_id, msg.chat_kind, msg.user_id, args, self.clock(), admin)
        try:
            with Session(self.app.engine) as session:
                return [command.handler(session, self.app.registry, request)]
        except Refused as exc:
            return [refusal(str(exc))]
        except SQLAlchemyError:
            log.exception("/%s failed in the database", name)
            return [Reply("数据库暂时无法访问，本次操作没有完成，请稍后再试。", kind="error")]

    def answer(self, question: str) -> Reply:
        try:
            answerer = self.answerer()
        except IndexError_:
            log.exception("no search index")
            return Reply("检索索引尚未建立，暂时无法回答。请管理员运行 policybot index build。", kind="error")
        return render_answer(answerer.answer(question, now=self.clock()))
