"""Entry point: `python pipeline.py validate|run --year 2008` (see README.md), as `cres`."""

import sys

try:
    from cres_reports.cli import console  # Ctrl-C is handled by main once it runs
except KeyboardInterrupt:
    print("interrompu : rien n'a été fait", file=sys.stderr)
    sys.exit(130)

if __name__ == "__main__":
    console()
