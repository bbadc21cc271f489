"""WeCom's side for the tests: a fake API server on 127.0.0.1, and callbacks signed and encrypted as WeCom does.

The server (gettoken, message/send, appchat/send, webhook/send, media/upload,
webhook/upload_media) checks what real WeCom checks that matters here (the
corp id and secret, the token's validity and expiry, the byte limits of text
and markdown, a file message's media_id), records every request (an upload's
file as `{"_files": {field: {filename, content, content_type}}}`), and answers
with scripted failures when a test asks for them:
`fail(path, errcode=…)` or `fail(path, status=…)`, consumed one per request.
The callbacks use wechatpy's enterprise crypto, the algorithm WeCom uses.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto
from wechatpy.utils import WeChatSigner

CORP_ID = "wwcorp0123456789"
SECRET = "app-secret-for-tests"
AGENT_ID = "1000002"
TOKEN = "callback-token"
AES_KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")  # 43 characters, as WeCom shows it
LIMITS = {"text": 2048, "markdown": 4096}


def signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce, encrypted)
    return signer.signature


def echo_query(echostr: str, timestamp: int | None = None, *, token: str = TOKEN, corp_id: str = CORP_ID) -> str:
    """The query string of WeCom's URL verification GET: the echostr encrypted and signed."""
    ts, nonce = str(int(time.time()) if timestamp is None else timestamp), "nonce-echo"
    encrypted = PrpCrypto(base64.b64decode(AES_KEY + "=")).encrypt(echostr, corp_id).decode()
    return urlencode({"msg_signature": signature(token, ts, nonce, encrypted), "timestamp": ts, "nonce": nonce,
                      "echostr": encrypted})


def message_xml(content: str, *, user: str = "zhangsan", msg_id: str = "1001", msg_type: str = "text",
                chat_id: str = "", agent_id: str = AGENT_ID, created: int | None = None) -> str:
    chat = f"<ChatId><![CDATA[{chat_id}]]></ChatId>" if chat_id else ""
    return (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
            f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId><AgentID>{agent_id}</AgentID>{chat}"
            "</xml>")


def encrypted_callback(xml: str, timestamp: int | None = None, *, corp_id: str = CORP_ID,
                       nonce: str = "nonce-1") -> tuple[str, bytes]:
    """(query string, body) of a message callback POST, as WeCom sends it."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    envelope = WeChatCrypto(TOKEN, AES_KEY, corp_id).encrypt_message(xml, nonce, ts)
    signed = envelope.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
    return urlencode({"msg_signature": signed, "timestamp": ts, "nonce": nonce}), envelope.encode()


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any


@dataclass
class FakeWeCom:
    token_ttl: int = 7200
    requests: list[Recorded] = field(default_factory=list)
    tokens: dict[str, float] = field(default_factory=dict)  # token → expiry (time.time())
    failures: dict[str, deque[tuple[int, int | None, dict[str, str]] | None]] = field(
        default_factory=lambda: defaultdict(deque))
    _serial: itertools.count = field(default_factory=lambda: itertools.count(1))
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # media_id → (file name, content)
    runner: web.AppRunner | None = None
    base_url: str = ""

    async def start(self) -> FakeWeCom:
        app = web.Application()
        app.router.add_get("/cgi-bin/gettoken", self.gettoken)
        app.router.add_post("/cgi-bin/message/send", self.message_send)
        app.router.add_post("/cgi-bin/appchat/send", self.appchat_send)
        app.router.add_post("/cgi-bin/webhook/send", self.webhook_send)
        app.router.add_post("/cgi-bin/media/upload", self.media_upload)
        app.router.add_post("/cgi-bin/webhook/upload_media", self.webhook_upload_media)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        host, port = self.runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    # --- what tests use ----------------------------------------------------------------------------

    def fail(self, path: str, *, errcode: int | None = None, status: int = 200, times: int = 1, after: int = 0,
             headers: dict[str, str] | None = None) -> None:
        """After `after` more requests to `path` pass, the next `times` fail with this HTTP status and/or errcode."""
        self.failures[path].extend([None] * after + [(status, errcode, headers or {})] * times)

    def expire_tokens(self) -> None:
        """Every token issued so far is expired from now on (WeCom answers 42001)."""
        for token in self.tokens:
            self.tokens[token] = 0.0

    def calls(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    def delivered(self, path: str) -> list[Recorded]:
        """Requests to `path` that WeCom accepted (errcode 0)."""
        return [r for r in self.calls(path) if r.body is not None and r.body.get("_accepted")]

    def files_delivered(self, path: str) -> list[tuple[str, bytes]]:
        """(file name, content) of each file message to `path` that WeCom accepted."""
        return [self.media[r.body["file"]["media_id"]] for r in self.delivered(path) if r.body["msgtype"] == "file"]

    # --- the endpoints -----------------------------------------------------------------------------

    async def _record(self, request: web.Request) -> tuple[Recorded, web.Response | None]:
        body = None
        if request.method == "POST" and request.content_type == "multipart/form-data":
            body = {"_files": {key: {"filename": value.filename, "content": value.file.read(),
                                     "content_type": value.content_type}
                               for key, value in (await request.post()).items() if isinstance(value, web.FileField)}}
        elif request.method == "POST":
            try:
                body = json.loads(await request.text())
            except ValueError:
                body = {"_raw": await request.text()}
        entry = Recorded(request.method, request.path, dict(request.query), body)
        self.requests.append(entry)
        queue = self.failures.get(request.path)
        script = queue.popleft() if queue else None
        if script is not None:
            status, errcode, headers = script
            payload = {"errcode": errcode, "errmsg": "scripted failure"} if errcode is not None else {}
            if status != 200:
                return entry, web.json_response(payload or {"error": "scripted"}, status=status, headers=headers)
            return entry, web.json_response(payload, headers=headers)
        return entry, None

    @staticmethod
    def _error(errcode: int, errmsg: str) -> web.Response:
        return web.json_response({"errcode": errcode, "errmsg": errmsg})

    async def gettoken(self, request: web.Request) -> web.Response:
        _, scripted = await self._record(request)
        if scripted:
            return scripted
        if request.query.get("corpid") != CORP_ID:
            return self._error(40013, "invalid corpid")
        if request.query.get("corpsecret") != SECRET:
            return self._error(40001, "invalid credential")
        token = f"token-{next(self._serial)}"
        self.tokens[token] = time.time() + self.token_ttl
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.token_ttl})

    def _token_error(self, request: web.Request) -> web.Response | None:
        token = request.query.get("access_token", "")
        if token not in self.tokens:
            return self._error(40014, "invalid access_token")
        if self.tokens[token] <= time.time():
            return self._error(42001, "access_token expired")
        return None

    def _content_error(self, body: Any) -> web.Response | None:
        msgtype = body.get("msgtype") if isinstance(body, dict) else None
        if msgtype == "file" and isinstance(body.get("file"), dict):
            return None if body["file"].get("media_id") in self.media else self._error(40007, "invalid media_id")
        if msgtype not in LIMITS or not isinstance(body.get(msgtype), dict):
            return FakeWeCom._error(40008, "invalid message type")
        content = body[msgtype].get("content", "")
        if not content:
            return FakeWeCom._error(44004, "empty content")
        if len(content.encode("utf-8")) > LIMITS[msgtype]:
            return FakeWeCom._error(45002, "content size out of limit")
        return None

    async def _app_endpoint(self, request: web.Request, required: str) -> web.Response:
        entry, scripted = await self._record(request)
        if scripted:
            return scripted
        error = self._token_error(request) or self._content_error(entry.body)
        if error:
            return error
        if required not in entry.body:
            return self._error(40003 if required == "touser" else 86003, f"missing {required}")
        if required == "touser" and str(entry.body.get("agentid")) != AGENT_ID:
            return self._error(40056, "invalid agentid")
        entry.body["_accepted"] = True
        return web.json_response({"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": "m"})

    async def message_send(self, request: web.Request) -> web.Response:
        return await self._app_endpoint(request, "touser")

    async def appchat_send(self, request: web.Request) -> web.Response:
        return await self._app_endpoint(request, "chatid")

    async def webhook_send(self, request: web.Request) -> web.Response:
        entry, scripted = await self._record(request)
        if scripted:
            return scripted
        if not request.query.get("key"):
            return self._error(93000, "invalid webhook url")
        error = self._content_error(entry.body)
        if error:
            return error
        entry.body["_accepted"] = True
        return web.json_response({"errcode": 0, "errmsg": "ok"})


    async def _upload(self, request: web.Request, refused: web.Response | None) -> web.Response:
        """A temporary media: `type=file` and a `media` field of more than 5 bytes, answered with its media_id."""
        entry, scripted = await self._record(request)
        if scripted:
            return scripted
        if refused:
            return refused
        upload = (entry.body or {}).get("_files", {}).get("media")
        if request.query.get("type") != "file":
            return self._error(40004, "invalid media type")
        if upload is None or len(upload["content"]) <= 5:
            return self._error(40005, "invalid file size")
        media_id = f"media-{next(self._serial)}"
        self.media[media_id] = (upload["filename"], upload["content"])
        return web.json_response({"errcode": 0, "errmsg": "ok", "type": "file", "media_id": media_id,
                                  "created_at": str(int(time.time()))})

    async def media_upload(self, request: web.Request) -> web.Response:
        return await self._upload(request, self._token_error(request))

    async def webhook_upload_media(self, request: web.Request) -> web.Response:
        refused = None if request.query.get("key") else self._error(93000, "invalid webhook url")
        return await self._upload(request, refused)


@contextmanager
def fake_in_thread() -> Iterator[FakeWeCom]:
    """The fake on its own event loop in a thread, for code under test that runs `asyncio.run` itself."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    fake = asyncio.run_coroutine_threadsafe(FakeWeCom().start(), loop).result()
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
