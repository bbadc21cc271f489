"""The webhook endpoint: Telegram's POSTs in, each update onto the Application's queue.

PTB's own webhook server answers a body it cannot read with 500 — and
Telegram redelivers whatever got a 5xx, so one garbled request becomes a
stream of them — and logs a JSON array or `{}` as CRITICAL with a traceback.
This endpoint answers anything that is not an update with 400 and one
warning line (JSON nested a megabyte deep, a message without a sender too), a
wrong or missing secret with 403, a body over 1 MB with 413, a body that does
not arrive within 10 s with 408 (a client that leaves is one debug line),
and an update with 200 as soon as it is queued (the answer follows; a slow
answer must not make Telegram think delivery failed). Whether an update was
already taken is decided where every update passes, polling or webhook
(`bot.adapters.telegram.bot.once`).
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.adapters import read_body

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # an update is a few kB; Telegram's largest are far below this
log = logging.getLogger(__name__)


def read_update(body: bytes, application: Application) -> Update:
    """The update a body holds; ValueError naming what is wrong when it holds none."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"the body is not JSON ({exc.msg})") from None
    except RecursionError:  # [[[[… a megabyte deep: the parser's recursion ends here, not in a traceback
        raise ValueError("JSON nested deeper than any update") from None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise ValueError(f"a JSON {type(data).__name__} without an integer update_id")
    try:
        update = Update.de_json(data, application.bot)
    except Exception as exc:  # PTB's parsers raise whatever the malformed field makes them raise
        raise ValueError(f"update {data['update_id']} cannot be read: {type(exc).__name__}") from None
    if update is None:
        raise ValueError("an empty update")
    message = update.message or update.edited_message
    if message is not None and message.from_user is None:
        raise ValueError(f"update {update.update_id}: a message without a sender")
    return update


def webhook_app(application: Application, path: str, secret: str) -> web.Application:
    """An aiohttp app serving POST /`path` for `application`."""

    async def receive(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret.encode()):
            return web.Response(status=403, text="wrong secret token")
        body = await read_body(request)
        if body is None:
            return web.Response(status=408, text="the body did not arrive")
        try:
            update = read_update(body, application)
        except ValueError as exc:
            log.warning("Telegram webhook: refused %d bytes from %s: %s", len(body), request.remote, exc)
            return web.Response(status=400, text="not a Telegram update")
        await application.update_queue.put(update)
        return web.Response(text="ok")

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post("/" + path.lstrip("/"), receive)
    return app
