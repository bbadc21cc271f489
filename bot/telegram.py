"""The Telegram adapter (python-telegram-bot 22): updates in as `Incoming`, replies out as HTML.

One handler takes every text message, because the conversation core owns the
commands and the rules for when to speak; this module only translates. Group
addressing is read from Telegram's own entities: `/cmd@ourbot`, an @mention of
the bot, a reply to one of its messages. A command meant for another bot
(`/cmd@otherbot`) is ignored.

A bad update never stops the bot: the error handler logs and apologises, and a
getUpdates batch that PTB cannot parse (which would otherwise be fetched again
forever, since the offset only moves past parsed updates) has its bad entries
replaced by empty updates, so polling moves on. In webhook mode PTB itself
answers such a request with 400 and keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, ExtBot, MessageHandler, filters

from bot.app import App, until_signalled
from bot.conversation import Conversation, Incoming, Reply
from bot.corpus_admin import MB
from bot.format import TELEGRAM_CHARS, split_text, telegram_html, utf16_units
from bot.settings import Settings, host_port
from reminders.dispatch import ChatTarget, SendError
from reminders.scheduler import ReminderScheduler, utcnow

log = logging.getLogger(__name__)
SORRY = "抱歉，处理这条消息时出错了，已记录。请稍后再试，或发送 /help 查看用法。"
REPLY_RETRIES = 3  # a user's reply is retried by the rate limiter; reminders are retried by the dispatcher
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ConfigError(Exception):
    """A setting that the chosen run mode cannot do without."""


class LenientBot(ExtBot):
    """An ExtBot whose getUpdates never returns a batch PTB cannot parse."""

    async def _post(self, endpoint: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [self._parseable(item) for item in result]
        return result

    def _parseable(self, item: dict[str, Any]) -> dict[str, Any]:
        try:
            Update.de_json(item, self)
        except Exception:
            log.exception("skipping an update Telegram sent that cannot be read: %.500r", item)
            return {"update_id": item.get("update_id", 0)}
        return item


def seconds(period: int | float | timedelta) -> float:
    """PTB 22 gives a 429's retry_after as int seconds, or as a timedelta where PTB_TIMEDELTA is set."""
    return period.total_seconds() if isinstance(period, timedelta) else float(period)


class TelegramSender:
    """The reminders' `Sender` for Telegram: plain text, split to fit, failures judged for the dispatcher.

    It sends with a Bot of its own, without AIORateLimiter: the dispatcher
    retries and records every attempt and keeps to Telegram's limits itself,
    and the limiter's retries cannot be switched off per call (0 means its default).
    """

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, target: ChatTarget, text: str) -> None:
        for part in split_text(text, TELEGRAM_CHARS, utf16_units):
            try:
                await self.bot.send_message(target.chat_id, part)
            except RetryAfter as exc:
                raise SendError(str(exc), retryable=True, retry_after=seconds(exc.retry_after)) from exc
            except ChatMigrated as exc:
                raise SendError(f"the group became supergroup {exc.new_chat_id}; bind that chat instead",
                                retryable=False) from exc
            except (BadRequest, Forbidden, InvalidToken) as exc:
                raise SendError(f"{type(exc).__name__}: {exc}", retryable=False) from exc
            except NetworkError as exc:  # 5xx, timeouts, connection errors
                raise SendError(f"{type(exc).__name__}: {exc}", retryable=True) from exc
            except TelegramError as exc:
                raise SendError(f"{type(exc).__name__}: {exc}", retryable=False) from exc


def _addressing(message: Message, username: str, bot_id: int) -> tuple[bool, bool]:
    """(to us, to another bot): from command suffixes and mentions in the message's entities."""
    ours, theirs = False, False
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION,
                                                MessageEntity.BOT_COMMAND]).items():
        if entity.type == MessageEntity.TEXT_MENTION:
            ours |= bool(entity.user and entity.user.id == bot_id)
        elif entity.type == MessageEntity.MENTION:
            ours |= text[1:].lower() == username.lower()
        elif entity.offset == 0 and "@" in text:
            named = text.partition("@")[2].lower() == username.lower()
            ours, theirs = ours or named, theirs or not named
    return ours, theirs


def incoming(message: Message, username: str, bot_id: int) -> Incoming | None:
    """The core's view of a Telegram message; None when it is not for this bot at all."""
    if message.text is None or message.from_user is None:
        return None
    mentioned, for_another_bot = _addressing(message, username, bot_id)
    if for_another_bot:
        return None
    replied = message.reply_to_message
    return Incoming(
        platform="telegram", chat_id=str(message.chat.id),
        chat_kind="private" if message.chat.type == ChatType.PRIVATE else "group",
        user_id=str(message.from_user.id), text=message.text, mentioned=mentioned,
        reply_to_bot=bool(replied and replied.from_user and replied.from_user.id == bot_id))


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    msg = incoming(message, context.bot.username, context.bot.id)
    if msg is None:
        return
    conversation: Conversation = context.bot_data["conversation"]
    replies = await asyncio.to_thread(conversation.handle, msg)
    quote = message.build_reply_arguments(allow_sending_without_reply=True) if msg.chat_kind == "group" else False
    for reply in replies:
        for part in telegram_html(reply):
            await message.reply_text(part, parse_mode=ParseMode.HTML, do_quote=quote)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file sent to the bot in a private chat: an admin's goes into the corpus; anyone else is refused.

    Files shared in groups are the group's own business and are ignored. The
    size cap is checked on Telegram's figure before anything is downloaded.
    """
    message = update.effective_message
    if message is None or message.document is None or message.from_user is None:
        return
    conversation: Conversation = context.bot_data["conversation"]
    msg = Incoming("telegram", str(message.chat.id), "private", str(message.from_user.id), message.caption or "")
    name = message.document.file_name or "upload"
    size = message.document.file_size or 0
    data = b""
    if conversation.is_admin(msg) and size <= conversation.app.settings.max_upload_mb * MB:
        file = await message.document.get_file()
        data = bytes(await file.download_as_bytearray())
    replies = await asyncio.to_thread(conversation.upload, msg, data, name, size)
    for reply in replies:
        for part in telegram_html(reply):
            await message.reply_text(part, parse_mode=ParseMode.HTML, do_quote=False)


def _notifier(application: Application) -> Callable[[Incoming, Reply], None]:
    """Progress replies sent from the worker thread that runs a long corpus rebuild."""
    loop = asyncio.get_running_loop()

    def notify(msg: Incoming, reply: Reply) -> None:
        for part in telegram_html(reply):
            future = asyncio.run_coroutine_threadsafe(
                application.bot.send_message(int(msg.chat_id), part, parse_mode=ParseMode.HTML), loop)
            future.add_done_callback(lambda f: f.exception() and log.warning("progress message failed: %s",
                                                                             f.exception()))

    return notify


def file_url(base_url: str) -> str:
    """The Bot API's file URL beside its method URL (…/bot → …/file/bot), for self-hosted servers too."""
    return base_url[:-len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("update %s failed", getattr(update, "update_id", None), exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, SORRY)
    except TelegramError:
        log.warning("could not tell chat %s about the failure", chat.id, exc_info=True)


def build_application(settings: Settings, conversation: Conversation) -> Application:
    """The PTB Application, wired in one place: bot, rate limiter, handlers, error handler."""
    token = settings.telegram_token.get_secret_value()
    if not token:
        raise ConfigError("POLICYBOT_TELEGRAM_TOKEN is not set (the token @BotFather gave the bot)")
    bot = LenientBot(token, base_url=settings.telegram_base_url, base_file_url=file_url(settings.telegram_base_url),
                     rate_limiter=AIORateLimiter(max_retries=REPLY_RETRIES))
    application = ApplicationBuilder().bot(bot).build()
    application.bot_data["conversation"] = conversation
    application.add_handler(MessageHandler(
        filters.TEXT & filters.UpdateType.MESSAGE & (filters.ChatType.PRIVATE | filters.ChatType.GROUPS), on_message))
    application.add_handler(MessageHandler(
        filters.Document.ALL & filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE, on_document))
    application.add_error_handler(on_error)
    return application


def webhook_settings(settings: Settings) -> dict[str, Any]:
    """start_webhook's arguments; a webhook without a secret token would accept anyone's updates."""
    url = settings.telegram_webhook_url
    secret = settings.telegram_webhook_secret.get_secret_value()
    if not urlparse(url).scheme or not urlparse(url).netloc:
        raise ConfigError("POLICYBOT_TELEGRAM_WEBHOOK_URL must be the public https URL Telegram posts to")
    if not SECRET.fullmatch(secret):
        raise ConfigError("POLICYBOT_TELEGRAM_WEBHOOK_SECRET must be set: 1-256 characters A-Z a-z 0-9 _ -")
    try:
        host, port = host_port(settings.telegram_listen, "POLICYBOT_TELEGRAM_LISTEN")
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return {"listen": host, "port": port, "url_path": urlparse(url).path.lstrip("/"), "webhook_url": url,
            "secret_token": secret}


@dataclass
class TelegramReminders:
    """The Telegram run mode's reminders: the scheduler, and the bot its sender posts with."""

    scheduler: ReminderScheduler
    bot: Bot

    async def start(self) -> None:
        await self.bot.initialize()
        await self.scheduler.start()

    async def stop(self) -> None:
        self.scheduler.shutdown()
        await self.bot.shutdown()


def sending_bot(settings: Settings) -> Bot:
    """The plain Bot that `TelegramSender` posts reminders with (see there why not the application's)."""
    return Bot(settings.telegram_token.get_secret_value(), base_url=settings.telegram_base_url)


def telegram_reminders(app: App, clock: Callable[[], datetime] = utcnow) -> TelegramReminders:
    bot = sending_bot(app.settings)
    return TelegramReminders(app.reminder_scheduler({"telegram": TelegramSender(bot)}, clock), bot)


async def serve(application: Application, settings: Settings, stop: asyncio.Event, *, webhook: bool = False,
                reminders: TelegramReminders | None = None) -> None:
    """Receive updates (long polling, or the webhook) and run the reminders until `stop` is set."""
    async with application:
        conversation: Conversation = application.bot_data["conversation"]
        conversation.notify = conversation.notify or _notifier(application)
        if webhook:
            await application.updater.start_webhook(**webhook_settings(settings))
        else:
            await application.updater.start_polling()
        await application.start()
        try:
            if reminders:
                await reminders.start()
            await stop.wait()
        finally:
            if reminders:
                await reminders.stop()
            await application.updater.stop()
            await application.stop()


def run_telegram(settings: Settings, webhook: bool = False) -> int:
    """`policybot run --telegram [--webhook]`."""
    from bot.cli import CommandError  # late: bot.cli imports this module only when asked to run Telegram

    app = App(settings)
    conversation = Conversation(app)
    try:
        application = build_application(settings, conversation)
        if webhook:
            webhook_settings(settings)
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    conversation.answerer(build_if_missing=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token in the URL
    asyncio.run(until_signalled(lambda stop: serve(application, settings, stop, webhook=webhook,
                                                    reminders=telegram_reminders(app))))
    return 0
