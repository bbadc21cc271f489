"""The console chat, the embedded default: a terminal REPL over the conversation core, as an admin.

The user is `console:local` in the private chat `console:local`. Reminders
that fall due while the REPL runs are printed the way they would be sent:
the dispatcher runs on start (what fell due while nothing ran), every minute,
and after each command (a /bind or /setdeadline can make something due at
once). It delivers only the console's own bindings, so a Telegram or WeCom
reminder in a shared database stays for the bot that can really send it.
A plain periodic task rather than the APScheduler job: the stored job is the
bot processes' to share, and a console must not take it over.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path

from bot.adapters.console.render import plain
from bot.adapters.console.sender import save
from bot.chat import Conversation, Incoming
from corpus.clock import utcnow

CHECK_EVERY = timedelta(minutes=1)
QUIT = ("/quit", "/exit")


def clock_from(start: datetime | None) -> Callable[[], datetime]:
    """The real time, or a time running on from `start` (trying what a given day would bring)."""
    if start is None:
        return utcnow
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def message(text: str) -> Incoming:
    return Incoming("console", "local", "private", "local", text)


class Reminders:
    """The console's reminder runs, one at a time so their printout never interleaves."""

    def __init__(self, run_due: Callable[[datetime], Awaitable[object]], clock: Callable[[], datetime]) -> None:
        """`run_due` is the console's dispatcher (`Dispatcher.run_due`, console bindings only)."""
        self.run_due = run_due
        self.clock = clock
        self.lock = asyncio.Lock()

    async def run(self) -> None:
        async with self.lock:
            await self.run_due(self.clock())

    async def every(self, period: timedelta) -> None:
        while True:
            await self.run()
            await asyncio.sleep(period.total_seconds())


async def repl(conversation: Conversation, reminders: Reminders, reports: Path) -> None:
    """Read commands until end of input or /quit; a reply's file is saved under `reports` and its path printed."""
    loop = asyncio.get_running_loop()
    ticking = asyncio.create_task(reminders.every(CHECK_EVERY))
    try:
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            text = line.strip()
            if text in QUIT:
                break
            if not text:
                continue
            for reply in await asyncio.to_thread(conversation.handle, message(text)):
                print(plain(reply) + "\n", flush=True)
                if reply.attachment is not None:
                    print(f"已保存：{save(reply.attachment, reports)}\n", flush=True)
            if text.startswith("/"):
                await reminders.run()
    finally:
        async with reminders.lock:  # never cut a run short between claiming and confirming
            ticking.cancel()


def run_console(conversation: Conversation, reminders: Reminders, greeting: str, reports: Path) -> int:
    """The REPL until end of input or /quit; `conversation.notify` prints progress as it comes."""
    conversation.notify = lambda _msg, reply: print(plain(reply) + "\n", flush=True)
    print(greeting, flush=True)
    asyncio.run(repl(conversation, reminders, reports))
    return 0
