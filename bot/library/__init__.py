"""Corpus administration: the versions of added documents, the live corpus and its index, the admin flow.

The command line and every chat change the corpus through `CorpusAdmin`
(propose → show → apply); `LiveCorpus` reads what is live and publishes a
change atomically; `PendingUploads` holds a new version until its admin
confirms it. Nothing here speaks a chat platform or prints.

The names below are loaded when first used (PEP 562): `policybot ask` needs
`LiveCorpus` only, and the admin flow brings the reminders' service with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.library.admin import CorpusAdmin, Outcome, Proposal
    from bot.library.live import LiveCorpus, Progress
    from bot.library.pending import PENDING_MINUTES, Pending, PendingUploads

_HOMES = {"CorpusAdmin": "admin", "Outcome": "admin", "Proposal": "admin", "LiveCorpus": "live", "Progress": "live",
          "PENDING_MINUTES": "pending", "Pending": "pending", "PendingUploads": "pending"}
__all__ = ["PENDING_MINUTES", "CorpusAdmin", "LiveCorpus", "Outcome", "Pending", "PendingUploads", "Progress",
           "Proposal"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
