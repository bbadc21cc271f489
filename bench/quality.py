"""Quality on every published set at once: the dev questions, the follow-up chats and the real plans of other offices.

Run: `python -m bench.quality [--half even|odd] [--keep DIR]` (part of `make bench`). Each set is scored the
way `../shared/eval/README.md` and `realdocs/SOURCES.md` count it, through the real command line
(`policybot corpus add`, `policybot ask --json --batch`) on fresh homes:
- dev, dev2, dev3 (scored together and alone) and followups, by `../shared/eval/score.py`'s rules: right
  section first, the answer holding every expected string, declines;
- each real plan added beside the bundled plan, its cases right when the first citation is in that
  document and every string is in the answer; the multi-plan corpus the same, per named document;
- the sets written here and kept once read (`bench/data/*.jsonl`: own questions, the blind rounds), as dev;
- `--cases DIR` scores other cases (a blind writer's): on the plans DIR holds itself (`<id>-excerpt.*`, and
  the documents of its `multidoc.json`), else on realdocs/'s; a case of kind "absent", or a multi-plan case
  naming no document, is right when declined.
`--half` keeps the even or odd positions of every question set, to tune on one half and check on the other.
Prints one table; `--misses` lists what each set got wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
REALDOCS = EVAL / "realdocs"
PLAN_ID = "changzhi-2023-5"
QUESTION_SETS = ("dev.jsonl", "dev2.jsonl", "dev3.jsonl")
OWN = Path(__file__).resolve().parent / "data"  # sets written here, each kept once it has been read (see ARCHITECTURE)


@dataclass
class Score:
    name: str
    n: int = 0
    first: int = 0
    answer: int = 0
    out_of_scope: int = 0
    declined_right: int = 0
    declined_wrong: int = 0
    misses: list[str] = field(default_factory=list)

    def declined(self, got: dict) -> bool:
        """Counts an out-of-scope question: right when declined, in every column."""
        ok = bool(got.get("abstained"))
        self.out_of_scope += 1
        self.declined_right += ok
        self.first += ok
        self.answer += ok
        return ok

    def row(self) -> str:
        answerable = self.n - self.out_of_scope
        rate = (lambda k: f"{k / self.n:.3f}") if self.n else (lambda k: "-")
        scope = f"{self.declined_right}/{self.out_of_scope}" if self.out_of_scope else "-"
        return (f"| {self.name} | {self.n} | {rate(self.first)} | {rate(self.answer)} | {scope} | "
                f"{self.declined_wrong}/{answerable} |")


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()


def policybot(home: Path, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "POLICYBOT_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, input=stdin, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"policybot {' '.join(args[:2])} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def ask(home: Path, rows: list[dict]) -> dict[str, dict]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as batch:
        for row in rows:
            batch.write(json.dumps({k: row[k] for k in ("id", "question", "chat", "user") if k in row},
                                   ensure_ascii=False) + "\n")
    try:
        out = policybot(home, "ask", "--json", "--batch", batch.name)
    finally:
        os.unlink(batch.name)
    return {str(a["id"]): a for a in map(json.loads, out.splitlines()) if a}


def cited_in(citation: dict, gold: str) -> bool:
    cited = str(citation.get("section_id", ""))
    return cited == gold or (":" not in gold and cited == f"{PLAN_ID}:{gold}")


def score_questions(name: str, rows: list[dict], answers: dict[str, dict]) -> Score:
    score = Score(name, len(rows))
    for row in rows:
        got = answers[str(row["id"])]
        citations = got.get("citations") or []
        if row.get("abstain"):
            ok = score.declined(got)
        else:
            first = bool(citations) and not got.get("abstained") and any(
                cited_in(citations[0], g) for g in row["gold_sections"])
            held = not got.get("abstained") and all(norm(s) in norm(got["answer"]) for s in row["answer_contains"])
            score.first += first
            score.answer += held
            score.declined_wrong += bool(got.get("abstained"))
            ok = first and held
        if not ok:
            score.misses.append(f"{row['id']} [{row.get('type')}] {row['question']}\n    → "
                                f"{(citations[0]['section_id'] if citations else '-')} {got['answer'][:160]}")
    return score


def score_cases(name: str, cases: list[dict], answers: dict[str, dict]) -> Score:
    score = Score(name, len(cases))
    for case in cases:
        got = answers[case["id"]]
        citations = got.get("citations") or []
        if case.get("abstain") or case.get("kind") == "absent" or ("doc_id" in case and case["doc_id"] is None):
            ok = score.declined(got)
        else:
            first = bool(citations) and citations[0]["doc_id"] == case["doc_id"] and not got.get("abstained")
            ok = first and all(norm(s) in norm(got["answer"]) for s in case["must_contain"])
            score.first += first
            score.answer += ok
            score.declined_wrong += bool(got.get("abstained"))
        if not ok:
            score.misses.append(f"{case['id']} {case['question']} (want {case.get('must_contain', 'a decline')})"
                                f"\n    → {(citations[0]['section_id'] if citations else '-')} {got['answer'][:160]}")
    return score


def combined(name: str, parts: list[Score]) -> Score:
    """Several sets counted as one."""
    total = Score(name)
    for part in parts:
        for key in ("n", "first", "answer", "out_of_scope", "declined_right", "declined_wrong"):
            setattr(total, key, getattr(total, key) + getattr(part, key))
    return total


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def half(rows: list, which: str | None) -> list:
    return rows if which is None else rows[(0 if which == "even" else 1)::2]


def fresh_home(root: Path, name: str, template: Path | None) -> Path:
    home = root / name
    if template is not None:
        shutil.copytree(template, home)
    else:
        home.mkdir(parents=True)
        policybot(home, "index", "build")
    return home


def add(home: Path, doc_id: str, file: Path, title: str | None = None) -> None:
    extra = ["--title", title] if title else []
    policybot(home, "corpus", "add", str(file), "--doc-id", doc_id, "--yes", *extra)


def plan_file(cases_dir: Path, doc_id: str) -> Path:
    """The plan a cases file is asked of: the writer's own when DIR holds it, else realdocs/'s excerpt."""
    own = sorted(cases_dir.glob(f"{doc_id}-excerpt.*"))
    return own[0] if own else REALDOCS / f"{doc_id}-excerpt.txt"


def main(argv: list[str] | None = None) -> list[Score]:
    parser = argparse.ArgumentParser(prog="python -m bench.quality")
    parser.add_argument("--half", choices=("even", "odd"))
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="keep the homes under DIR (reused when present)")
    parser.add_argument("--only", choices=("dev", "realdocs"), help="score one kind of set")
    parser.add_argument("--cases", metavar="DIR", type=Path, default=REALDOCS,
                        help="real-plan cases (*.cases.json, multidoc.json) from DIR, on DIR's plans or realdocs/'s")
    args = parser.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="policybot-quality-"))
    root.mkdir(parents=True, exist_ok=True)
    scores: list[Score] = []
    plan = root / "plan" if (root / "plan").exists() else fresh_home(root, "plan", None)
    if args.only != "realdocs":
        parts = []
        for name in QUESTION_SETS:
            rows = half(load_jsonl(EVAL / name), args.half)
            parts.append(score_questions(name.removesuffix(".jsonl"), rows, ask(plan, rows)))
        scores += [*parts, combined(f"all {sum(p.n for p in parts)}", parts)]
        followups = load_jsonl(EVAL / "followups.jsonl")
        scores.append(score_questions("followups", followups, ask(plan, followups)))
        for path in sorted(OWN.glob("*.jsonl")):
            rows = half(load_jsonl(path), args.half)
            scores.append(score_questions(f"own: {path.stem}", rows, ask(plan, rows)))
    if args.only != "dev":
        cases_all: list[dict] = []
        answers_all: dict[str, dict] = {}
        own_multi = args.cases / "multidoc.json"  # a writer's cases may leave the multi-plan corpus out
        own = json.loads(own_multi.read_text("utf-8")) if own_multi.exists() else {}
        multi_dir = args.cases if "documents" in own else REALDOCS
        multi = json.loads((multi_dir / "multidoc.json").read_text("utf-8"))
        titles = {doc["doc_id"]: doc.get("title") for doc in multi["documents"]}  # a title the excerpt lacks
        cases_files = sorted(args.cases.glob("*.cases.json"))
        for cases_file in cases_files:
            doc_id = cases_file.name.removesuffix(".cases.json")
            home = root / doc_id
            if not home.exists():
                home = fresh_home(root, doc_id, plan)
                add(home, doc_id, plan_file(args.cases, doc_id), titles.get(doc_id))
            cases = [{**c, "id": f"{doc_id}:{i}", "doc_id": doc_id}
                     for i, c in enumerate(json.loads(cases_file.read_text("utf-8")))]
            cases_all += cases
            answers_all |= ask(home, cases)
        scores.append(score_cases(f"realdocs ({len(cases_files)} plans)", cases_all, answers_all))
        home = root / "multidoc"
        if not home.exists():
            home = fresh_home(root, "multidoc", plan)
            for doc in multi["documents"]:
                add(home, doc["doc_id"], multi_dir / doc["file"], doc.get("title"))
        cases = [{**c, "id": f"multi:{i}"} for i, c in enumerate((own or multi)["cases"])]
        scores.append(score_cases("multidoc", cases, ask(home, cases)))
    print("| set | n | right section first | answer | out of scope declined | answerable declined |")
    print("|---|---|---|---|---|---|")
    for score in scores:
        print(score.row())
    if args.misses:
        for score in scores:
            if score.misses and score.name != "all 210":
                print(f"\n## {score.name}: {len(score.misses)} misses")
                print("\n".join(score.misses))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return scores


if __name__ == "__main__":
    main()
