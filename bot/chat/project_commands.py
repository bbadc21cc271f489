"""The chat commands on the reminder state: one function per command, each returning a `Reply`.

They translate between officials' words and `reminders.service` / `reminders.views`,
which hold the rules; nothing here changes state except through them. Refusals
(a non-admin, an unknown unit or project) are replies of kind `refusal`, in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlmodel import Session, col, select

from bot import ledger as files
from bot.chat.backend import Backend
from bot.chat.reply import Reply
from bot.chat.request import Command, Handler, Refused, Request
from corpus.units import UnitRegistry
from reminders import service, views
from reminders.ledger import ledger
from reminders.messages import deadline, unit_list
from reminders.models import ChatBinding, ProjectRow
from reminders.policy import ADMINS, Target, targets
from reminders.refs import cite, format_ref
from reminders.workdays import local, local_date

TASK_IN_LIST = 40
ECHO = 30  # characters of a user's argument repeated back in a refusal




ProjectHandler = Callable[[Session, UnitRegistry, Request], Reply]


def _echo(text: str) -> str:
    return text if len(text) <= ECHO else text[:ECHO] + "……"


def _ref(args: str, usage: str) -> tuple[str, str]:
    """`N rest` (also `第N项 rest`, `doc-id:N rest`) → (how the project was named, rest); a refusal naming the usage."""
    parts = args.split(maxsplit=1)
    if not parts:
        raise Refused(f"请写明项目序号，例如：{usage}")
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


def _project(session: Session, ref: str) -> ProjectRow:
    try:
        return service.find_project(session, ref)
    except service.ReminderError as exc:
        count = sum(1 for row, _ in service.project_states(session) if row.removed_at is None)
        raise Refused(f"{exc}（重点工程共 {count} 项）。发送 /projects 查看清单。") from None


def _status(row: ProjectRow, now: datetime) -> str:
    if row.status == "done":
        return f"已完成（{local(row.done_at).date().isoformat()}）" if row.done_at else "已完成"
    return deadline(row, now)


def projects(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    lines = []
    for row, state in service.project_states(session):
        if row.removed_at is not None:
            continue
        task = row.task if len(row.task) <= TASK_IN_LIST else row.task[:TASK_IN_LIST] + "……"
        lead = state.units[0][0] if state.units else "—"
        lines.append(f"{cite(row)}：{task}\n  时限：{_status(row, req.now)}；牵头：{lead}")
    return Reply("\n".join(lines) or "暂无重点工程。", title="重点工程清单")


def project(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    ref, _ = _ref(req.args, "/project 2")
    row = _project(session, ref)
    state = next(s for r, s in service.project_states(session) if r.id == row.id)
    lines = [row.task, f"时限：{_status(row, req.now)}", f"责任单位：{unit_list(state.units)}"]
    reports = views.reports(session, row.id or 0)
    lines.append("进展报告：" if reports else "进展报告：暂无")
    for r in reports:
        what = "报告完成" if r.kind == "done" else "进展"
        text = f"：{r.text}" if r.text else ""
        lines.append(f"· {local(r.at):%Y-%m-%d %H:%M} {r.unit or '管理员'} {what}{text}（{r.platform}:{r.user_id}）")
    return Reply("\n".join(lines), title=cite(row))


def units(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    lines = []
    for row in views.units(session):
        chats = "、".join(row["chats"]) or "未绑定"
        projects_ = f"；负责{'、'.join(row['projects'])}" if row["projects"] else ""
        lines.append(f"{row['unit']}：{chats}{projects_}")
    return Reply("\n".join(lines), title="责任单位及绑定的群")


def bind(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    if not req.args:
        raise Refused("请写明单位名称，例如：/bind 市生态环境局")
    try:
        binding = service.bind(session, registry, req.args, req.platform, req.chat_id, req.who, req.now)
    except service.ReminderError:
        raise Refused(f"未找到单位“{_echo(req.args)}”。发送 /units 查看单位名称。") from None
    return Reply(f"已将{req.here}绑定到{binding.unit}。{binding.unit}的督办提醒将发送到{req.here}。")


def _bound_here(session: Session, req: Request) -> list[ChatBinding]:
    return list(session.exec(select(ChatBinding).where(
        ChatBinding.platform == req.platform, ChatBinding.chat_id == req.chat_id, col(ChatBinding.active))
        .order_by(col(ChatBinding.id))))


def unbind(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    if req.args:
        try:
            names = [service.resolve_unit(registry, req.args)]
        except service.ReminderError:
            raise Refused(f"未找到单位“{_echo(req.args)}”。发送 /units 查看单位名称。") from None
    else:
        names = [b.unit for b in _bound_here(session, req)]
    if not names or not any(b.unit in names for b in _bound_here(session, req)):
        raise Refused(f"{req.here}未绑定{names[0] if names else '任何单位'}。")
    cancelled = sum(service.unbind(session, registry, name, req.platform, req.chat_id, req.who, req.now)
                    for name in names)
    return Reply(f"已解除{req.here}与{'、'.join(names)}的绑定，取消待发提醒 {cancelled} 条。")


def _speaks_for(session: Session, req: Request, row: ProjectRow) -> list[Target]:
    """The responsible units this chat is bound to for the project (a county group's counties included)."""
    bindings: dict[str, list[int]] = {}
    for b in _bound_here(session, req):
        bindings.setdefault(b.unit, []).append(b.id or 0)
    state = next(s for r, s in service.project_states(session) if r.id == row.id)
    return targets(state, bindings)[0]


def _reporter(session: Session, req: Request, row: ProjectRow) -> Target | None:
    """The unit a report is made for; None for an admin outside any responsible unit's chat."""
    found = _speaks_for(session, req, row)
    if found:
        return next((t for t in found if t.role == "lead"), found[0])
    if req.admin:
        return None
    raise Refused(f"{req.here}未绑定{cite(row)}的责任单位，不能报告。请管理员先在{req.here}发送 /bind 单位名。")


def done(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    """The lead unit or an admin closes a project; a co-unit's /done is kept as its report."""
    ref, text = _ref(req.args, "/done 2")
    row = _project(session, ref)
    if row.status == "done":
        return Reply(f"{cite(row)}{_status(row, req.now)}，无需再次报告。")
    reporter = _reporter(session, req, row)
    unit = reporter.unit if reporter else None
    if reporter is None or reporter.role == "lead":
        service.mark_done(session, ref, req.platform, req.user_id, unit, req.now, text)
        return Reply(f"已将{cite(row)}标记为完成，相关督办提醒已停止。")
    service.record_progress(session, ref, req.platform, req.user_id, unit, text or "本单位承担的工作已完成", req.now)
    return Reply(f"已记录{unit}完成{cite(row)}中本单位承担的工作。"
                 f"项目由牵头单位或管理员确认办结（/done {format_ref(row.doc_id, row.number)}）后关闭，"
                 "在此之前督办提醒照常发送。")


def progress(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    ref, text = _ref(req.args, "/progress 2 已完成80%")
    if not text:
        raise Refused(f"请在序号后写明进展，例如：/progress {ref} 已完成80%")
    row = _project(session, ref)
    reporter = _reporter(session, req, row)
    service.record_progress(session, ref, req.platform, req.user_id, reporter.unit if reporter else None, text,
                            req.now)
    return Reply(f"已记录{reporter.unit if reporter else '管理员'}对{cite(row)}的进展报告。")


def status(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    bindings = service.active_bindings(session)
    bound = [f"{row['unit']}：{'、'.join(row['chats'])}" for row in views.units(session) if row["chats"]]
    unbound: list[str] = []
    overdue = []
    today = local_date(req.now)
    for row, state in service.project_states(session):
        if not state.open:
            continue
        unbound += [u for u in targets(state, bindings)[1] if u not in unbound]
        due = row.effective_due
        if due and due < today:
            overdue.append(f"{cite(row)}：{deadline(row, req.now)}")
    recent = [f"{(r['sent_at'] or r['scheduled_at'])[:16].replace('T', ' ')} {r['state']} {r['citation']} "
              f"{r['unit']} {r['chat']}" for r in views.history(session, 5)]
    sections = [("绑定情况", bound), ("未绑定群的责任单位", ["、".join(unbound)] if unbound else []),
                ("逾期项目", overdue), ("最近提醒", recent)]
    text = "\n".join(f"{name}：\n" + "\n".join(f"· {i}" for i in items) if items else f"{name}：无"
                      for name, items in sections)
    return Reply(text, title="督办总览")


def report(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    """/report [xlsx|docx|md|csv]: the 督办台账 as a file — every project for an admin or the admins' chat,
    the bound units' own projects in a unit's chat; anyone else is refused."""
    fmt = req.args.strip().lower().lstrip(".") or "xlsx"
    if fmt not in files.FORMATS:
        raise Refused(f"格式可选 {'、'.join(files.FORMATS)}，例如：/report docx")
    bound = [b.unit for b in _bound_here(session, req)]
    if req.admin or ADMINS in bound:
        units, scope = None, ""
    elif bound:
        units, scope = bound, "、".join(bound)
    else:
        raise Refused(f"/report 仅限管理员，或在已绑定责任单位的群内使用（{req.here}未绑定单位）。")
    rows = ledger(session, req.now, units=units)
    if not rows:
        raise Refused(f"{scope or '语料库'}没有需要督办的重点工程。")
    day = local_date(req.now)
    late = sum(1 for r in rows if r.overdue)
    attachment = files.attachment(rows, fmt, day, scope)
    return Reply(f"共 {len(rows)} 项重点工程，其中已逾期 {late} 项；详见附件 {attachment.name}。",
                 title=f"督办台账（截至 {day.isoformat()}）", attachment=attachment)


def setdeadline(session: Session, registry: UnitRegistry, req: Request) -> Reply:
    usage = "/setdeadline 1 2025-12-31"
    ref, rest = _ref(req.args, usage)
    try:
        due = date.fromisoformat(rest)
    except ValueError:
        raise Refused(f"日期格式应为 YYYY-MM-DD，例如：{usage}") from None
    row = _project(session, ref)
    if row.deadline_kind != "external":
        raise Refused(f"{cite(row)}的时限是“{row.deadline_text}”，已有明确日期或为持续推进，无需设定。")
    service.set_external_deadline(session, ref, due, req.who, req.now)
    return Reply(f"已将{cite(row)}的截止日期设为{due.isoformat()}，督办提醒将按此日期安排。")


def _in_session(command: ProjectHandler) -> Handler:
    """A command on the reminder state, in one database session; each service call commits its own unit."""

    def handler(backend: Backend, req: Request) -> list[Reply]:
        with Session(backend.engine) as session:
            return [command(session, backend.registry, req)]

    return handler


COMMANDS: dict[str, Command] = {
    "projects": Command(_in_session(projects)),
    "project": Command(_in_session(project)),
    "units": Command(_in_session(units)),
    "done": Command(_in_session(done)),
    "progress": Command(_in_session(progress)),
    "report": Command(_in_session(report)),
    "bind": Command(_in_session(bind), admin=True),
    "unbind": Command(_in_session(unbind), admin=True),
    "status": Command(_in_session(status), admin=True),
    "setdeadline": Command(_in_session(setdeadline), admin=True),
}
