"""Entry point: `python pipeline.py validate|run --year 2008` (see README.md)."""

import sys

from cres_reports.cli import main

if __name__ == "__main__":
    sys.exit(main())
