"""Command line of the pipeline (`cres ...`, or `python pipeline.py ...`): argument parsing only
(see `run`)."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from . import config


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


def _project_dir(text: str) -> Path:
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un dossier")
    return Path(text)


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=config.DATA_DIR,
        help="dossier contenant raw/ et processed/ (défaut : data/)",
    )


def _reports_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reports-dir",
        type=Path,
        default=config.REPORTS_DIR,
        help="dossier des rapports publiés (défaut : reports/)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cres" if Path(sys.argv[0]).name == "cres" else "pipeline.py",
        description="États des lieux des CRES : contrôle et publication.",
    )
    parser.add_argument(
        "--project-dir",
        type=_project_dir,
        default=None,
        metavar="DOSSIER",
        help="dossier du projet : notebooks/, expectations/, questionnaire/, data/, reports/, "
        f"build/ (défaut : ${config.PROJECT_ENV}, sinon {config.SOURCE_ROOT})",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    which = common.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=_year, help="une année de data/raw/ (ex. 2008)")
    which.add_argument("--all", action="store_true", help="toutes les années de data/raw/")
    _data_dir_option(common)
    validate = commands.add_parser(
        "validate", parents=[common], help="contrôler les fichiers bruts"
    )
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github : annotations ::error pour les workflows GitHub, et un résumé Markdown "
        "(dans $GITHUB_STEP_SUMMARY s'il est défini)",
    )
    validate.add_argument(
        "--force", action="store_true", help="tout contrôler à nouveau, même les fichiers inchangés"
    )
    run = commands.add_parser(
        "run",
        parents=[common],
        help="contrôler, écrire les tables de processed/ et publier les rapports HTML",
    )
    _reports_dir_option(run)
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
    book = commands.add_parser(
        "pdf",
        help="un PDF de l'année pour le conseil : états des lieux et fiches, sommaire, pages "
        "numérotées (Chromium requis)",
    )
    printed = book.add_mutually_exclusive_group(required=True)
    printed.add_argument("--year", type=_year, help="une année publiée (ex. 2008)")
    printed.add_argument(
        "--all",
        action="store_true",
        help="chaque année publiée qui n'a pas encore son PDF (un PDF à jour est gardé)",
    )
    _reports_dir_option(book)
    book.add_argument(
        "--output",
        type=Path,
        default=None,
        help="fichier PDF à écrire (défaut : <reports-dir>/etats-des-lieux-<année>.pdf)",
    )
    survey = commands.add_parser("enquete", help="l'enquête annuelle des chambres")
    steps = survey.add_subparsers(dest="step", required=True)
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument("--year", type=_year, required=True, help="l'exercice (ex. 2011)")
    _data_dir_option(data_dir)
    prepare = steps.add_parser(
        "preparer",
        parents=[data_dir],
        help="écrire un questionnaire .xlsx par chambre, pré-rempli avec l'année précédente",
    )
    prepare.add_argument(
        "--out",
        type=Path,
        default=None,
        help="dossier des questionnaires (défaut : build/enquetes/<année>/ ; jamais dans "
        "data/raw/)",
    )
    prepare.add_argument(
        "--remplacer",
        action="store_true",
        help="réécrire les questionnaires déjà présents dans le dossier",
    )
    track = steps.add_parser(
        "suivi",
        parents=[data_dir],
        help="lister les réponses reçues (data/raw/<année>/reponses/), complètes ou non",
    )
    chamber = argparse.ArgumentParser(add_help=False)
    chamber.add_argument("--chambre", required=True, help="le code de la chambre (ex. 53)")
    aside = steps.add_parser(
        "ecarter",
        parents=[data_dir, chamber],
        help="publier l'année sans la réponse d'une chambre (décision motivée, publiée)",
    )
    aside.add_argument(
        "--motif", required=True, help="pourquoi (une phrase, publiée avec la décision)"
    )
    send = steps.add_parser(
        "retours",
        parents=[data_dir],
        help="pour chaque réponse à corriger : son classeur annoté et un texte de courriel",
    )
    send.add_argument(
        "--out",
        type=Path,
        default=None,
        help="dossier des retours (défaut : build/enquetes/<année>/retours/ ; jamais dans "
        "data/raw/)",
    )
    steps.add_parser(
        "reprendre",
        parents=[data_dir, chamber],
        help="annuler « ecarter » : la réponse est de nouveau lue",
    )
    track.add_argument(
        "--csv",
        type=Path,
        default=None,
        metavar="FICHIER",
        help="écrire aussi le tableau de suivi dans ce fichier CSV (pour Excel)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.project_dir is not None:  # the folders' defaults follow it: parse again
        config.use_project_dir(args.project_dir)
        args = _parser().parse_args(argv)
    from . import interrupts

    with interrupts.installed():
        try:
            return _command(args)
        except interrupts.Interrupted as stop:  # `run` says itself what it kept
            print(f"interrompu : {STOPPED[args.command]}", file=sys.stderr)
            return stop.exit_code


# What an interrupted command leaves (`run` says it itself, year by year).
STOPPED = {
    "validate": "contrôle arrêté avant la fin ; aucun fichier n'a été modifié",
    "run": "rien n'a été publié",
    "pdf": "aucun PDF n'a été écrit ni remplacé",
    "enquete": "arrêté avant la fin ; chaque questionnaire écrit l'a été en entier",
}


def _command(args: argparse.Namespace) -> int:
    from . import run

    missing = config.missing_project_folders()
    if missing and args.command != "pdf":
        print(
            f"erreur : il manque {', '.join(map(str, missing))} : indiquez le dossier du projet "
            f"avec --project-dir DOSSIER (ou ${config.PROJECT_ENV}) ; une installation non "
            "éditable ne contient pas ces dossiers.",
            file=sys.stderr,
        )
        return run.ExitCode.USAGE

    if args.command == "pdf" and args.all:
        if args.output is not None:
            print("erreur : --output vaut pour une seule année (--year)", file=sys.stderr)
            return run.ExitCode.USAGE
        return run.pdf_all(args.reports_dir)
    if args.command == "pdf":
        return run.pdf(args.reports_dir, args.year, args.output)
    if args.command == "enquete":
        if args.step == "preparer":
            return run.prepare_survey(args.data_dir, args.year, args.out, args.remplacer)
        if args.step == "ecarter":
            return run.set_aside(args.data_dir, args.year, args.chambre, args.motif)
        if args.step == "retours":
            return run.send_back(args.data_dir, args.year, args.out)
        if args.step == "reprendre":
            return run.take_back(args.data_dir, args.year, args.chambre)
        return run.track_survey(args.data_dir, args.year, args.csv)
    try:
        years = run.select_years(args.data_dir, None if args.all else args.year)
    except run.UsageError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return run.ExitCode.USAGE
    if args.command == "validate":
        return run.validate(args.data_dir, years, args.format, args.force)
    options = run.BuildOptions(
        jobs=args.jobs,
        force=args.force,
        explain=args.explain,
        self_contained=args.self_contained,
    )
    return run.build(args.data_dir, years, args.reports_dir, args.build_dir, options)


def console() -> NoReturn:
    """The `cres` command and `python pipeline.py`: `main`, then exit at once.

    Every file is written and every kernel stopped by then: the interpreter's own teardown (the
    modules of Great Expectations, pandas, zmq) would only add ~0.8 s after the summary.
    """
    status = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
