"""What `policybot run --wecom` needs from the settings, checked before anything starts."""

from __future__ import annotations

from bot.adapters.wecom.api import WeComClient
from bot.adapters.wecom.callback import CallbackVerifier, make_crypto
from bot.settings import Settings, SettingsError, host_port


def verifier(settings: Settings) -> CallbackVerifier:
    """The callback checks of the configured app, or a SettingsError naming what is missing."""
    crypto = make_crypto(settings.wecom_token.get_secret_value(), settings.wecom_aes_key.get_secret_value(),
                         settings.wecom_corp_id)
    if not settings.wecom_secret.get_secret_value() or not settings.wecom_agent_id.isdigit():
        raise SettingsError("set POLICYBOT_WECOM_SECRET and POLICYBOT_WECOM_AGENT_ID (the app's Secret and AgentId)")
    return CallbackVerifier(crypto, settings.wecom_agent_id)


def listen(settings: Settings) -> tuple[str, int]:
    return host_port(settings.wecom_listen, "POLICYBOT_WECOM_LISTEN")


def client(settings: Settings) -> WeComClient:
    """The app's API client; a group robot needs nothing but its key, so this works unconfigured too."""
    return WeComClient(settings.wecom_base_url, corp_id=settings.wecom_corp_id,
                       secret=settings.wecom_secret.get_secret_value(), agent_id=settings.wecom_agent_id)
