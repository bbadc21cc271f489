"""Corpus updates from a chat: an admin sends a file (or, at the console, `/add PATH`), sees what it changes,
and confirms a new version with `/confirm CODE`; `/documents`, `/remove`, `/rollback`.

The flow itself is `bot.library`'s, the same as the command line's; this
module turns its outcomes and refusals into replies. Every command here is an
admin's (the registry checks that before calling).
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.chat.backend import Backend
from bot.chat.reply import Reply, refusal
from bot.chat.request import Command, Notify, Request
from bot.library import PENDING_MINUTES, CorpusAdmin, Proposal
from corpus.changes import ChangeSummary
from corpus.errors import CorpusError
from corpus.extract import too_big
from corpus.load import read_upload

HELP = """
管理员的语料命令：
直接发送文件（.docx、.pdf、.md、.txt）—— 收录新文件；现行文件的新版本先显示变更，再 /confirm 确认
/confirm 确认码 ／ /cancel 确认码 —— 确认或放弃新版本
/documents —— 语料中的文件及其版本
/remove 文件编号 —— 删除一份新增的文件（历史版本保留）
/rollback 文件编号 版本号 —— 回退到某一版本
/add 路径 —— 收录本机上的文件（仅控制台）"""
_ROLLBACK = re.compile(r"\s*(\S+)\s+v?(\d{1,6})\s*")


def _summary(proposal: Proposal, title: str) -> Reply:
    lines = proposal.describe()
    return Reply("\n".join(lines[1:]) or "（无结构变化）", title=f"{title}：{lines[0]}")


def _apply(admin: CorpusAdmin, proposal: Proposal, notify: Notify | None) -> list[Reply]:
    if notify:
        notify(Reply("正在重建检索索引（只为新增或改动的段落生成向量），完成后回复结果。期间提问仍按现行版本回答。"))
    try:
        outcome = admin.apply(proposal)
    except CorpusError as exc:
        return [Reply(f"更新失败，语料、索引和提醒均保持原状：{exc}", kind="error")]
    title = "已生效：" + proposal.describe()[0]
    return [Reply(f"语料版本 {outcome.corpus_version}。{outcome.reminders}", title=title)]


def upload(backend: Backend, req: Request, data: bytes, name: str, declared_size: int = 0) -> list[Reply]:
    """An admin's file: a new document goes live at once, a new version waits for /confirm.

    `declared_size` is the platform's figure for a file not downloaded because it is too big.
    """
    admin = backend.corpus_admin(req.who)
    try:
        if declared_size > admin.max_bytes:
            raise admin.refuse("corpus-add", name, str(too_big(name, declared_size, admin.max_bytes)))
        proposal = admin.propose_add(data, name)
    except CorpusError as exc:
        return [refusal(f"未能收录，未做任何更改：{exc}")]
    if not proposal.needs_confirmation:
        return _apply(admin, proposal, req.notify)
    assert proposal.version is not None
    pending = backend.pending.save(req.who, req.chat_id, name, proposal.doc_id, proposal.version,
                                   backend.corpus_version(), data)
    return [_summary(proposal, "待确认"),
            Reply(f"这是现行文件的新版本。确认上线请发送 /confirm {pending.code}，放弃请发送 /cancel {pending.code}"
                  f"（{PENDING_MINUTES}分钟内有效，仅限本人在本会话确认）。")]


def add(backend: Backend, req: Request) -> list[Reply]:
    """/add PATH at the console: a file on this machine, read as if it had been sent."""
    if req.platform != "console":
        return [refusal("在聊天中请直接把文件发给我；/add 路径 只用于本机控制台。")]
    if not req.args:
        return [refusal("用法：/add 文件路径（.docx、.pdf、.md 或 .txt）")]
    path = Path(req.args).expanduser()
    try:
        data = read_upload(path, backend.max_upload_bytes)
    except CorpusError as exc:
        backend.corpus_admin(req.who).refuse("corpus-add", req.args, str(exc))
        return [refusal(f"未能收录，未做任何更改：{exc}")]
    return upload(backend, req, data, path.name)


def confirm(backend: Backend, req: Request) -> list[Reply]:
    if not req.args:
        return [refusal("用法：/confirm 确认码")]
    admin = backend.corpus_admin(req.who)
    try:
        pending, data = backend.pending.take(admin, req.chat_id, req.args, "corpus-confirm")
    except CorpusError as exc:
        return [refusal(str(exc))]
    try:
        proposal = admin.propose_add(data, pending.name, doc_id=pending.doc_id)
    except CorpusError as exc:
        return [refusal(f"未能收录，未做任何更改：{exc}")]
    if proposal.version != pending.version or backend.corpus_version() != pending.corpus_version:
        admin.refuse("corpus-confirm", f"{pending.doc_id} v{pending.version}", "the corpus changed meanwhile")
        return [refusal("语料在此期间已有变化，本次确认作废，未做任何更改。请重新发送文件查看最新的变更内容。")]
    return _apply(admin, proposal, req.notify)


def cancel(backend: Backend, req: Request) -> list[Reply]:
    if not req.args:
        return [refusal("用法：/cancel 确认码")]
    admin = backend.corpus_admin(req.who)
    try:
        pending, _ = backend.pending.take(admin, req.chat_id, req.args, "corpus-cancel")
    except CorpusError as exc:
        return [refusal(str(exc))]
    admin.decline(Proposal("add", pending.doc_id, pending.version, None, None, ChangeSummary(),
                           source_name=pending.name))
    return [Reply(f"已放弃 {pending.doc_id} 第{pending.version}版，未做任何更改。")]


def documents(backend: Backend, req: Request) -> list[Reply]:
    lines = []
    for row in backend.corpus_admin(req.who).listing():
        live = f"现行第{row['live_version']}版" if row["live_version"] else "已删除"
        versions = "、".join(f"v{v['version']}" for v in row["versions"])
        lines.append(f"{row['doc_id']}：《{row['title']}》{live}（版本 {versions}；{row['sections']}个章节，"
                     f"{row['key_projects']}项重点工程）")
    return [Reply("\n".join(lines), title="语料中的文件")]


def remove(backend: Backend, req: Request) -> list[Reply]:
    if not req.args:
        return [refusal("用法：/remove 文件编号")]
    admin = backend.corpus_admin(req.who)
    try:
        proposal = admin.propose_remove(req.args.strip())
    except CorpusError as exc:
        return [refusal(f"未做任何更改：{exc}")]
    return _apply(admin, proposal, req.notify)


def rollback(backend: Backend, req: Request) -> list[Reply]:
    match = _ROLLBACK.fullmatch(req.args)
    if not match:
        return [refusal("用法：/rollback 文件编号 版本号，例如 /rollback luzhou-2024-3 1")]
    admin = backend.corpus_admin(req.who)
    try:
        proposal = admin.propose_rollback(match.group(1), int(match.group(2)))
    except CorpusError as exc:
        return [refusal(f"未做任何更改：{exc}")]
    return _apply(admin, proposal, req.notify)


COMMANDS: dict[str, Command] = {name: Command(handler, admin=True) for name, handler in (
    ("add", add), ("confirm", confirm), ("cancel", cancel), ("documents", documents), ("remove", remove),
    ("rollback", rollback))}
