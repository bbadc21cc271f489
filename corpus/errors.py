"""The one base class of policybot's errors.

Every package's errors derive from `PolicybotError`, so the command line and
the chat adapters can tell a refusal or failure the code foresaw (shown as one
line) from a bug (logged with its traceback). It lives in `corpus/` because
every other package depends on `corpus/` and `corpus/` on nothing of the
project: the bottom of the import graph is the one place all can import.
"""

from __future__ import annotations


class PolicybotError(Exception):
    """A refusal or failure with a message fit to show the person who asked."""


class CorpusError(PolicybotError, ValueError):
    """A document that cannot be taken into the corpus, with the reason."""
