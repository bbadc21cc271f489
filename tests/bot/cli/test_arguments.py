"""Numbers typed on the command line are checked where they are typed, naming the argument."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize(("argv", "says"), [
    (("corpus", "rollback", "changzhi-2023-5", "99999999999999999999999"),
     "argument version: must be from 1 to 2147483647, not 99999999999999999999999"),
    (("corpus", "rollback", "changzhi-2023-5", "二"), "argument version: not a whole number: '二'"),
    (("search", "-k", "0", "散煤"), "argument -k: must be from 1 to 100, not 0"),
    (("reminders", "history", "--limit", "-5"), "argument --limit: must be from 1 to 100000, not -5"),
])
def test_a_number_out_of_range_is_refused_before_anything_runs(tmp_path, argv, says):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYBOT_")}
    env["POLICYBOT_HOME"] = str(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1].endswith(says), done.stderr
    assert not (tmp_path / "home").exists()  # nothing was opened or created
