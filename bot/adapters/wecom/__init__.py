"""The WeCom (企业微信) adapter: one package, the same file roles as every adapter, plus WeCom's own API.

- `bot.py`       verified callbacks in as `Incoming`, replies out; `WeComPlatform` for `policybot run --wecom`
- `sender.py`    the reminders' `Sender` (`WeComSender`): app members, app chats, group robots
- `render.py`    replies as text (2048 bytes) or markdown (4096 bytes)
- `config.py`    the settings the run mode cannot do without
- `api.py`       the HTTP API: access token, message/send, appchat/send, webhook/send, errcodes judged once
- `callback.py`  signature, freshness, decryption and replay checks of the callbacks
"""

from bot.adapters.wecom.api import WeComClient, WeComError, with_retries
from bot.adapters.wecom.bot import ONLY_TEXT, SORRY, WeComBot, WeComPlatform, incoming
from bot.adapters.wecom.callback import PATH, Callback, CallbackVerifier, Rejected, callback_app, make_crypto
from bot.adapters.wecom.config import client, verifier
from bot.adapters.wecom.render import wecom_markdown, wecom_text
from bot.adapters.wecom.sender import CHAT, USER, WeComSender

__all__ = ["CHAT", "ONLY_TEXT", "PATH", "SORRY", "USER", "Callback", "CallbackVerifier", "Rejected", "WeComBot",
           "WeComClient", "WeComError", "WeComPlatform", "WeComSender", "callback_app", "client", "incoming",
           "make_crypto", "verifier", "wecom_markdown", "wecom_text", "with_retries"]
