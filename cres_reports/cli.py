"""Command line of the pipeline (`python pipeline.py ...`): argument parsing and wiring only."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import config

EXIT_OK, EXIT_INVALID_DATA, EXIT_USAGE, EXIT_INTERNAL, EXIT_BUILD_FAILED = 0, 1, 2, 3, 4


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text or "") or not (
        config.MIN_YEAR <= int(text) <= config.MAX_YEAR
    ):
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une année (ex. 2008)")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline.py", description="États des lieux des CRES : contrôle et publication."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    which = common.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=_year, help="une année de data/raw/ (ex. 2008)")
    which.add_argument("--all", action="store_true", help="toutes les années de data/raw/")
    common.add_argument(
        "--data-dir",
        type=Path,
        default=config.DATA_DIR,
        help="dossier contenant raw/ et processed/ (défaut : data/)",
    )
    commands.add_parser("validate", parents=[common], help="contrôler les fichiers bruts")
    run = commands.add_parser(
        "run",
        parents=[common],
        help="contrôler, écrire les tables de processed/ et publier les rapports HTML",
    )
    run.add_argument(
        "--reports-dir",
        type=Path,
        default=config.REPORTS_DIR,
        help="dossier où publier les rapports (défaut : reports/)",
    )
    run.add_argument(
        "--build-dir",
        type=Path,
        default=config.BUILD_DIR,
        help="dossier des notebooks exécutés, pour le débogage (défaut : build/)",
    )
    run.add_argument(
        "--jobs", type=int, default=0, help="notebooks exécutés en parallèle (défaut : cœurs)"
    )
    run.add_argument(
        "--self-contained",
        action="store_true",
        help="inclure plotly.js dans chaque page (rapport envoyé seul ; ~5 Mo par page)",
    )
    return parser


def raw_years(data_dir: Path) -> list[int]:
    root = Path(data_dir) / "raw"
    return (
        sorted(
            int(p.name) for p in root.iterdir() if p.is_dir() and re.fullmatch(r"[0-9]{4}", p.name)
        )
        if root.is_dir()
        else []
    )


def _select_years(args) -> list[int]:
    available = raw_years(args.data_dir)
    if args.all:
        if not available:
            raise SystemExit(_fail(f"aucune année dans {args.data_dir / 'raw'}"))
        return available
    if args.year not in available:
        raise SystemExit(_fail(f"pas de dossier {args.data_dir / 'raw' / str(args.year)}"))
    return [args.year]


def _fail(message: str) -> int:
    print(f"erreur : {message}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    years = _select_years(args)
    from . import validation  # imports Great Expectations: only on the paths that validate
    from .messages import describe_year
    from .processed import write_validation, write_year

    status = EXIT_OK
    for year in years:
        try:
            results, tables = validation.validate_year(args.data_dir, year)
        except validation.SuiteError as exc:
            print(f"erreur interne : {exc}", file=sys.stderr)
            return EXIT_INTERNAL
        write_validation(args.data_dir, year, results)
        print("\n".join(describe_year(results)))
        if not results["success"]:
            status = EXIT_INVALID_DATA
        if args.command != "run":
            continue
        if results["success"]:
            target = write_year(args.data_dir, year, tables, results)
            print(f"{year} : tables écrites dans {target}")
        else:
            print(f"{year} : rien n'a été écrit ni remplacé dans processed/{year}/")
        status = max(status, _publish(args, year, results))
    return status


def _publish(args, year: int, results: dict) -> int:
    from .publish import PublishError, publish_year

    validated = results["success"]
    try:
        pages = publish_year(
            args.data_dir,
            year,
            args.reports_dir,
            args.build_dir,
            validated=validated,
            results=results,
            jobs=args.jobs,
            self_contained=args.self_contained,
        )
    except PublishError as exc:
        print(
            f"{year} : échec de la construction des rapports ; rien n'a été publié ni "
            f"remplacé dans {args.reports_dir / str(year)}\n{exc}",
            file=sys.stderr,
        )
        return EXIT_BUILD_FAILED
    if validated:
        print(f"{year} : {len(pages)} rapports publiés dans {args.reports_dir / str(year)}")
    else:
        print(
            f"{year} : seul le rapport de qualité est publié ; les états des lieux {year} "
            "restent tels qu'ils étaient"
        )
    return EXIT_OK
