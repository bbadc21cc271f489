"""Corpus administration: the versions of added documents, the live corpus and its index, the admin flow.

The command line and every chat change the corpus through `CorpusAdmin`
(propose → show → apply); `LiveCorpus` reads what is live and publishes a
change atomically; `PendingUploads` holds a new version until its admin
confirms it. Nothing here speaks a chat platform or prints.
"""

from bot.library.admin import CorpusAdmin, Outcome, Proposal
from bot.library.live import LiveCorpus, Progress
from bot.library.pending import PENDING_MINUTES, Pending, PendingUploads

__all__ = ["PENDING_MINUTES", "CorpusAdmin", "LiveCorpus", "Outcome", "Pending", "PendingUploads", "Progress",
           "Proposal"]
