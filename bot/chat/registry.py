"""Every chat command in one registry: the questions, the reminder state's commands and the corpus's.

The conversation looks a command up here, checks `admin` before anything
runs, and calls its handler; a handler answers with replies or raises
`Refused`. Adding a command is one entry in one of the dictionaries merged below.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.chat import corpus_commands, project_commands
from bot.chat.asking import answer_reply, feedback, forget
from bot.chat.backend import Backend
from bot.chat.reply import Reply, refusal
from bot.chat.request import Command, Request
from reminders.feedback import misses as feedback_misses

MISSES_SHOWN = 20
_KIND_NAMES = {"declined": "拒答", "wrong": "标记不对"}

HELP = """发送问题即可查询《长治市减污降碳协同增效实施方案》，回答附出处（文件、章节、原文）。
私聊直接发送问题；在群里请用 /ask 问题，或回复本机器人的消息，或 @本机器人。

/ask 问题 —— 提问（接着问“那截止时间呢？”即可追问上一问，30分钟内有效）
/reset —— 清除上下文，下一个问题单独理解
有用 | 不对 说明 —— 对上一条回答（或所回复的回答）的反馈；也可点回答下的 👍/👎，或用 /feedback 不对 说明
/projects —— 重点工程清单（完成时限、状态、剩余或逾期天数）
/project N —— 附表第N项详情（责任单位、进展报告）
/units —— 责任单位及其绑定的群
/done N —— 报告附表第N项已完成（须在已绑定责任单位的群内）
/progress N 说明 —— 报告附表第N项进展
/report [xlsx|docx|md|csv] —— 督办台账文件（管理员：全部项目；已绑定单位的群：本单位负责的项目）
/help —— 本说明

管理员命令：
/bind 单位名 —— 将本群绑定到单位，该单位的督办提醒发到本群
/unbind [单位名] —— 解除本群的绑定（不写单位名则解除全部）
/status —— 总览：绑定情况、未绑定群的责任单位、逾期项目、最近提醒
/setdeadline N YYYY-MM-DD —— 为“按照省政府规定时限”的项目设定截止日期
/misses —— 最近7天被拒答或被标记“不对”的问题，按次数排序"""


def help_reply() -> Reply:
    return Reply(HELP + corpus_commands.HELP, title="policybot 使用说明")


def ask(backend: Backend, req: Request) -> list[Reply]:
    if not req.args:
        return [refusal("请在 /ask 后写上问题，例如：/ask 交通领域的工作由谁牵头？")]
    return [answer_reply(backend, req.args, req)]


def misses(backend: Backend, req: Request) -> list[Reply]:
    """The week's declined questions and answers marked wrong, most frequent first: other users' words, so
    shown only in a private chat with an admin."""
    if req.chat_kind != "private":
        return [refusal("这份清单含有其他用户的提问，只在与管理员的私聊中显示：请私聊我发送 /misses。")]
    with Session(backend.engine) as session:
        found = feedback_misses(session, req.now - timedelta(days=7))
    if not found:
        return [Reply("最近7天没有被拒答或被标记“不对”的问题。")]
    lines = [f"{m.count}次 {m.question}（{'、'.join(_KIND_NAMES[k] for k in m.kinds)}）" for m in found[:MISSES_SHOWN]]
    return [Reply("\n".join(lines), title=f"最近7天未答好的问题（共{len(found)}个）")]


def reset(backend: Backend, req: Request) -> list[Reply]:
    forget(backend, req.thread, req.now)
    return [Reply("好的，已清除上下文。下一个问题将单独理解。")]


COMMANDS: dict[str, Command] = {
    "ask": Command(ask),
    "reset": Command(reset),
    "feedback": Command(feedback),
    "misses": Command(misses, admin=True),
    "help": Command(lambda backend, req: [help_reply()]),
    "start": Command(lambda backend, req: [help_reply()]),
    **project_commands.COMMANDS,
    **corpus_commands.COMMANDS,
}
