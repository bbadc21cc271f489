"""`python -m bot.cli`: the same command as the installed `policybot` script."""

import sys

from bot.cli.main import main

sys.exit(main())
