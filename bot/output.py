"""The JSON shape other tools read (DESIGN.md: `ask --json`), built in one place."""

from __future__ import annotations

from index.search import Hit


def citation_json(hit: Hit, quote: str | None = None) -> dict:
    return {
        "doc_id": hit.doc_id, "doc_title": hit.doc_title, "doc_version": hit.doc_version,
        "section_id": hit.section_id, "section_label": hit.label,
        "quote": hit.quote if quote is None else quote, "score": round(hit.score, 4),
    }


def answer_json(qid: object, question: str, intent: str, answer: str, abstained: bool, hits: list[Hit],
                latency_ms: float, **extra: object) -> dict:
    out = {"id": qid, "question": question, "intent": intent, "answer": answer, "abstained": abstained,
           "citations": [citation_json(h) for h in hits], "latency_ms": round(latency_ms, 2)}
    out.update(extra)
    return out
