"""Corpus updates from chat: admins' uploads, the confirmation code that cannot be forged, answers that follow."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import Session, col, select

from bot.adapters.console import plain
from bot.app import App
from bot.chat.conversation import Conversation, Incoming
from bot.settings import Settings
from reminders.models import AuditEntry
from tests.documents import chinese_pdf, county_v1, county_v2

ADMIN, OTHER_ADMIN, OFFICIAL, CHAT = "111", "333", "222", "111"


@pytest.fixture
def settings(tmp_path, home):
    shutil.copytree(home / "index", tmp_path / "index")
    return Settings(home=tmp_path, admins=f"telegram:{ADMIN},telegram:{OTHER_ADMIN}", env_file=None)


@pytest.fixture
def conv(settings) -> Conversation:
    notes: list = []
    conv = Conversation(App(settings), notify=lambda msg, reply: notes.append((msg.user_id, plain(reply))))
    conv.notes = notes  # type: ignore[attr-defined]
    return conv


def msg(text: str = "", user: str = ADMIN, chat: str = CHAT, platform: str = "telegram") -> Incoming:
    return Incoming(platform, chat, "private", user, text)


def texts(replies) -> str:
    return "\n".join(plain(r) for r in replies)


def test_non_admins_cannot_change_the_corpus(conv):
    (reply,) = conv.upload(msg(user=OFFICIAL, chat=OFFICIAL), county_v1(), "v1.docx")
    assert reply.kind == "refusal" and "只有管理员" in plain(reply)
    for command in ("/remove agri", "/rollback agri 1", "/confirm 0123456789abcdef", "/documents"):
        (reply,) = conv.handle(msg(command, user=OFFICIAL, chat=OFFICIAL))
        assert reply.kind == "refusal" and "仅限管理员" in plain(reply)
    assert len(conv.backend.documents) == 1


def test_an_admins_pdf_goes_live_and_answers_cite_it(conv):
    before = conv.handle(msg("沼气池改造多少口？"))
    assert "某县农业农村" not in texts(before)
    lines = ["某县农业农村减污降碳实施方案", "一、重点任务",
             "（一）推进农村户用沼气改造。完成农村户用沼气池改造三千口，沼渣沼液全部还田利用。（县农业农村局负责）"]
    replies = conv.upload(msg(), chinese_pdf(lines), "方案.pdf")
    assert replies[-1].kind == "info" and "已生效：新增《某县农业农村减污降碳实施方案》" in texts(replies)
    assert conv.notes and "正在重建检索索引" in conv.notes[0][1]  # progress told before the rebuild
    answer = conv.backend.answerer().answer("沼气池改造多少口？")
    top = answer.citations[0]
    assert (top.doc_title, top.doc_version) == ("某县农业农村减污降碳实施方案", 1) and "三千口" in top.quote
    assert "某县农业农村减污降碳实施方案" in texts(conv.handle(msg("沼气池改造多少口？")))


def test_a_new_version_waits_for_the_senders_confirmation_once(conv, settings):
    conv.upload(msg(), county_v1(), "v1.docx")
    replies = conv.upload(msg(), county_v2(), "v2.docx")
    text = texts(replies)
    assert "待确认" in text and "完成时限变更（1）：附表第1项 2027年6月底 → 2027年12月底" in text
    code = text.split("/confirm ")[1][:16]
    assert conv.backend.documents[-1].version == 1
    forged = conv.handle(msg("/confirm " + ("0" * 16 if code != "0" * 16 else "1" * 16)))
    other = conv.handle(msg(f"/confirm {code}", user=OTHER_ADMIN, chat=OTHER_ADMIN))
    elsewhere = conv.handle(msg(f"/confirm {code}", chat="-1009"))
    for (reply,) in (forged, other, elsewhere):
        assert reply.kind == "refusal" and "未做任何更改" in plain(reply)
    assert conv.backend.documents[-1].version == 1
    done = conv.handle(msg(f"/confirm {code}"))
    assert "已生效" in texts(done)
    assert App(settings).documents[-1].version == 2
    (again,) = conv.handle(msg(f"/confirm {code}"))
    assert again.kind == "refusal"
    with Session(conv.backend.database) as session:
        refused = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "corpus-confirm")).all()
    assert [(r.who, r.result.split(":")[0]) for r in refused] == [
        ("telegram:111", "refused"), ("telegram:333", "refused"), ("telegram:111", "refused"),
        ("telegram:111", "refused")]


def test_a_confirmation_after_the_corpus_moved_is_void(conv, settings):
    conv.upload(msg(), county_v1(), "v1.docx")
    code = texts(conv.upload(msg(), county_v2(), "v2.docx")).split("/confirm ")[1][:16]
    App(settings).corpus_admin("cli:root").apply(App(settings).corpus_admin("cli:root").propose_remove(
        conv.backend.documents[-1].doc_id))
    (reply,) = conv.handle(msg(f"/confirm {code}"))
    assert reply.kind == "refusal" and "已有变化" in plain(reply)


def test_answers_follow_a_change_made_by_another_process(conv, settings):
    assert conv.backend.answerer().answer("户用沼气池改造多少口？").citations[0].doc_id == "changzhi-2023-5"
    other = App(settings).corpus_admin("cli:root")
    other.apply(other.propose_add(county_v1(), "v1.docx", doc_id="agri"))
    assert conv.backend.answerer().answer("户用沼气池改造多少口？").citations[0].doc_id == "agri"


def test_console_add_path_list_remove_and_rollback(conv, tmp_path):
    path = tmp_path / "upload.docx"
    path.write_bytes(county_v1())
    (refused,) = conv.handle(msg(f"/add {path}"))
    assert refused.kind == "refusal" and "直接把文件发给我" in plain(refused)  # no reading server paths from Telegram
    console = msg(f"/add {path}", user="local", chat="console", platform="console")
    assert "已生效" in texts(conv.handle(console))
    doc_id = conv.backend.documents[-1].doc_id
    missing = conv.handle(msg(f"/add {tmp_path / 'nope.md'}", user="local", chat="console", platform="console"))
    assert "cannot read" in texts(missing)
    assert doc_id in texts(conv.handle(msg("/documents")))
    assert "已生效：删除" in texts(conv.handle(msg(f"/remove {doc_id}")))
    assert "已生效：回退" in texts(conv.handle(msg(f"/rollback {doc_id} 1")))
    assert conv.backend.documents[-1].doc_id == doc_id
    (usage,) = conv.handle(msg("/rollback"))
    assert usage.kind == "refusal" and "用法" in plain(usage)
