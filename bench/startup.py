"""Start-up benchmark: what a new user waits for `policybot ask QUESTION` to print, and what the console holds.

Run: `python -m bench.startup [--rounds N]` (part of `make bench`). On a home
whose index is built once beforehand, it times, alternately in the same run
so both meet the same machine load:
- `python -c "import numpy, faiss"`, the floor of any FAISS answer;
- `policybot ask QUESTION`, start to answer printed (wall time and peak RSS of the process);
then lists the modules the ask path loads that it must not (a platform
library, the scheduler, Alembic, torch), and the console chat's resident
memory once it has greeted and sits idle. The targets (issue 13): ask ≤ 1.5 s
and ≤ 5× the floor; console idle RSS ≤ 250 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTION = "交通领域的措施由谁牵头？"
FORBIDDEN = ("telegram", "aiohttp", "wechatpy", "apscheduler", "alembic", "torch")
PROBE = (
    "import sys\nfrom bot.cli.main import main\nmain(['ask', sys.argv[1]])\n"
    "print(repr(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[2:]))))\n"
)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process, measured by the parent (os.wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def console_idle_rss(env: dict[str, str]) -> float:
    """VmRSS (MB) of `policybot chat` two seconds after its greeting, before any question."""
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "chat"], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None and process.stdin is not None
        process.stdout.readline()  # the greeting: the index is loaded
        time.sleep(2)
        status = Path(f"/proc/{process.pid}/status").read_text()
        rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        process.stdin.write("/quit\n")
        process.stdin.flush()
        process.wait(30)
        return rss / 1024
    finally:
        process.kill()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "POLICYBOT_HOME": home}
        env.pop("POLICYBOT_DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "bot.cli", "index", "build", "--quiet"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        floor, ask, rss = [], [], []
        for _ in range(args.rounds):
            floor.append(timed([sys.executable, "-c", "import numpy, faiss"], env)[0])
            seconds, peak = timed([sys.executable, "-m", "bot.cli", "ask", QUESTION], env)
            ask.append(seconds)
            rss.append(peak)
        probe = subprocess.run([sys.executable, "-c", PROBE, QUESTION, *FORBIDDEN], env=env, check=True,
                               capture_output=True, text=True)
        loaded = probe.stdout.strip().splitlines()[-1]
        idle = console_idle_rss(env)
    p50_floor, p50_ask = statistics.median(floor), statistics.median(ask)
    print(json.dumps({
        "rounds": args.rounds, "load_average": round(os.getloadavg()[0], 2),
        "import_numpy_faiss_s": {"p50": round(p50_floor, 3), "min": round(min(floor), 3)},
        "ask_s": {"p50": round(p50_ask, 3), "min": round(min(ask), 3), "max": round(max(ask), 3)},
        "ask_over_floor": round(p50_ask / p50_floor, 1),
        "ask_peak_rss_mb": round(statistics.median(rss), 1),
        "ask_loads_forbidden": loaded,
        "console_idle_rss_mb": round(idle, 1),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
