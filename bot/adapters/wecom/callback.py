"""Checking WeCom's callbacks before anything acts on them: signature, freshness, decryption, replay.

WeCom signs each callback (`msg_signature`: SHA-1 over token, timestamp,
nonce and the ciphertext) and encrypts its body with the app's AES key
(wechatpy's enterprise crypto does both). Anything that fails a check is
`Rejected` with an HTTP status and never reaches the conversation:
  400  a garbled request (missing parameters, not XML, ciphertext that does not decrypt)
  403  a forged or foreign one (bad signature, another corp or app, a timestamp outside the window)
  409  a MsgId already received (WeCom's own retries and replays alike: answered once)
The replay guard remembers message ids for twice the freshness window, so a
captured callback is either stale or already seen. It lives in the process
and answers a repeat at once; a repeat that reaches another process behind
the same URL, or this one after a restart, is acknowledged and then dropped
by the database's memory (`bot.chat.intake`).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from xml.parsers.expat import ExpatError

import xmltodict
from aiohttp import web
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.exceptions import InvalidSignatureException

from bot.adapters import read_body
from bot.settings import SettingsError
from corpus.errors import PolicybotError

PATH = "/wecom/callback"
MAX_BODY = 256 * 1024  # bytes; a WeCom callback is a few kilobytes
WINDOW = 300.0  # seconds a callback's timestamp may be away from our clock
MAX_REMEMBERED = 100_000  # message ids kept at most, whatever the traffic
log = logging.getLogger(__name__)


class Rejected(PolicybotError):
    """A callback refused before processing, with the HTTP status to answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Callback:
    """What a verified callback carried: a message from a member, privately or in an app chat."""

    msg_type: str  # text, image, voice, event …
    user_id: str
    chat_id: str  # the app chat's ChatId; "" for a private message to the app
    text: str
    msg_id: str
    key: str = ""  # what identifies it among redeliveries: the MsgId, or an event's sender, time and name


class ReplayGuard:
    """Remembers the message ids it has seen, each for `keep` seconds."""

    def __init__(self, keep: float, clock: Callable[[], float] = time.time, limit: int = MAX_REMEMBERED) -> None:
        self.keep, self.clock, self.limit = keep, clock, limit
        self.seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, key: str) -> bool:
        now = self.clock()
        while self.seen and (next(iter(self.seen.values())) <= now - self.keep or len(self.seen) >= self.limit):
            self.seen.popitem(last=False)
        if key in self.seen:
            return False
        self.seen[key] = now
        return True


def make_crypto(token: str, aes_key: str, corp_id: str) -> WeChatCrypto:
    """The app's crypto, or a SettingsError naming the setting that cannot be right."""
    if not (token and aes_key and corp_id):
        raise SettingsError("set POLICYBOT_WECOM_TOKEN, POLICYBOT_WECOM_AES_KEY and POLICYBOT_WECOM_CORP_ID "
                         "(the app's 接收消息 settings)")
    try:
        return WeChatCrypto(token, aes_key, corp_id)
    except (AssertionError, ValueError):  # wechatpy asserts a 32-byte key
        raise SettingsError("POLICYBOT_WECOM_AES_KEY must be the 43-character EncodingAESKey") from None


class CallbackVerifier:
    """The checks for one app: its token, AES key, corp id and agent id."""

    def __init__(self, crypto: WeChatCrypto, agent_id: str, *, window: float = WINDOW,
                 clock: Callable[[], float] = time.time) -> None:
        self.crypto, self.agent_id, self.window, self.clock = crypto, agent_id, window, clock
        self.guard = ReplayGuard(2 * window, clock)

    def echo(self, query: Mapping[str, str]) -> str:
        """URL verification (GET): the decrypted echostr, which WeCom expects back verbatim."""
        signature, timestamp, nonce = self._params(query)
        echostr = query.get("echostr", "")
        if not echostr:
            raise Rejected(400, "missing echostr")
        self._fresh(timestamp)
        try:
            return self.crypto.check_signature(signature, timestamp, nonce, echostr)
        except InvalidSignatureException:
            raise Rejected(403, "bad signature") from None
        except InvalidCorpIdException:
            raise Rejected(403, "another corp's echostr") from None
        except Exception:  # wechatpy fails in many ways on bytes that are not its ciphertext
            raise Rejected(400, "garbled echostr") from None

    def open(self, query: Mapping[str, str], body: bytes) -> Callback:
        """A message callback (POST): verified, decrypted, parsed and seen for the first time, or Rejected."""
        signature, timestamp, nonce = self._params(query)
        try:
            xml = self.crypto.decrypt_message(body.decode("utf-8"), signature, timestamp, nonce)
        except InvalidSignatureException:
            raise Rejected(403, "bad signature") from None
        except InvalidCorpIdException:
            raise Rejected(403, "another corp's message") from None
        except Exception:  # not XML, no <Encrypt>, not base64, not AES of a WeCom message …
            raise Rejected(400, "garbled body") from None
        self._fresh(timestamp)
        try:
            fields = xmltodict.parse(xml)["xml"]
            if not isinstance(fields, dict):
                raise TypeError
        except (ExpatError, KeyError, TypeError, ValueError):
            raise Rejected(400, "garbled message") from None
        agent = str(fields.get("AgentID") or "")
        if agent and self.agent_id and agent != self.agent_id:
            raise Rejected(403, "message for another app")
        msg_id = _text(fields.get("MsgId"))
        callback = Callback(
            msg_type=_text(fields.get("MsgType")).lower(), user_id=_text(fields.get("FromUserName")),
            chat_id=_text(fields.get("ChatId")), text=_text(fields.get("Content")), msg_id=msg_id,
            key=msg_id or ":".join(_text(fields.get(f)) for f in ("FromUserName", "CreateTime", "Event")))
        if not callback.msg_type or not callback.user_id:
            raise Rejected(400, "message without type or sender")
        if not self.guard.first_time(callback.key):
            raise Rejected(409, "message already received")
        return callback

    @staticmethod
    def _params(query: Mapping[str, str]) -> tuple[str, str, str]:
        signature, timestamp, nonce = (query.get(k, "") for k in ("msg_signature", "timestamp", "nonce"))
        if not (signature and timestamp and nonce):
            raise Rejected(400, "missing msg_signature, timestamp or nonce")
        return signature, timestamp, nonce

    def _fresh(self, timestamp: str) -> None:
        try:
            sent = float(timestamp)
        except ValueError:
            raise Rejected(400, "timestamp is not a number") from None
        if abs(self.clock() - sent) > self.window:
            raise Rejected(403, "stale timestamp")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def callback_app(verifier: CallbackVerifier, received: Callable[[Callback], None]) -> web.Application:
    """The endpoint at /wecom/callback: GET verifies the URL, POST hands a verified message to `received`.

    `received` must not block: WeCom waits five seconds for the answer and
    then sends the message again, so the reply here is an empty 200 at once
    and the answer goes out later through the API.
    """

    async def verify(request: web.Request) -> web.Response:
        try:
            return web.Response(text=verifier.echo(request.query))
        except Rejected as exc:
            log.warning("WeCom URL verification refused: %s", exc.reason)
            return web.Response(status=exc.status, text=exc.reason)

    async def receive(request: web.Request) -> web.Response:
        body = await read_body(request)
        if body is None:
            return web.Response(status=408, text="the body did not arrive")
        try:
            callback = verifier.open(request.query, body)
        except Rejected as exc:
            log.warning("WeCom callback refused (%d): %s", exc.status, exc.reason)
            return web.Response(status=exc.status, text=exc.reason)
        received(callback)
        return web.Response(text="")

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_get(PATH, verify)
    app.router.add_post(PATH, receive)
    return app
