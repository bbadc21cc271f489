"""The WeCom sender: one message to any kind of WeCom chat id; also the reminders' `Sender` for "wecom".

A WeCom chat id says how to reach the chat, because a binding made with
`/bind` in WeCom and one made with `policybot units bind --wecom-webhook KEY`
share the `wecom` platform:
  `user:ID`   a member, privately     → message/send
  `chat:ID`   an app chat (group)     → appchat/send
  anything else is a group robot's key → webhook/send
A file is uploaded where it is going (the app's media for a member or an
app chat, the robot's own upload for a robot) and sent as a `file` message.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from bot.adapters.wecom.api import BUSY_ERRCODES, FILE, TEXT_LIMIT, WeComClient, WeComError
from bot.chat.render import split_text, utf8_bytes
from reminders.delivery import Attachment, ChatTarget, SendError

USER, CHAT = "user:", "chat:"
ROBOT_WINDOW = 60.0  # a group robot takes 20 messages a minute: after its limit, the next minute is free
REMEMBERED_PARTS = 1000
T = TypeVar("T")


class WeComSender:
    """Posts to a WeCom chat id of any kind; also the reminders' `Sender` for platform "wecom"."""

    def __init__(self, client: WeComClient) -> None:
        self.client = client
        self._resume: OrderedDict[tuple[str, str], int] = OrderedDict()

    async def post(self, chat_id: str, msgtype: str, content: str) -> None:
        """One message, within WeCom's size limit, to wherever `chat_id` leads."""
        if chat_id.startswith(USER):
            await self.client.send_app_message([chat_id.removeprefix(USER)], msgtype, content)
        elif chat_id.startswith(CHAT):
            await self.client.send_app_chat(chat_id.removeprefix(CHAT), msgtype, content)
        else:
            await _robot(self.client.send_robot(chat_id, msgtype, content))

    async def post_file(self, chat_id: str, attachment: Attachment) -> None:
        """One file, uploaded for wherever `chat_id` leads, then sent there as a `file` message."""
        if chat_id.startswith((USER, CHAT)):
            media_id = await self.client.upload_media(attachment)
        else:
            media_id = await _robot(self.client.upload_robot_media(chat_id, attachment))
        await self.post(chat_id, FILE, media_id)

    async def send(self, target: ChatTarget, text: str, attachment: Attachment | None = None) -> None:
        """A reminder, as text messages of at most 2048 bytes, then its file if it has one.

        The dispatcher retries a failed reminder whole; the parts a chat already
        got (the file counting as the last) are remembered, so a retry goes on
        from the first part that failed.
        """
        steps: list[Callable[[], Awaitable[None]]] = [
            partial(self.post, target.chat_id, "text", part) for part in split_text(text, TEXT_LIMIT, utf8_bytes)]
        if attachment is not None:
            steps.append(partial(self.post_file, target.chat_id, attachment))
        key = (target.chat_id, text)
        start = self._resume.pop(key, 0)
        for index in range(start, len(steps)):
            try:
                await steps[index]()
            except WeComError as exc:
                self._remember(key, index)
                raise SendError(str(exc), retryable=exc.retryable, retry_after=exc.retry_after) from exc
            except ValueError as exc:
                raise SendError(str(exc), retryable=False) from exc

    def _remember(self, key: tuple[str, str], index: int) -> None:
        if index:
            self._resume[key] = index
            while len(self._resume) > REMEMBERED_PARTS:
                self._resume.popitem(last=False)


async def _robot(call: Awaitable[T]) -> T:
    """A group robot's call: its 45009 means the minute's 20 messages are used up, so the wait is the minute."""
    try:
        return await call
    except WeComError as exc:
        if exc.errcode in BUSY_ERRCODES and exc.retry_after is None:
            exc.retry_after = ROBOT_WINDOW
        raise
