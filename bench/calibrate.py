"""Calibration: the abstention floor swept over all the dev questions, to see the plateau it stands on.

Run: `python -m bench.calibrate` on a home with a built index (POLICYBOT_HOME). For each value of
`index.abstain.DENSE_FLOOR_WITHOUT_WORDS` it prints how many out-of-scope questions of
../shared/eval/dev.jsonl and dev2.jsonl are declined and how many answerable ones are wrongly declined.
"""

from __future__ import annotations

import json
from pathlib import Path

import index.abstain as abstain
from bot.app import App
from bot.settings import Settings

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
FLOORS = (0.6, 0.65, 0.7, 0.72, 0.73, 0.745, 0.76, 0.77, 0.8, 0.85, 0.9)


def main() -> None:
    rows = [json.loads(line) for name in ("dev.jsonl", "dev2.jsonl")
            for line in (EVAL / name).read_text("utf-8").splitlines() if line.strip()]
    answerer = App(Settings()).answerer()
    chosen = abstain.DENSE_FLOOR_WITHOUT_WORDS
    out_of_scope = sum(r["abstain"] for r in rows)
    try:
        for floor in FLOORS:
            abstain.DENSE_FLOOR_WITHOUT_WORDS = floor
            declined = [answerer.answer(r["question"]).abstained for r in rows]
            right = sum(d for d, r in zip(declined, rows, strict=True) if r["abstain"])
            wrong = sum(d for d, r in zip(declined, rows, strict=True) if not r["abstain"])
            mark = "  (chosen)" if floor == chosen else ""
            print(f"floor {floor:.3f}: {right}/{out_of_scope} out-of-scope declined, "
                  f"{wrong}/{len(rows) - out_of_scope} answerable declined{mark}")
    finally:
        abstain.DENSE_FLOOR_WITHOUT_WORDS = chosen


if __name__ == "__main__":
    main()
