"""The platform-neutral conversation: one incoming message in, the replies out.

Adapters translate their platform's update into an `Incoming` and render the
returned `Reply`s in their own markup; who may say what, and when the bot
stays silent, is decided here once for every platform:

- private chat: plain text is a question;
- group: a question needs `/ask 问题`, a reply to the bot or an @mention, so the
  bot never talks over a group's own conversation; known commands are always
  handled, an unknown one only when addressed to the bot (it may be another bot's);
- admin commands check the admins (`platform:user_id`) before anything changes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.chat import asking, corpus_commands
from bot.chat.backend import Backend
from bot.chat.registry import COMMANDS
from bot.chat.reply import Reply, refusal
from bot.chat.request import Notify, Refused, Request
from corpus.clock import utcnow

COMMAND = re.compile(r"/([^\s@/]+)(?:@\S*)?(?:\s+(.*))?", re.DOTALL)
DATABASE_DOWN = Reply("数据库暂时无法访问，本次操作没有完成，请稍后再试。", kind="error")
# a sticker, a voice note, a picture without words: what the bot reads, said once (every platform alike)
ONLY_TEXT = Reply("目前只能回答文字消息，请用文字提问（图片可附文字说明）。发送 /help 查看可用命令。", kind="refusal")
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
    replied: str = ""  # that message's id, where the platform gives it: a follow-up or verdict on that answer


class Conversation:
    def __init__(self, backend: Backend, clock: Callable[[], datetime] = utcnow,
                 notify: Callable[[Incoming, Reply], None] | None = None) -> None:
        """`notify` sends a reply before `handle` returns (progress of a long corpus rebuild); optional."""
        self.backend, self.clock, self.notify = backend, clock, notify

    def is_admin(self, msg: Incoming) -> bool:
        return f"{msg.platform}:{msg.user_id}" in self.backend.admins

    def _request(self, msg: Incoming, args: str) -> Request:
        notify = self.notify
        told: Notify | None = (lambda reply: notify(msg, reply)) if notify else None
        return Request(msg.platform, msg.chat_id, msg.chat_kind, msg.user_id, args, self.clock(), self.is_admin(msg),
                       told, msg.replied)

    def upload(self, msg: Incoming, data: bytes, filename: str, declared_size: int = 0) -> list[Reply]:
        """A file sent to the bot: an admin's goes into the corpus (new versions after /confirm)."""
        if not self.is_admin(msg):
            return [refusal("只有管理员可以向语料库添加文件，未做任何更改。如需更新文件，请联系管理员。")]
        return self._guarded("upload", lambda: corpus_commands.upload(
            self.backend, self._request(msg, ""), data, filename, declared_size))

    def handle(self, msg: Incoming) -> list[Reply]:
        text = msg.text.strip()
        addressed = msg.chat_kind != "group" or msg.mentioned or msg.reply_to_bot
        match = COMMAND.fullmatch(text)
        if match is None:
            if not addressed:
                return []
            verdict = asking.verdict_in(text)
            if verdict is not None:  # 有用 / 不对 … after an answer
                return self._guarded("verdict", lambda: [asking.typed_verdict(self.backend, self._request(msg, ""),
                                                                              verdict)])
            return [asking.answer_reply(self.backend, text, self._request(msg, ""))]
        name, args = match.group(1).lower(), (match.group(2) or "").strip()
        command = COMMANDS.get(name)
        if command is None:
            shown = name if len(name) <= 20 else name[:20] + "……"
            return [refusal(f"没有 /{shown} 这个命令。发送 /help 查看可用命令。")] if addressed else []
        if command.admin and not self.is_admin(msg):
            return [refusal(f"/{name} 仅限管理员使用，未做任何更改。如需办理，请联系管理员。")]
        return self._guarded(f"/{name}", lambda: command.handler(self.backend, self._request(msg, args)))

    def pressed(self, msg: Incoming, data: str, message_id: str) -> str:
        """A feedback button under one of the bot's messages: the notice to show the one who pressed it."""
        try:
            return asking.pressed(self.backend, self._request(msg, ""), data, message_id)
        except SQLAlchemyError:
            log.exception("a feedback button was not recorded")
            return "暂时无法记录反馈，请稍后再试。"

    def delivered(self, reply: Reply, message_id: str) -> None:
        """An answer went out as message `message_id`: its buttons and replies to it refer to it from now on."""
        if reply.answer_token:
            asking.delivered(self.backend, reply.answer_token, message_id)

    @staticmethod
    def _guarded(what: str, run: Callable[[], list[Reply]]) -> list[Reply]:
        """A refusal becomes its reply; a database failure a polite one (each service call commits as one unit)."""
        try:
            return run()
        except Refused as exc:
            return [refusal(str(exc))]
        except SQLAlchemyError:
            log.exception("%s failed in the database", what)
            return [DATABASE_DOWN]
