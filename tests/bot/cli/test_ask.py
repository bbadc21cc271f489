"""`policybot ask` with input as officials' machines send it: GBK terminals, stray bytes, a broken pipe, no database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest


@pytest.fixture
def env(home) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("POLICYBOT_")}
    out["POLICYBOT_HOME"] = str(home)  # the session's indexed home; no database file, nothing written
    return out


def ask(env: dict[str, str], *argv: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", "ask", *argv], capture_output=True, env=env, timeout=120)


def test_a_question_typed_in_a_gbk_terminal_is_answered(env):
    done = ask(env, "市工信局负责哪些工作".encode("gbk"))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().startswith("市工信局牵头 1 项")


def test_bad_lines_in_a_batch_are_answered_one_by_one_and_stop_nothing(env, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(b"\n".join([
        json.dumps({"id": "a", "question": "交通领域的措施由谁牵头？"}, ensure_ascii=False).encode(),
        json.dumps({"id": "b", "question": "散煤清零谁负责"}, ensure_ascii=False).encode("gbk"),
        b'{"id": "c", "question": "\xff\xfe"}',
        b"not json at all",
        json.dumps({"id": "e", "question": "要淘汰多大吨位以下的转炉？"}, ensure_ascii=False).encode(),
    ]))
    done = ask(env, "--json", "--batch", str(batch))
    assert done.returncode == 0, done.stderr.decode()
    rows = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c", None, "e"]
    assert "市交通局牵头" in rows[0]["answer"] and "100吨" in rows[4]["answer"]
    assert rows[1]["citations"][0]["section_id"] == "annex-2"  # the GBK line read as GB18030
    assert rows[3]["abstained"] and rows[3]["answer"].startswith("请输入")


PROBE = """import json, sys
from bot.cli.main import main
status = main(sys.argv[1:])
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
sys.exit(status)
"""
NOT_FOR_A_QUESTION = {"sqlalchemy", "sqlmodel", "alembic", "psycopg", "telegram", "wechatpy", "aiohttp", "apscheduler",
                      "pydantic", "scipy", "bm25s", "openpyxl", "docx", "pypdf", "charset_normalizer", "torch"}


def test_a_question_from_the_shell_opens_no_database_and_loads_no_chat_library(env):
    env["POLICYBOT_DATABASE_URL"] = "postgresql+psycopg://postgres@127.0.0.1:1/policybot"  # nothing listens
    done = subprocess.run([sys.executable, "-c", PROBE, "ask", "交通领域的措施由谁牵头？"], capture_output=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    *answer, modules = done.stdout.decode().strip().splitlines()
    assert answer[0].startswith("三、（九）推进交通领域协同增效由市交通局牵头")
    assert NOT_FOR_A_QUESTION.isdisjoint(json.loads(modules)), sorted(NOT_FOR_A_QUESTION & set(json.loads(modules)))


def test_a_build_that_does_not_carry_its_documents_is_read_through_the_corpus(env, home, tmp_path):
    older = tmp_path / "home"  # as a build made before builds kept their documents, or by other parser code
    shutil.copytree(home / "index", older / "index")
    build = (older / "index" / "CURRENT").read_text("utf-8").strip()
    (older / "index" / "builds" / build / "documents.pickle").write_bytes(b"not a pickle")
    done = ask({**env, "POLICYBOT_HOME": str(older)}, "交通领域的措施由谁牵头？")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().startswith("三、（九）推进交通领域协同增效由市交通局牵头")


@pytest.mark.parametrize(("url", "says"), [
    ("sqlite:////proc/no-such-dir/policybot.db", "policybot: cannot use /proc/no-such-dir: No such file or directory"),
    ("postgres://postgres@127.0.0.1:1/policybot", "cannot be used: OperationalError"),  # psycopg, as shipped
    ("mysql://root@127.0.0.1/policybot", "policybot: POLICYBOT_DATABASE_URL: mysql is not a database the bot ships "
                                         "a driver for; use sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"),
    ("not a url", "cannot be used: ArgumentError"),
])
def test_a_database_that_cannot_be_opened_is_one_line_and_the_traceback_only_on_request(env, url, says):
    env["POLICYBOT_DATABASE_URL"] = url
    done = subprocess.run([sys.executable, "-m", "bot.cli", "units", "list"], capture_output=True, env=env,
                          timeout=120)
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and says in lines[0]
    debug = subprocess.run([sys.executable, "-m", "bot.cli", "units", "list"], capture_output=True,
                           env={**env, "POLICYBOT_DEBUG": "1"}, timeout=120)
    assert debug.returncode == 1 and b"Traceback (most recent call last)" in debug.stderr


def test_a_damaged_index_is_one_line_naming_the_command_that_mends_it(env, home, tmp_path):
    damaged = tmp_path / "home"
    shutil.copytree(home / "index", damaged / "index")
    build = (damaged / "index" / "CURRENT").read_text("utf-8").strip()
    (damaged / "index" / "builds" / build / "vectors.faiss").write_bytes(b"")
    done = ask({**env, "POLICYBOT_HOME": str(damaged)}, "交通领域的措施由谁牵头？")
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1
    assert "is damaged" in lines[0] and lines[0].endswith("run `policybot index build`")


def test_a_reader_that_leaves_early_is_no_error(env, tmp_path):
    batch = tmp_path / "many.jsonl"  # far more output than a pipe holds, so the writer meets the closed pipe
    batch.write_text("".join(json.dumps({"id": i, "question": "交通领域的措施由谁牵头？"}, ensure_ascii=False) + "\n"
                             for i in range(200)), "utf-8")
    reader = subprocess.Popen([sys.executable, "-m", "bot.cli", "ask", "--json", "--batch", str(batch)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert reader.stdout is not None and reader.stdout.read(10)
    reader.stdout.close()
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and err == b""


def test_a_batch_that_is_no_regular_file_or_too_big_is_one_line(env, tmp_path):
    done = ask({**env, "POLICYBOT_MAX_UPLOAD_MB": "1"}, "--batch", "/dev/zero")
    assert (done.returncode, done.stderr.decode()) == (
        1, "policybot: /dev/zero: not a regular file (a device, pipe or folder cannot be a document)\n")
    big = tmp_path / "big.jsonl"
    big.write_bytes(b'{"id": 1, "question": "\xe6\x95\xa3\xe7\x85\xa4"}\n' * 60_000)  # 2.1 MB of questions
    done = ask({**env, "POLICYBOT_MAX_UPLOAD_MB": "1"}, "--batch", str(big))
    assert done.returncode == 1 and done.stderr.decode().endswith("over the 1 MB limit (POLICYBOT_MAX_UPLOAD_MB)\n")
