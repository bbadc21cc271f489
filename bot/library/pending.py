"""Uploads waiting for their admin's confirmation, kept on disk so any bot process sharing the home can confirm.

A new version of a live document goes live only after `/confirm CODE`. The
upload waits under POLICYBOT_HOME/documents/.pending/. A confirmation cannot
be forged or replayed: the code is 64 random bits, is accepted only from the
admin who sent the file, in the chat it was sent to, within PENDING_MINUTES,
and only once (the record is renamed away before it is used, so a second
process or a second tap finds nothing). Whether the corpus is still at the
version the admin saw is the caller's check.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.library.admin import CorpusAdmin
from corpus.clock import utcnow
from corpus.errors import CorpusError

PENDING_MINUTES = 30
_CODE = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Pending:
    code: str
    who: str
    chat: str
    name: str
    doc_id: str
    version: int
    corpus_version: int
    created_at: str  # ISO, aware


class PendingUploads:
    """The pending uploads of one home."""

    def __init__(self, home: Path) -> None:
        self.folder = home / "documents" / ".pending"

    def save(self, who: str, chat: str, name: str, doc_id: str, version: int, corpus_version: int,
             data: bytes) -> Pending:
        """Keep an upload until it is confirmed or cancelled; each file is written whole or not at all."""
        pending = Pending(secrets.token_hex(8), who, chat, name, doc_id, version, corpus_version,
                          utcnow().isoformat())
        self.folder.mkdir(parents=True, exist_ok=True)
        for suffix, content in ((".bin", data), (".json", json.dumps(asdict(pending)).encode())):
            tmp = self.folder / f".{pending.code}{suffix}.tmp"
            tmp.write_bytes(content)
            os.replace(tmp, self.folder / f"{pending.code}{suffix}")
        return pending

    def expire(self) -> int:
        """Remove uploads nobody confirmed within `PENDING_MINUTES` (and a crashed taker's leftovers)."""
        if not self.folder.is_dir():
            return 0
        cutoff = time.time() - PENDING_MINUTES * 60
        old = [p for p in self.folder.iterdir() if p.is_file() and p.stat().st_mtime < cutoff]
        for path in old:
            path.unlink(missing_ok=True)
        return len(old)

    def take(self, admin: CorpusAdmin, chat: str, code: str, action: str) -> tuple[Pending, bytes]:
        """The upload for a code, removed so that it is used once; a CorpusError (audited) says why not."""
        code = code.strip().lower()
        record = self.folder / f"{code}.json"
        if not _CODE.fullmatch(code) or not record.exists():
            admin.refuse(action, code[:40], "no such pending upload")
            raise CorpusError("没有与该确认码对应的待确认文件（可能已确认、已放弃或已过期），未做任何更改。")
        pending = Pending(**json.loads(record.read_text("utf-8")))
        if (pending.who, pending.chat) != (admin.who, chat):
            admin.refuse(action, code, f"the pending upload is {pending.who}'s in another chat")
            raise CorpusError("只有发送该文件的管理员本人、在发送文件的会话中才能确认或放弃，未做任何更改。")
        claimed = record.with_name(f"{code}.{os.getpid()}.taken")
        try:
            record.rename(claimed)
        except FileNotFoundError:
            raise CorpusError("该文件已被处理，未做任何更改。") from None
        data_path = self.folder / f"{code}.bin"
        data = data_path.read_bytes()
        claimed.unlink(missing_ok=True)
        data_path.unlink(missing_ok=True)
        if utcnow() - datetime.fromisoformat(pending.created_at) > timedelta(minutes=PENDING_MINUTES):
            admin.refuse(action, code, "expired")
            raise CorpusError(f"确认码已超过{PENDING_MINUTES}分钟失效，未做任何更改。请重新发送文件。")
        return pending, data
