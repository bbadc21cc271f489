"""What the bot creates is its operator's alone: the home 0700, the database 0600; a readable home is warned about."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys

from bot.app import App
from bot.settings import Settings


def test_a_new_home_and_its_database_are_private(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYBOT_")}
    env["POLICYBOT_HOME"] = str(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "bot.cli", "units", "list"], capture_output=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "home" / "policybot.db").stat().st_mode) == 0o600


def test_a_home_others_can_read_is_warned_about_at_start(tmp_path, caplog):
    home = tmp_path / "shared"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    with caplog.at_level(logging.WARNING):
        App(Settings(home=home, env_file=None)).tidy()
    assert any("can be read by other users of this host (mode 755): chmod 700 it" in r.getMessage()
               for r in caplog.records)
