"""The pipeline's commands as the analyst runs them: validate years, or validate and publish.

Wiring only: which year to check again, what to print, which exit code. The
work itself is done by `validate`, `store` and `publishing`.
"""

from __future__ import annotations

import errno
import re
import sys
import time
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from . import timings
from .interrupts import Interrupted
from .validate.results import YearResults

if TYPE_CHECKING:
    from .publishing.build import CommandPlan
    from .publishing.context import BuildContext

# jsonschema (imported by Great Expectations and by nbformat) loads its optional IRI format
# checker, rfc3987_syntax, which compiles 38 grammars at import: 0.9 s of every run that
# validates or builds. No schema checked here uses the "iri" formats: it is left out.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


class ExitCode(IntEnum):
    OK = 0
    INVALID_DATA = 1  # the data break a rule, or a file cannot be read
    USAGE = 2  # a wrong command line (unknown year, bad path)
    INTERNAL = 3  # a broken expectation suite
    BUILD_FAILED = 4  # a notebook failed
    BUSY = 5  # another build holds the folders
    CANNOT_WRITE = 6  # disk full, read-only folder
    MISSING_TOOL = 7  # the PDF needs headless Chromium, which is not installed


class UsageError(Exception):
    """A command line that names what does not exist; the message is for the analyst."""


def raw_years(data_dir: Path) -> list[int]:
    root = Path(data_dir) / "raw"
    return (
        sorted(
            int(p.name) for p in root.iterdir() if p.is_dir() and re.fullmatch(r"[0-9]{4}", p.name)
        )
        if root.is_dir()
        else []
    )


def select_years(data_dir: Path, year: int | None) -> list[int]:
    """The year asked for, or every year of data/raw/ when `year` is None."""
    available = raw_years(data_dir)
    if year is None:
        if not available:
            raise UsageError(f"aucune année dans {Path(data_dir) / 'raw'}")
        return available
    if year not in available:
        raise UsageError(f"pas de dossier {Path(data_dir) / 'raw' / str(year)}")
    return [year]


# --------------------------------------------------------------------------- validation


def check(
    data_dir: Path, year: int, *, write_tables: bool, force: bool = False
) -> YearResults | None:
    """Validate a year (`store/refresh.py`) and say what was found and kept.

    Returns None when the suites themselves are broken.
    """
    from .store.refresh import refresh
    from .validate.messages import describe_year

    done = refresh(data_dir, year, write_tables=write_tables, force=force)
    if done.results is None:
        print(f"erreur interne : {done.error}", file=sys.stderr)
        return None
    if done.reused:
        names = ", ".join(done.reused)
        print(f"{year} : inchangés depuis le dernier contrôle, résultats repris : {names}")
    print("\n".join(describe_year(done.results)))
    if write_tables:
        if done.tables_written:
            print(f"{year} : tables écrites dans {Path(data_dir) / 'processed' / str(year)}")
        else:
            print(f"{year} : rien n'a été écrit ni remplacé dans processed/{year}/")
    return done.results


def validate(
    data_dir: Path, years: list[int], output: str = "text", force: bool = False
) -> ExitCode:
    """Check `years`; with output "github", add workflow annotations and a job summary."""
    status, checked = ExitCode.OK, []
    for year in years:
        results = check(data_dir, year, write_tables=False, force=force)
        if results is None:
            return ExitCode.INTERNAL
        checked.append(results)
        if output == "github":
            from .validate import github

            print("\n".join(github.error_lines(results)))
        if not results.success:
            status = ExitCode.INVALID_DATA
    if output == "github":
        from .validate import github

        if github.write_summary(checked) is None:
            print(github.markdown_summary(checked))
    timings.write()
    return status


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class BuildOptions:
    jobs: int = 0  # notebooks run in parallel; 0: one per core
    force: bool = False  # validate again and execute every notebook, whatever the cache holds
    explain: bool = False  # say why each page is rebuilt or reused
    self_contained: bool = False  # plotly.js inside each page


def build(
    data_dir: Path,
    years: list[int],
    reports_dir: Path,
    build_dir: Path,
    options: BuildOptions = BuildOptions(),  # noqa: B008 (frozen, never mutated)
) -> int:
    """Validate, write the tables and publish the reports of `years`, one folder lock held."""
    from . import files
    from .publishing.context import BuildContext

    folders = {Path(p).resolve() for p in (data_dir, reports_dir)}
    context = BuildContext(
        Path(data_dir),
        Path(reports_dir),
        Path(build_dir),
        force=options.force,
        self_contained=options.self_contained,
        explain=options.explain,
    )
    progress = Progress()
    try:
        with files.exclusive(*sorted(folders)):
            return _build(context, years, options.jobs, progress)
    except Interrupted as stop:
        print(f"interrompu : {progress.kept()}", file=sys.stderr)
        return stop.exit_code
    except OSError as exc:
        print(f"erreur : {disk_problem(exc, context)}", file=sys.stderr)
        return ExitCode.CANNOT_WRITE
    except files.Busy as busy:
        print(
            f"erreur : une autre construction est en cours sur {busy} ; réessayer quand "
            "elle sera terminée",
            file=sys.stderr,
        )
        return ExitCode.BUSY


@dataclass
class Progress:
    """How far a build went: what an interrupted build says it kept."""

    done: list[int] = field(default_factory=list)  # years checked and published
    pending: list[int] = field(default_factory=list)  # years under way, not published yet
    dashboard: bool = False  # the years are done, the dashboard is under way

    def kept(self) -> str:
        parts = []
        if self.pending:
            names = ", ".join(map(str, self.pending))
            parts.append(
                f"rien de {names} n'a été publié ; les états des lieux {names} "
                "restent tels qu'ils étaient"
            )
        if self.done:
            parts.append(f"{', '.join(map(str, self.done))} : publié avant l'interruption")
        if self.dashboard:
            parts.append("le tableau de bord publié avant reste en place")
        return " ; ".join(parts) or "rien n'a été publié"


def _build(context: BuildContext, years: list[int], jobs: int, progress: Progress) -> int:
    """Check every year, then plan, make and publish all their pages and the dashboard as
    one build (`publishing.build`): pages of different years share the kernels."""
    import dataclasses
    import os

    from . import config
    from .publishing import build
    from .publishing.engine.pool import KernelPool
    from .publishing.status import Outcome, summary

    started = time.perf_counter()
    status = ExitCode.OK
    outcomes: dict[int, list[Outcome]] = {}
    # One pool of warm kernels for the command; started only when there is work for it.
    pool = KernelPool(jobs or os.cpu_count() or 1, config.PROJECT_ROOT)
    context = dataclasses.replace(context, pool=pool)
    try:
        checked: dict[int, YearResults] = {}
        for year in years:
            progress.pending.append(year)
            results = _check_year(context, year)
            if results is None:
                return ExitCode.INTERNAL  # the suites are broken: nothing is built
            checked[year] = results
            if not results.success:
                status = ExitCode.INVALID_DATA
        command = build.plan_all(context, checked)
        build.make(context, command)
        for year in checked:
            made = _publish_year(context, command, year, outcomes)
            status = max(status, made)
            progress.pending.remove(year)
            if made == ExitCode.OK:
                progress.done.append(year)
        if status in (ExitCode.BUILD_FAILED, ExitCode.CANNOT_WRITE):
            # a year's new tables are processed but its pages are not published: a dashboard
            # made now would not agree with them
            print(
                "tableau de bord non reconstruit : une année n'a pas été publiée ; celui "
                "publié avant reste en place",
                file=sys.stderr,
            )
        elif command.dashboard is not None:
            progress.dashboard = True
            status = max(status, _publish_dashboard(context, command))
            progress.dashboard = False
    except BaseException:
        pool.cancel()  # interrupted: no notebook is left running, no kernel left behind
        raise
    finally:
        pool.close()
    if outcomes:
        print("\n".join(summary(outcomes, time.perf_counter() - started)))
    timings.mark("summary")
    timings.write()
    return ExitCode(status)


def _check_year(context: BuildContext, year: int) -> YearResults | None:
    """The year's results: kept when nothing changed since its last check, else checked
    again (its tables written when valid). None: the suites themselves are broken."""
    from .publishing.cache import load_state
    from .store.refresh import unchanged

    data_dir = context.data_dir
    results = None if context.force else unchanged(data_dir, year)
    if results is None:
        # Kernels start and import while the files are checked: one, or all of them when
        # every page will be made (a year never built, --force).
        cold = context.force or not load_state(context.build_dir, year)
        assert context.pool is not None
        context.pool.start(None if cold else 1)
        return check(data_dir, year, write_tables=True, force=context.force)
    verdict = "valides" if results.success else "toujours à corriger"
    print(f"{year} : fichiers inchangés depuis le dernier contrôle ({verdict})")
    return results


def _publish_year(
    context: BuildContext, command: CommandPlan, year: int, outcomes: dict
) -> ExitCode:
    """Publish a made year; say what was published, or why nothing was."""
    from .publishing import build
    from .publishing.site import pdflink

    pdf = pdflink.book_path(context.reports_dir, year)
    printed = pdf.is_file()
    try:
        outcomes[year] = build.publish_year(context, command, year)
    except build.BuildError as exc:
        outcomes[year] = exc.outcomes
        print(
            f"{year} : échec de la construction des rapports ; rien n'a été publié ni "
            f"remplacé dans {context.reports_dir / str(year)}\n{exc}",
            file=sys.stderr,
        )
        return ExitCode.BUILD_FAILED
    except OSError as exc:
        print(
            f"{year} : {disk_problem(exc, context)} ; rien de cette année n'a été publié "
            "ni remplacé à moitié",
            file=sys.stderr,
        )
        return ExitCode.CANNOT_WRITE
    if printed and not pdf.is_file():
        print(
            f"{year} : {pdf.name} retiré, il ne correspond plus aux pages ; "
            f"« pipeline.py pdf --year {year} » le refait"
        )
    if command.results[year].success:
        print(f"{year} : rapports à jour dans {context.reports_dir / str(year)}")
        return ExitCode.OK
    print(
        f"{year} : seul le rapport de qualité est publié ; les états des lieux {year} "
        "restent tels qu'ils étaient"
    )
    return ExitCode.INVALID_DATA


def _publish_dashboard(context: BuildContext, command: CommandPlan) -> ExitCode:
    """Publish the dashboard made with the years (when one of them changed)."""
    from .publishing import build, dashboard

    assert command.dashboard is not None
    try:
        dashboard.publish_planned(context, command.dashboard)
    except build.BuildError as exc:
        print(
            f"échec de la construction du tableau de bord ; rien n'a été remplacé\n{exc}",
            file=sys.stderr,
        )
        return ExitCode.BUILD_FAILED
    except OSError as exc:
        print(f"tableau de bord : {disk_problem(exc, context)}", file=sys.stderr)
        return ExitCode.CANNOT_WRITE
    return ExitCode.OK


def disk_problem(exc: OSError, where: BuildContext | None = None) -> str:
    """An OS error in the analyst's words: which folder, and what to do about it."""
    path = Path(exc.filename) if exc.filename else None
    folder, option = _folder_of(path, where) if path else _folder_hit(exc, where)
    full = f"disque plein sous {folder}" if folder else "disque plein"
    elsewhere = f", ou travailler ailleurs ({option})" if option else ""
    reasons = {
        errno.ENOSPC: f"{full} : libérer de la place{elsewhere}",
        errno.EDQUOT: f"quota disque atteint pour {folder or 'ce dossier'} : libérer de la "
        f"place{elsewhere}",
        errno.EROFS: f"{folder or 'dossier'} en lecture seule{elsewhere}",
        errno.EACCES: f"droits insuffisants sur {folder or 'le dossier'}{elsewhere}",
        errno.EPERM: f"droits insuffisants sur {folder or 'le dossier'}{elsewhere}",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return f"impossible d'écrire {path or 'un fichier'} ({reason})"


def _candidates(where: BuildContext) -> list[tuple[Path, str, str]]:
    return [
        (where.build_dir, "dossier de construction", "--build-dir"),
        (where.reports_dir, "dossier des rapports", "--reports-dir"),
        (where.data_dir, "dossier des données", "--data-dir"),
    ]


def _folder_hit(exc: OSError, where: BuildContext | None) -> tuple[str, str]:
    """The folder a write without a file name failed in (a full disk's write() names none):
    the one whose file system is full, or read-only."""
    import os

    if where is None:
        return "", ""
    for root, label, option in _candidates(where):
        try:
            stat = os.statvfs(root)
        except OSError:
            continue
        full = stat.f_bavail * stat.f_frsize < 1024 * 1024
        read_only = bool(stat.f_flag & os.ST_RDONLY)
        if (exc.errno in (errno.ENOSPC, errno.EDQUOT) and full) or (
            exc.errno == errno.EROFS and read_only
        ):
            return f"{root} ({label})", option
    return "", ""


def _folder_of(path: Path | None, where: BuildContext | None) -> tuple[str, str]:
    """The folder of the build that holds `path`, named for the analyst, and its option."""
    if path is None or where is None:
        return "", ""
    candidates = _candidates(where)
    resolved = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
    # the deepest folder first: build/ or reports/ may sit inside another one
    for root, label, option in sorted(candidates, key=lambda c: -len(c[0].resolve().parts)):
        if resolved.is_relative_to(root.resolve()):
            return f"{root} ({label})", option
    return "", ""


# --------------------------------------------------------------------------- the year's PDF


def pdf(reports_dir: Path, year: int, output: Path | None = None) -> ExitCode:
    """Print the published year (inventories and profiles) as one PDF for a board meeting."""
    from . import files
    from .publishing.book import book, chromium
    from .publishing.site import pdflink

    reports_dir = Path(reports_dir)
    output = Path(output) if output else pdflink.book_path(reports_dir, year)
    if not (reports_dir / str(year)).is_dir():
        print(f"erreur : rien n'est publié pour {year} dans {reports_dir}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        with files.exclusive(reports_dir.resolve()):
            written, count, numbered = book.make_book(reports_dir, year, output)
    except book.NotPublished as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except chromium.ChromiumError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return ExitCode.MISSING_TOOL
    except files.Busy as busy:
        print(
            f"erreur : une construction est en cours sur {busy} ; réessayer après", file=sys.stderr
        )
        return ExitCode.BUSY
    except OSError as exc:
        print(f"erreur : {disk_problem(exc)}", file=sys.stderr)
        return ExitCode.CANNOT_WRITE
    if not numbered:
        print("attention : les numéros de page du sommaire n'ont pas pu être lus", file=sys.stderr)
    print(f"{year} : PDF des états des lieux écrit dans {written} ({count} pages)")
    if written.resolve() == pdflink.book_path(reports_dir, year).resolve():
        try:
            with files.exclusive(reports_dir.resolve()):
                pdflink.link(reports_dir, year)
        except (files.Busy, OSError) as exc:
            print(f"attention : le PDF n'a pas pu être lié depuis les index ({exc})")
            return ExitCode.CANNOT_WRITE
        print(f"{year} : PDF lié depuis l'index de l'exercice et la page d'accueil")
    return ExitCode.OK


def pdf_all(reports_dir: Path) -> ExitCode:
    """Print each published year that has no PDF yet (`run` removes a PDF its pages no longer
    match, so one still there is up to date)."""
    from .publishing.book import chromium
    from .publishing.site import pages, pdflink

    reports_dir = Path(reports_dir)
    years = sorted(
        int(p.parent.name)
        for p in reports_dir.glob(f"*/{pages.YEAR_INDEX}")
        if p.parent.name.isdigit()
    )
    missing = [y for y in years if not pdflink.book_path(reports_dir, y).is_file()]
    if not missing:
        print(f"PDF à jour pour chaque année publiée dans {reports_dir}")
        return ExitCode.OK
    if chromium.chromium_path() is None:
        print(
            f"PDF non produits ({', '.join(map(str, missing))}) : Chromium est introuvable "
            f"(installez chromium, ou indiquez-le dans ${chromium.ENVIRONMENT})",
            file=sys.stderr,
        )
        return ExitCode.MISSING_TOOL
    status = ExitCode.OK
    for year in missing:
        if not pdflink.published(reports_dir, year):
            print(f"{year} : états des lieux non publiés, pas de PDF")
            continue
        status = max(status, pdf(reports_dir, year))
    return ExitCode(status)


# --------------------------------------------------------------------------- the survey


def prepare_survey(
    data_dir: Path, year: int, out_dir: Path | None, replace: bool = False
) -> ExitCode:
    """Write the year's questionnaire workbooks, one per chamber of the network.

    Never into `data/raw/` (blank, pre-filled workbooks there would be read as the
    chambers' answers), and never over existing workbooks unless `replace`.
    """
    from . import config
    from .survey.prepare import PrepareError, file_names, prepare

    target = Path(out_dir) if out_dir else config.SURVEY_OUT_DIR / str(year)
    raw = (Path(data_dir) / "raw").resolve()
    if target.resolve().is_relative_to(raw):
        print(
            f"erreur : {target} est dans les données brutes ({raw}) : les questionnaires "
            "préparés y seraient lus comme les réponses des chambres ; choisir un autre dossier "
            "(--out), puis n'y déposer que les classeurs renvoyés par les chambres",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    try:
        taken = [name for name in file_names(data_dir, year) if (target / name).exists()]
    except PrepareError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return ExitCode.INVALID_DATA
    if taken and not replace:
        print(
            f"erreur : {len(taken)} questionnaire(s) existent déjà dans {target} (par exemple "
            f"{taken[0]}) : ils ne sont pas remplacés ; ajouter --remplacer pour les réécrire",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    try:
        prepared = prepare(data_dir, year, target)
    except PrepareError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return ExitCode.INVALID_DATA
    except OSError as exc:
        print(f"erreur : {disk_problem(exc)}", file=sys.stderr)
        return ExitCode.CANNOT_WRITE
    for note in prepared.notes:
        print(f"note : {note}")
    print(f"{year} : {len(prepared.files)} questionnaire(s) écrit(s) dans {target}")
    return ExitCode.OK


def _survey_folder(data_dir: Path, year: int) -> Path | ExitCode:
    """The year's folder of returned workbooks; a year without one is no survey year."""
    from . import config

    folder = config.raw_dir(data_dir, year) / config.RESPONSES_DIR
    if not folder.is_dir():
        print(
            f"erreur : {year} n'est pas une année d'enquête : pas de dossier {folder}",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    return folder


def _survey_chamber(data_dir: Path, year: int, code: str) -> tuple[str, str] | ExitCode:
    """The chamber `code` of a survey year (its code as `cres` has it, its name)."""
    from .ingest.readers import InputError, read_dataset
    from .ingest.year import network
    from .store.parameters import ParameterError, chamber_code

    folder = _survey_folder(data_dir, year)
    if isinstance(folder, ExitCode):
        return folder
    try:
        chambers = network(read_dataset(folder.parent, "cres"))
    except InputError as exc:
        print(f"erreur : {year}/{exc}", file=sys.stderr)
        return ExitCode.INVALID_DATA
    try:
        code = chamber_code(code, list(chambers))
    except ParameterError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return ExitCode.USAGE
    return code, chambers[code]


def set_aside(data_dir: Path, year: int, code: str, reason: str) -> ExitCode:
    """Record that the year publishes without chamber `code`'s response, and why."""
    import datetime as dt

    from . import config
    from .ingest import decisions
    from .ingest.table import InputError

    chamber = _survey_chamber(data_dir, year, code)
    if isinstance(chamber, ExitCode):
        return chamber
    code, name = chamber
    try:
        decision = decisions.set_aside(
            config.raw_dir(data_dir, year), code, reason, dt.date.today()
        )
    except ValueError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except InputError as exc:
        print(f"erreur : {year}/{exc}", file=sys.stderr)
        return ExitCode.INVALID_DATA
    print(
        f"{year} : réponse de {name} ({code}) écartée le {decision.date:%d/%m/%Y} : "
        f"{decision.reason}"
    )
    print(
        f"  elle ne sera ni publiée ni comptée ; chaque page de {year} le dira. Publier : "
        f"« {config.command(f'run --year {year}', data_dir)} » ; annuler : "
        f"« {config.command(f'enquete reprendre --year {year} --chambre {code}', data_dir)} »"
    )
    return ExitCode.OK


def take_back(data_dir: Path, year: int, code: str) -> ExitCode:
    """Forget a decision to set a response aside: it is read and checked again."""
    from . import config
    from .ingest import decisions
    from .ingest.table import InputError

    chamber = _survey_chamber(data_dir, year, code)
    if isinstance(chamber, ExitCode):
        return chamber
    code, name = chamber
    try:
        found = decisions.take_back(config.raw_dir(data_dir, year), code)
    except InputError as exc:
        print(f"erreur : {year}/{exc}", file=sys.stderr)
        return ExitCode.INVALID_DATA
    if not found:
        print(
            f"erreur : la réponse de {name} ({code}) n'est pas écartée en {year}", file=sys.stderr
        )
        return ExitCode.USAGE
    print(
        f"{year} : réponse de {name} ({code}) reprise : elle sera lue et contrôlée au prochain "
        f"« {config.command(f'run --year {year}', data_dir)} »"
    )
    return ExitCode.OK


def _to_confirm(data_dir: Path, year: int) -> dict[str, list[str]]:
    """A valid year's figures to check with each chamber (none before its tables exist)."""
    from .analysis import plausibility
    from .present.quality import said
    from .store.parameters import ParameterError
    from .store.refresh import unchanged
    from .store.yeardata import load_previous, load_year

    if unchanged(data_dir, year) is None:  # tables not written from these very files
        return {}
    try:
        checks = plausibility.checks(load_year(data_dir, year), load_previous(data_dir, year))
    except ParameterError:
        return {}
    found: dict[str, list[str]] = {}
    for check in checks:
        found.setdefault(check.code, []).append(said(check, year))
    return found


def send_back(data_dir: Path, year: int, out_dir: Path | None) -> ExitCode:
    """Write a return workbook and an e-mail text for every response to correct."""
    from . import config
    from .ingest.responses import is_response_file
    from .ingest.table import printable
    from .survey import returns
    from .validate import gate

    folder = _survey_folder(data_dir, year)
    if isinstance(folder, ExitCode):
        return folder
    target = Path(out_dir) if out_dir else config.SURVEY_OUT_DIR / str(year) / "retours"
    if target.resolve().is_relative_to((Path(data_dir) / "raw").resolve()):
        print(
            f"erreur : {target} est dans les données brutes : les retours y seraient lus comme "
            "des réponses ; choisir un autre dossier (--out)",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    try:
        results, _ = gate.validate_year(data_dir, year)
    except gate.SuiteError as exc:
        print(f"erreur interne : {exc}", file=sys.stderr)
        return ExitCode.INTERNAL
    files = {printable(p.name): p for p in folder.iterdir() if is_response_file(p)}
    found = returns.returns(results, _to_confirm(data_dir, year) if results.success else None)
    try:
        for answer in found:
            book, text = returns.write(answer, files[answer.file], target, year)
            print(f"{answer.name} : {len(answer.faults)} correction(s) → {book.name}, {text.name}")
    except OSError as exc:
        print(f"erreur : {disk_problem(exc)}", file=sys.stderr)
        return ExitCode.CANNOT_WRITE
    if found:
        print(f"{year} : {len(found)} retour(s) écrit(s) dans {target}")
    else:
        print(f"{year} : aucune réponse à corriger")
    return ExitCode.OK


def track_survey(data_dir: Path, year: int, csv_path: Path | None = None) -> ExitCode:
    """Print, for every chamber of the year, whether its response came back, and complete;
    the same table into `csv_path` when given."""
    from . import config
    from .analysis.quality import tracking_summary, tracking_table
    from .ingest import responses
    from .ingest.readers import InputError, read_dataset
    from .ingest.year import collect_responses, network

    folder = config.raw_dir(data_dir, year)
    try:
        chambers = network(read_dataset(folder, "cres"))
    except InputError as exc:
        print(f"erreur : {year}/{exc}", file=sys.stderr)
        return ExitCode.INVALID_DATA
    answers = folder / config.RESPONSES_DIR
    flat = sorted(p.name for p in folder.iterdir() if p.is_file() and p.stem != "cres")
    if not answers.is_dir() and any(p.split(".")[0] in config.DATASETS for p in flat):
        print(
            f"erreur : {year} n'est pas une année d'enquête : ses données viennent des fichiers "
            f"de {folder} ({', '.join(flat)}), pas de réponses dans {answers}",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    collection = collect_responses(folder, year, chambers) if answers.is_dir() else None
    statuses = responses.tracking(collection, chambers)
    if collection is None:
        print(f"{year} : pas de dossier {answers} : aucune réponse reçue")
    table = tracking_table(statuses)
    widths = {c: max(len(c), *(len(str(v)) for v in table[c])) for c in table.columns}
    print("  ".join(c.ljust(widths[c]) for c in table.columns).rstrip())
    for row in table.itertuples(index=False):
        print(
            "  ".join(
                str(v).ljust(widths[c]) for v, c in zip(row, table.columns, strict=True)
            ).rstrip()
        )
    print(f"{year} : {tracking_summary(statuses)}")
    if csv_path is not None:
        from . import files
        from .publishing.site.downloads import csv_bytes

        rows = table.astype(str).values.tolist()
        kinds = ["text"] * len(table.columns)
        document = {"columns": list(table.columns), "kinds": kinds, "rows": rows}
        files.write_bytes(Path(csv_path), csv_bytes(document))
        print(f"tableau de suivi écrit dans {csv_path}")
    for line in collection.errors if collection else []:
        print(f"  {year}/{line}", file=sys.stderr)
    return ExitCode.INVALID_DATA if collection and collection.errors else ExitCode.OK
