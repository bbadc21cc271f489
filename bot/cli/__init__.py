"""The `policybot` command line (the `policybot` script is `bot.cli:main`)."""

from bot.cli.main import main

__all__ = ["main"]
