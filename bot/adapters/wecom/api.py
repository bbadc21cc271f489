"""The WeCom (企业微信) HTTP API that policybot speaks: access token, app messages, group robots, files.

Each method is one HTTP call; WeCom's answer is judged here, once, as a
`WeComError` that says whether trying again later can help (rate limits, 429,
5xx, a dropped connection) or not (a bad key, an unknown user, a message that
is too long), so the chat adapter and the reminders dispatcher retry alike.
The only retry made here is the access-token refresh: a token WeCom calls
expired or invalid is fetched anew and the call repeated once.

A file goes in two calls: upload it as a temporary media (`media/upload` for
the app, `webhook/upload_media` for a group robot: multipart, field `media`,
answered with a `media_id` valid three days), then send a `file` message
naming that id, to the same places and with the same judgement as text.

`POLICYBOT_WECOM_BASE_URL` names the host (政务微信 deployments run their own);
the paths are WeCom's. Tokens, secrets and robot keys travel in query strings,
so they never appear in an error message, and httpx's request log (which
prints whole URLs) is kept quiet below WARNING.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx

from corpus.errors import PolicybotError
from reminders.delivery import Attachment, Backoff

logging.getLogger("httpx").setLevel(logging.WARNING)

TEXT_LIMIT = 2048  # bytes of UTF-8 content in a text message (app and robot alike)
MARKDOWN_LIMIT = 4096  # bytes of UTF-8 content in a markdown message
LIMITS = {"text": TEXT_LIMIT, "markdown": MARKDOWN_LIMIT}
FILE = "file"  # the msgtype whose content is an uploaded media_id
MB = 1024 * 1024
FILE_BYTES = (6, 20 * MB)  # a temporary file media: more than 5 bytes, at most 20 MB

# The token is refreshed on these: 42001 expired, 40014 invalid, 40001 invalid credential.
TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
# Worth trying again later: WeCom is busy or a frequency limit was hit (a group robot allows 20 a minute).
BUSY_ERRCODES = {
    -1: "系统繁忙",
    45009: "接口调用超过限制",
    45011: "接口调用过于频繁",
    45033: "接口并发调用超过限制",
    45047: "下发消息条数超过限制",
}
NOT_CONFIGURED = ("WeCom app not configured: set POLICYBOT_WECOM_CORP_ID, POLICYBOT_WECOM_SECRET and "
                  "POLICYBOT_WECOM_AGENT_ID")
TOKEN_MARGIN = 300.0  # seconds before WeCom's stated expiry that a cached token is replaced

T = TypeVar("T")


class WeComError(PolicybotError):
    """A failed WeCom call: `errcode` when WeCom answered, `status` for HTTP; `retryable` says if later may work."""

    def __init__(self, message: str, *, errcode: int | None = None, status: int | None = None,
                 retryable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.errcode, self.status = errcode, status
        self.retryable, self.retry_after = retryable, retry_after


@dataclass
class _Token:
    value: str
    expires_at: float


def retry_after_seconds(header: str | None) -> float | None:
    """HTTP Retry-After as seconds: a number of seconds or an HTTP date."""
    if not header:
        return None
    try:
        return max(float(header), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(header).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


def check_size(msgtype: str, content: str) -> None:
    """Refuse what WeCom would refuse: splitting belongs to the caller (`render.py`), not to the wire."""
    if msgtype == FILE:
        if not content:
            raise ValueError("a WeCom file message needs a media_id")
        return
    limit = LIMITS.get(msgtype)
    if limit is None:
        raise ValueError(f"unsupported WeCom msgtype: {msgtype}")
    size = len(content.encode("utf-8"))
    if size > limit:
        raise ValueError(f"WeCom {msgtype} content is {size} bytes; the limit is {limit}")
    if not content.strip():
        raise ValueError("empty WeCom message")


class WeComClient:
    """One corp's self-built app (corp id, secret, agent id) and the group robots, over one HTTP client.

    The access token is cached until shortly before WeCom's `expires_in` and
    shared by concurrent sends (one `gettoken` for many messages).
    """

    def __init__(self, base_url: str, *, corp_id: str = "", secret: str = "", agent_id: str = "",
                 timeout: float = 10.0, clock: Callable[[], float] = time.monotonic,
                 http: httpx.AsyncClient | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.corp_id, self.agent_id, self._secret = corp_id, agent_id, secret
        self.clock = clock
        self.http = http or httpx.AsyncClient(timeout=timeout)
        self._token: _Token | None = None
        self._lock = asyncio.Lock()

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> WeComClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- the self-built app ------------------------------------------------------------------------

    async def access_token(self) -> str:
        """The cached token, fetched with `gettoken` when there is none or it is about to expire."""
        async with self._lock:
            if self._token is not None and self.clock() < self._token.expires_at:
                return self._token.value
            if not (self.corp_id and self._secret):
                raise WeComError(NOT_CONFIGURED)
            data = await self._request("GET", "/cgi-bin/gettoken",
                                       params={"corpid": self.corp_id, "corpsecret": self._secret})
            token = data.get("access_token")
            if not isinstance(token, str) or not token:
                raise WeComError("WeCom gettoken answered without an access_token")
            expires_in = float(data.get("expires_in") or 7200)
            self._token = _Token(token, self.clock() + max(expires_in - TOKEN_MARGIN, expires_in / 2))
            return token

    async def _app_call(self, path: str, payload: dict[str, Any] | None = None, *,
                        params: dict[str, str] | None = None, files: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST (JSON or multipart) with the access token; a token WeCom calls expired or invalid is replaced once."""
        body: dict[str, Any] = {"json": payload} if files is None else {"files": files}
        token = await self.access_token()
        try:
            return await self._request("POST", path, params={"access_token": token, **(params or {})}, **body)
        except WeComError as exc:
            if exc.errcode not in TOKEN_ERRCODES:
                raise
        async with self._lock:
            if self._token is not None and self._token.value == token:
                self._token = None
        return await self._request("POST", path, params={"access_token": await self.access_token(), **(params or {})},
                                   **body)

    async def upload_media(self, attachment: Attachment) -> str:
        """`media/upload?type=file`: the file as the app's temporary media; returns its media_id."""
        data = await self._app_call("/cgi-bin/media/upload", params={"type": FILE}, files=_media(attachment))
        return _media_id(data, "/cgi-bin/media/upload")

    async def send_app_message(self, users: Sequence[str], msgtype: str, content: str) -> None:
        """`message/send` to members by user id; a user WeCom cannot reach is an error, not a silent drop."""
        check_size(msgtype, content)
        if not users:
            raise ValueError("no WeCom user to send to")
        data = await self._app_call("/cgi-bin/message/send", {
            "touser": "|".join(users), "agentid": self._agent(), "msgtype": msgtype, msgtype: _body(msgtype, content)})
        invalid = data.get("invaliduser")
        if invalid:
            raise WeComError(f"WeCom message/send: user not reachable by the app: {invalid}")

    async def send_app_chat(self, chat_id: str, msgtype: str, content: str) -> None:
        """`appchat/send` to a group chat the app created."""
        check_size(msgtype, content)
        await self._app_call("/cgi-bin/appchat/send", {"chatid": chat_id, "msgtype": msgtype,
                                                       msgtype: _body(msgtype, content)})

    def _agent(self) -> int:
        if not self.agent_id:
            raise WeComError(NOT_CONFIGURED)
        try:
            return int(self.agent_id)
        except ValueError:
            raise WeComError(f"POLICYBOT_WECOM_AGENT_ID must be the app's numeric AgentId, not {self.agent_id!r}") \
                from None

    # --- group robots ------------------------------------------------------------------------------

    async def send_robot(self, key: str, msgtype: str, content: str, mentioned: Sequence[str] = ()) -> None:
        """`webhook/send?key=…` to the group a robot sits in; `mentioned` user ids (or "@all") are @-ed (text only)."""
        check_size(msgtype, content)
        if not key:
            raise ValueError("empty WeCom robot key")
        body = _body(msgtype, content)
        if mentioned:
            if msgtype != "text":
                raise ValueError("WeCom robots @-mention only in text messages")
            body["mentioned_list"] = list(mentioned)
        await self._request("POST", "/cgi-bin/webhook/send", params={"key": key},
                            json={"msgtype": msgtype, msgtype: body})

    async def upload_robot_media(self, key: str, attachment: Attachment) -> str:
        """`webhook/upload_media?key=…&type=file`: the file for the robot's group; returns its media_id."""
        if not key:
            raise ValueError("empty WeCom robot key")
        path = "/cgi-bin/webhook/upload_media"
        data = await self._request("POST", path, params={"key": key, "type": FILE}, files=_media(attachment))
        return _media_id(data, path)

    # --- the wire ----------------------------------------------------------------------------------

    async def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """One call, judged: HTTP and errcode failures become a WeComError naming the path, never the URL."""
        try:
            response = await self.http.request(method, self.base_url + path, **kwargs)
        except httpx.TimeoutException:
            raise WeComError(f"WeCom {path}: timed out", retryable=True) from None
        except httpx.TransportError as exc:
            raise WeComError(f"WeCom {path}: {type(exc).__name__}", retryable=True) from None
        status = response.status_code
        if status == 429 or status >= 500:
            raise WeComError(f"WeCom {path}: HTTP {status}", status=status, retryable=True,
                             retry_after=retry_after_seconds(response.headers.get("Retry-After")))
        if status >= 400:
            raise WeComError(f"WeCom {path}: HTTP {status}", status=status)
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise WeComError(f"WeCom {path}: the answer is not a JSON object", status=status)
        errcode = data.get("errcode", 0)
        if errcode:
            meaning = BUSY_ERRCODES.get(errcode, "")
            raise WeComError(f"WeCom {path}: errcode {errcode} {meaning or data.get('errmsg', '')}".rstrip(),
                             errcode=errcode, status=status, retryable=errcode in BUSY_ERRCODES)
        return data


def _body(msgtype: str, content: str) -> dict[str, Any]:
    """A message's body: text and markdown carry their content, a file the media_id it was uploaded as."""
    return {"media_id": content} if msgtype == FILE else {"content": content}


def _media(attachment: Attachment) -> dict[str, Any]:
    """The multipart field WeCom reads an upload from (`media`), refused here if WeCom would refuse its size."""
    low, high = FILE_BYTES
    if not low <= len(attachment.data) <= high:
        raise ValueError(f"WeCom takes files of more than {low - 1} bytes and at most {high // MB} MB, "
                         f"not {len(attachment.data)} bytes")
    return {"media": (attachment.name, attachment.data, attachment.mime)}


def _media_id(data: dict[str, Any], path: str) -> str:
    media_id = data.get("media_id")
    if not isinstance(media_id, str) or not media_id:
        raise WeComError(f"WeCom {path} answered without a media_id")
    return media_id


async def with_retries(call: Callable[[], Awaitable[T]], backoff: Backoff,
                       sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> T:
    """Run `call`, waiting and trying again while WeCom says later may work, as far as `backoff` allows.

    For replies to people; reminders are retried by their dispatcher instead,
    which records every attempt.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call()
        except WeComError as exc:
            if not exc.retryable or attempt >= backoff.attempts:
                raise
            delay = backoff.delay(attempt, exc.retry_after)
            if delay > backoff.max_wait:
                raise
            await sleep(delay)
