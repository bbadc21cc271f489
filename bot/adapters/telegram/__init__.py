"""The Telegram adapter: one package, the same file roles as every adapter.

- `bot.py`     updates in as `Incoming`, replies out; `TelegramPlatform` for `policybot run --telegram`
- `sender.py`  the reminders' `Sender` (`TelegramSender`)
- `render.py`  replies as HTML within Telegram's 4096 characters
- `config.py`  the settings the run mode cannot do without
- `webhook.py` the endpoint Telegram posts updates to in webhook mode
"""

from bot.adapters.telegram.bot import SORRY, LenientBot, TelegramPlatform, build_application, incoming
from bot.adapters.telegram.config import file_url, webhook_arguments
from bot.adapters.telegram.render import TELEGRAM_CHARS, telegram_html
from bot.adapters.telegram.sender import TelegramSender, sending_bot

__all__ = ["SORRY", "TELEGRAM_CHARS", "LenientBot", "TelegramPlatform", "TelegramSender", "build_application",
           "file_url", "incoming", "sending_bot", "telegram_html", "webhook_arguments"]
