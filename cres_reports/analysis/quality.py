"""The data-quality report of a year, from the validation results kept as JSON."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config
from ..ingest import responses
from ..store.parameters import ParameterError, data_folder, year_number
from ..validate.results import YearResults, read_results


def load_results(data_dir: str | Path | None, year: int | str) -> YearResults:
    """The year's last validation results; `data_dir` None is the project's data folder."""
    number = year_number(year)
    folder = data_folder(data_dir)
    results = read_results(folder, number)
    if results is None:
        raise ParameterError(
            f"{number} n'a pas encore été contrôlé : lancez d'abord "
            f"« {config.command(f'validate --year {number}', folder)} »"
        )
    return results


def summary(results: YearResults) -> pd.DataFrame:
    """Per dataset: its file, rows read, rules checked, passed and failed."""
    rows = []
    for entry in results.datasets:
        failed = len(entry.failed_rules)
        rows.append(
            {
                "Jeu de données": entry.dataset,
                "Fichier": entry.file or "",
                "Lignes": entry.row_count,
                "Règles vérifiées": len(entry.rules),
                "Respectées": len(entry.rules) - failed,
                "Non respectées": failed,
                "État": "illisible" if entry.error else ("à corriger" if failed else "valide"),
            }
        )
    return pd.DataFrame(rows)


def read_errors(results: YearResults) -> list[str]:
    """Files that could not be read, and survey responses refused (one line each)."""
    survey = results.survey.errors if results.survey else []
    return [*survey, *(e.error for e in results.datasets if e.error)]


def failing_rows(results: YearResults) -> pd.DataFrame:
    """One line per failing row of each broken rule (the first rows kept in the results).

    Rows of survey responses also give the sheet and the cell.
    """
    rows = [
        {
            "Fichier": f"{entry.file}{row.file}" if row.file else entry.file,
            "Feuille": row.sheet or "",
            "Cellule": row.cell or "",
            "Colonne": rule.column or "",
            "Règle": rule.description,
            "Ligne": row.row,
            "Code région": row.code_region or "",
            "Valeur": row.value if row.value is not None else "(vide)",
        }
        for entry in results.datasets
        for rule in entry.failed_rules
        for row in rule.rows
    ]
    columns = ["Fichier", "Feuille", "Cellule", "Colonne", "Règle", "Ligne", "Code région"]
    frame = pd.DataFrame(rows, columns=[*columns, "Valeur"])
    if not any(row["Cellule"] or row["Feuille"] for row in rows):  # flat files only
        frame = frame.drop(columns=["Feuille", "Cellule"])
    return frame


def rules_table(results: YearResults, dataset: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Colonne": r.column or "",
                "Règle": r.description,
                "Résultat": "respectée" if r.success else f"{r.failed_count} ligne(s) en défaut",
            }
            for r in results.dataset(dataset).rules
        ],
        columns=["Colonne", "Règle", "Résultat"],
    )


def files_table(results: YearResults) -> pd.DataFrame:
    """One row per file read (the survey's datasets share one: its responses folder)."""
    return pd.DataFrame(
        [
            {
                "Fichier": e.file or "",
                "Encodage": e.encoding or "",
                "Empreinte SHA-256": (e.sha256 or "")[:16],
                "Colonnes ignorées": ", ".join(e.ignored_columns),
            }
            for e in results.datasets
        ]
    ).drop_duplicates(ignore_index=True)


# --------------------------------------------------------------------------- survey tracking

STATUS_LABELS = {
    responses.STATUS_COMPLETE: "reçue, complète",
    responses.STATUS_INCOMPLETE: "reçue, incomplète",
    responses.STATUS_REFUSED: "reçue, refusée",
    responses.STATUS_UNCHANGED: "renvoyée sans modification",
    responses.STATUS_SET_ASIDE: "écartée",
    responses.STATUS_MISSING: "non reçue",
}
TRACKING_COLUMNS = ["Code", "Chambre", "Réponse", "Fichier", "Enregistrée le", "Détail"]
UNCHANGED_NOTE = "renvoyée telle que pré-remplie, non vérifiée"  # after a sheet's title


def tracking_table(statuses: list[responses.ChamberStatus]) -> pd.DataFrame:
    """One row per chamber of the network: its response, the last save (late or not), and
    the empty sheets of a response, or why it was refused."""
    return pd.DataFrame(
        [
            {
                "Code": s.code,
                "Chambre": s.name,
                "Réponse": STATUS_LABELS[s.status],
                "Fichier": s.file or "",
                "Enregistrée le": _saved(s),
                "Détail": _detail(s),
            }
            for s in statuses
        ],
        columns=TRACKING_COLUMNS,
    )


def _detail(status: responses.ChamberStatus) -> str:
    """Why a response was refused; or the sheets that give nothing for the year (those
    returned as pre-filled said so)."""
    if status.status == responses.STATUS_REFUSED:
        return status.reason or ""
    if status.set_aside:
        return f"{status.reason} (écartée le {_french_date(status.decided)})"
    if status.status == responses.STATUS_UNCHANGED:
        return "aucune réponse pour l'exercice : feuilles pré-remplies renvoyées telles quelles"
    empty = ", ".join(
        f"{title} ({UNCHANGED_NOTE})" if title in status.unchanged else title
        for title in status.empty_sheets
    )
    return f"feuilles vides : {empty}" if empty else ""


def _saved(status: responses.ChamberStatus) -> str:
    """The date of the response's last save, said late when after the deadline."""
    shown = _french_date(status.saved)
    return f"{shown} (en retard)" if shown and status.late else shown


# --------------------------------------------------------------------------- the board's view

DATASET_LABELS = {
    "cres": "Identité",
    "finances": "Comptes",
    "rh": "Équipe salariée",
    "gouvernance": "Instances",
    "vie_statutaire": "Vie statutaire",
    "activites": "Activités",
    "observatoire": "Observatoire",
    "missions": "Missions",
    "relations_cpca": "Relations CPCA",
    "representation": "Représentation du conseil",
    "reunions": "Réunions du conseil",
    "mois_ess": "Mois de l'ESS",
    "comptes_conseil": "Comptes du conseil",
}
SENT, NOT_SENT, TO_FIX, UNREADABLE = "transmis", "non transmis", "à corriger", "fichier illisible"
SET_ASIDE = "réponse écartée"
SURVEY_COLUMN, SAVED_COLUMN = "Enquête", "Enregistrée le"


CORE = ("finances", "rh", "gouvernance")  # a column each; the survey's others share one
OTHERS_COLUMN = "Autres rubriques"


def _status(code: str, sent: set, to_fix: set, aside: set) -> str:
    if code in aside:
        return SET_ASIDE
    return TO_FIX if code in to_fix else (SENT if code in sent else NOT_SENT)


def chamber_grid(results: YearResults) -> pd.DataFrame | None:
    """Chamber × dataset: sent, not sent, to fix (rows breaking a rule), unreadable.

    Rows: the chambers of the year's list (`cres`), as validation read them (its results
    name the chambers and, for each dataset, the codes of its rows: the raw files are not
    read again); None when that list cannot be read. Columns: Code, Chambre, the identity
    row (only when one is to fix), accounts, staff and bodies; for a survey year, its other
    sections in one column, the response's status and its last save.
    """
    if results.network is None:
        return None
    network = results.network
    codes = sorted(network)
    grid = pd.DataFrame({"Code": codes, "Chambre": [network[c] for c in codes]})
    statuses: dict[str, list[str]] = {}
    aside = {s.code for s in results.survey.chambers if s.set_aside} if results.survey else set()
    for entry in results.datasets:
        if entry.dataset in config.COUNCIL_DATASETS:
            continue  # kept by the analyst, not sent by the chambers
        if entry.error or entry.regions is None:
            statuses[entry.dataset] = [UNREADABLE] * len(codes)
            continue
        sent = set(entry.regions)
        to_fix = {row.code_region for rule in entry.failed_rules for row in rule.rows}
        skipped = aside if entry.dataset != "cres" else set()
        statuses[entry.dataset] = [_status(code, sent, to_fix, skipped) for code in codes]
    if any(s != SENT for s in statuses.get("cres", [])):
        grid[DATASET_LABELS["cres"]] = statuses["cres"]
    for dataset in CORE:
        if dataset in statuses:
            grid[DATASET_LABELS[dataset]] = statuses[dataset]
    others = [d for d in statuses if d not in ("cres", *CORE)]
    if others:
        grid[OTHERS_COLUMN] = [
            _others({d: statuses[d][i] for d in others}) for i in range(len(codes))
        ]
    if results.survey is not None:
        answers = {s.code: s for s in results.survey.chambers}
        grid[SURVEY_COLUMN] = [
            STATUS_LABELS[answers[c].status] if c in answers else "" for c in codes
        ]
        grid[SAVED_COLUMN] = [_saved(answers[c]) if c in answers else "" for c in codes]
    return grid


def _others(found: dict[str, str]) -> str:
    """One cell for several sections: `transmis`, or what is missing and what is to fix."""
    parts = []
    if all(s == SET_ASIDE for s in found.values()):
        return SET_ASIDE
    for status in (TO_FIX, UNREADABLE, NOT_SENT):
        labels = [DATASET_LABELS[d] for d, s in found.items() if s == status]
        if len(labels) == len(found):
            return status
        if labels:
            parts.append(f"{status} : {', '.join(labels)}")
    return " ; ".join(parts) or SENT


def datasets_to_fix(results: YearResults) -> list[tuple[str, int, int]]:
    """(dataset label, failing rows, chambers concerned) for each dataset breaking a rule."""
    found = []
    for entry in results.datasets:
        label = DATASET_LABELS.get(entry.dataset, entry.dataset)
        if entry.error:
            found.append((label, 0, 0))
        elif entry.failed_rules:
            rows = {r.row for rule in entry.failed_rules for r in rule.rows}
            chambers = {r.code_region for rule in entry.failed_rules for r in rule.rows} - {None}
            found.append((label, len(rows), len(chambers)))
    return found


def _some(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"


def tracking_summary(statuses: list[responses.ChamberStatus]) -> str:
    """`21 réponses reçues sur 26 chambres (dont 2 incomplètes, 3 en retard) ; 5 non reçues`,
    and the questionnaires returned as they were sent, when there are some."""
    received = sum(1 for s in statuses if s.received)
    unchanged = sum(1 for s in statuses if s.status == responses.STATUS_UNCHANGED)
    aside = sum(1 for s in statuses if s.set_aside)
    text = (
        f"{_some(received, 'réponse reçue', 'réponses reçues')} sur "
        f"{_some(len(statuses), 'chambre', 'chambres')}"
    )
    counts = (
        (sum(s.status == responses.STATUS_INCOMPLETE for s in statuses), "incomplète", "s"),
        (sum(s.status == responses.STATUS_REFUSED for s in statuses), "refusée", "s"),
        (sum(s.late for s in statuses if s.received), "en retard", ""),
    )
    details = [_some(n, what, what + end) for n, what, end in counts if n]
    if details:
        text += f" (dont {', '.join(details)})"
    if unchanged:
        text += " ; " + _some(
            unchanged, "renvoyée sans modification", "renvoyées sans modification"
        )
    if aside:
        text += " ; " + _some(aside, "réponse écartée", "réponses écartées")
    missing = len(statuses) - received - unchanged - aside
    return f"{text} ; {_some(missing, 'non reçue', 'non reçues')}"


def survey_summary(results: YearResults) -> str:
    return tracking_summary(results.survey.chambers) if results.survey else ""


def survey_tracking(results: YearResults) -> pd.DataFrame | None:
    """The year's tracking table, or None when the year was not collected by the survey."""
    return None if results.survey is None else tracking_table(results.survey.chambers)


def _french_date(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"
