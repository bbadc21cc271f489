"""The WeCom (企业微信) adapter: `policybot run --wecom`, thin over the conversation core.

In: the self-built app's callbacks at /wecom/callback (checked in
`bot/wecom_callback.py`), each text message a private `Incoming` — or a group
one when it comes from an app chat — handled by `Conversation`.
Out: the same chat through the app's API (`bot/wecom_api.py`), and reminders
through the group robot a unit is bound to.

A WeCom chat id says how to reach the chat, because a binding made with
`/bind` in WeCom and one made with `policybot units bind --wecom-webhook KEY`
share the `wecom` platform:
  `user:ID`   a member, privately     → message/send
  `chat:ID`   an app chat (group)     → appchat/send
  anything else is a group robot's key → webhook/send
WeCom waits five seconds for a callback's answer and then retries, and an
answer may take longer (the first question loads the index; a long answer is
several messages), so the callback is answered with an empty 200 at once and
the replies go out afterwards through the API, never as a passive reply.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from aiohttp import web

from bot.app import App, until_signalled
from bot.conversation import Conversation, Incoming, utcnow
from bot.format import WECOM_TEXT_BYTES, split_text, utf8_bytes, wecom_text
from bot.reply import Reply
from bot.settings import Settings, host_port
from bot.wecom_api import BUSY_ERRCODES, WeComClient, WeComError, with_retries
from bot.wecom_callback import PATH, Callback, CallbackVerifier, callback_app, make_crypto
from reminders.dispatch import Backoff, ChatTarget, SendError

USER, CHAT = "user:", "chat:"
ROBOT_WINDOW = 60.0  # a group robot takes 20 messages a minute: after its limit, the next minute is free
REPLY_BACKOFF = Backoff(base=1.0, attempts=4, max_wait=30.0)
REMEMBERED_PARTS = 1000
SORRY = Reply("抱歉，处理这条消息时出错了，请稍后再试。", kind="error")
ONLY_TEXT = Reply("目前只能回答文字消息，请用文字提问。发送 /help 查看可用命令。", kind="refusal")
log = logging.getLogger(__name__)


def client_from(settings: Settings) -> WeComClient:
    return WeComClient(settings.wecom_base_url, corp_id=settings.wecom_corp_id,
                       secret=settings.wecom_secret.get_secret_value(), agent_id=settings.wecom_agent_id)


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
        parts = split_text(text, WECOM_TEXT_BYTES, utf8_bytes)
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


def incoming(callback: Callback) -> Incoming:
    if callback.chat_id:
        return Incoming("wecom", CHAT + callback.chat_id, "group", callback.user_id, callback.text)
    return Incoming("wecom", USER + callback.user_id, "private", callback.user_id, callback.text)


class WeComBot:
    """Answers verified callbacks: the conversation in one worker thread, the replies through the API."""

    def __init__(self, conversation: Conversation, sender: WeComSender, *, backoff: Backoff = REPLY_BACKOFF) -> None:
        self.conversation, self.sender, self.backoff = conversation, sender, backoff
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
        try:
            if callback.msg_type == "text":
                replies = await self.loop.run_in_executor(self.worker, self.conversation.handle, msg)
            elif callback.msg_type != "event" and msg.chat_kind == "private":
                replies = [ONLY_TEXT]
            else:
                return
        except Exception:  # a bug met by one message: say so politely, go on answering the others
            log.exception("WeCom message %s from %s failed", callback.msg_id, msg.user_id)
            replies = [SORRY]
        try:
            await self.deliver(msg.chat_id, replies)
        except Exception:
            log.exception("WeCom answer to message %s from %s not delivered", callback.msg_id, msg.user_id)

    async def deliver(self, chat_id: str, replies: list[Reply]) -> None:
        """Replies as text messages within 2048 bytes (text shows in every WeCom client, markdown does not)."""
        for reply in replies:
            for content in wecom_text(reply):
                await with_retries(lambda c=content: self.sender.post(chat_id, "text", c), self.backoff)

    async def drain(self, timeout: float) -> None:
        """Let the answers under way finish (up to `timeout` seconds), then stop the worker."""
        if self.pending:
            await asyncio.wait(set(self.pending), timeout=timeout)
        self.worker.shutdown(wait=False, cancel_futures=True)


def check_settings(settings: Settings) -> CallbackVerifier:
    """Everything `run --wecom` needs, or a ValueError naming what is missing."""
    crypto = make_crypto(settings.wecom_token.get_secret_value(), settings.wecom_aes_key.get_secret_value(),
                         settings.wecom_corp_id)
    if not settings.wecom_secret.get_secret_value() or not settings.wecom_agent_id.isdigit():
        raise ValueError("set POLICYBOT_WECOM_SECRET and POLICYBOT_WECOM_AGENT_ID (the app's Secret and AgentId)")
    host_port(settings.wecom_listen, "POLICYBOT_WECOM_LISTEN")
    return CallbackVerifier(crypto, settings.wecom_agent_id)


async def serve(settings: Settings, stop: asyncio.Event, *, clock: Callable[[], datetime] = utcnow) -> None:
    """The callback endpoint and the reminders, until `stop` is set."""
    verifier = check_settings(settings)
    host, port = host_port(settings.wecom_listen, "POLICYBOT_WECOM_LISTEN")
    app = App(settings)
    conversation = Conversation(app, clock)
    await asyncio.to_thread(conversation.answerer, True)  # load (or build) the index before WeCom calls
    async with client_from(settings) as client:
        sender = WeComSender(client)
        bot = WeComBot(conversation, sender)
        runner = web.AppRunner(callback_app(verifier, bot.received))
        await runner.setup()
        scheduler = app.reminder_scheduler({"wecom": sender}, clock)
        try:
            await web.TCPSite(runner, host, port).start()
            print(f"policybot: WeCom callback on http://{host}:{port}{PATH}", flush=True)
            await scheduler.start()
            await stop.wait()
        finally:
            scheduler.shutdown()
            await runner.cleanup()  # no new callbacks; the answers under way still go out
            await bot.drain(timeout=30)


def run_wecom(settings: Settings) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not two lines a minute for every tick
    asyncio.run(until_signalled(lambda stop: serve(settings, stop)))
    return 0
