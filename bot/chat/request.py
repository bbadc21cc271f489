"""A chat command as the core receives it, and the shape every command of the registry has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.chat.backend import Backend
from bot.chat.reply import Reply
from corpus.errors import PolicybotError
from reminders.conversations import Thread

Notify = Callable[[Reply], None]


@dataclass(frozen=True)
class Request:
    """One command: who sent it where, its arguments, the time, and how to say something before the end."""

    platform: str
    chat_id: str
    chat_kind: str
    user_id: str
    args: str
    now: datetime  # aware UTC
    admin: bool
    notify: Notify | None = None  # a reply sent before the command returns (a long rebuild's progress)
    reply_to: str = ""  # the id of the bot's message this one replies to, where the platform says

    @property
    def who(self) -> str:
        return f"{self.platform}:{self.user_id}"

    @property
    def thread(self) -> Thread:
        """Whose questions follow each other here: the private chat, or this user's in a group."""
        return Thread(self.platform, self.chat_id, self.user_id if self.chat_kind == "group" else "")

    @property
    def here(self) -> str:
        return "本群" if self.chat_kind == "group" else "本会话"


class Refused(PolicybotError):
    """A command the chat declines, with the reason to show; nothing changed."""


Handler = Callable[[Backend, Request], list[Reply]]


@dataclass(frozen=True)
class Command:
    handler: Handler
    admin: bool = False
