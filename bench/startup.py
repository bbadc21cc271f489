"""Start-up benchmark: what an official waits for at the shell, and what an operator waits for at a restart.

Run: `python -m bench.startup [--rounds N]` (part of `make bench`). On a home
whose index is built (and whose database exists: one report is made first),
it times, one after another in each round so all meet the same machine load:
- the floor, `python -c "import numpy, faiss"`: no FAISS answer starts faster;
- `policybot ask QUESTION`, start to answer printed;
- `policybot report --output FILE.xlsx`, start to file written;
- the console (`policybot chat`), start to its greeting;
- a Telegram bot (`policybot run --telegram`, polling the loopback stand-in
  `bench.fake_chat`), start to its ready line;
with each process's peak RSS, and lists the libraries `ask` loaded that a
question never needs. The bytecode is compiled first, as an install leaves
it. The targets (issue "Start-up"): ask ≤ 3× the floor, console ≤ 1.5 s,
peak RSS of an ask ≤ 150 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

QUESTION = "交通领域的措施由谁牵头？"
NEVER_FOR_A_QUESTION = ("sqlalchemy", "sqlmodel", "alembic", "telegram", "aiohttp", "wechatpy", "apscheduler",
                        "pydantic", "scipy", "bm25s", "openpyxl", "torch")
PROBE = (
    "import sys\nfrom bot.cli.main import main\nmain(['ask', sys.argv[1]])\n"
    "print(repr(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[2:]))))\n"
)
CLI = [sys.executable, "-m", "bot.cli"]


def finished(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a process run to its end, measured by the parent (os.wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def ready(argv: list[str], env: dict[str, str], is_ready: Callable[[str], bool],
          stop: Callable[[subprocess.Popen], None]) -> tuple[float, float]:
    """Seconds from start to the line `is_ready` accepts on stdout, and the peak RSS (MB) until then."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if is_ready(line):
                break
        else:
            raise SystemExit(f"{' '.join(argv)} ended before it was ready")
        elapsed = time.perf_counter() - started
        status = Path(f"/proc/{process.pid}/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        stop(process)
        process.wait(30)
        return elapsed, peak / 1024
    finally:
        process.kill()


def _quit(process: subprocess.Popen) -> None:
    assert process.stdin is not None
    process.stdin.write("/quit\n")
    process.stdin.flush()


def _terminate(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)


def fake_telegram() -> tuple[subprocess.Popen, int]:
    server = subprocess.Popen([sys.executable, "-m", "bench.fake_chat"], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    return server, int(server.stdout.readline().split()[1])


def summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    seconds = [s for s, _ in samples]
    return {"p50_s": round(statistics.median(seconds), 3), "min_s": round(min(seconds), 3),
            "max_s": round(max(seconds), 3), "peak_rss_mb": round(max(m for _, m in samples), 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *(str(root / p) for p in
                    ("answers", "bot", "corpus", "index", "reminders"))], check=True)
    server, port = fake_telegram()
    try:
        with tempfile.TemporaryDirectory() as home:
            env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYBOT_")}
            env.update(POLICYBOT_HOME=home, POLICYBOT_TELEGRAM_TOKEN="4242:bench",
                       POLICYBOT_TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot")
            report = [*CLI, "report", "--output", str(Path(home) / "ledger.xlsx")]
            subprocess.run([*CLI, "index", "build", "--quiet"], env=env, check=True, stdout=subprocess.DEVNULL)
            finished(report, env)  # the database created once, as on any home in use
            runs: dict[str, list[tuple[float, float]]] = {k: [] for k in ("floor", "ask", "report", "console", "bot")}
            for _ in range(args.rounds):
                runs["floor"].append(finished([sys.executable, "-c", "import numpy, faiss"], env))
                runs["ask"].append(finished([*CLI, "ask", QUESTION], env))
                runs["report"].append(finished(report, env))
                runs["console"].append(ready([*CLI, "chat"], env, lambda line: "policybot 控制台" in line, _quit))
                runs["bot"].append(ready([*CLI, "run", "--telegram"], env,
                                         lambda line: line.startswith("policybot:"), _terminate))
            probe = subprocess.run([sys.executable, "-c", PROBE, QUESTION, *NEVER_FOR_A_QUESTION], env=env,
                                   check=True, capture_output=True, text=True)
    finally:
        server.kill()
    table = {name: summary(samples) for name, samples in runs.items()}
    floor = table["floor"]["p50_s"]
    print(f"{'':10} {'p50 s':>7} {'min s':>7} {'max s':>7} {'× floor':>8} {'peak RSS MB':>12}")
    for name, row in table.items():
        print(f"{name:10} {row['p50_s']:>7.3f} {row['min_s']:>7.3f} {row['max_s']:>7.3f} "
              f"{row['p50_s'] / floor:>8.1f} {row['peak_rss_mb']:>12.1f}")
    print(json.dumps({"rounds": args.rounds, "load_average": round(os.getloadavg()[0], 2), **table,
                      "ask_over_floor": round(table["ask"]["p50_s"] / floor, 2),
                      "ask_loads_needlessly": probe.stdout.strip().splitlines()[-1]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
