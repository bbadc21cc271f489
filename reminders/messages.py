"""The words of a reminder, in Chinese, written when it is sent so the day count is true on arrival.

Every message cites its key project as 附表第N项 (prefixed with the document's
title for any document but the bundled plan), names the deadline and the
units, says who leads, and tells the unit how to answer with the reference
that names the project (`3`, or `doc-id:3` for an added document). The
admins' weekly summary lists each open project's standing, the responsible
units no reminder can reach, and the sends given up on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from reminders.models import ProjectRow, Reminder
from reminders.policy import occasion_kind
from reminders.refs import cite, format_ref
from reminders.views import Standing
from reminders.workdays import local_date

TASK_IN_DIGEST = 40
REPORT_IN_SUMMARY = 30
FAILURES_IN_SUMMARY = 10


def deadline(project: ProjectRow, now: datetime) -> str:
    """`2023年10月底（2023-10-31），距截止还有 30 天` or `……已逾期 5 天`, or the text alone for undated ones."""
    due = project.effective_due
    if due is None:
        return project.deadline_text
    stated = project.deadline_text if project.due_date else f"{project.deadline_text}，管理员设定为"
    left = (due - local_date(now)).days
    count = (f"距截止还有 {left} 天" if left > 0 else "今天截止" if left == 0 else f"已逾期 {-left} 天")
    return f"{stated}（{due.isoformat()}），{count}"


def unit_list(units: Sequence[tuple[str, str]]) -> str:
    return "、".join(f"{unit}（牵头）" if role == "lead" else unit for unit, role in units)


def _addressee(unit: str, via: str, role: str) -> str:
    name = unit if unit == via else f"{unit}（{via}）"
    if role == "lead":
        return f"{name}：本项目由贵单位牵头，请统筹推进、按期完成。"
    return f"{name}：贵单位为本项目责任单位，请按职责抓好落实。"


def ref(project: ProjectRow) -> str:
    """What to type after /done, /progress or /setdeadline to name this project (see `reminders.refs`)."""
    return format_ref(project.doc_id, project.number)


def _reply_hint(project: ProjectRow) -> str:
    return f"完成后请回复 /done {ref(project)}；报告进展请回复 /progress {ref(project)} 说明"


def reminder(project: ProjectRow, units: Sequence[tuple[str, str]], unit: str, via: str, role: str,
             occasion: str, now: datetime) -> str:
    """One unit's reminder for one project on one occasion."""
    kind = occasion_kind(occasion)
    if kind == "setdeadline":
        return "\n".join([
            f"【待定时限】{cite(project)}：{project.task}",
            f"时限：{project.deadline_text}，尚未设定具体日期。",
            f"责任单位：{unit_list(units)}",
            f"请管理员回复 /setdeadline {ref(project)} YYYY-MM-DD 设定截止日期。",
        ])
    if kind == "progress":
        head, ask = "【进展调度】", f"请报告本月进展：回复 /progress {ref(project)} 说明"
    elif kind == "overdue":
        head, ask = "【逾期提醒】", f"请尽快办结。{_reply_hint(project)}"
    else:
        head, ask = "【督办提醒】", _reply_hint(project)
    return "\n".join([
        f"{head}{cite(project)}：{project.task}",
        f"时限：{deadline(project, now)}",
        f"责任单位：{unit_list(units)}",
        _addressee(unit, via, role),
        ask,
    ])


def digest(unit: str, items: Sequence[tuple[ProjectRow, str, str]], now: datetime) -> str:
    """One unit's weekly list of its overdue projects: (project, via, role) each."""
    lines = [f"【逾期周报】{unit}", "以下重点项目已逾期，请尽快办结："]
    for project, via, role in sorted(items, key=lambda item: (item[0].doc_id, item[0].number)):
        task = project.task if len(project.task) <= TASK_IN_DIGEST else project.task[:TASK_IN_DIGEST] + "……"
        duty = "贵单位牵头" if role == "lead" else ("责任单位" if via == unit else f"责任单位（{via}）")
        lines.append(f"· [{ref(project)}] {cite(project)}：{task} 时限：{deadline(project, now)}；{duty}")
    lines.append("办结请回复 /done 编号；报告进展请回复 /progress 编号 说明（编号为各项方括号内的内容）")
    return "\n".join(lines)


def summary(standings: Sequence[Standing], failed: Sequence[tuple[ProjectRow, Reminder]], now: datetime) -> str:
    """The admins' weekly list: each open project's standing, the units no reminder can reach, failed sends."""
    today = local_date(now)

    def urgency(s: Standing) -> tuple[int, str, str, int]:
        due = s.project.effective_due
        return ((due - today).days if due else 10**6, str(due), s.project.doc_id, s.project.number)

    ordered = sorted(standings, key=urgency)
    late = sum(1 for s in ordered if s.project.effective_due and s.project.effective_due < today)
    lines = [f"【督办周报】管理员（截至 {today.isoformat()}）",
             f"未办结重点项目 {len(ordered)} 项，其中逾期 {late} 项："]
    for s in ordered:
        p = s.project
        when = (deadline(p, now) if p.effective_due or p.deadline_kind != "external"
                else f"{p.deadline_text}，待设定：/setdeadline {ref(p)} YYYY-MM-DD")
        line = f"· [{ref(p)}] {cite(p)} 时限：{when}"
        if s.last_report:
            said = s.last_report.text
            said = said if len(said) <= REPORT_IN_SUMMARY else said[:REPORT_IN_SUMMARY] + "……"
            kind = "报告完成" if s.last_report.kind == "done" else "进展"
            line += f"；最近报告：{local_date(s.last_report.at)} {s.last_report.unit or '管理员'} {kind}：{said}"
        lines.append(line)
    projects_of: dict[str, list[str]] = defaultdict(list)
    for s in ordered:
        for unit in s.unbound:
            projects_of[unit].append(f"[{ref(s.project)}]")
    units_with: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for unit, refs in projects_of.items():
        units_with[tuple(refs)].append(unit)
    if units_with:
        lines.append("以下责任单位未绑定群聊，督办提醒无法送达（请在其群内发送 /bind 单位名）：")
        lines += [f"· {'、'.join(units)}：{' '.join(refs)}" for refs, units in units_with.items()]
    if failed:
        lines.append(f"近 7 天发送失败 {len(failed)} 条：")
        lines += [f"· {cite(p)} → {r.unit}：{r.reason or '未知错误'}" for p, r in failed[:FAILURES_IN_SUMMARY]]
        if len(failed) > FAILURES_IN_SUMMARY:
            lines.append(f"· 等 {len(failed)} 条，详见 policybot reminders history")
    return "\n".join(lines)
