"""The WeCom (企业微信) adapter: `policybot run --wecom`, thin over the conversation core.

In: the self-built app's callbacks at /wecom/callback (checked in
`callback.py`), each text message a private `Incoming` — or a group one when
it comes from an app chat — handled by `Conversation`.
Out: the same chat through the app's API (`api.py`, `sender.py`), and
reminders through the group robot a unit is bound to.

WeCom waits five seconds for a callback's answer and then retries, and an
answer may take longer (the first question loads the index; a long answer is
several messages), so the callback is answered with an empty 200 at once and
the replies go out afterwards through the API, never as a passive reply.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict
from datetime import timedelta

from aiohttp import web

from bot.adapters import runner as serving
from bot.adapters.wecom import config
from bot.adapters.wecom.api import WeComError, with_retries
from bot.adapters.wecom.callback import PATH, Callback, callback_app
from bot.adapters.wecom.render import wecom_text
from bot.adapters.wecom.sender import CHAT, USER, WeComSender
from bot.chat import ONLY_TEXT, Conversation, Incoming, Intake, Reply
from bot.chat.intake import LEASE
from bot.settings import Settings
from reminders.delivery import Backoff, Sender

REPLY_BACKOFF = Backoff(base=1.0, attempts=4, max_wait=30.0)
DRAIN_SECONDS = 30.0  # how long a stopping bot lets the answers under way go out
SORRY = Reply("抱歉，处理这条消息时出错了，请稍后再试。", kind="error")
log = logging.getLogger(__name__)


def incoming(callback: Callback) -> Incoming:
    if callback.chat_id:
        return Incoming("wecom", CHAT + callback.chat_id, "group", callback.user_id, callback.text)
    return Incoming("wecom", USER + callback.user_id, "private", callback.user_id, callback.text)


class WeComBot:
    """Answers verified callbacks: the conversation in one worker thread, the replies through the API."""

    def __init__(self, conversation: Conversation, sender: WeComSender, *, backoff: Backoff = REPLY_BACKOFF,
                 lease: timedelta = LEASE) -> None:
        self.conversation, self.sender, self.backoff = conversation, sender, backoff
        self.intake = Intake(conversation.backend.engine, "wecom", lease=lease)
        # One thread: the conversation's database sessions and the index are used by one caller at a time.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wecom-conversation")
        self.pending: set[asyncio.Task[None]] = set()
        self.loop = asyncio.get_running_loop()
        conversation.notify = conversation.notify or self.notify

    def notify(self, msg: Incoming, reply: Reply) -> None:
        """A reply sent before `handle` returns (a corpus rebuild's progress), called from the worker thread."""
        future = asyncio.run_coroutine_threadsafe(self.deliver(msg.chat_id, [reply]), self.loop)
        future.add_done_callback(lambda f: f.exception() and log.warning("progress message failed: %s",
                                                                         f.exception()))

    def received(self, callback: Callback) -> None:
        """Called by the endpoint for each verified callback; returns at once, the answer follows."""
        task = self.loop.create_task(self.answer(callback))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def answer(self, callback: Callback) -> None:
        msg = incoming(callback)
        copy = json.dumps(asdict(callback), ensure_ascii=False)
        try:
            if not await self.loop.run_in_executor(self.worker, self.intake.take, callback.key, copy):
                log.info("WeCom message %s already taken by another process or before a restart", callback.key)
                return
            if callback.msg_type == "text":
                replies = await self.loop.run_in_executor(self.worker, self.conversation.handle, msg)
            elif callback.msg_type != "event" and msg.chat_kind == "private":
                replies = [ONLY_TEXT]
            else:
                replies = []
        except Exception:  # a bug met by one message: say so politely, go on answering the others
            log.exception("WeCom message %s from %s failed", callback.msg_id, msg.user_id)
            replies = [SORRY]
        try:
            await self.deliver(msg.chat_id, replies)
        except WeComError as exc:
            if exc.retryable:  # WeCom out of reach for now: let it go, to be answered again after the lease
                log.warning("WeCom answer to message %s not delivered (%s); tried again later", callback.msg_id, exc)
                self.intake.release(callback.key)
                return
            log.exception("WeCom answer to message %s from %s not delivered", callback.msg_id, msg.user_id)
        except Exception:
            log.exception("WeCom answer to message %s from %s not delivered", callback.msg_id, msg.user_id)
        await self.loop.run_in_executor(self.worker, self.intake.answered, callback.key)

    async def resume(self, copy: str) -> None:
        """A message a process that stopped had taken and not answered: answered as if just received."""
        self.received(Callback(**json.loads(copy)))

    async def deliver(self, chat_id: str, replies: list[Reply]) -> None:
        """Replies as text messages within 2048 bytes (text shows in every WeCom client, markdown does not),
        each followed by its file if it has one."""
        for reply in replies:
            for content in wecom_text(reply):
                await with_retries(lambda c=content: self.sender.post(chat_id, "text", c), self.backoff)
            if reply.attachment is not None:
                await with_retries(lambda a=reply.attachment: self.sender.post_file(chat_id, a), self.backoff)

    async def drain(self, timeout: float) -> None:
        """Let the answers under way finish (up to `timeout` seconds), then stop the worker."""
        if self.pending:
            await asyncio.wait(set(self.pending), timeout=timeout)
        self.worker.shutdown(wait=False, cancel_futures=True)


class WeComPlatform:
    """`policybot run --wecom`: the callback endpoint in, the app's API and the robots out.

    The settings are checked when it is made, so a missing secret or AES key
    is refused before anything loads. Entered with the conversation (see
    `bot.serve.serve`), it serves until the context ends and yields the sender
    the reminders go out through; on the way out it takes no new callbacks and
    lets the answers under way finish.
    """

    def __init__(self, settings: Settings, *, lease: timedelta = LEASE) -> None:
        self.settings, self.lease = settings, lease
        self.verifier = config.verifier(settings)
        self.host, self.port = config.listen(settings)
        self.ready = f"WeCom callback on http://{self.host}:{self.port}{PATH}"

    @asynccontextmanager
    async def __call__(self, conversation: Conversation) -> AsyncIterator[Mapping[str, Sender]]:
        async with config.client(self.settings) as client:
            sender = WeComSender(client)
            bot = WeComBot(conversation, sender, lease=self.lease)
            runner = serving(callback_app(self.verifier, bot.received))
            await runner.setup()
            keeping = asyncio.create_task(bot.intake.keep(bot.resume))
            try:
                await web.TCPSite(runner, self.host, self.port).start()
                yield {"wecom": sender}
            finally:
                keeping.cancel()
                with suppress(asyncio.CancelledError):
                    await keeping
                await runner.cleanup()
                await bot.drain(timeout=DRAIN_SECONDS)
