"""WeCom callback benchmark: how fast a callback is acknowledged, and how soon its answer is sent.

Run: `python -m bench.wecom [--burst N]`. `policybot run --wecom`'s `serve` runs on loopback with the
bundled plan; this process plays WeCom: it posts encrypted, signed callbacks (wechatpy's crypto) and
takes the bot's `gettoken` and `message/send` calls. WeCom waits five seconds for the acknowledgement;
the answer follows through the API. Prints one line per figure.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
from aiohttp import web
from wechatpy.enterprise.crypto import WeChatCrypto

from bench.retrieval import _questions
from bot.adapters.wecom import WeComPlatform
from bot.adapters.wecom.callback import PATH
from bot.app import App
from bot.serve import serve
from bot.settings import Settings

CORP, AGENT, SECRET, TOKEN = "wwbench", "1000002", "bench-secret", "bench-token"
AES_KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50={statistics.median(ordered):.1f} ms p95={p95:.1f} ms max={ordered[-1]:.1f} ms"


class WeComSide:
    """Answers the bot's API calls and notes when each user's answer arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/cgi-bin/gettoken", lambda _: web.json_response(
            {"errcode": 0, "access_token": "t", "expires_in": 7200}))
        app.router.add_post("/cgi-bin/message/send", self.message)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        host, port = self.runner.addresses[0][:2]
        return f"http://{host}:{port}"

    async def message(self, request: web.Request) -> web.Response:
        user = (await request.json())["touser"]
        self.arrived.setdefault(user, time.perf_counter())
        return web.json_response({"errcode": 0, "errmsg": "ok"})


def callback(crypto: WeChatCrypto, user: str, question: str, msg_id: int) -> tuple[str, str]:
    ts, nonce = str(int(time.time())), f"n{msg_id}"
    xml = (f"<xml><ToUserName>{CORP}</ToUserName><FromUserName>{user}</FromUserName>"
           f"<CreateTime>{ts}</CreateTime><MsgType>text</MsgType><Content><![CDATA[{question}]]></Content>"
           f"<MsgId>{msg_id}</MsgId><AgentID>{AGENT}</AgentID></xml>")
    envelope = crypto.encrypt_message(xml, nonce, ts)
    signature = envelope.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
    return f"{PATH}?{urlencode({'msg_signature': signature, 'timestamp': ts, 'nonce': nonce})}", envelope


async def run(home: Path, burst: int) -> None:
    side = WeComSide()
    base_url = await side.start()
    with socket_port() as port:
        listen = f"127.0.0.1:{port}"
    settings = Settings(home=home, wecom_base_url=base_url, wecom_corp_id=CORP, wecom_agent_id=AGENT,
                        wecom_secret=SECRET, wecom_token=TOKEN, wecom_aes_key=AES_KEY, wecom_listen=listen,
                        env_file=None)
    App(settings).build_index(quiet=True)
    stop = asyncio.Event()
    started = time.perf_counter()
    task = asyncio.create_task(serve(App(settings), WeComPlatform(settings), stop))
    crypto = WeChatCrypto(TOKEN, AES_KEY, CORP)
    questions = _questions()
    async with httpx.AsyncClient(base_url=f"http://{listen}") as http:
        while True:
            try:
                await http.get(PATH)
                break
            except httpx.TransportError:
                await asyncio.sleep(0.05)
        print(f"run --wecom start-up with a built index (loaded, listening) {time.perf_counter() - started:.2f} s")

        async def ask(n: int, question: str) -> tuple[float, float]:
            path, body = callback(crypto, f"u{n}", question, n)
            sent = time.perf_counter()
            response = await http.post(path, content=body)
            acked = time.perf_counter()
            assert response.status_code == 200, response.text
            while f"u{n}" not in side.arrived:
                await asyncio.sleep(0.002)
            return (acked - sent) * 1000, (side.arrived[f"u{n}"] - sent) * 1000

        one_by_one = [await ask(n, q) for n, q in enumerate(questions)]
        print(f"one at a time, {len(one_by_one)} questions: acknowledged {_ms([a for a, _ in one_by_one])}; "
              f"answer sent {_ms([s for _, s in one_by_one])}")
        offset = len(questions)
        burst_results = await asyncio.gather(*(ask(offset + i, questions[i % len(questions)]) for i in range(burst)))
        print(f"burst of {burst} at once: acknowledged {_ms([a for a, _ in burst_results])}; "
              f"answer sent {_ms([s for _, s in burst_results])}")
    stop.set()
    await task


class socket_port:
    """A free loopback port (closed again before the server binds it)."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--burst", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        asyncio.run(run(Path(home), args.burst))


if __name__ == "__main__":
    main()
