"""The Telegram adapter (python-telegram-bot 22): updates in as `Incoming`, replies out as HTML.

One handler takes every text message, because the conversation core owns the
commands and the rules for when to speak; this module only translates. Group
addressing is read from Telegram's own entities: `/cmd@ourbot`, an @mention of
the bot, a reply to one of its messages. A command meant for another bot
(`/cmd@otherbot`) is ignored.

Every answer carries 👍 / 👎 buttons; a press is answered with a short notice
and recorded only if the core finds the button's answer sent as that message
to that chat. A reply to one of the bot's answers names it, so the core can
follow it up or mark it.

A bad update never stops the bot: the error handler logs and apologises, and a
getUpdates batch that PTB cannot parse (which would otherwise be fetched again
forever, since the offset only moves past parsed updates) has its bad entries
replaced by empty updates, so polling moves on; the webhook endpoint
(`webhook.py`) answers a body that is no update with 400. Every update, by
either road, is first checked against the database's memory of update ids
(`once`), so a redelivery — after a restart, or to another process behind
the same webhook — is not answered twice; and it is kept until its reply is
out (`done`), so an update taken by a process that died before answering
(kill -9 while a reply waits out a 429) is answered by the next one
(`bot.chat.intake`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.adapters import runner as serving
from bot.adapters.telegram.config import file_url, token, webhook_arguments
from bot.adapters.telegram.render import telegram_html
from bot.adapters.telegram.sender import TelegramSender, sending_bot
from bot.chat import ONLY_TEXT, Conversation, Incoming, Intake, Reply
from bot.chat.intake import LEASE
from bot.settings import Settings
from reminders.delivery import Sender

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)
SORRY = "抱歉，处理这条消息时出错了，已记录。请稍后再试，或发送 /help 查看用法。"
REPLY_RETRIES = 3  # a user's reply is retried by the rate limiter; reminders are retried by the dispatcher


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


def _kind(message: Message) -> str:
    return "private" if message.chat.type == ChatType.PRIVATE else "group"


def incoming(message: Message, username: str, bot_id: int) -> Incoming | None:
    """The core's view of a Telegram message (a picture's caption is its text); None when it is not for this bot
    at all."""
    text = message.text if message.text is not None else message.caption
    if text is None or message.from_user is None:
        return None
    mentioned, for_another_bot = _addressing(message, username, bot_id)
    if for_another_bot:
        return None
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == bot_id)
    return Incoming(
        platform="telegram", chat_id=str(message.chat.id),
        chat_kind=_kind(message),
        user_id=str(message.from_user.id), text=text, mentioned=mentioned,
        reply_to_bot=to_bot, replied=str(replied.message_id) if replied and to_bot else "")


def feedback_buttons(reply: Reply) -> InlineKeyboardMarkup | None:
    """👍 / 👎 under an answer kept for verdicts; their data name the answer, checked when pressed."""
    if not reply.answer_token:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton("👍 有用", callback_data=f"fb:u:{reply.answer_token}"),
                                  InlineKeyboardButton("👎 不对", callback_data=f"fb:w:{reply.answer_token}")]])


def _key(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    return f"{context.bot.id}:{update.update_id}"  # update ids are per bot: two bots on one database must not mix


async def once(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop an update some process behind this bot took (runs before every other handler); take it otherwise,
    with its copy, so that if this process dies before answering another answers it."""
    intake: Intake = context.bot_data["intake"]
    if not await asyncio.to_thread(intake.take, _key(update, context), json.dumps(update.to_dict())):
        log.info("update %s was taken before; not handled again", update.update_id)
        raise ApplicationHandlerStop


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every other handler: the update was answered (or its failure told), unless its reply could not go
    out for a reason that passes, when it is let go to be taken again after the lease."""
    intake: Intake = context.bot_data["intake"]
    key = _key(update, context)
    retry: set[str] = context.bot_data["retry"]
    if key in retry:
        retry.discard(key)
        intake.release(key)
    else:
        await asyncio.to_thread(intake.answered, key)


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
        parts = telegram_html(reply)
        for number, part in enumerate(parts, 1):
            buttons = feedback_buttons(reply) if number == len(parts) else None
            sent = await message.reply_text(part, parse_mode=ParseMode.HTML, do_quote=quote, reply_markup=buttons)
        if reply.answer_token:
            await asyncio.to_thread(conversation.delivered, reply, str(sent.message_id))
        if reply.attachment is not None:
            await message.reply_document(reply.attachment.data, filename=reply.attachment.name, do_quote=quote)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message the bot cannot read (a sticker, a voice note, a picture without words): one line saying
    what it reads, rather than silence."""
    message = update.effective_message
    if message is not None:
        for part in telegram_html(ONLY_TEXT):
            await message.reply_text(part, parse_mode=ParseMode.HTML, do_quote=False)


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
    if conversation.is_admin(msg) and size <= conversation.backend.max_upload_bytes:
        file = await message.document.get_file()
        data = bytes(await file.download_as_bytearray())
    replies = await asyncio.to_thread(conversation.upload, msg, data, name, size)
    for reply in replies:
        for part in telegram_html(reply):
            await message.reply_text(part, parse_mode=ParseMode.HTML, do_quote=False)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A 👍/👎 pressed: recorded if it belongs to the answer it sits under; the presser sees a short notice.

    Every callback query is answered, or the button keeps spinning in the
    client; one whose message Telegram no longer gives (too old, or inline)
    records nothing.
    """
    query = update.callback_query
    if query is None:
        return
    message = query.message
    if message is None or not isinstance(message, Message):
        await query.answer("这条消息已无法反馈。", show_alert=False)
        return
    conversation: Conversation = context.bot_data["conversation"]
    msg = Incoming("telegram", str(message.chat.id), _kind(message), str(query.from_user.id), "")
    notice = await asyncio.to_thread(conversation.pressed, msg, query.data or "", str(message.message_id))
    await query.answer(notice)


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


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply that could not go out for a reason that passes is tried again later (`done`); any other failure
    is logged and the chat told."""
    passing = isinstance(context.error, (RetryAfter, NetworkError)) and not isinstance(context.error, BadRequest)
    if passing and isinstance(update, Update):
        log.warning("the reply to update %s did not go out (%s); it is answered again after the lease",
                    update.update_id, context.error)
        context.bot_data["retry"].add(_key(update, context))
        return
    log.error("update %s failed", getattr(update, "update_id", None), exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, SORRY)
    except TelegramError:
        log.warning("could not tell chat %s about the failure", chat.id, exc_info=True)


def build_application(settings: Settings, conversation: Conversation, intake: Intake) -> Application:
    """The PTB Application, wired in one place: bot, rate limiter, handlers, error handler."""
    bot = LenientBot(token(settings), base_url=settings.telegram_base_url,
                     base_file_url=file_url(settings.telegram_base_url),
                     rate_limiter=AIORateLimiter(max_retries=REPLY_RETRIES))
    application = ApplicationBuilder().bot(bot).build()
    application.bot_data.update(conversation=conversation, intake=intake, retry=set())
    application.add_handler(TypeHandler(Update, once), group=-1)
    application.add_handler(TypeHandler(Update, done), group=1)
    readable = filters.TEXT | (filters.CAPTION & ~filters.Document.ALL)  # a picture's caption is read as text
    application.add_handler(MessageHandler(
        readable & filters.UpdateType.MESSAGE & (filters.ChatType.PRIVATE | filters.ChatType.GROUPS), on_message))
    application.add_handler(MessageHandler(
        filters.Document.ALL & filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE, on_document))
    application.add_handler(MessageHandler(
        ~readable & ~filters.Document.ALL & filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE, on_other))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_error_handler(on_error)
    return application


class TelegramPlatform:
    """`policybot run --telegram [--webhook]`: updates in by long polling or the webhook, replies and reminders out.

    The settings are checked when it is made, so a missing token or webhook
    secret is refused before anything loads. Entered with the conversation
    (see `bot.serve.serve`), it receives until the context ends and yields the
    sender the reminders go out through.
    """

    def __init__(self, settings: Settings, *, webhook: bool = False, lease: timedelta = LEASE) -> None:
        token(settings)
        self.settings, self.webhook, self.lease = settings, webhook, lease
        self.arguments = webhook_arguments(settings) if webhook else {}
        self.application: Application | None = None
        where = self.arguments and f"http://{self.arguments['listen']}:{self.arguments['port']}/{self.arguments['url_path']}"
        self.ready = f"Telegram webhook on {where}" if webhook else "Telegram bot polling for updates"

    @asynccontextmanager
    async def __call__(self, conversation: Conversation) -> AsyncIterator[Mapping[str, Sender]]:
        intake = Intake(conversation.backend.engine, "telegram", lease=self.lease)
        application = self.application = build_application(self.settings, conversation, intake)
        reminders_bot = sending_bot(self.settings)

        async def resume(payload: str) -> None:
            await application.update_queue.put(Update.de_json(json.loads(payload), application.bot))

        async with application, reminders_bot:
            conversation.notify = conversation.notify or _notifier(application)
            runner = await self._receive(application)
            keeping: asyncio.Task[None] | None = None
            try:
                await application.start()
                keeping = asyncio.create_task(intake.keep(resume))
                yield {"telegram": TelegramSender(reminders_bot)}
            finally:
                if keeping is not None:
                    keeping.cancel()
                    with suppress(asyncio.CancelledError):
                        await keeping
                if runner is not None:
                    await runner.cleanup()
                if application.updater.running:
                    await application.updater.stop()
                await application.stop()

    async def _receive(self, application: Application) -> web.AppRunner | None:
        """Start taking updates: the webhook endpoint (after telling Telegram its URL), or long polling."""
        if not self.webhook:
            await application.updater.start_polling()
            return None
        from aiohttp import web  # the webhook's server: polling, the default, never loads it

        from bot.adapters.telegram.webhook import webhook_app

        args = self.arguments
        await application.bot.set_webhook(args["webhook_url"], secret_token=args["secret_token"],
                                          allowed_updates=Update.ALL_TYPES)
        runner = serving(webhook_app(application, args["url_path"], args["secret_token"]))
        await runner.setup()
        try:
            await web.TCPSite(runner, args["listen"], args["port"]).start()
        except OSError:
            await runner.cleanup()
            raise
        return runner
