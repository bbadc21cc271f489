"""The console's `Sender`: a reminder printed where a chat platform would post it, a file saved under the home."""

from __future__ import annotations

from pathlib import Path

from reminders.delivery import Attachment, ChatTarget


def save(attachment: Attachment, folder: Path) -> Path:
    """Write a file the console was sent into `folder` (POLICYBOT_HOME/reports); a later one of its name replaces it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / attachment.name
    path.write_bytes(attachment.data)
    return path


class ConsoleSender:
    """Prints reminders: the console's own chat, and `reminders run-due` for platforms it cannot reach."""

    def __init__(self, reports: Path) -> None:
        self.reports = reports

    async def send(self, target: ChatTarget, text: str, attachment: Attachment | None = None) -> None:
        print(f"—— {target.platform} → {target.unit} ——\n{text}\n", flush=True)
        if attachment is not None:
            print(f"附件已保存：{save(attachment, self.reports)}\n", flush=True)
