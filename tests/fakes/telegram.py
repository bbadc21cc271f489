"""Telegram's side for the tests: a fake Bot API server on 127.0.0.1 and updates shaped as Telegram sends them.

The server answers getMe, getUpdates (long polling with offsets), sendMessage,
sendDocument, answerCallbackQuery, setWebhook and deleteWebhook at `/bot<token>/<method>`, refuses a
wrong token (401) and a message over 4096 characters or with broken HTML (400),
records every sendMessage and every document sent (name and bytes), and answers with scripted failures when a test asks:
`fail("sendMessage", 429, retry_after=1)`, consumed one per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-token"
BOT = {"id": 4242, "is_bot": True, "first_name": "督办助手", "username": "policy_test_bot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote",
                "span", "tg-spoiler", "tg-emoji"}


class _Html(HTMLParser):
    """Telegram's HTML parse mode: known tags, properly nested, entities only where markup is not meant."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in ALLOWED_TAGS:
            raise ValueError(f"Unsupported start tag \"{tag}\"")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            raise ValueError(f"Unexpected end tag \"{tag}\"")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(html: str) -> str:
    """The text Telegram would show for an HTML message; ValueError where Telegram answers 400."""
    parser = _Html()
    parser.feed(html)
    parser.close()
    if parser.stack:
        raise ValueError(f"unclosed tag {parser.stack[-1]}")
    return "".join(parser.text)


class FakeTelegram:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failures: dict[str, deque[tuple[int, dict[str, Any]]]] = defaultdict(deque)
        self.webhook: dict[str, Any] = {}
        self.files: dict[str, bytes] = {}  # file_id → content, served by getFile and the file URL
        self.documents: list[dict[str, Any]] = []  # sendDocument's fields; "document" is {filename, content, …}
        self.answered: list[dict[str, Any]] = []  # answerCallbackQuery's fields
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._new = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- test side ---------------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return self.base_url

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def fail(self, method: str, status: int, *, retry_after: int | None = None, description: str = "") -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status,
                                "description": description or f"Error {status}"}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
            body["description"] = f"Too Many Requests: retry after {retry_after}"
        self.failures[method].append((status, body))

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        update = {"update_id": next(self._ids), **update}
        self.updates.append(update)
        self._new.set()
        return update["update_id"]

    def update(self, update: dict[str, Any]) -> dict[str, Any]:
        """An update with the next id, for a webhook POST."""
        return {"update_id": next(self._ids), **update}

    async def wait_sent(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        return await _until(self.sent, count, "messages sent", timeout)

    async def wait_answered(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        return await _until(self.answered, count, "callback answers", timeout)

    # --- Bot API side ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await _params(request)
        self.calls.append((method, params))
        if self.failures[method]:
            status, body = self.failures[method].popleft()
            return web.json_response(body, status=status)
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found: method not found"},
                                     status=404)
        try:
            result = await handler(params)
        except ValueError as exc:
            return web.json_response({"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"},
                                     status=400)
        return web.json_response({"ok": True, "result": result})

    async def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT

    async def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates:
            self._new.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new.wait(), timeout=min(float(params.get("timeout") or 0), 0.5))
        return self.updates[: int(params.get("limit") or 100)]

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        text = str(params.get("text", ""))
        shown = visible_text(text) if params.get("parse_mode") == "HTML" else text
        if not shown.strip():
            raise ValueError("message text is empty")
        if len(shown.encode("utf-16-le")) // 2 > 4096:
            raise ValueError("message is too long")
        self.sent.append(params)
        chat_id = params["chat_id"]
        return {"message_id": next(self._message_ids), "date": int(time.time()), "text": shown,
                "chat": {"id": int(chat_id), "type": "private" if int(chat_id) > 0 else "supergroup"},
                "from": {k: BOT[k] for k in ("id", "is_bot", "first_name", "username")}}

    async def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        upload = params.get("document")
        if not isinstance(upload, dict) or not upload.get("content"):
            raise ValueError("there is no document in the request")
        self.documents.append(params)
        chat_id = params["chat_id"]
        return {"message_id": next(self._message_ids), "date": int(time.time()),
                "chat": {"id": int(chat_id), "type": "private" if int(chat_id) > 0 else "supergroup"},
                "from": {k: BOT[k] for k in ("id", "is_bot", "first_name", "username")},
                "document": {"file_id": f"d{len(self.documents)}", "file_unique_id": f"ud{len(self.documents)}",
                             "file_name": upload["filename"], "file_size": len(upload["content"])}}

    async def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self.answered.append(params)
        return True

    async def _getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise ValueError("wrong file_id or the file is temporarily unavailable")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}"}

    async def _file(self, request: web.Request) -> web.Response:
        self.calls.append(("file", {"path": request.match_info["path"]}))
        file_id = request.match_info["path"].removeprefix("documents/")
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])

    async def _setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    async def _deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True


async def _until(records: list[dict[str, Any]], count: int, what: str, timeout: float) -> list[dict[str, Any]]:
    """Wait until `count` records arrived; an AssertionError showing them after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while len(records) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {count} {what}, got {len(records)}: {records}")
        await asyncio.sleep(0.02)
    return records


async def _params(request: web.Request) -> dict[str, Any]:
    """PTB posts form fields whose non-string values are JSON, and files as multipart; a JSON body is read as well."""
    if request.content_type == "application/json":
        return await request.json()
    out: dict[str, Any] = {}
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            out[key] = {"filename": value.filename, "content": value.file.read(), "content_type": value.content_type}
            continue
        text = str(value)
        try:
            out[key] = json.loads(text) if text[:1] in "{[" else text
        except ValueError:
            out[key] = text
    return out


def user(user_id: int, name: str = "张三") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name}


def message(text: str, *, chat_id: int, user_id: int, chat_type: str = "private", reply_to_bot: bool = False,
            entities: list[dict[str, Any]] | None = None, reply_to: int = 7) -> dict[str, Any]:
    """A message update's body as Telegram builds it, with the bot_command and mention entities it adds."""
    if entities is None:
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0].encode("utf-16-le"))
                             // 2})
        command_end = len(text.split()[0]) if text.startswith("/") else 0
        at = text.find("@" + BOT["username"], command_end)
        if at >= 0:
            entities.append({"type": "mention", "offset": len(text[:at].encode("utf-16-le")) // 2,
                             "length": len(BOT["username"]) + 1})
    chat = {"id": chat_id, "type": chat_type}
    if chat_type != "private":
        chat["title"] = "督办群"
    body: dict[str, Any] = {"message_id": int(time.time() * 1000) % 1_000_000, "date": int(time.time()),
                            "chat": chat, "from": user(user_id), "text": text, "entities": entities}
    if reply_to_bot:
        body["reply_to_message"] = {"message_id": reply_to, "date": int(time.time()), "chat": chat,
                                    "from": {k: BOT[k] for k in ("id", "is_bot", "first_name", "username")},
                                    "text": "上一条回答"}
    return {"message": body}


def button_press(data: str, *, chat_id: int, user_id: int, message_id: int,
                 chat_type: str = "private") -> dict[str, Any]:
    """A callback query update: someone pressed an inline button with `data` under the bot's message."""
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    sent = {"message_id": message_id, "date": int(time.time()), "chat": chat, "text": "回答",
            "from": {k: BOT[k] for k in ("id", "is_bot", "first_name", "username")}}
    return {"callback_query": {"id": f"cb{message_id}{user_id}{len(data)}", "from": user(user_id),
                               "chat_instance": f"ci{chat_id}", "message": sent, "data": data}}


def document(file_id: str, name: str, size: int, *, chat_id: int, user_id: int, caption: str = "",
             chat_type: str = "private") -> dict[str, Any]:
    """A message update carrying a file, as Telegram sends it when someone sends a document."""
    body: dict[str, Any] = {
        "message_id": 500, "date": int(time.time()), "chat": {"id": chat_id, "type": chat_type},
        "from": user(user_id), "document": {"file_id": file_id, "file_unique_id": f"u{file_id}",
                                            "file_name": name, "file_size": size}}
    if caption:
        body["caption"] = caption
    return {"message": body}
