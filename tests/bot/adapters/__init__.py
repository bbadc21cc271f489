"""What the adapters' tests of the two web endpoints share: a client that never finishes a request head."""

from __future__ import annotations

import asyncio
import time

GIVE_UP = 10.0


async def seconds_held(host: str, port: int, *, trickle: bool) -> float:
    """How long the server keeps a connection whose request head never ends: `trickle` sends one more header
    line every 0.2 s (a slowloris), otherwise the client sends nothing at all. GIVE_UP when still open then."""
    reader, writer = await asyncio.open_connection(host, port)
    started = time.monotonic()
    try:
        if trickle:
            writer.write(b"POST / HTTP/1.1\r\nHost: x\r\n")
        while time.monotonic() - started < GIVE_UP:
            if trickle:
                writer.write(b"X-Trickle: 1\r\n")
                await writer.drain()
            try:
                await asyncio.wait_for(reader.read(1), 0.2)  # the server answered or hung up: not held
                break
            except TimeoutError:
                continue
    except ConnectionError:
        pass
    finally:
        writer.close()
    return time.monotonic() - started
