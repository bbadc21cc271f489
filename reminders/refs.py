"""How people name a key project in chat: `N` for the bundled plan, `<doc-id>:N` for an added document.

Annex numbers restart in every document, so a bare number cannot name a
project once admins add documents with annexes of their own. The bundled plan
keeps the short form its officials already use (`/done 3`); any other
document's project is named with its doc id (`/done lucheng-2024:3`), and
every reminder prints the form that names its project, so a unit can copy it.
A bare number falls back to another document only where the bundled plan has
no such project and exactly one other document has; anything else is refused
with the forms that would have worked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.errors import PolicybotError
from corpus.load import BUNDLED_DOC_ID
from corpus.model import row_label
from reminders.models import ProjectRow

_REF = re.compile(r"^(?:(?P<doc>[A-Za-z0-9][\w.-]*)\s*[:：]\s*)?(?:附表)?第?(?P<number>\d{1,4})项?$")
FORMS = "N（本方案附表第N项）或 文件编号:N（其他文件，例如 lucheng-2024:3）"


class RefError(PolicybotError, ValueError):
    """A project reference that names no project, or more than one; the text says which forms would work."""


@dataclass(frozen=True)
class Ref:
    doc_id: str | None  # None: a bare number
    number: int


def cite(project: ProjectRow) -> str:
    """How a reminder or a listing names a project: 附表第N项 (第N项 in a task table), after its document's title
    unless it is the plan's."""
    label = row_label(project.section_id, project.number)
    return label if project.doc_id == BUNDLED_DOC_ID else f"{project.doc_title}{label}"


def format_ref(doc_id: str, number: int) -> str:
    """The shortest form that names the project: what reminders print after /done and /progress."""
    return str(number) if doc_id == BUNDLED_DOC_ID else f"{doc_id}:{number}"


def parse_ref(text: str) -> Ref:
    """`3`, `第3项`, `附表第3项`, `doc-id:3` (a full-width colon too)."""
    match = _REF.match(text.strip())
    if not match:
        raise RefError(f"无法识别的项目编号“{text.strip()}”：请写 {FORMS}")
    return Ref(match["doc"], int(match["number"]))


def choose(ref: Ref, live: Iterable[tuple[str, int]]) -> tuple[str, int]:
    """The (doc_id, number) that `ref` names among the live projects, or a RefError saying why not."""
    projects = set(live)
    if ref.doc_id is not None:
        if (ref.doc_id, ref.number) in projects:
            return ref.doc_id, ref.number
        numbers = sorted(n for d, n in projects if d == ref.doc_id)
        if not numbers:
            docs = "、".join(sorted({d for d, _ in projects})) or "（无）"
            raise RefError(f"没有编号为 {ref.doc_id} 的文件（现有：{docs}）")
        raise RefError(f"文件 {ref.doc_id} 没有附表第{ref.number}项（共 {numbers[0]}–{numbers[-1]} 项）")
    if (BUNDLED_DOC_ID, ref.number) in projects:
        return BUNDLED_DOC_ID, ref.number
    others = sorted(d for d, n in projects if n == ref.number)
    if len(others) == 1:
        return others[0], ref.number
    if others:
        forms = "、".join(format_ref(d, ref.number) for d in others)
        raise RefError(f"有几个文件都有附表第{ref.number}项，请写明是哪一个：{forms}")
    raise RefError(f"没有附表第{ref.number}项：请写 {FORMS}")
