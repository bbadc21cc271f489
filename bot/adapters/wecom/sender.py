"""The WeCom sender: one message to any kind of WeCom chat id; also the reminders' `Sender` for "wecom".

A WeCom chat id says how to reach the chat, because a binding made with
`/bind` in WeCom and one made with `policybot units bind --wecom-webhook KEY`
share the `wecom` platform:
  `user:ID`   a member, privately     → message/send
  `chat:ID`   an app chat (group)     → appchat/send
  anything else is a group robot's key → webhook/send
"""

from __future__ import annotations

from collections import OrderedDict

from bot.adapters.wecom.api import BUSY_ERRCODES, TEXT_LIMIT, WeComClient, WeComError
from bot.chat.render import split_text, utf8_bytes
from reminders.delivery import ChatTarget, SendError

USER, CHAT = "user:", "chat:"
ROBOT_WINDOW = 60.0  # a group robot takes 20 messages a minute: after its limit, the next minute is free
REMEMBERED_PARTS = 1000


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
            try:
                await self.client.send_robot(chat_id, msgtype, content)
            except WeComError as exc:
                if exc.errcode in BUSY_ERRCODES and exc.retry_after is None:
                    exc.retry_after = ROBOT_WINDOW
                raise

    async def send(self, target: ChatTarget, text: str) -> None:
        """A reminder, as text messages of at most 2048 bytes.

        The dispatcher retries a failed reminder whole; the parts a chat already
        got are remembered, so a retry goes on from the first part that failed.
        """
        parts = split_text(text, TEXT_LIMIT, utf8_bytes)
        key = (target.chat_id, text)
        start = self._resume.pop(key, 0)
        for index in range(start, len(parts)):
            try:
                await self.post(target.chat_id, "text", parts[index])
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
