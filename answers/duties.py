"""What a unit leads, shown as the tasks of each section it leads: "what does 市农业农村局 have to do" is
answered by the work (深入实施化肥农药减量增效行动, 实施农机报废更新补贴政策), not only by the section's heading.

A task is a sentence of the section (`corpus.facts` TASK); its gist is its opening clauses, so a line of chat
holds several. A section with more tasks than are shown says how many it has; `--json` lists them all.
"""

from __future__ import annotations

import re

GIST = 30  # a task's opening clauses up to this many characters: at least its first clause, whatever its length
OPENING = 8  # a first clause this short (到2030年，) says when, not what: the next one goes with it
SHOWN_FEW = 6  # the tasks shown of each led section when the unit leads no more than DUTIES_QUOTED sections
SHOWN_MANY = 2  # and of each when it leads more (past LABELS_IN_TEXT sections, their labels alone)
_CLAUSE = re.compile(r"(?<=[，；,;])")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]。?")  # （10月底前完成）: an item's time, no task of its own


def gist(task: str) -> str:
    """A task's opening clauses, no longer than GIST characters unless its first clause (after a time) is."""
    clauses = [c for c in _CLAUSE.split(task.rstrip("。；;，,")) if c]
    kept = clauses[:1]
    for clause in clauses[1:]:
        if len("".join(kept)) + len(clause) > GIST and len("".join(kept)) > OPENING:
            break
        kept.append(clause)
    return "".join(kept).rstrip("，；,;")


def tasks_line(tasks: list[str], shown: int) -> str:
    """The gists of a section's tasks, the first `shown` of them, with the count when some are left out."""
    gists = list(dict.fromkeys(gist(t) for t in tasks if not _BRACKETED.fullmatch(t)))
    line = "；".join(gists[:shown])
    return f"{line}等{len(gists)}项" if len(gists) > shown else line
