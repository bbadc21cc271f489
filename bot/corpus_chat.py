"""Corpus updates from a chat: an admin sends a file (or, at the console, `/add PATH`), sees what it changes,
and confirms a new version with `/confirm CODE`.

Between the upload and the confirmation the file waits under
POLICYBOT_HOME/documents/.pending/, so the confirmation may reach any bot
process that shares the home. A confirmation cannot be forged or replayed: the
code is 64 random bits, is accepted only from the admin who sent the file in
the chat it was sent to, within PENDING_MINUTES, only while the corpus is
still at the version the summary was computed against, and only once.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.app import App
from bot.corpus_admin import MB, CorpusAdmin, Proposal
from bot.reply import Reply
from corpus.changes import ChangeSummary
from corpus.extract import too_big
from corpus.load import read_upload
from corpus.parse import CorpusError
from reminders.service import utcnow

PENDING_MINUTES = 30
COMMANDS = ("add", "confirm", "cancel", "documents", "remove", "rollback")  # all for admins only
HELP = """
管理员的语料命令：
直接发送文件（.docx、.pdf、.md、.txt）—— 收录新文件；现行文件的新版本先显示变更，再 /confirm 确认
/confirm 确认码 ／ /cancel 确认码 —— 确认或放弃新版本
/documents —— 语料中的文件及其版本
/remove 文件编号 —— 删除一份新增的文件（历史版本保留）
/rollback 文件编号 版本号 —— 回退到某一版本
/add 路径 —— 收录本机上的文件（仅控制台）"""
_CODE = re.compile(r"[0-9a-f]{16}")
Notify = Callable[[Reply], None]


class _Refused(Exception):
    """A confirmation that cannot go ahead, with the reply that says why."""


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


def _summary(proposal: Proposal, title: str) -> Reply:
    lines = proposal.describe()
    return Reply("\n".join(lines[1:]) or "（无结构变化）", title=f"{title}：{lines[0]}")


class CorpusChat:
    """The chat side of `CorpusAdmin`: replies instead of exceptions, and the confirmation step."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.pending_dir = app.settings.home / "documents" / ".pending"

    def _apply(self, admin: CorpusAdmin, proposal: Proposal, notify: Notify | None) -> list[Reply]:
        if notify:
            notify(Reply("正在重建检索索引（只为新增或改动的段落生成向量），完成后回复结果。期间提问仍按现行版本回答。"))
        try:
            outcome = admin.apply(proposal)
        except CorpusError as exc:
            return [Reply(f"更新失败，语料、索引和提醒均保持原状：{exc}", kind="error")]
        title = "已生效：" + proposal.describe()[0]
        return [Reply(f"语料版本 {outcome.corpus_version}。{outcome.reminders}", title=title)]

    def upload(self, who: str, chat: str, data: bytes, name: str, notify: Notify | None = None,
               declared_size: int = 0) -> list[Reply]:
        """An admin's file: a new document goes live at once, a new version waits for /confirm."""
        admin = CorpusAdmin(self.app, who)
        try:
            if declared_size > admin.max_bytes:
                raise admin.refuse("corpus-add", name, str(too_big(name, declared_size, admin.max_bytes)))
            proposal = admin.propose_add(data, name)
        except CorpusError as exc:
            return [Reply(f"未能收录，未做任何更改：{exc}", kind="refusal")]
        if not proposal.needs_confirmation:
            return self._apply(admin, proposal, notify)
        assert proposal.version is not None
        pending = Pending(secrets.token_hex(8), who, chat, name, proposal.doc_id, proposal.version,
                          self.app.corpus_version(), utcnow().isoformat())
        self._save(pending, data)
        return [_summary(proposal, "待确认"),
                Reply(f"这是现行文件的新版本。确认上线请发送 /confirm {pending.code}，放弃请发送 /cancel {pending.code}"
                      f"（{PENDING_MINUTES}分钟内有效，仅限本人在本会话确认）。")]

    def add_path(self, who: str, chat: str, path: str, notify: Notify | None = None) -> list[Reply]:
        """/add PATH at the console: a file on this machine, read as if it had been sent."""
        try:
            data = read_upload(Path(path).expanduser(), self.app.settings.max_upload_mb * MB)
        except CorpusError as exc:
            CorpusAdmin(self.app, who).refuse("corpus-add", path, str(exc))
            return [Reply(f"未能收录，未做任何更改：{exc}", kind="refusal")]
        return self.upload(who, chat, data, Path(path).name, notify)

    def confirm(self, who: str, chat: str, code: str, notify: Notify | None = None) -> list[Reply]:
        admin = CorpusAdmin(self.app, who)
        try:
            pending, data = self._take(admin, who, chat, code, "corpus-confirm")
        except _Refused as exc:
            return [Reply(str(exc), kind="refusal")]
        try:
            proposal = admin.propose_add(data, pending.name, doc_id=pending.doc_id)
        except CorpusError as exc:
            return [Reply(f"未能收录，未做任何更改：{exc}", kind="refusal")]
        if proposal.version != pending.version or self.app.corpus_version() != pending.corpus_version:
            admin.refuse("corpus-confirm", f"{pending.doc_id} v{pending.version}", "the corpus changed meanwhile")
            return [Reply("语料在此期间已有变化，本次确认作废，未做任何更改。请重新发送文件查看最新的变更内容。",
                          kind="refusal")]
        return self._apply(admin, proposal, notify)

    def cancel(self, who: str, chat: str, code: str) -> list[Reply]:
        admin = CorpusAdmin(self.app, who)
        try:
            pending, _ = self._take(admin, who, chat, code, "corpus-cancel")
        except _Refused as exc:
            return [Reply(str(exc), kind="refusal")]
        admin.decline(Proposal("add", pending.doc_id, pending.version, None, None, ChangeSummary(),
                               source_name=pending.name))
        return [Reply(f"已放弃 {pending.doc_id} 第{pending.version}版，未做任何更改。")]

    def listing(self) -> list[Reply]:
        lines = []
        for row in CorpusAdmin(self.app, "").listing():
            live = f"现行第{row['live_version']}版" if row["live_version"] else "已删除"
            versions = "、".join(f"v{v['version']}" for v in row["versions"])
            lines.append(f"{row['doc_id']}：《{row['title']}》{live}（版本 {versions}；{row['sections']}个章节，"
                         f"{row['key_projects']}项重点工程）")
        return [Reply("\n".join(lines), title="语料中的文件")]

    def remove(self, who: str, doc_id: str, notify: Notify | None = None) -> list[Reply]:
        admin = CorpusAdmin(self.app, who)
        try:
            proposal = admin.propose_remove(doc_id.strip())
        except CorpusError as exc:
            return [Reply(f"未做任何更改：{exc}", kind="refusal")]
        return self._apply(admin, proposal, notify)

    def rollback(self, who: str, args: str, notify: Notify | None = None) -> list[Reply]:
        match = re.fullmatch(r"\s*(\S+)\s+v?(\d{1,6})\s*", args)
        if not match:
            return [Reply("用法：/rollback 文件编号 版本号，例如 /rollback luzhou-2024-3 1", kind="refusal")]
        admin = CorpusAdmin(self.app, who)
        try:
            proposal = admin.propose_rollback(match.group(1), int(match.group(2)))
        except CorpusError as exc:
            return [Reply(f"未做任何更改：{exc}", kind="refusal")]
        return self._apply(admin, proposal, notify)

    def command(self, name: str, platform: str, who: str, chat: str, args: str,
                notify: Notify | None = None) -> list[Reply]:
        """One of COMMANDS from an admin (the caller has checked that)."""
        if name == "add":
            if platform != "console":
                return [Reply("在聊天中请直接把文件发给我；/add 路径 只用于本机控制台。", kind="refusal")]
            if not args:
                return [Reply("用法：/add 文件路径（.docx、.pdf、.md 或 .txt）", kind="refusal")]
            return self.add_path(who, chat, args, notify)
        if name in ("confirm", "cancel") and not args:
            return [Reply(f"用法：/{name} 确认码", kind="refusal")]
        if name == "confirm":
            return self.confirm(who, chat, args, notify)
        if name == "cancel":
            return self.cancel(who, chat, args)
        if name == "remove":
            return self.remove(who, args, notify) if args else [Reply("用法：/remove 文件编号", kind="refusal")]
        if name == "rollback":
            return self.rollback(who, args, notify)
        return self.listing()

    # --- pending uploads ----------------------------------------------------------------------------

    def _save(self, pending: Pending, data: bytes) -> None:
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        for suffix, content in ((".bin", data), (".json", json.dumps(asdict(pending)).encode())):
            tmp = self.pending_dir / f".{pending.code}{suffix}.tmp"
            tmp.write_bytes(content)
            os.replace(tmp, self.pending_dir / f"{pending.code}{suffix}")

    def _take(self, admin: CorpusAdmin, who: str, chat: str, code: str, action: str) -> tuple[Pending, bytes]:
        """The pending upload for a code, removed so that it is used once; refused with the reason otherwise."""
        code = code.strip().lower()
        record = self.pending_dir / f"{code}.json"
        if not _CODE.fullmatch(code) or not record.exists():
            admin.refuse(action, code[:40], "no such pending upload")
            raise _Refused("没有与该确认码对应的待确认文件（可能已确认、已放弃或已过期），未做任何更改。")
        pending = Pending(**json.loads(record.read_text("utf-8")))
        if (pending.who, pending.chat) != (who, chat):
            admin.refuse(action, code, f"the pending upload is {pending.who}'s in another chat")
            raise _Refused("只有发送该文件的管理员本人、在发送文件的会话中才能确认或放弃，未做任何更改。")
        claimed = record.with_name(f"{code}.{os.getpid()}.taken")
        try:
            record.rename(claimed)  # used once: a second process (or a second tap) finds nothing
        except FileNotFoundError:
            raise _Refused("该文件已被处理，未做任何更改。") from None
        data_path = self.pending_dir / f"{code}.bin"
        data = data_path.read_bytes()
        claimed.unlink(missing_ok=True)
        data_path.unlink(missing_ok=True)
        if utcnow() - datetime.fromisoformat(pending.created_at) > timedelta(minutes=PENDING_MINUTES):
            admin.refuse(action, code, "expired")
            raise _Refused(f"确认码已超过{PENDING_MINUTES}分钟失效，未做任何更改。请重新发送文件。")
        return pending, data
