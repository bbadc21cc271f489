"""The platform-neutral chat core: messages in (`Incoming`), replies out (`Reply`), one command registry.

It imports no platform library; adapters (`bot.adapters.*`) translate to and
from their platform and render replies within their own size limits.
"""

from bot.chat.backend import Backend
from bot.chat.conversation import ONLY_TEXT, Conversation, Incoming
from bot.chat.intake import Intake
from bot.chat.registry import COMMANDS, help_reply
from bot.chat.reply import Reply, Source, refusal
from bot.chat.request import Command, Refused, Request

__all__ = ["COMMANDS", "ONLY_TEXT", "Backend", "Command", "Conversation", "Incoming", "Intake", "Refused", "Reply",
           "Request", "Source", "help_reply", "refusal"]
