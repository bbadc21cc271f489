"""The sender port: what the reminders need from a chat platform, and the limits they keep to.

`reminders` imports no chat library. An adapter implements `Sender` for its
platform and judges its own failures as `SendError` (worth retrying or not,
and after how long); the composition root hands the senders to the
dispatcher keyed by platform. A message may carry one file (`Attachment`:
the weekly summary's 督办台账), sent after its text. The rate limits and the backoff are the
platforms' facts, kept here beside the port so an adapter retrying a reply to
a person (WeCom) waits by the same rules as the dispatcher.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from corpus.errors import PolicybotError


@dataclass(frozen=True)
class ChatTarget:
    """Where a message goes: a Telegram chat id or a WeCom robot key, and the unit it is for."""

    platform: str
    chat_id: str
    unit: str


class SendError(PolicybotError):
    """A failed send, as the adapter judged it: worth retrying (429, 5xx, network) or not (400, 403)."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a message (the 督办台账 with the admins' weekly summary): name, bytes, MIME type.

    Platform-neutral: each adapter sends it its own way (Telegram a document,
    WeCom an uploaded file, the console a file under the home).
    """

    name: str
    data: bytes
    mime: str


class Sender(Protocol):
    async def send(self, target: ChatTarget, text: str, attachment: Attachment | None = None) -> None:
        """Deliver `text`, then `attachment` if there is one; raise SendError if any of it failed."""


Sleep = Callable[[float], Awaitable[None]]


class SlidingWindow:
    """At most `limit` sends in any `period` seconds as the platform counts them (a WeCom robot: 20 a minute).

    A send holds its place from the moment it starts until `period` after it
    ends. The platform receives it somewhere in between, so however the
    network bunches requests, no `period` at the platform's end holds more than
    `limit`; spacing the starts alone let 37 a second reach a Bot API whose
    limit is 30 (bench/dispatch.py).
    """

    POLL = 0.05  # seconds between looks while the window is full of sends still under way

    def __init__(self, limit: int, period: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.limit, self.period, self.clock, self.sleep = limit, period, clock, sleep
        self.stamps: deque[float] = deque()  # when recent sends ended, oldest first
        self.under_way = 0

    async def acquire(self) -> None:
        """Wait for a place; every acquire must be followed by one `release` when the send is over."""
        while True:
            now = self.clock()
            while self.stamps and now - self.stamps[0] >= self.period - 1e-6:  # float dust never blocks
                self.stamps.popleft()
            if len(self.stamps) + self.under_way < self.limit:
                self.under_way += 1
                return
            frees = self.stamps[0] + self.period - now if self.stamps else self.POLL
            await self.sleep(min(frees, self.POLL) if self.under_way else frees)

    def release(self) -> None:
        self.under_way -= 1
        self.stamps.append(self.clock())

    async def __aenter__(self) -> SlidingWindow:
        await self.acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()


@dataclass(frozen=True)
class Limits:
    """Rate limits as (count, seconds) windows, per chat and per platform (one bot, one robot)."""

    per_chat: tuple[tuple[int, float], ...] = ()
    per_platform: tuple[tuple[int, float], ...] = ()


DEFAULT_LIMITS: Mapping[str, Limits] = {
    # Telegram: about one message a second in a chat, 20 a minute in a group, 30 a second per bot.
    "telegram": Limits(per_chat=((1, 1.0), (20, 60.0)), per_platform=((30, 1.0),)),
    # WeCom group robot: 20 messages a minute per robot key.
    "wecom": Limits(per_chat=((20, 60.0),)),
}


@dataclass(frozen=True)
class Backoff:
    """Retry timing: exponential from `base`, capped; a longer wait than `max_wait` is deferred to a later run."""

    base: float = 1.0
    factor: float = 2.0
    cap: float = 60.0
    attempts: int = 5
    max_wait: float = 120.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return max(retry_after, 0.0)
        return min(self.cap, self.base * self.factor ** (attempt - 1))
