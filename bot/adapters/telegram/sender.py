"""The reminders' `Sender` for Telegram: plain text, split to fit, a file as a document; failures judged once."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.adapters.telegram.config import token
from bot.adapters.telegram.render import TELEGRAM_CHARS
from bot.chat.render import split_text, utf16_units
from bot.settings import Settings
from reminders.delivery import Attachment, ChatTarget, SendError


def seconds(period: int | float | timedelta) -> float:
    """PTB 22 gives a 429's retry_after as int seconds, or as a timedelta where PTB_TIMEDELTA is set."""
    return period.total_seconds() if isinstance(period, timedelta) else float(period)


class TelegramSender:
    """Posts reminders with a Bot of its own, without AIORateLimiter.

    The dispatcher retries and records every attempt and keeps to Telegram's
    limits itself, and the limiter's retries cannot be switched off per call
    (0 means its default).
    """

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, target: ChatTarget, text: str, attachment: Attachment | None = None) -> None:
        """The text in parts, then the file as a document (`sendDocument`), each call judged alike."""
        for part in split_text(text, TELEGRAM_CHARS, utf16_units):
            await judged(self.bot.send_message(target.chat_id, part))
        if attachment is not None:
            await judged(self.bot.send_document(target.chat_id, attachment.data, filename=attachment.name))


async def judged(call: Awaitable[Any]) -> None:
    """Await one Bot API call; a failure becomes a SendError that says whether trying again can help."""
    try:
        await call
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


def sending_bot(settings: Settings) -> Bot:
    """The plain Bot that `TelegramSender` posts reminders with (see there why not the application's)."""
    return Bot(token(settings), base_url=settings.telegram_base_url)
