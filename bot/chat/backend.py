"""What the chat core needs from the application, declared here so the core never imports the composition root.

`bot.app.App` satisfies it; a test may hand in anything else that does.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Engine

from answers import Answerer
from bot.library import CorpusAdmin, PendingUploads
from corpus.units import UnitRegistry


class Backend(Protocol):
    @property
    def admins(self) -> frozenset[str]:
        """`platform:user_id` of the admins."""

    @property
    def registry(self) -> UnitRegistry: ...

    @property
    def engine(self) -> Engine:
        """The reminders' database, its units and key projects synced with the live corpus."""

    @property
    def pending(self) -> PendingUploads: ...

    @property
    def max_upload_bytes(self) -> int: ...

    def answerer(self) -> Answerer:
        """The answer engine for the live corpus, reloaded after any process changed it."""

    def corpus_admin(self, who: str) -> CorpusAdmin: ...

    def corpus_version(self) -> int: ...
