"""What `policybot run --telegram [--webhook]` needs from the settings, checked before anything starts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from bot.settings import Settings, SettingsError, host_port

SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def token(settings: Settings) -> str:
    value = settings.telegram_token.get_secret_value()
    if not value:
        raise SettingsError("POLICYBOT_TELEGRAM_TOKEN is not set (the token @BotFather gave the bot)")
    return value


def file_url(base_url: str) -> str:
    """The Bot API's file URL beside its method URL (…/bot → …/file/bot), for self-hosted servers too."""
    return base_url[:-len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url


def webhook_arguments(settings: Settings) -> dict[str, Any]:
    """start_webhook's arguments; a webhook without a secret token would accept anyone's updates."""
    url = settings.telegram_webhook_url
    secret = settings.telegram_webhook_secret.get_secret_value()
    if not urlparse(url).scheme or not urlparse(url).netloc:
        raise SettingsError("POLICYBOT_TELEGRAM_WEBHOOK_URL must be the public https URL Telegram posts to")
    if not SECRET.fullmatch(secret):
        raise SettingsError("POLICYBOT_TELEGRAM_WEBHOOK_SECRET must be set: 1-256 characters A-Z a-z 0-9 _ -")
    host, port = host_port(settings.telegram_listen, "POLICYBOT_TELEGRAM_LISTEN")
    return {"listen": host, "port": port, "url_path": urlparse(url).path.lstrip("/"), "webhook_url": url,
            "secret_token": secret}
