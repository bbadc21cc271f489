"""One package per chat platform, each with the same file roles (bot, sender, render, config).

An adapter imports the chat core, the reminders' sender port and the
settings — never another adapter, the composition root or the command line.
What the two web endpoints (Telegram's webhook, WeCom's callback) share is
here: the server's runner and reading a request's body.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

BODY_SECONDS = 10.0  # a platform posts a few kB at once; a client trickling a body must not hold a handler
HEADER_SECONDS = 15.0  # the same for a request's head, and for a connection kept idle between requests
log = logging.getLogger(__name__)


def runner(app: web.Application) -> web.AppRunner:
    """The runner both endpoints serve `app` with: a connection that has not finished a request's head within
    HEADER_SECONDS (a client trickling its headers, or holding a connection open with nothing sent) is
    closed. aiohttp has no header timeout of its own; its idle timeout, armed when a connection opens and
    again after each response, is one (aiohttp >= 3.14), so that is the setting used."""
    from aiohttp import web

    return web.AppRunner(app, keepalive_timeout=HEADER_SECONDS)


async def read_body(request: web.Request) -> bytes | None:
    """The request's body, or None when the client went away or sent it too slowly: one debug line, nothing to
    answer (the platform retries what it did not get an answer for)."""
    try:
        return await asyncio.wait_for(request.read(), BODY_SECONDS)
    except (ConnectionError, TimeoutError) as exc:
        log.debug("%s %s: the body did not arrive (%s)", request.remote, request.path, type(exc).__name__)
        return None
