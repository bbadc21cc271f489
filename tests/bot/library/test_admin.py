"""Admins adding, revising, removing and rolling back documents: atomic, versioned, audited, reminders following.

Each test gets its own POLICYBOT_HOME seeded with the session's index of the
plan (and so its embedding cache): only the passages of the documents a test
adds are embedded, which is also what the product promises.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import numpy as np
import pytest
from sqlmodel import Session, col, select

from bot.app import App
from bot.library import LiveCorpus
from bot.settings import Settings
from corpus.errors import CorpusError
from corpus.load import DOCUMENTS_DIR
from index.store import build_index, current_build, load_index
from reminders import service
from reminders.corpus_records import DocumentVersion, LiveDocument, corpus_state
from reminders.models import AuditEntry, ProjectRow, Reminder
from tests.documents import county_v1, county_v2

QUESTION = "户用沼气池改造多少口？"


@pytest.fixture
def settings(tmp_path, home):
    shutil.copytree(home / "index", tmp_path / "index")
    return Settings(home=tmp_path, env_file=None)


@pytest.fixture
def admin(settings):
    return App(settings).corpus_admin("telegram:111")


def _top(app: App, question: str = QUESTION):
    return app.library.searcher().search(question, k=3).hits[0]


def _audit(app: App | LiveCorpus) -> list[tuple[str, str, str]]:
    with Session(app.database) as session:
        rows = session.exec(select(AuditEntry).where(col(AuditEntry.action).startswith("corpus-"))
                            .order_by(col(AuditEntry.id)))
        return [(r.who, r.action, r.result) for r in rows]


def _snapshot(settings: Settings) -> tuple:
    """Everything a failed change must leave as it was: the index pointer, the files, the database rows."""
    app = App(settings)
    with Session(app.database) as session:
        live = sorted((r.doc_id, r.version) for r in session.exec(select(LiveDocument)))
        rows = (corpus_state(session).version, live, len(session.exec(select(DocumentVersion)).all()))
    files = sorted(p.relative_to(settings.home) for p in (settings.home / "documents").rglob("*")) \
        if (settings.home / "documents").exists() else []
    return current_build(settings.home / "index"), rows, files


def test_a_new_document_answers_the_question_only_it_answers_with_its_version(admin, settings):
    before = _top(App(settings))
    assert before.doc_id == "changzhi-2023-5"  # the plan knows nothing of biogas pits
    proposal = admin.propose_add(county_v1(), "县农业方案.docx")
    assert (proposal.doc_id, proposal.version, proposal.needs_confirmation) == ("doc-" + proposal.document
                                                                               .content_hash[:8], 1, False)
    outcome = admin.apply(proposal)
    assert outcome.corpus_version == 1
    hit = _top(App(settings))
    assert (hit.doc_id, hit.doc_version, hit.section_id) == (proposal.doc_id, 1, f"{proposal.doc_id}:art-1")
    assert "三千口" in hit.quote and hit.doc_title == "某县农业农村减污降碳实施方案"
    assert _audit(admin.library) == [("telegram:111", "corpus-add", "ok")]


def test_adding_one_document_embeds_only_its_passages(admin, settings):
    encoder = admin.library.encoder
    embedded: list[str] = []

    class Counting:
        id, dim = encoder.id, encoder.dim

        def encode_passages(self, texts):
            embedded.extend(texts)
            return encoder.encode_passages(texts)

    admin.library.__dict__["encoder"] = Counting()
    proposal = admin.propose_add(county_v1(), "county.docx", doc_id="agri")
    build = admin.apply(proposal).build_id
    assert embedded and all(p.startswith("某县农业农村减污降碳实施方案 ") for p in embedded)
    index = admin.library.searcher().index
    assert index.path.name == build and len(embedded) == len([c for c in index.chunks if c.doc_id == "agri"])
    # the live vector index was extended with the new document's vectors: the same as a build from scratch
    build_index(admin.library.documents, settings.home / "scratch", encoder)
    rebuilt = load_index(settings.home / "scratch", encoder)
    assert [c.text for c in rebuilt.chunks] == [c.text for c in index.chunks]
    assert np.allclose(rebuilt.vectors.reconstruct_n(0, rebuilt.vectors.ntotal),
                       index.vectors.reconstruct_n(0, index.vectors.ntotal), atol=1e-5)


def test_new_version_shows_its_changes_needs_confirmation_and_rolls_back(settings, tmp_path):
    upload = tmp_path / "v1.docx"
    upload.write_bytes(county_v1())
    env = {**os.environ, "POLICYBOT_HOME": str(settings.home)}

    def cli(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot.cli", "corpus", *argv], capture_output=True, text=True,
                              env=env, stdin=subprocess.DEVNULL)

    first = cli("add", str(upload), "--doc-id", "agri")
    assert first.returncode == 0, first.stderr
    assert "新增《某县农业农村减污降碳实施方案》（agri，第1版，某农发〔2024〕7号）" in first.stdout
    revised = tmp_path / "修订稿.docx"
    revised.write_bytes(county_v2())
    unconfirmed = cli("add", str(revised))  # same 文号 → a new version of agri
    assert unconfirmed.returncode == 1
    assert unconfirmed.stderr.strip().splitlines() == [
        "policybot: agri v2 is a new version of a live document: re-run with --yes to confirm; nothing changed"]
    assert "第1版 → 第2版" in unconfirmed.stdout
    assert "新增重点工程（1）：附表第3项（2026年底）" in unconfirmed.stdout
    assert "完成时限变更（1）：附表第1项 2027年6月底 → 2027年12月底" in unconfirmed.stdout
    assert "新增章节（2）：第一章 第三条推广测土配方施肥；附表第3项" in unconfirmed.stdout
    assert App(settings).documents[-1].version == 1
    confirmed = cli("add", str(revised), "--yes")
    assert confirmed.returncode == 0, confirmed.stderr
    app = App(settings)
    agri = app.documents[-1]
    assert (agri.doc_id, agri.version, len(agri.key_projects)) == ("agri", 2, 3)
    assert _top(app, "化肥减量增效示范工程什么时候完成").section_id == "agri:annex-3"

    rollback = cli("rollback", "agri", "1")
    assert rollback.returncode == 0 and "删除重点工程（1）：附表第3项" in rollback.stdout
    app = App(settings)
    assert app.documents[-1].version == 1 and [p.number for p in app.documents[-1].key_projects] == [1, 2]
    hit = _top(app)
    assert (hit.doc_id, hit.doc_version) == ("agri", 1)
    assert (settings.home / "documents" / "agri" / "v2.docx").exists()  # old versions stay
    listing = cli("list", "--json")
    (entry,) = [d for d in __import__("json").loads(listing.stdout)["documents"] if d["doc_id"] == "agri"]
    assert entry["live_version"] == 1 and [v["version"] for v in entry["versions"]] == [1, 2]
    assert [a[1:] for a in _audit(app)] == [("corpus-add", "ok"), ("corpus-add", "not confirmed"),
                                            ("corpus-add", "ok"), ("corpus-rollback", "ok")]
    assert cli("rollback", "agri", "9").returncode == 1


class _Failing:
    """The encoder failing part-way through the new passages, as a full disk or a killed worker would."""

    def __init__(self, encoder, fail_after: int) -> None:
        self.inner, self.id, self.dim, self.left = encoder, encoder.id, encoder.dim, fail_after

    def encode_passages(self, texts):
        self.left -= len(texts)
        if self.left < 0:
            raise RuntimeError("embedding worker died")
        return self.inner.encode_passages(texts)


def test_a_failure_mid_rebuild_changes_nothing(admin, settings):
    admin.apply(admin.propose_add(county_v1(), "v1.docx", doc_id="agri"))
    before, answer = _snapshot(settings), _top(App(settings))
    builds = set(((settings.home / "index") / "builds").iterdir())
    admin.library.__dict__["encoder"] = _Failing(admin.library.encoder, fail_after=0)
    proposal = admin.propose_add(county_v2(), "v2.docx")
    with pytest.raises(CorpusError, match="embedding worker died; nothing changed"):
        admin.apply(proposal)
    assert _snapshot(settings) == before
    assert set(((settings.home / "index") / "builds").iterdir()) == builds
    after = _top(App(settings))
    assert (after.doc_id, after.doc_version, after.quote) == (answer.doc_id, answer.doc_version, answer.quote)
    assert _audit(admin.library)[-1][1:] == ("corpus-add", "failed: RuntimeError: embedding worker died")


def test_a_database_failure_at_the_commit_changes_nothing(admin, settings, monkeypatch):
    before = _snapshot(settings)
    builds = set(((settings.home / "index") / "builds").iterdir())

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("bot.library.live._claim", broken)
    with pytest.raises(CorpusError, match="database went away; nothing changed"):
        admin.apply(admin.propose_add(county_v1(), "v1.docx", doc_id="agri"))
    assert _snapshot(settings) == before
    assert set(((settings.home / "index") / "builds").iterdir()) == builds  # the staged build is gone
    assert _top(App(settings)).doc_id == "changzhi-2023-5"


def test_a_switch_that_never_happened_is_finished_by_the_next_reader(admin, settings, monkeypatch):
    live = current_build(settings.home / "index")
    killed = OSError("killed before the rename")
    monkeypatch.setattr("bot.library.live.switch", lambda *a: (_ for _ in ()).throw(killed))
    added = admin.propose_add(county_v1(), "v1.docx").document
    with pytest.raises(OSError):
        admin.library.publish([*admin.library.documents, added], lambda s: None)
    assert current_build(settings.home / "index") == live  # committed in the database, pointer not moved
    monkeypatch.undo()
    app = App(settings)
    app.library.searcher()
    with Session(app.database) as session:
        assert current_build(settings.home / "index").name == corpus_state(session).build_id != live.name


def test_questions_during_a_rebuild_are_answered_from_the_live_version(admin, settings):
    encoder = admin.library.encoder
    started, release = threading.Event(), threading.Event()

    class Slow:
        id, dim = encoder.id, encoder.dim

        def encode_passages(self, texts):
            started.set()
            release.wait(60)
            return encoder.encode_passages(texts)

    reader = App(settings)
    assert len(reader.documents) == 1  # a long-running process has loaded the corpus
    admin.library.__dict__["encoder"] = Slow()
    worker = threading.Thread(target=lambda: admin.apply(admin.propose_add(county_v1(), "v1.docx", doc_id="agri")))
    worker.start()
    try:
        assert started.wait(60)
        assert not reader.library.refresh()
        assert _top(App(settings)).doc_id == "changzhi-2023-5"
    finally:
        release.set()
        worker.join()
    assert reader.library.refresh() and reader.documents[-1].doc_id == "agri"  # the version in the database told it
    assert _top(reader).doc_id == "agri"


def test_reminders_follow_a_changed_deadline(settings):
    app = App(settings)
    admin = app.corpus_admin("telegram:111")
    now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    admin.apply(admin.propose_add(county_v1(), "v1.docx", doc_id="agri"))
    with Session(app.engine) as session:
        service.bind(session, app.registry, "县农业农村局", "telegram", "-1007", "telegram:111", now)
        service.plan(session, now)

    def planned() -> set[str]:
        with Session(app.database) as session:
            project = session.exec(select(ProjectRow).where(ProjectRow.doc_id == "agri",
                                                            ProjectRow.number == 1)).one()
            return {r.occasion for r in session.exec(select(Reminder).where(
                Reminder.project_id == project.id, Reminder.state == "planned"))}

    assert "due-90:2027-06-30" in planned()
    admin.apply(admin.propose_add(county_v2(), "v2.docx"))
    assert "due-90:2027-12-31" in planned() and not any("2027-06-30" in o for o in planned())
    with Session(app.database) as session:
        new = session.exec(select(ProjectRow).where(ProjectRow.doc_id == "agri", ProjectRow.number == 3)).one()
        assert new.due_date.isoformat() == "2026-12-31" and new.removed_at is None
        assert session.exec(select(Reminder).where(Reminder.project_id == new.id)).first() is not None
    admin.apply(admin.propose_remove("agri"))
    assert planned() == set()


def test_bad_uploads_and_requests_are_refused_audited_and_change_nothing(settings):
    admin = App(settings.replace(max_upload_mb=1)).corpus_admin("telegram:111")
    before = _snapshot(settings)
    plan_gbk = (DOCUMENTS_DIR / "changzhi-2023-5.md").read_text("utf-8").encode("gb18030")
    cases = [
        (lambda: admin.propose_add(plan_gbk, "plan.txt"), "already in the corpus as changzhi-2023-5 v1"),
        (lambda: admin.propose_add(b"x" * (2 * 1024 * 1024), "big.txt"), "over the 1 MB limit"),
        (lambda: admin.propose_add(b"", "empty.md"), "the file is empty"),
        (lambda: admin.propose_add(b"PK\x03\x04garbage", "x.docx"), "damaged zip archive"),
        (lambda: admin.propose_add(county_v1(), "v1.docx", doc_id="Bad Id!"), "invalid document id"),
        (lambda: admin.propose_add(county_v1(), "v1.docx", doc_id="county\n"), "invalid document id"),
        (lambda: admin.propose_add(county_v1(), "v1.docx", doc_id="coun\x1bty"), "invalid document id"),
        (lambda: admin.propose_add("# 长治市某方案\n\n## 一、总体要求\n".encode(), "heads.md"), "no body text found"),
        (lambda: admin.propose_remove("changzhi-2023-5"), "cannot be removed"),
        (lambda: admin.propose_remove("nothing"), "no live document nothing"),
        (lambda: admin.propose_rollback("changzhi-2023-5", 1), "already live"),
    ]
    for call, message in cases:
        with pytest.raises(CorpusError, match=message):
            call()
    assert _snapshot(settings) == before
    audit = _audit(admin.library)
    assert len(audit) == len(cases) and all(r.startswith("refused: ") for _, _, r in audit)


def test_the_bundled_plan_gets_a_new_version_with_bare_ids(admin, settings):
    text = (DOCUMENTS_DIR / "changzhi-2023-5.md").read_text("utf-8").replace("2023年10月底", "2024年3月底")
    proposal = admin.propose_add(text.encode("utf-8"), "修订.md")  # found by its 文号
    assert (proposal.doc_id, proposal.version, proposal.needs_confirmation) == ("changzhi-2023-5", 2, True)
    assert proposal.summary.projects_rescheduled == ["附表第2项 2023年10月底 → 2024年3月底"]
    admin.apply(proposal)
    plan = App(settings).documents[0]
    assert (plan.version, plan.section("annex-2").text.count("2024年3月底")) == (2, 1)
    admin.apply(admin.propose_rollback("changzhi-2023-5", 1))
    assert App(settings).documents[0].section("annex-2").text.count("2023年10月底") == 1


def long_plan(paragraphs: int) -> bytes:
    """One chapter of `paragraphs` paragraphs of about 70 characters: passages are windows of about 200, so
    about one passage for three paragraphs."""
    body = "\n".join(f"第{i}项工作。到2025年，第{i}片区的污水收集率达到{60 + i % 30}%。"
                     "县住建局牵头，县生态环境局参与，每季度报送进展情况，年底组织考核评估。"
                     for i in range(1, paragraphs + 1))
    return f"某县城镇污水治理实施方案\n第一章　总则\n{body}\n".encode()


def test_an_upload_over_the_passage_or_character_cap_is_refused_before_embedding(settings):
    app = App(settings.replace(max_upload_passages=50, max_upload_chars=40_000))
    admin = app.corpus_admin("telegram:111")
    before = _snapshot(settings)
    with pytest.raises(CorpusError, match=r"big\.txt: [6-9][0-9] passages to embed, over the cap of 50 per upload "
                                          r"\(POLICYBOT_MAX_UPLOAD_PASSAGES"):
        admin.propose_add(long_plan(200), "big.txt")
    lines = ("某市数据汇总\n" + "\n".join(f"第{i}行数据记录" for i in range(5_000))).encode()
    with pytest.raises(CorpusError, match=r"rows\.txt: [0-9,]+ characters of text, over the cap of 40,000 per upload "
                                          r"\(POLICYBOT_MAX_UPLOAD_CHARS\)"):
        admin.propose_add(lines, "rows.txt")
    assert _snapshot(settings) == before
    assert admin.propose_add(long_plan(100), "small.txt").document is not None  # ~35 passages: under both caps


CORPUS_ADD = [sys.executable, "-m", "bot.cli", "corpus", "add", "--yes", "--doc-id", "sewage"]


def test_an_add_killed_mid_build_leaves_nothing_after_the_next_start(settings, tmp_path):
    App(settings).corpus_version()  # the database exists before, as on any site
    before = _snapshot(settings)
    upload = tmp_path / "plan.txt"
    upload.write_bytes(long_plan(200))
    env = {"POLICYBOT_HOME": str(settings.home), "PATH": "/usr/bin:/bin"}
    adding = subprocess.Popen([*CORPUS_ADD, str(upload)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    builds = settings.home / "index" / "builds"
    try:
        while not list(builds.glob(".*.tmp")):
            assert adding.poll() is None, "the add ended before its build began"
            time.sleep(0.05)
    finally:
        os.kill(adding.pid, signal.SIGKILL)
        adding.wait(30)
    staged = list(builds.glob(".*.tmp"))
    versions = list((settings.home / "documents" / "sewage").glob("v1.*"))
    assert (len(staged), len(versions)) == (1, 2)  # the staged build; the upload and its text
    App(settings).tidy()  # the next start: the build of a process that is gone goes at once …
    assert not any(p.exists() for p in staged) and all(p.exists() for p in versions)  # … young files may be
    hour_ago = time.time() - 3600  # another process's add in progress, until they are a quarter of an hour old
    for path in versions:
        os.utime(path, (hour_ago, hour_ago))
    App(settings).tidy()
    assert not any(p.exists() for p in versions)
    aside = settings.home / "documents" / ".orphaned" / "sewage"
    assert sorted(p.name for p in aside.iterdir()) == sorted(p.name for p in versions)  # set aside, not lost
    assert _snapshot(settings)[:2] == before[:2]
    assert _top(App(settings)).doc_id == "changzhi-2023-5"


def test_an_annex_no_table_was_read_from_is_named_before_the_change_goes_live(admin):
    text = ("沁县大气污染防治工作方案\n一、重点任务\n"
            "（一）推进工业企业深度治理。完成重点企业烟气治理改造。（县工信局负责）\n"
            "附件\n重点工程清单\n沁县焦化厂干熄焦改造，县工信局负责，2025年11月底前完成\n"
            "城区道路机械化清扫提升，县城管局负责，2025年10月底前完成\n")
    lines = admin.propose_add(text.encode("utf-8"), "qinxian.txt").describe()
    assert any(line.startswith("附件中有3行未能读成表格（首行「重点工程清单」），未列入重点工程") for line in lines)
