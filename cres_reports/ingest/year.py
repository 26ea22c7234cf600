"""A year folder's datasets, each from its one source: a flat file or the survey's responses.

`cres` is always a flat file. Each chamber-level dataset comes from its flat file
(contract version 1) or, when `reponses/` exists, from the returned workbooks;
both at once is refused, naming the two. The five datasets added by version 2
are optional: a year without them is valid. The council's own datasets come from the
optional `conseil/` folder (`council.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from . import council, decisions, responses
from .readers import flat_files, read_dataset
from .table import InputError, Table, source_name


@dataclass
class YearInput:
    tables: dict[str, Table] = field(default_factory=dict)
    errors: dict[str, InputError] = field(default_factory=dict)  # dataset -> why it is unread
    survey: responses.Collection | None = None  # None: the year has no reponses/ folder
    network: dict[str, str] | None = None  # code -> chamber name, from cres

    def source(self, dataset: str) -> str | None:
        """What the dataset was read from, as the analyst finds it in the year folder."""
        if dataset in self.tables:
            table = self.tables[dataset]
            return f"{config.RESPONSES_DIR}/" if table.path.is_dir() else source_name(table.path)
        error = self.errors.get(dataset)
        return source_name(error.path) if error else None


def network(table: Table) -> dict[str, str]:
    """Code -> chamber name of the rows of a cres table that have a code."""
    frame = table.frame.dropna(subset=["code_region"])
    return dict(zip(frame["code_region"], frame["nom_cres"].fillna(""), strict=True))


def collect_responses(
    year_dir: Path, year: int, network: dict[str, str] | None
) -> responses.Collection:
    """The year's responses, but those the analyst set aside (the manifest's decisions);
    unreadable decisions set nothing aside and are the collection's first error."""
    try:
        set_aside, refused = decisions.read(year_dir), None
    except InputError as exc:
        set_aside, refused = {}, exc
    found = responses.collect(Path(year_dir) / config.RESPONSES_DIR, year, network, set_aside)
    if refused is not None:
        found.errors.insert(0, str(refused))
    return found


def read_year(
    year_dir: Path,
    year: int,
    skip: frozenset[str] = frozenset(),
    chambers: dict[str, str] | None = None,
) -> YearInput:
    """Read every dataset of the year folder but those of `skip`.

    `skip` names datasets read before from the same files (validation keeps what they gave,
    `validate/kept.py`); with `cres` among them, `chambers` gives its network. The survey's
    datasets are skipped only all together: the responses are then not read at all.
    """
    year_dir = Path(year_dir)
    found = YearInput()
    if "cres" in skip:
        found.network = chambers
    else:
        try:
            found.tables["cres"] = read_dataset(year_dir, "cres")
            found.network = network(found.tables["cres"])
        except InputError as exc:
            found.errors["cres"] = exc
    folder = year_dir / config.RESPONSES_DIR
    if folder.is_dir() and not skip.issuperset(config.CHAMBER_DATASETS):
        found.survey = collect_responses(year_dir, year, found.network)
    for dataset in config.CHAMBER_DATASETS:
        if dataset in skip and found.survey is None:
            continue
        flat = flat_files(year_dir, dataset)
        try:
            if found.survey is not None and flat:
                raise InputError(
                    flat[0],
                    f"deux sources pour {dataset} : {', '.join(p.name for p in flat)} et les "
                    f"réponses de {config.RESPONSES_DIR}/ ; n'en garder qu'une (retirer le "
                    "fichier, ou le dossier des réponses)",
                )
            if found.survey is not None:
                found.tables[dataset] = responses.table(found.survey, dataset)
            elif flat or dataset not in config.OPTIONAL_DATASETS:
                found.tables[dataset] = read_dataset(year_dir, dataset)
        except InputError as exc:
            found.errors[dataset] = exc
    for dataset in config.COUNCIL_DATASETS:
        if dataset in skip:
            continue
        try:
            table = council.read(year_dir, dataset)
        except InputError as exc:
            found.errors[dataset] = exc
            continue
        if table is not None:
            found.tables[dataset] = table
    return found
