"""The JSON shape other tools read (DESIGN.md: `ask --json`), built in one place."""

from __future__ import annotations

from dataclasses import asdict

from answers.answer import Answer


def answer_json(qid: object, answer: Answer, latency_ms: float) -> dict:
    return {"id": qid, "question": answer.question, "intent": answer.intent, "answer": answer.text,
            "abstained": answer.abstained, "citations": [asdict(c) for c in answer.citations],
            "facts": answer.facts, "latency_ms": round(latency_ms, 2)}
