"""A chat platform stand-in for the dispatch benchmark: WeCom group robots and the Telegram Bot API on 127.0.0.1.

It answers `POST /cgi-bin/webhook/send?key=…` as a WeCom robot does (and, like
WeCom, refuses a 21st message to one robot within a minute with errcode 45009),
and `getMe` / `sendMessage` under `/bot<token>/` as Telegram does, with empty
long polls so that a bot process can start against it (`bench.startup`).
Every message is kept by (chat, hash of text) with its arrival time, so
`GET /stats` can say how many arrived, how many were duplicates, and the
busiest minute of any robot and second of the Telegram bot. It runs in a process of its own
(`python -m bench.fake_chat`, which prints `PORT n` once listening), so the
benchmark's memory and CPU figures are the dispatcher's alone.
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
import time
from bisect import bisect_left
from collections import Counter, defaultdict, deque

from aiohttp import web

ROBOT_LIMIT, ROBOT_WINDOW = 20, 60.0
BOT = {"id": 4242, "is_bot": True, "first_name": "督办助手", "username": "policybot_bench_bot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


class Received:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self.times: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.robot_recent: dict[str, deque[float]] = defaultdict(deque)
        self.refused = 0

    def keep(self, platform: str, chat: str, text: str) -> None:
        self.counts[(platform, chat, hashlib.sha1(text.encode()).hexdigest())] += 1
        self.times[(platform, chat)].append(time.monotonic())

    def robot_allows(self, key: str) -> bool:
        """WeCom's rule: at most 20 messages a minute per robot."""
        now, recent = time.monotonic(), self.robot_recent[key]
        while recent and now - recent[0] >= ROBOT_WINDOW:
            recent.popleft()
        if len(recent) >= ROBOT_LIMIT:
            self.refused += 1
            return False
        recent.append(now)
        return True

    def stats(self) -> dict[str, object]:
        every = sorted(t for (platform, _), ts in self.times.items() if platform == "telegram" for t in ts)
        return {
            "messages": sum(self.counts.values()), "distinct": len(self.counts),
            "duplicates": sum(n - 1 for n in self.counts.values()), "chats": len(self.times),
            "refused": self.refused,
            "busiest_robot_minute": max((_busiest(ts, ROBOT_WINDOW) for (p, _), ts in self.times.items()
                                         if p == "wecom"), default=0),
            "busiest_bot_second": _busiest(every, 1.0),
            "busiest_telegram_chat_minute": max((_busiest(ts, 60.0) for (p, _), ts in self.times.items()
                                                 if p == "telegram"), default=0),
        }


def _busiest(times: list[float], window: float) -> int:
    """The most arrivals in any `window` seconds (times sorted)."""
    return max((i - bisect_left(times, t - window + 1e-9) + 1 for i, t in enumerate(times)), default=0)


def make_app() -> web.Application:
    received = Received()

    async def robot(request: web.Request) -> web.Response:
        key = request.query.get("key", "")
        body = await request.json()
        if not received.robot_allows(key):
            return web.json_response({"errcode": 45009, "errmsg": "api freq out of limit"})
        received.keep("wecom", key, body[body["msgtype"]]["content"])
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def telegram(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        if method == "getMe":
            return web.json_response({"ok": True, "result": BOT})
        if method == "sendMessage":
            received.keep("telegram", str(data["chat_id"]), str(data["text"]))
            chat = {"id": int(data["chat_id"]), "type": "group", "title": "bench"}
            return web.json_response({"ok": True, "result": {
                "message_id": 1, "date": int(time.time()), "chat": chat, "text": data["text"]}})
        if method == "getUpdates":  # a long poll that finds nothing: the bot waits at most a second here
            await asyncio.sleep(min(float(data.get("timeout") or 0), 1.0))
            return web.json_response({"ok": True, "result": []})
        if method in ("deleteWebhook", "setMyCommands", "close", "logOut"):
            return web.json_response({"ok": True, "result": True})
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(received.stats())

    async def reset(request: web.Request) -> web.Response:
        received.clear()
        return web.json_response({"ok": True})

    app = web.Application()
    app.add_routes([web.post("/cgi-bin/webhook/send", robot), web.post("/bot{token}/{method}", telegram),
                    web.get("/stats", stats), web.post("/reset", reset)])
    return app


async def serve() -> None:
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"PORT {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        sys.exit(0)
