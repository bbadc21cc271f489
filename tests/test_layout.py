"""The layout's rules, read from the source: who may import whom, and no import circles.

Every import counts — at module level, inside functions, under TYPE_CHECKING —
because each is a dependency a reader must follow. The rules are those of
ARCHITECTURE.md (Layout): `corpus` ← `index` ← `answers` ← `bot`; `corpus` ←
`reminders` ← `bot`; the chat core free of platforms; one adapter package per
platform that knows no other adapter, the composition root or the CLI.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("corpus", "index", "answers", "reminders", "bot", "bench", "tests")
PRODUCT = ("corpus", "index", "answers", "reminders", "bot")
PLATFORM_LIBRARIES = {"telegram": "bot.adapters.telegram", "wechatpy": "bot.adapters.wecom",
                      "aiohttp": "bot.adapters"}  # the web servers a platform posts to are adapters' business
MAY_IMPORT = {  # a package and the project packages it may import (besides itself)
    "corpus": (),
    "index": ("corpus",),
    "answers": ("corpus", "index"),
    "reminders": ("corpus",),
}


def modules(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    found = {}
    for package in packages:
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, known: set[str]) -> Iterator[str]:
    """Every module name `path` imports: project modules resolved (`from a import b` → a.b when b is a module)."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                yield child if child in known else node.module


def graph(root: Path, packages: tuple[str, ...]) -> dict[str, set[str]]:
    found = modules(root, packages)
    return {name: set(imports(path, set(found))) for name, path in found.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import circles among the graph's own modules (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in edges:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges[node]:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def violations(edges: dict[str, set[str]]) -> list[str]:
    """Every import that breaks a rule, as `importer → imported (rule)`."""
    bad = []
    for importer, targets in sorted(edges.items()):
        top = importer.split(".")[0]
        for target in sorted(targets):
            target_top = target.split(".")[0]
            project = target_top in PACKAGES

            def rule(text: str, importer: str = importer, target: str = target) -> None:
                bad.append(f"{importer} → {target} ({text})")

            if top in MAY_IMPORT and project and target_top != top and target_top not in MAY_IMPORT[top]:
                rule(f"{top} may import only {', '.join(MAY_IMPORT[top]) or 'itself'}")
            if top in PRODUCT and target_top in ("tests", "bench"):
                rule("nothing imports tests or bench")
            library = PLATFORM_LIBRARIES.get(target_top)
            if library and top in PRODUCT and not inside(importer, library):
                rule(f"{target_top} only in {library}")
            if inside(importer, "bot.chat") and any(inside(target, p) for p in
                                                    ("bot.adapters", "bot.cli", "bot.app")):
                rule("the chat core knows no adapter, CLI or composition root")
            if inside(importer, "bot.library") and any(inside(target, p) for p in
                                                       ("bot.chat", "bot.adapters", "bot.cli", "bot.app")):
                rule("corpus administration knows no chat, adapter, CLI or composition root")
            if inside(importer, "bot.ledger") and any(inside(target, p) for p in
                                                      ("bot.chat", "bot.adapters", "bot.cli", "bot.app")):
                rule("the report files know no chat, adapter, CLI or composition root")
            if inside(importer, "bot.adapters"):
                own = ".".join(importer.split(".")[:3])
                if inside(target, "bot.adapters") and not inside(target, own) and target != "bot.adapters":
                    rule("an adapter never imports another adapter")
                if inside(target, "bot.cli") or inside(target, "bot.app"):
                    rule("an adapter never imports the CLI or the composition root")
                if inside(target, "reminders") and target != "reminders.delivery":
                    rule("an adapter knows the reminders' sender port only")
    return bad


def test_the_project_has_no_import_circle():
    assert circles(graph(ROOT, PACKAGES)) == []


def test_every_import_keeps_the_layout_rules():
    assert violations(graph(ROOT, PACKAGES)) == []


def test_the_packages_the_rules_name_exist():
    found = modules(ROOT, PACKAGES)
    for name in ("answers.answer", "bot.app", "bot.chat.conversation", "bot.library.live", "bot.cli.main",
                 "bot.adapters.console.bot", "bot.adapters.telegram.bot", "bot.adapters.wecom.bot",
                 "reminders.delivery", "bot.ledger"):
        assert name in found, name


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A small tree that breaks each kind of rule once."""
    files = {
        "corpus/__init__.py": "", "corpus/a.py": "from index import b\n",
        "index/__init__.py": "", "index/b.py": "def f():\n    from corpus import a\n",
        "answers/__init__.py": "", "answers/c.py": "import sqlmodel\nfrom reminders import d\n",
        "reminders/__init__.py": "", "reminders/d.py": "from typing import TYPE_CHECKING\n"
                                                       "if TYPE_CHECKING:\n    from bot import app\n",
        "bot/__init__.py": "", "bot/app.py": "", "bot/chat/__init__.py": "",
        "bot/chat/core.py": "import telegram\nfrom bot.adapters.wecom import bot\n",
        "bot/ledger/__init__.py": "", "bot/ledger/sheet.py": "from bot.chat import core\n",
        "bot/adapters/__init__.py": "", "bot/adapters/wecom/__init__.py": "",
        "bot/adapters/wecom/bot.py": "from bot.adapters.telegram import sender\nfrom reminders.d import x\n",
        "bot/adapters/telegram/__init__.py": "", "bot/adapters/telegram/sender.py": "from tests import fake\n",
        "bench/__init__.py": "", "tests/__init__.py": "", "tests/fake.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_checks_find_what_breaks_the_rules(planted: Path):
    edges = graph(planted, PACKAGES)
    assert circles(edges) == [["corpus.a", "index.b"]]  # an import inside a function counts
    found = violations(edges)
    expected = [
        "corpus.a → index.b (corpus may import only itself)",
        "answers.c → reminders.d (answers may import only corpus, index)",
        "reminders.d → bot.app (reminders may import only corpus)",  # under TYPE_CHECKING too
        "bot.chat.core → telegram (telegram only in bot.adapters.telegram)",
        "bot.chat.core → bot.adapters.wecom.bot (the chat core knows no adapter, CLI or composition root)",
        "bot.adapters.wecom.bot → bot.adapters.telegram.sender (an adapter never imports another adapter)",
        "bot.adapters.wecom.bot → reminders.d (an adapter knows the reminders' sender port only)",
        "bot.adapters.telegram.sender → tests.fake (nothing imports tests or bench)",
        "bot.ledger.sheet → bot.chat.core (the report files know no chat, adapter, CLI or composition root)",
    ]
    assert sorted(found) == sorted(expected)
