"""Run the command line: ``python -m sync COMMAND``."""

from sync.cli import main

raise SystemExit(main())
