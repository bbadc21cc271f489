"""What a new version of a document changes, for the admin to see before it goes live.

Sections are compared by their id within the document (the prefix aside) and
their text; key projects by their annex number, their deadline and their
units, since those are what the reminders act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus.model import Document


@dataclass
class ChangeSummary:
    sections_added: list[str] = field(default_factory=list)  # section labels
    sections_changed: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    projects_added: list[str] = field(default_factory=list)  # 附表第N项 （deadline）
    projects_rescheduled: list[str] = field(default_factory=list)  # 附表第N项 old → new
    projects_changed: list[str] = field(default_factory=list)  # task or units changed, same deadline
    projects_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(vars(self).values())

    def lines(self) -> list[str]:
        """The summary in Chinese, one line per kind of change."""
        names = (("新增章节", self.sections_added), ("修改章节", self.sections_changed),
                 ("删除章节", self.sections_removed), ("新增重点工程", self.projects_added),
                 ("完成时限变更", self.projects_rescheduled), ("内容或责任单位变更", self.projects_changed),
                 ("删除重点工程", self.projects_removed))
        return [f"{name}（{len(items)}）：{'；'.join(items)}" for name, items in names if items]

    def to_json(self) -> dict[str, list[str]]:
        return dict(vars(self))


def _local_id(section_id: str) -> str:
    return section_id.rsplit(":", 1)[-1]


def summarize(old: Document | None, new: Document | None) -> ChangeSummary:
    """The changes from `old` to `new`; either may be None (a document added or removed)."""
    summary = ChangeSummary()
    before = {_local_id(s.section_id): s for s in old.sections} if old else {}
    after = {_local_id(s.section_id): s for s in new.sections} if new else {}
    for key, section in after.items():
        if key not in before:
            summary.sections_added.append(section.label)
        elif before[key].text != section.text or before[key].label != section.label:
            summary.sections_changed.append(section.label)
    summary.sections_removed = [s.label for key, s in before.items() if key not in after]
    old_projects = {p.number: p for p in old.key_projects} if old else {}
    new_projects = {p.number: p for p in new.key_projects} if new else {}
    for number, project in new_projects.items():
        previous = old_projects.get(number)
        label = project.label
        if previous is None:
            summary.projects_added.append(f"{label}（{project.deadline_text or '无时限'}）")
        elif (previous.deadline_text, previous.due_date) != (project.deadline_text, project.due_date):
            summary.projects_rescheduled.append(f"{label} {previous.deadline_text} → {project.deadline_text}")
        elif (previous.task, previous.units) != (project.task, project.units):
            summary.projects_changed.append(label)
    summary.projects_removed = [p.label for n, p in old_projects.items() if n not in new_projects]
    return summary
