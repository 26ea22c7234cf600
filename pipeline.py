"""Entry point: `python pipeline.py validate|run --year 2008` (see README.md), as `cres`."""

from cres_reports.cli import console

if __name__ == "__main__":
    console()
