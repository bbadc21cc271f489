"""The console adapter, the embedded default: a terminal REPL in which you are the admin `console:local`.

- `bot.py`     the REPL over the conversation core, and the console's own reminder runs
- `sender.py`  the reminders' `Sender` (`ConsoleSender`): prints them; `save` writes a file it is sent
- `render.py`  replies as plain text
"""

from bot.adapters.console.bot import Reminders, clock_from, message, repl, run_console
from bot.adapters.console.render import plain
from bot.adapters.console.sender import ConsoleSender, save

__all__ = ["ConsoleSender", "Reminders", "clock_from", "message", "plain", "repl", "run_console", "save"]
