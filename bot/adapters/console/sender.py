"""The console's `Sender`: a reminder printed where a chat platform would post it."""

from __future__ import annotations

from reminders.delivery import ChatTarget


class ConsoleSender:
    """Prints reminders: the console's own chat, and `reminders run-due` for platforms it cannot reach."""

    async def send(self, target: ChatTarget, text: str) -> None:
        print(f"—— {target.platform} → {target.unit} ——\n{text}\n", flush=True)
