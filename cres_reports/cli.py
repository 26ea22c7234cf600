"""Command line of the pipeline (`python pipeline.py ...`): argument parsing and wiring only."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import config

EXIT_OK = 0
EXIT_INVALID_DATA = 1  # the data break a rule, or a file cannot be read
EXIT_USAGE = 2
EXIT_INTERNAL = 3  # a broken expectation suite
EXIT_BUILD_FAILED = 4  # a notebook failed
EXIT_BUSY = 5  # another build holds the folders
EXIT_CANNOT_WRITE = 6  # disk full, read-only folder


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text or "") or not (
        config.MIN_YEAR <= int(text) <= config.MAX_YEAR
    ):
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une année (ex. 2008)")
    return int(text)


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre de 1 à 64")
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
        "--jobs", type=_jobs, default=0, help="notebooks exécutés en parallèle (défaut : cœurs)"
    )
    run.add_argument("--force", action="store_true", help="ignorer le cache : tout reconstruire")
    run.add_argument(
        "--explain", action="store_true", help="dire pourquoi chaque rapport est refait ou repris"
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
    if args.command == "validate":
        return _validate(args, years)
    from . import atomic

    folders = {Path(p).resolve() for p in (args.data_dir, args.reports_dir)}
    try:
        with atomic.exclusive(*sorted(folders)):
            return _run(args, years)
    except OSError as exc:
        print(f"erreur : {_disk_problem(exc)}", file=sys.stderr)
        return EXIT_CANNOT_WRITE
    except atomic.Busy as busy:
        print(
            f"erreur : une autre construction est en cours sur {busy} ; réessayer quand "
            "elle sera terminée",
            file=sys.stderr,
        )
        return EXIT_BUSY


def _check(args, year: int) -> dict | None:
    """Validate a year (importing Great Expectations only then) and keep the results.

    Returns None when the suites themselves are broken.
    """
    from . import validation
    from .fingerprint import validation_fingerprint
    from .messages import describe_year
    from .processed import write_validation, write_year

    try:
        results, tables = validation.validate_year(args.data_dir, year)
    except validation.SuiteError as exc:
        print(f"erreur interne : {exc}", file=sys.stderr)
        return None
    results["fingerprint"] = validation_fingerprint(args.data_dir, year)
    write_validation(args.data_dir, year, results)
    print("\n".join(describe_year(results)))
    if args.command == "run":
        if results["success"]:
            write_year(args.data_dir, year, tables, results)
            print(f"{year} : tables écrites dans {args.data_dir / 'processed' / str(year)}")
        else:
            print(f"{year} : rien n'a été écrit ni remplacé dans processed/{year}/")
    return results


def _validate(args, years: list[int]) -> int:
    status = EXIT_OK
    for year in years:
        results = _check(args, year)
        if results is None:
            return EXIT_INTERNAL
        if not results["success"]:
            status = EXIT_INVALID_DATA
    return status


def _unchanged_results(args, year: int) -> dict | None:
    """The kept results of a year whose raw files, suites and code are as when last checked."""
    import json

    from .fingerprint import validation_fingerprint
    from .processed import SOURCES_NAME, validation_path

    path = validation_path(args.data_dir, year)
    if not path.is_file():
        return None
    results = json.loads(path.read_text(encoding="utf-8"))
    if results.get("fingerprint") != validation_fingerprint(args.data_dir, year):
        return None
    if (
        results["success"]
        and not (config.processed_dir(args.data_dir, year) / SOURCES_NAME).is_file()
    ):
        return None
    return results


def _run(args, years: list[int]) -> int:
    import time

    from . import build

    started = time.perf_counter()
    status, outcomes = EXIT_OK, {}
    for year in years:
        try:
            status = max(status, _run_year(args, year, outcomes))
        except build.BuildError as exc:
            outcomes[year] = exc.outcomes
            print(
                f"{year} : échec de la construction des rapports ; rien n'a été publié ni "
                f"remplacé dans {args.reports_dir / str(year)}\n{exc}",
                file=sys.stderr,
            )
            status = max(status, EXIT_BUILD_FAILED)
        except OSError as exc:
            print(
                f"{year} : {_disk_problem(exc)} ; rien de cette année n'a été publié ni "
                "remplacé à moitié",
                file=sys.stderr,
            )
            status = max(status, EXIT_CANNOT_WRITE)
        if status == EXIT_INTERNAL:
            break
    if outcomes:
        print("\n".join(build.summary(outcomes, time.perf_counter() - started)))
    return status


def _run_year(args, year: int, outcomes: dict) -> int:
    from . import build

    status = EXIT_OK
    results = None if args.force else _unchanged_results(args, year)
    if results is None:
        results = _check(args, year)
        if results is None:
            return EXIT_INTERNAL
    else:
        verdict = "valides" if results["success"] else "toujours à corriger"
        print(f"{year} : fichiers inchangés depuis le dernier contrôle ({verdict})")
    if not results["success"]:
        status = EXIT_INVALID_DATA
    outcomes[year] = build.build_year(
        args.data_dir,
        year,
        args.reports_dir,
        args.build_dir,
        results,
        workers=args.jobs,
        force=args.force,
        self_contained=args.self_contained,
        explain=args.explain,
    )
    if results["success"]:
        print(f"{year} : rapports à jour dans {args.reports_dir / str(year)}")
    else:
        print(
            f"{year} : seul le rapport de qualité est publié ; les états des lieux {year} "
            "restent tels qu'ils étaient"
        )
    return status


def _disk_problem(exc: OSError) -> str:
    """An OS error in the analyst's words: which file, and what to do."""
    import errno

    where = exc.filename or "un fichier"
    reasons = {
        errno.ENOSPC: "disque plein : libérer de la place",
        errno.EDQUOT: "quota disque atteint : libérer de la place",
        errno.EROFS: "dossier en lecture seule : publier ailleurs (--reports-dir)",
        errno.EACCES: "droits insuffisants sur le dossier",
        errno.EPERM: "droits insuffisants sur le dossier",
    }
    reason = reasons.get(exc.errno, exc.strerror or str(exc))
    return f"impossible d'écrire {where} ({reason})"
