"""What a chat message leaves once it is read as a question, and when it cannot be one.

Chat text carries @mentions, zero-width and control characters, pasted
paragraphs and stickers. Each gets a plain reply that says what to do
instead, never an exception and never a search on noise.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 500
EXAMPLE = "例如：交通领域的措施由谁牵头？附表第8项什么时候完成？"
_MENTION = re.compile(r"@\S+")
_MARKUP = re.compile(r"<[^<>]{1,200}>")  # HTML a client pasted along (<b>, <img …>): never the question


def clean(raw: str) -> str:
    """The question text: mentions and markup removed, control and format characters dropped, spaces collapsed.

    Lone surrogates (bytes that were not UTF-8, as Python decodes a GBK
    argument or a stray \\xff) are dropped too: nothing downstream can encode them.
    """
    text = _MARKUP.sub(" ", _MENTION.sub(" ", raw))
    kept = [" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text
            if unicodedata.category(ch) not in ("Cf", "Cs")]
    return " ".join("".join(kept).split())


def problem(question: str) -> str | None:
    """Why a cleaned question cannot be searched, as the reply to give, or None."""
    if not question:
        return f"请输入要查询的问题，{EXAMPLE}"
    if len(question) > MAX_QUESTION_CHARS:
        return (f"问题太长（{len(question)} 字）。请只问一件事，控制在 {MAX_QUESTION_CHARS} 字以内，{EXAMPLE}")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in question):
        return f"没有识别到文字问题，请用文字提问，{EXAMPLE}"
    return None
