"""The one lifecycle of a bot process, whatever its platform: load, receive, remind, stop on a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Protocol

from corpus.clock import utcnow

if TYPE_CHECKING:
    from bot.app import App, Clock
    from bot.chat import Conversation
    from reminders.delivery import Sender

log = logging.getLogger(__name__)


class Platform(Protocol):
    """A chat platform's run mode (`bot.adapters.*`): entered with the conversation, it receives until the
    context ends and yields the senders its reminders go out through."""

    ready: str  # one line for the operator: where it listens

    def __call__(self, conversation: Conversation) -> AbstractAsyncContextManager[Mapping[str, Sender]]: ...


async def serve(app: App, platform: Platform, stop: asyncio.Event, *, clock: Clock = utcnow,
                reminders: bool = True, ready: Callable[[str], None] | None = None) -> None:
    """A bot process until `stop` is set: the index loaded (or built), the platform receiving, the reminders sent.

    On the way out the reminders stop first (never cut between claiming and
    confirming: the scheduler's job finishes), then the platform.
    """
    conversation = app.conversation(clock)
    await asyncio.to_thread(app.tidy)
    await asyncio.to_thread(app.answerer, _log_progress)  # load (or build) before the platform calls
    async with platform(conversation) as senders:
        scheduler = app.reminder_scheduler(senders, clock) if reminders else None
        try:
            if scheduler:
                await scheduler.start()
            if ready:
                ready(platform.ready)
            await stop.wait()
        finally:
            if scheduler:
                scheduler.shutdown()


def run(app: App, platform: Platform, ready: Callable[[str], None]) -> int:
    """`policybot run --telegram|--wecom`: logging set up, then `serve` until SIGINT or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry tokens in the URL
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not two lines a minute for every tick
    asyncio.run(until_signalled(lambda stop: serve(app, platform, stop, ready=ready)))
    return 0


async def until_signalled(run: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run `run(stop)`, `stop` being set by SIGINT or SIGTERM (a clean shutdown either way)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run(stop)


def _log_progress(done: int, total: int) -> None:
    if done in (0, total):
        log.info("building the search index: %d/%d passages embedded", done, total)
