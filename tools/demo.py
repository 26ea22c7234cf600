"""Deterministic demonstration data written to the raw data contract.

The real inventories of the chambers are not public, so the pipeline, the
notebooks and the benchmarks run on generated data: plausible orders of
magnitude, the network facts of the 2008 national report, and the file formats
French spreadsheet software produces. Same arguments, same bytes (CSV and xlsx).

    python -m tools.demo --out data/raw --years 2007 2008 2009

A tool of the project, not part of the pipeline: editing it rebuilds no report.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from cres_reports import config
from cres_reports.ingest import contract, questionnaire
from cres_reports.survey import workbook as survey_workbook
from cres_reports.survey.prepare import slug

GENERATOR = "cres_reports.demo"  # kept: it is written into the shipped files
DESCRIPTION = (
    "Données de démonstration, générées par cres_reports.demo : "
    "elles ne décrivent pas les chambres réelles."
)
REFERENCE_YEAR = 2008  # budgets are drawn for this year, then walk forwards and backwards

# Chambers whose history is fixed by the 2008 national report (old codes).
# joined: first year as member of the CNCRES; structured: first year "structuree";
# accounts_from: first year with finances and staff; founded: annee_creation.
HISTORY: dict[str, dict[str, int]] = {
    "01": {"joined": 2009},  # Guadeloupe applied at the end of 2008
    "94": {"joined": 2009, "accounts_from": 2009, "founded": 2006},  # Corse, being set up
    "03": {"joined": 2009, "accounts_from": 2009, "founded": 2006},  # Guyane, being set up
    "83": {"joined": 2008, "structured": 2009},  # Auvergne, en structuration in 2007-2008
    "23": {"joined": 2008, "structured": 2009},  # Haute-Normandie, idem
}
NO_CHAMBER = ("06",)  # Mayotte: a region from 2011, without a chamber in the demo years
REFORM = config.REFORM_YEAR  # from 2016, one CRESS per region of the new map
LATEST_GENERIC_JOIN = 2006  # every other chamber is a member from 2007 on
UNKNOWN_CREATION = ("74", "02", "44")  # annee_creation left empty, as in real inventories

# --- staff ---------------------------------------------------------------------------

JOB_TITLES: dict[str, tuple[str, ...]] = {
    "direction": ("Délégué général", "Déléguée générale", "Directeur", "Directrice"),
    "chargee_mission": (
        "Chargé de mission développement économique",
        "Chargée de mission emploi et formation",
        "Chargée de mission création d'activités",
        "Chargé de mission appui aux territoires",
        "Chargée de mission Mois de l'ESS",
        "Chargé de mission achats socialement responsables",
    ),
    "observatoire": (
        "Chargée de mission observatoire",
        "Chargé d'études observatoire",
        "Statisticienne",
    ),
    "assistanat": ("Assistante de direction", "Secrétaire", "Assistant administratif"),
    "comptabilite": ("Comptable", "Assistante comptable", "Responsable administratif et financier"),
    "communication": ("Chargée de communication", "Chargé de communication et d'animation"),
    "autre": ("Documentaliste", "Webmestre", "Agent d'accueil"),
}
# Order in which a chamber hires: the n first posts exist when it can pay for n.
HIRING_ORDER = (
    "direction",
    "assistanat",
    "chargee_mission",
    "observatoire",
    "comptabilite",
    "chargee_mission",
    "communication",
    "chargee_mission",
    "autre",
    "chargee_mission",
)
MAX_POSTS = len(HIRING_ORDER)
BUDGET_PER_POST = 130_000.0
CONTRACT_WEIGHTS = {
    "cdi": 0.62,
    "cdd": 0.15,
    "contrat_aide": 0.10,
    "mise_a_disposition": 0.08,
    "autre": 0.05,
}
LENDERS = ("Macif", "Crédit coopératif", "Conseil régional", "Chorum", "Mutualité française")
ETP_CHOICES = (1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.8, 0.8, 0.6, 0.5, 0.5)

# --- governance ----------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    """A member organisation; `presence` is the share of chambers where it sits."""

    name: str
    famille: str
    groupement: str = ""
    presence: float = 1.0


# "{region}" is replaced by the region's name: regional branches of national networks.
ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("Macif", "mutuelle_assurance", "GEMA", 0.65),
    Organisation("Maif", "mutuelle_assurance", "GEMA", 0.4),
    Organisation("Matmut", "mutuelle_assurance", "GEMA", 0.3),
    Organisation("MAAF", "mutuelle_assurance", "GEMA", 0.3),
    Organisation("GMF", "mutuelle_assurance", "GEMA", 0.2),
    Organisation("Groupama", "mutuelle_assurance", "", 0.35),
    Organisation("Mutualité française {region}", "mutuelle_sante", "FNMF", 0.95),
    Organisation("MGEN", "mutuelle_sante", "FNMF", 0.5),
    Organisation("Chorum", "mutuelle_sante", "FNMF", 0.45),
    Organisation("Mutuelle de France", "mutuelle_sante", "FNMF", 0.3),
    Organisation("Crédit coopératif", "cooperative", "", 0.9),
    Organisation("URSCOP {region}", "cooperative", "CG Scop", 0.9),
    Organisation("Crédit agricole", "cooperative", "FNCA", 0.5),
    Organisation("Crédit mutuel", "cooperative", "", 0.4),
    Organisation("Coop de France {region}", "cooperative", "Coop de France", 0.6),
    Organisation("Fédération régionale des CUMA", "cooperative", "FNCUMA", 0.4),
    Organisation("Fédération des coopératives HLM", "cooperative", "", 0.3),
    Organisation("USGERES", "syndicat_employeur", "", 0.5),
    Organisation("UNIFED", "syndicat_employeur", "", 0.3),
    Organisation("SYNEAS", "syndicat_employeur", "", 0.3),
    Organisation("UNA", "syndicat_employeur", "", 0.25),
    Organisation("CNEA", "syndicat_employeur", "", 0.25),
    Organisation("URIOPSS {region}", "association", "UNIOPSS", 0.9),
    Organisation("Ligue de l'enseignement", "association", "", 0.8),
    Organisation("CRAJEP {region}", "association", "CNAJEP", 0.6),
    Organisation("Fédération régionale des MJC", "association", "", 0.4),
    Organisation("UNAT {region}", "association", "UNAT", 0.4),
    Organisation("Familles rurales", "association", "", 0.5),
    Organisation("ADMR", "association", "", 0.5),
    Organisation("France Active {region}", "association", "France Active", 0.5),
    Organisation("Comité régional olympique et sportif", "association", "CNOSF", 0.4),
    Organisation("Fédération des centres sociaux", "association", "", 0.4),
    Organisation("Emmaüs", "association", "", 0.3),
    Organisation("APF", "association", "", 0.3),
    Organisation("Réseau des entreprises d'insertion", "association", "CNEI", 0.6),
    Organisation("Caisse d'épargne", "cooperative", "", 0.35),
    Organisation("Banque populaire", "cooperative", "", 0.35),
    Organisation("Biocoop", "cooperative", "", 0.2),
    Organisation("Mutualité sociale agricole", "mutuelle_sante", "", 0.4),
    Organisation("Harmonie Mutuelles", "mutuelle_sante", "FNMF", 0.35),
    Organisation("URAF {region}", "association", "UNAF", 0.5),
    Organisation("Fédération régionale des Foyers ruraux", "association", "", 0.3),
    Organisation("UFCV", "association", "", 0.3),
    Organisation("Croix-Rouge française", "association", "", 0.3),
    Organisation("Secours populaire", "association", "", 0.3),
    Organisation("Association régionale des CIGALES", "association", "", 0.4),
    Organisation("Boutique de gestion", "association", "", 0.4),
    Organisation("Fédération des régies de quartier", "association", "CNLRQ", 0.3),
    Organisation("Fondation Macif", "fondation", "", 0.3),
    Organisation("Fondation de France", "fondation", "", 0.3),
    Organisation("Fondation Crédit coopératif", "fondation", "", 0.2),
    Organisation("Fondation Caisses d'épargne pour la solidarité", "fondation", "", 0.2),
    Organisation("Personnalité qualifiée", "autre", "", 0.7),
)
BUREAU_ROLES = ("president", "vice_president", "tresorier", "secretaire")

FIRST_NAMES = (
    "Hélène", "Jean", "Marie", "Pierre", "Françoise", "Michel", "Nathalie", "Philippe",
    "Sylvie", "Alain", "Catherine", "Bernard", "Isabelle", "Jacques", "Véronique", "Gérard",
    "Christine", "Daniel", "Martine", "Éric", "Anne", "Patrick", "Brigitte", "François",
    "Monique", "Thierry", "Agnès", "Gilles", "Josiane", "René",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Garnier", "Fournier",
    "Girard", "Bonnet", "Mercier", "Rousseau", "Blanc", "Guérin", "Muller", "Faure",
    "André", "Chevalier", "Lemaître", "Barbier", "Roux", "Gauthier", "Perrin", "Morel",
    "Le Gall", "Ménard", "Caron", "Brunet", "Hoarau", "Sanchez",
)  # fmt: skip
NO_REPRESENTATIVE = 0.15  # share of seats whose representative is not given

# --- small helpers -------------------------------------------------------------------


def _rng(seed: int, *keys: int) -> np.random.Generator:
    """An independent stream per (seed, keys): adding a year never shifts another."""
    return np.random.default_rng([seed, *keys])


def _code_key(code: str) -> int:
    return int(code)


def _cents(euros: float) -> int:
    return int(round(euros * 100))


def _euros(cents: int) -> float:
    return cents / 100


# --- chamber profiles ----------------------------------------------------------------


@dataclass(frozen=True)
class Chamber:
    """What stays from one year to the next for one chamber."""

    code: str
    founded: int | None
    joined: int
    structured: int
    accounts_from: int
    cress_from: int  # year the chamber adds "solidaire" to its name (CRES -> CRESS)
    base_budget: float  # euros in REFERENCE_YEAR
    growth_bias: float  # probability that a year is a growth year
    state_share: float
    region_share: float
    other_weights: tuple[float, ...]  # fse, autres_collectivites, ..., autres_produits
    round_grants_to: int  # cents: 100 000 (1 000 €) or 10 000 (100 €)
    equity_ratio: float
    convention_cr_from: int  # 9999: never
    convention_cdc_from: int
    posts: tuple[tuple[str, str, str, float, str], ...]  # poste, fonction, contrat, etp, lender
    members: tuple[Organisation, ...]  # shuffled: the first sit in the bureau, then the board
    board_seats: int
    bureau_seats: int
    extra_delegates: int  # organisations with two seats at the general assembly
    predecessors: tuple[str, ...] = ()  # a chamber born of the 2016 merger: the old codes


def _draw_posts(rng: np.random.Generator, size: int) -> tuple:
    posts = []
    contracts, weights = zip(*CONTRACT_WEIGHTS.items(), strict=True)
    for index in range(MAX_POSTS * size):
        fonction = HIRING_ORDER[index % MAX_POSTS]
        titles = JOB_TITLES[fonction]
        title = titles[int(rng.integers(len(titles)))]
        if fonction == "direction":
            contrat = "mise_a_disposition" if rng.random() < 0.1 else "cdi"
        else:
            contrat = str(rng.choice(contracts, p=weights))
        etp = 1.0 if fonction == "direction" else float(rng.choice(ETP_CHOICES))
        lender = LENDERS[int(rng.integers(len(LENDERS)))] if contrat == contract.LENT else ""
        posts.append((title, fonction, contrat, etp, lender))
    return tuple(posts)


def _draw_members(rng: np.random.Generator, region: str) -> tuple[Organisation, ...]:
    present = [o for o in ORGANISATIONS if rng.random() < o.presence]
    members = [Organisation(o.name.format(region=region), o.famille, o.groupement) for o in present]
    order = rng.permutation(len(members))
    return tuple(members[i] for i in order)


def merged_from(code: str) -> tuple[str, ...]:
    """The old codes of the chambers merged in 2016 into the chamber of `code` (a new code
    that was no old one), or () for a chamber that did not merge."""
    old = tuple(sorted(o for o, (new, _) in contract.reform_map().items() if new == code))
    return old if len(old) > 1 and code not in old else ()


def chamber_profile(code: str, region: str, seed: int, size: int = 1) -> Chamber:
    """The chamber's lasting traits, drawn from (seed, code) only.

    A chamber born of the 2016 merger starts that year, with its predecessors' budgets
    together; its team stays within MAX_POSTS, like every chamber's.
    """
    rng = _rng(seed, _code_key(code))
    predecessors = merged_from(code)
    history = HISTORY.get(code, {})
    if predecessors:
        history = {"joined": REFORM, "structured": REFORM, "accounts_from": REFORM, **history}
        history.setdefault("founded", REFORM)
    founded = history.get("founded", int(rng.integers(1976, 1996)))
    joined = history.get("joined", min(founded + int(rng.integers(1, 5)), LATEST_GENERIC_JOIN))
    structured = history.get("structured", min(founded + 1, joined))
    accounts_from = history.get("accounts_from", founded)
    cress_from = int(rng.integers(2006, 2017))
    base_budget = float(np.exp(rng.uniform(np.log(220_000), np.log(1_400_000))))
    if "accounts_from" in history:  # chambers being set up start small
        base_budget = float(rng.uniform(200_000, 300_000))
    state_share = float(rng.uniform(0.12, 0.45))
    region_share = float(rng.uniform(0.15, min(0.70, 0.85 - state_share)))
    has_cdc = rng.random() < 0.55
    has_fse = rng.random() < 0.4
    other_weights = (
        float(rng.uniform(0.05, 0.30)) if has_fse else 0.0,  # fse
        float(rng.uniform(0.05, 0.25)),  # autres_collectivites
        float(rng.uniform(0.05, 0.15)),  # cotisations
        float(rng.uniform(0.0, 0.30)),  # prestations
        float(rng.uniform(0.05, 0.20)),  # partenariats_prives
        float(rng.uniform(0.0, 0.08)),  # autres_produits
    )
    cdc_share = float(rng.uniform(0.02, 0.08)) if has_cdc else 0.0
    board = int(rng.integers(15, 41))
    bureau = int(rng.integers(5, 11))
    return Chamber(
        code=code,
        founded=None if code in UNKNOWN_CREATION else founded,
        joined=joined,
        structured=structured,
        accounts_from=accounts_from,
        cress_from=cress_from,
        base_budget=base_budget,
        growth_bias=float(rng.uniform(0.5, 0.8)),
        state_share=state_share,
        region_share=region_share,
        other_weights=(cdc_share, *other_weights),
        round_grants_to=100_000 if rng.random() < 0.5 else 10_000,
        equity_ratio=float(rng.uniform(-0.08, 0.35)),
        convention_cr_from=int(rng.integers(2000, 2015)) if rng.random() < 0.7 else 9999,
        convention_cdc_from=int(rng.integers(2003, 2012))
        if has_cdc and rng.random() < 0.6
        else 9999,
        posts=_draw_posts(_rng(seed, _code_key(code), 6), size),
        members=_draw_members(_rng(seed, _code_key(code), 7), region),
        board_seats=board,
        bureau_seats=bureau,
        extra_delegates=int(rng.integers(10, 40)),
        predecessors=predecessors,
    )


def chambers(year: int, seed: int, size: int = 1) -> list[tuple[Chamber, str]]:
    """Every chamber of the network in `year`, with its official region name."""
    regions = contract.regions_for_year(year)
    return [
        (chamber_profile(code, name, seed, size), name)
        for code, name in regions.items()
        if code not in NO_CHAMBER
    ]


def _has_accounts(chamber: Chamber, year: int) -> bool:
    return year >= chamber.accounts_from


def budget(chamber: Chamber, year: int, seed: int) -> float:
    """Total income in `year`: a walk of ±3-12 % a year around the chamber's base size.

    A merged chamber starts from the sum of its predecessors' budgets of 2015.
    """
    if chamber.predecessors:
        value = sum(
            budget(chamber_profile(old, old, seed), REFORM - 1, seed)
            for old in chamber.predecessors
        )
        for y in range(REFORM, year + 1):
            rng = _rng(seed, _code_key(chamber.code), y, 1)
            change = rng.uniform(0.03, 0.12) * (1 if rng.random() < chamber.growth_bias else -1)
            value = value * (1 + change)
        return value
    value = chamber.base_budget
    years = (
        range(REFERENCE_YEAR + 1, year + 1)
        if year > REFERENCE_YEAR
        else range(REFERENCE_YEAR, year, -1)
    )
    for y in years:
        rng = _rng(seed, _code_key(chamber.code), y, 1)
        change = rng.uniform(0.03, 0.12) * (1 if rng.random() < chamber.growth_bias else -1)
        # Going backwards, the change of year y leads from y - 1 to y.
        value = value * (1 + change) if year > REFERENCE_YEAR else value / (1 + change)
        value = min(max(value, 200_000.0), 1_500_000.0)
    return value


# --- datasets ------------------------------------------------------------------------


def build_cres(year: int, seed: int = 2008) -> pd.DataFrame:
    """One row per region: name, membership of the national council, status."""
    rows = []
    for chamber, region in chambers(year, seed):
        prefix = "CRESS" if year >= chamber.cress_from else "CRES"
        known = chamber.founded is not None and chamber.founded <= year
        rows.append(
            {
                "code_region": chamber.code,
                "region": region,
                "nom_cres": f"{prefix} {region}",
                "adherent": "oui" if year >= chamber.joined else "non",
                "statut": "structuree" if year >= chamber.structured else "en_structuration",
                "annee_creation": chamber.founded if known else None,
            }
        )
    frame = pd.DataFrame(rows, columns=contract.column_names("cres"))
    frame["annee_creation"] = frame["annee_creation"].astype("Int64")
    return frame


def _income_lines(chamber: Chamber, year: int, seed: int) -> dict[str, int]:
    """The nine income lines in cents; the grants are round figures, the rest is not."""
    rng = _rng(seed, _code_key(chamber.code), year, 2)
    total = budget(chamber, year, seed)
    state = float(np.clip(chamber.state_share * rng.normal(1, 0.06), 0.10, 0.50))
    region = float(np.clip(chamber.region_share * rng.normal(1, 0.06), 0.10, 0.80))
    region = min(region, 0.88 - state)
    weights = np.array(chamber.other_weights) * rng.uniform(0.85, 1.15, len(chamber.other_weights))
    others = weights / weights.sum() * (1 - state - region)
    lines = dict(
        zip(
            (
                "subv_cdc",
                "fse",
                "autres_collectivites",
                "cotisations",
                "prestations",
                "partenariats_prives",
                "autres_produits",
            ),
            (_cents(total * share) for share in others),
            strict=True,
        )
    )
    unit = chamber.round_grants_to
    for name, share in (("subv_conseil_regional", region), ("subv_etat", state)):
        lines[name] = int(round(total * share * 100 / unit)) * unit
    lines["subv_cdc"] = int(round(lines["subv_cdc"] / 50_000)) * 50_000  # 500 € steps
    lines["fse"] = int(round(lines["fse"] / 100)) * 100  # whole euros
    return {name: lines[name] for name in contract.INCOME_LINES}


def build_finances(year: int, seed: int = 2008) -> pd.DataFrame:
    """Accounts of the chambers that answered; totals and result consistent to the cent."""
    rows = []
    for chamber, _ in chambers(year, seed):
        if not _has_accounts(chamber, year):
            continue
        rng = _rng(seed, _code_key(chamber.code), year, 3)
        lines = _income_lines(chamber, year, seed)
        produits = sum(lines.values())
        charges = _cents(_euros(produits) * (1 + rng.normal(0.005, 0.035)))
        equity = _cents(_euros(produits) * (chamber.equity_ratio + rng.normal(0, 0.03)))
        cash = equity + _cents(_euros(produits) * rng.uniform(-0.05, 0.25))
        row = {name: _euros(cents) for name, cents in lines.items()}
        row.update(
            code_region=chamber.code,
            total_produits=_euros(produits),
            total_charges=_euros(charges),
            resultat=_euros(produits - charges),
            fonds_propres=_euros(equity),
            tresorerie=_euros(cash),
            convention_conseil_regional="oui" if year >= chamber.convention_cr_from else "non",
            convention_cdc="oui"
            if year >= chamber.convention_cdc_from and lines["subv_cdc"] > 0
            else "non",
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=contract.column_names("finances"))


def build_rh(year: int, seed: int = 2008, size: int = 1) -> pd.DataFrame:
    """Posts on 31 December: the chamber's first n hires, n growing with its budget."""
    rows = []
    for chamber, _ in chambers(year, seed, size):
        if not _has_accounts(chamber, year):
            continue
        # At most MAX_POSTS, merged chambers too: a profile lists its team on its two pages.
        posts = int(np.clip(round(budget(chamber, year, seed) / BUDGET_PER_POST), 1, MAX_POSTS))
        for title, fonction, contrat, etp, lender in chamber.posts[: posts * size]:
            rows.append(
                {
                    "code_region": chamber.code,
                    "poste": title,
                    "fonction": fonction,
                    "contrat": contrat,
                    "etp": etp,
                    "mis_a_disposition_par": lender or None,
                }
            )
    return pd.DataFrame(rows, columns=contract.column_names("rh"))


def _person(rng: np.random.Generator) -> str | None:
    if rng.random() < NO_REPRESENTATIVE:
        return None
    first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
    return f"{first} {LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]}"


def _seats(
    chamber: Chamber, year: int, seed: int, size: int
) -> list[tuple[str, Organisation, str]]:
    """(instance, organisation, fonction) of every seat; one president, in the bureau.

    Seats are consistent as the gouvernance suite requires: the bureau sits within a larger
    board, and every board seat is held by an organisation with as many assembly seats.
    """
    rng = _rng(seed, _code_key(chamber.code), year, 4)
    members = chamber.members
    bureau = int(np.clip(chamber.bureau_seats + rng.integers(-1, 2), 5, min(10, len(members) - 3)))
    if not _has_accounts(chamber, year):  # a founding bureau, board and assembly
        founding = [
            ("bureau", members[i], BUREAU_ROLES[i] if i < len(BUREAU_ROLES) else "membre")
            for i in range(5)
        ]
        founding += [("ca", members[i], "membre") for i in range(5, 9)]
        return founding + [("ag", organisation, "membre") for organisation in members[:12]]
    board = int(np.clip(chamber.board_seats + rng.integers(-2, 3), 15, 40))
    # The presidency rotates among the bureau every four years.
    first = (year // 4) % bureau
    bureau_orgs = [members[(first + i) % bureau] for i in range(bureau)]
    vice_presidents = 1 + int(rng.random() < 0.5)
    roles = ["president"] + ["vice_president"] * vice_presidents + ["tresorier", "secretaire"]
    seats = []
    for copy in range(size):
        for i, organisation in enumerate(bureau_orgs):
            role = roles[i] if copy == 0 and i < len(roles) else "membre"
            seats.append(("bureau", organisation, role))
        # Big members hold two board seats when the colleges have more seats than members.
        others = members[bureau:]
        seats += [("ca", others[i % len(others)], "membre") for i in range(board - bureau)]
        extra = board + chamber.extra_delegates - len(members)
        delegates = [members[int(i)] for i in rng.choice(len(members), max(extra, 0))]
        seats += [("ag", organisation, "membre") for organisation in (*members, *delegates)]
    # An organisation sends to the assembly at least as many delegates as it has board seats.
    board_seats = Counter(o for body, o, _ in seats if body != "ag")
    assembly_seats = Counter(o for body, o, _ in seats if body == "ag")
    for organisation in dict.fromkeys(o for body, o, _ in seats if body != "ag"):
        missing = board_seats[organisation] - assembly_seats[organisation]
        seats += [("ag", organisation, "membre")] * max(missing, 0)
    return seats


def build_gouvernance(year: int, seed: int = 2008, size: int = 1) -> pd.DataFrame:
    """Seats in the general assembly, board and bureau, with (fake) representatives."""
    rows = []
    for chamber, _ in chambers(year, seed):
        names = _rng(seed, _code_key(chamber.code), year, 5)
        for instance, organisation, fonction in _seats(chamber, year, seed, size):
            rows.append(
                {
                    "code_region": chamber.code,
                    "instance": instance,
                    "organisation": organisation.name,
                    "famille": organisation.famille,
                    "groupement": organisation.groupement or None,
                    "fonction": fonction,
                    "representant": _person(names),
                }
            )
    return pd.DataFrame(rows, columns=contract.column_names("gouvernance"))


def build_year(year: int, seed: int = 2008, size: int = 1) -> dict[str, pd.DataFrame]:
    """The four datasets of one year, in contract order."""
    return {
        "cres": build_cres(year, seed),
        "finances": build_finances(year, seed),
        "rh": build_rh(year, seed, size),
        "gouvernance": build_gouvernance(year, seed, size),
    }


# --- cell formatting -----------------------------------------------------------------


@dataclass(frozen=True)
class CsvStyle:
    """How one spreadsheet program writes a CSV file."""

    encoding: str = "utf-8"
    delimiter: str = ","
    decimal: str = "."
    thousands: tuple[str, ...] = ("",)  # separators drawn from, cell by cell
    euro_suffix: bool = False
    booleans: dict[str, tuple[str, ...]] | None = None  # "oui"/"non" -> spellings drawn from
    lineterminator: str = "\n"
    french_dates: bool = False  # 19/06/2008 rather than 2008-06-19


PLAIN = CsvStyle()
EXCEL_1252 = CsvStyle(
    encoding="cp1252",
    delimiter=";",
    decimal=",",
    thousands=(" ", "\u00a0"),
    euro_suffix=True,
    booleans={"oui": ("oui", "OUI", "Oui"), "non": ("non", "Non", "NON")},
    lineterminator="\r\n",
    french_dates=True,
)
UTF8_BOM = CsvStyle(
    encoding="utf-8-sig",
    delimiter=";",
    decimal=",",
    thousands=("\u202f", ""),
)

# Year -> dataset -> format; years not listed are written as PLAIN csv.
YEAR_FORMATS: dict[int, dict[str, CsvStyle | str]] = {
    2007: {dataset: PLAIN for dataset in config.REQUIRED_DATASETS},
    2008: {"cres": EXCEL_1252, "finances": EXCEL_1252, "rh": EXCEL_1252, "gouvernance": "xlsx"},
    2009: {"cres": UTF8_BOM, "finances": "xlsx", "rh": UTF8_BOM, "gouvernance": UTF8_BOM},
}


def format_number(value: float, style: CsvStyle, thousands: str = "", euro: bool = False) -> str:
    """`1234.5` -> `1 234,50 €`: two decimals when there are cents, none otherwise."""
    cents = _cents(value)
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    digits = f"{units:,}".replace(",", thousands)
    text = f"{sign}{digits}{style.decimal}{rest:02d}" if rest else f"{sign}{digits}"
    return f"{text} €" if euro else text


def format_fraction(value: float, style: CsvStyle) -> str:
    """Full-time equivalents: `0.8` -> `0,8`, `1.0` -> `1`."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", style.decimal)


def format_cell(
    value: object, column: contract.Column, style: CsvStyle, rng: np.random.Generator
) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if column.kind == contract.NUMBER and column.name in ("etp", "jours"):
        return format_fraction(float(value), style)
    if column.kind == contract.DATE:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return day.strftime("%d/%m/%Y") if style.french_dates else day.isoformat()
    if column.kind == contract.NUMBER:
        thousands = style.thousands[int(rng.integers(len(style.thousands)))]
        return format_number(float(value), style, thousands, style.euro_suffix)
    if column.kind == contract.INTEGER:
        return str(int(value))
    if column.kind == contract.BOOL and style.booleans:
        spellings = style.booleans[str(value)]
        return spellings[int(rng.integers(len(spellings)))]
    return str(value)


# --- the survey (contract version 2) ---------------------------------------------------


@dataclass(frozen=True)
class SurveyYear:
    """How a year's responses came back: who did not answer, what was left empty, how saved."""

    missing: tuple[str, ...] = ()  # chambers that sent nothing
    empty: dict[str, tuple[str, ...]] | None = None  # code -> datasets whose sheet is empty
    ods: tuple[str, ...] = ()  # saved by LibreOffice as .ods
    liberties: tuple[str, ...] = ()  # moved and blank rows, spaces, case, numbers as text


SURVEY_YEARS: dict[int, SurveyYear] = {
    2009: SurveyYear(
        ods=("24", "73", "91"),
        liberties=("53", "82", "24", "26"),
    ),
    2010: SurveyYear(
        missing=("03", "21", "43", "74", "94"),
        empty={"31": ("finances",), "54": ("activites", "relations_cpca")},
        ods=("25", "52"),
        liberties=("11", "72"),
    ),
    # Across the 2016 reform: 26 chambers on the old map, then 17 on the new one.
    2015: SurveyYear(empty={"74": ("rh",)}, ods=("53",), liberties=("82",)),
    2016: SurveyYear(ods=("27",), liberties=("44", "11")),
    2017: SurveyYear(missing=("03",), liberties=("75",)),
}
ACTIONS = (
    ("Mois de l'ESS {year} : coordination des manifestations en région", "mois_ess"),
    ("Forum régional de l'économie sociale et solidaire", "promotion"),
    ("Accompagnement des porteurs de projets de l'ESS", "developpement_economique"),
    ("Rencontres emploi et formation des employeurs de l'ESS", "emploi_formation"),
    ("Formation des élus régionaux à l'ESS", "promotion"),
    ("Achats socialement responsables : club des acheteurs publics", "developpement_economique"),
    ("Tableau de bord régional de l'emploi dans l'ESS", "observation"),
    ("Échanges avec une région partenaire européenne", "europe_international"),
    ("Prix régional de l'innovation sociale", "promotion"),
    ("Appui aux dispositifs locaux d'accompagnement (DLA)", "emploi_formation"),
)
PROJECTS = (
    ("Création d'un observatoire régional de l'ESS", "observation"),
    ("Plan régional de développement de l'ESS", "developpement_economique"),
    ("Programme européen de coopération", "europe_international"),
    ("Guide des métiers de l'ESS", "emploi_formation"),
)
PRODUCTIONS = (
    ("Panorama de l'ESS en région", "observation"),
    ("Guide des financements solidaires", "developpement_economique"),
    ("Site internet de la chambre", "promotion"),
    ("Étude sur les besoins de formation des salariés de l'ESS", "emploi_formation"),
    ("Annuaire des structures de l'ESS", "promotion"),
)
FUNDERS = (
    "Conseil régional",
    "Conseil régional, Caisse des Dépôts",
    "État (DIIESES)",
    "Fonds social européen",
    "Fonds propres",
)
OBSERVATORY_PARTNERS = ("INSEE, conseil régional", "INSEE, CRCI", "Université, conseil régional")


def build_survey_year(year: int, seed: int = 2008, size: int = 1) -> dict[str, pd.DataFrame]:
    """The five datasets of contract version 2, for every chamber of the network."""
    rows: dict[str, list[dict]] = {d: [] for d in config.OPTIONAL_DATASETS}
    rh = build_rh(year, seed, size)
    for chamber, _ in chambers(year, seed, size):
        code = chamber.code
        rng = _rng(seed, _code_key(code), year, 10)
        stable = _rng(seed, _code_key(code), 11)  # what does not change from year to year
        rows["vie_statutaire"].append(
            {
                "code_region": code,
                "nombre_ag": 1 + int(rng.random() < 0.15),
                "nombre_ca": int(rng.integers(3, 9)),
                "nombre_bureau": int(rng.integers(4, 13)),
                "participants_ag": float(rng.integers(25, 130)) if rng.random() < 0.8 else None,
                "adherents": len(chamber.members) + int(rng.integers(5, 90)),
            }
        )
        picked = rng.permutation(len(ACTIONS))[: int(rng.integers(3, 7))]
        for kind, items, count in (
            ("action", ACTIONS, len(picked)),
            ("projet", PROJECTS, int(rng.integers(1, 3))),
            ("production", PRODUCTIONS, int(rng.integers(0, 3))),
        ):
            order = picked if kind == "action" else rng.permutation(len(items))[:count]
            for index in order:
                title, theme = items[int(index)]
                rows["activites"].append(
                    {
                        "code_region": code,
                        "type": kind,
                        "intitule": title.format(year=year),
                        "theme": theme,
                        "annee": year - int(rng.integers(0, 2)) if kind == "production" else None,
                    }
                )
        observers = rh[(rh["code_region"] == code) & (rh["fonction"] == "observatoire")]
        founded = 2002 + int(stable.integers(0, 7))
        status = (
            "oui"
            if len(observers) and founded <= year
            else ("en_projet" if stable.random() < 0.5 else "non")
        )
        rows["observatoire"].append(
            {
                "code_region": code,
                "statut_observatoire": status,
                "annee_creation": founded if status == "oui" else None,
                "etp": float(observers["etp"].sum()) if status == "oui" else None,
                "publications": int(rng.integers(1, 7)) if status == "oui" else None,
                "partenaires": OBSERVATORY_PARTNERS[int(stable.integers(3))]
                if status == "oui"
                else None,
            }
        )
        for mission in questionnaire.load().codes("missions"):
            done = mission in ("representation", "promotion") or stable.random() < 0.6
            if mission == "observation":
                done = status == "oui"
            rows["missions"].append(
                {
                    "code_region": code,
                    "mission": mission,
                    "exercee": "oui" if done else "non",
                    "financeurs": FUNDERS[int(rng.integers(len(FUNDERS)))] if done else None,
                    "etp": round(float(rng.uniform(0.1, 1.5)), 1) if done else None,
                }
            )
        member = stable.random() < 0.6
        rows["relations_cpca"].append(
            {
                "code_region": code,
                "cpca_membre": "oui" if member else "non",
                "membre_de_cpca": "oui" if stable.random() < 0.4 else "non",
                "convention": "oui" if member and stable.random() < 0.5 else "non",
                "locaux_partages": "oui" if stable.random() < 0.2 else "non",
                "actions_communes": "Mois de l'ESS, forum des associations"
                if member and rng.random() < 0.7
                else None,
            }
        )
    return {d: pd.DataFrame(r, columns=contract.column_names(d)) for d, r in rows.items()}


def _records(frames: dict[str, pd.DataFrame], code: str) -> dict[str, list[dict]]:
    """The chamber's rows of every survey dataset, as the workbook writer takes them."""
    found = {}
    for dataset in config.CHAMBER_DATASETS:
        frame = frames[dataset]
        rows = frame[frame["code_region"] == code].drop(columns="code_region")
        found[dataset] = [
            {k: None if pd.isna(v) else v for k, v in r.items()} for r in rows.to_dict("records")
        ]
    return found


def fill_workbook(book, records: dict[str, list[dict]]) -> None:
    """Types every answer of `records` into a questionnaire workbook, as a chamber would."""
    from cres_reports.ingest.responses import ENQUETE, YEAR_LABEL, confirm_label

    enquete = book[ENQUETE]
    year = next(
        int(enquete.cell(r, 2).value)
        for r in range(1, enquete.max_row + 1)
        if enquete.cell(r, 1).value == YEAR_LABEL
    )
    form = questionnaire.for_year(year)  # the labels of the workbook's own year
    for sheet in form.sheets:
        target = book[sheet.title]
        rows = records.get(sheet.dataset, [])
        confirm = target.cell(survey_workbook.CONFIRM_ROW, 1).value
        if isinstance(confirm, str) and confirm.startswith(confirm_label(year)):
            target.cell(survey_workbook.CONFIRM_ROW, 2).value = "Oui"  # a pre-filled sheet
        if sheet.kind == questionnaire.QUESTIONS:
            labels = {target.cell(r, 1).value: r for r in range(1, target.max_row + 1)}
            answers = rows[0] if rows else {}
            for question in sheet.questions:
                value = answers.get(question.name)
                target.cell(labels[question.label], 2).value = survey_workbook._shown(
                    question, value
                )
            continue
        first = survey_workbook.FIRST_ROW + 1
        if sheet.rows:  # pre-printed rows: answer on the row of each item
            key = sheet.questions[0]
            printed = {target.cell(r, 1).value: r for r in range(first, target.max_row + 1)}
            for record in rows:
                row = printed[survey_workbook._shown(key, record[key.name])]
                for column, question in enumerate(sheet.questions[1:], start=2):
                    target.cell(row, column).value = survey_workbook._shown(
                        question, record.get(question.name)
                    )
            continue
        for row in range(first, target.max_row + 1):
            for column in range(1, len(sheet.questions) + 1):
                target.cell(row, column).value = None
        for offset, record in enumerate(rows):
            for column, question in enumerate(sheet.questions, start=1):
                target.cell(first + offset, column).value = survey_workbook._shown(
                    question, record.get(question.name)
                )


def take_liberties(book, rng: np.random.Generator) -> None:
    """What people do to spreadsheets: moved and blank rows, spaces, case, numbers as text."""
    comptes = book["Comptes"]
    first = survey_workbook.FIRST_ROW
    count = len(questionnaire.load().sheet("finances").questions)
    cells = [
        (comptes.cell(r, 1).value, comptes.cell(r, 2).value) for r in range(first, first + count)
    ]
    order = list(range(count))
    order.append(order.pop(9))  # "Total des produits" moved to the bottom
    for blank in range(first, first + count + 2):
        comptes.cell(blank, 1).value = comptes.cell(blank, 2).value = None
    row = first
    for position, index in enumerate(order):
        label, value = cells[index]
        if position == 4:
            row += 2  # two blank rows in the middle
        if position == 2:
            label = f"{label}   "  # trailing spaces
        if position == 6:
            label = label.upper()  # another case
        if isinstance(value, (int, float)) and position in (0, 5) and value >= 1000:
            value = format_number(float(value), CsvStyle(decimal=","), "\u00a0", euro=True)
        comptes.cell(row, 1).value, comptes.cell(row, 2).value = label, value
        row += 1
    team = book["Équipe"]
    for r in range(first + 1, team.max_row + 1):
        if isinstance(team.cell(r, 3).value, str):
            team.cell(r, 3).value = team.cell(r, 3).value + " "  # `CDI `, picked then padded
    if rng.random() < 0.5:
        team.insert_rows(1, 2)  # the header two rows lower
        team.cell(1, 1).value = "Mise à jour du " + "15 février"


def _ods_cell(value):
    from odf.table import TableCell
    from odf.text import P

    if value is None:
        return TableCell()
    if isinstance(value, bool):
        return TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    if isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=repr(float(value)).removesuffix(".0"))
        cell.addElement(P(text=str(value)))
        return cell
    cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def save_ods(book, path: Path, stamp: dt.datetime) -> Path:
    """The workbook's values as LibreOffice would save them in .ods, with identical bytes."""
    from odf import dc, meta
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import Table, TableColumn, TableRow

    document = OpenDocumentSpreadsheet()
    hidden = Style(name="hidden", family="table")
    hidden.addElement(TableProperties(display="false"))
    document.automaticstyles.addElement(hidden)
    for sheet in book.worksheets:
        table = Table(name=sheet.title)
        if sheet.sheet_state != "visible":
            table.setAttribute("stylename", hidden)
        width = max(sheet.max_column, 1)
        table.addElement(TableColumn(numbercolumnsrepeated=width))
        for r in range(1, sheet.max_row + 1):
            row = TableRow()
            for c in range(1, width + 1):
                row.addElement(_ods_cell(sheet.cell(r, c).value))
            table.addElement(row)
        document.spreadsheet.addElement(table)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%S")
    document.meta.addElement(meta.Generator(text="LibreOffice/3.2$Linux"))
    document.meta.addElement(meta.CreationDate(text=iso))
    document.meta.addElement(dc.Date(text=iso))
    buffer = io.BytesIO()
    document.write(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        names = sorted(source.namelist(), key=lambda n: (n != "mimetype", n))
        for name in names:  # mimetype first and stored, as the format requires
            entry = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, _fixed_namespaces(source.read(name)))
    path.write_bytes(out.getvalue())
    return path


def _fixed_namespaces(xml: bytes) -> bytes:
    """odfpy declares on the root the namespaces its process has met so far (reading another
    file adds `ns<n>` ones): declare its own, all of them, and no other."""
    from odf.namespaces import nsdict

    if not xml.startswith(b"<?xml"):
        return xml
    known = sorted((u, p) for u, p in nsdict.items() if not re.fullmatch(r"ns[0-9]+", p))
    declared = "".join(f' xmlns:{prefix}="{uri}"' for uri, prefix in known)
    head, _, rest = xml.partition(b"?>")
    rest = re.sub(
        rb"^(\s*<[\w:-]+)((?:\s+xmlns:[\w-]+=\"[^\"]*\")+)",
        lambda m: m.group(1) + declared.encode(),
        rest,
        count=1,
    )
    return head + b"?>" + rest


RESPONSE_NAMES = (
    "enquete-{year}-{code}-{slug}",  # as sent
    "Enquête {year} {name} (réponse)",
    "reponse_{code}_{year}",
    "{slug}-enquete-cncres",
)


def write_responses(
    folder: Path, year: int, survey: SurveyYear, seed: int = 2008, size: int = 1
) -> list[Path]:
    """The workbooks returned by the chambers: prepared questionnaires, filled, saved."""
    folder.mkdir(parents=True, exist_ok=True)
    frames = {**build_year(year, seed, size), **build_survey_year(year, seed, size)}
    cres = frames["cres"]
    written = []
    for chamber in cres.itertuples(index=False):
        code = str(chamber.code_region)
        if code in survey.missing:
            continue
        rng = _rng(seed, _code_key(code), year, 12)
        book = survey_workbook.build(year, code, chamber.nom_cres, chamber.region, {}, year - 1)
        records = _records(frames, code)
        for dataset in (survey.empty or {}).get(code, ()):
            records[dataset] = []
        fill_workbook(book, records)
        if code in survey.liberties:
            take_liberties(book, rng)
        saved = dt.datetime(year + 1, 2, 1, 9, 0) + dt.timedelta(
            days=int(rng.integers(0, 100)), minutes=int(rng.integers(0, 600))
        )
        pattern = RESPONSE_NAMES[int(rng.integers(len(RESPONSE_NAMES)))]
        stem = pattern.format(
            year=year, code=code, slug=slug(chamber.region), name=chamber.nom_cres
        )
        if code in survey.ods:
            written.append(save_ods(book, folder / f"{stem}.ods", saved))
        else:
            written.append(survey_workbook.save(book, folder / f"{stem}.xlsx", saved))
    return written


# --- the council's own activity (docs/council-contract.md) ---------------------------

# 2008 carries the figures of the council's 2008 activity report (the contract's reference
# figures); the other years are drawn around them.
# Bodies where the council holds seats: (organisme, instance, seats, meetings, attended).
REPRESENTATION_2008 = (
    # CSES: plenary sessions and bureaux 3, working groups 17, attendance 80 % (16 of 20).
    ("CSES", "plénières et bureaux", 2, 3, 3),
    ("CSES", "groupes de travail", 1, 17, 13),
    # CEGES: board 5 and bureau 9 meetings, attendance 100 %.
    ("CEGES", "conseil d'administration", 1, 5, 5),
    ("CEGES", "bureau", 1, 9, 9),
    # The strategy committee: 13 meetings, « 90 % ». No count of meetings attended out of 13
    # gives 90 % (12 of 13 is 92 %, 11 of 13 is 85 %): the report's 90 % is read as the rate
    # of its plenary sittings (9 of 10), its 13 meetings as all its meetings, the 3 seminars
    # too (attended: 12 of 13 together). Named as the contract names the Europe commission,
    # after the body it belongs to, since the report lists it among the CEGES's bodies.
    ("Comité stratégique du CEGES", "séances plénières", 1, 10, 9),
    ("Comité stratégique du CEGES", "séminaires", 1, 3, 3),
    # CEGES Europe commission: 3 meetings, 33 % (1 of 3).
    ("Commission Europe du CEGES", "réunions de la commission", 1, 3, 1),
)
WORKING_GROUPS = (
    "GT observation",
    "GT financement des CRES",
    "GT Mois de l'ESS",
    "GT communication",
    "GT Europe",
    "GT emploi et formation",
)
EXCHANGE_DAYS = ("JEM financement", "JEM observation", "JEM emploi", "JEM achats responsables")
SEMINARS = ("Séminaire des présidents", "Séminaire stratégique du réseau")
TRAININGS = ("Formation des chargés de mission observation", "Formation à la comptabilité")
# The council's income and expense lines (poste), and their share of its budget.
COUNCIL_INCOME = (
    ("Subvention de l'État (DIIESES)", 0.45),
    ("Caisse des Dépôts", 0.20),
    ("Cotisations des CRES", 0.12),
    ("Partenaires de l'ESS (Macif, Crédit coopératif, Chorum)", 0.15),
    ("Prestations et produits divers", 0.08),
)
COUNCIL_EXPENSES = (
    ("Salaires et charges", 0.55),
    ("Loyer et charges locatives", 0.08),
    ("Déplacements et réunions du réseau", 0.14),
    ("Mois de l'ESS : communication nationale", 0.12),
    ("Honoraires et prestations", 0.07),
    ("Autres charges", 0.04),
)
COUNCIL_BUDGET_2008 = 620_000.0


def _meeting(kind: str, title: str, day: dt.date, days: float, people: int, codes) -> dict:
    return {
        "type": kind,
        "intitule": title,
        "date": day,
        "jours": days,
        "participants": people,
        "chambres": ";".join(sorted(codes)) or None,
    }


def _days_of(year: int, rng: np.random.Generator, count: int) -> list[dt.date]:
    """`count` distinct working days of `year`, in order (none in August)."""
    days: set[dt.date] = set()
    while len(days) < count:
        day = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        if day.year == year and day.weekday() < 5 and day.month != 8:
            days.add(day)
    return sorted(days)


def _some(rng: np.random.Generator, codes: list[str], count: int) -> list[str]:
    count = max(0, min(count, len(codes)))
    return [codes[int(i)] for i in rng.permutation(len(codes))[:count]]


def _meetings_2008(members: list[str]) -> list[dict]:
    """The 2008 report's meetings: CA 5 (17 on average), DIRCRES 4 (6 days, 17 on average),
    12 working groups, 2 general assemblies (44 participants, 20 chambers), bureau 6."""
    rng = _rng(2008, 2008, 30)
    rows = []
    # General assemblies: the extraordinary one, then the ordinary one, the same day and
    # with the same people: the report's « 44 participants (20 chambres) » is read as each
    # assembly's attendance (an average of 44), not as a sum of the two (which would count
    # the same people twice); the 20 chambers represented are the same at both.
    present = _some(rng, members, 20)
    assembly = dt.date(2008, 6, 19)
    rows.append(
        _meeting(
            "assemblee_generale", "Assemblée générale extraordinaire", assembly, 0.5, 44, present
        )
    )
    rows.append(
        _meeting("assemblee_generale", "Assemblée générale ordinaire", assembly, 0.5, 44, present)
    )
    for day, people in zip(_days_of(2008, rng, 5), (18, 16, 17, 19, 15), strict=True):  # 85 / 5
        board = _some(rng, members, int(rng.integers(10, 15)))
        rows.append(
            _meeting("conseil_administration", "Conseil d'administration", day, 1, people, board)
        )
    for day, people in zip(_days_of(2008, rng, 6), (6, 7, 5, 6, 6, 6), strict=True):  # 6 of 7
        rows.append(_meeting("bureau", "Bureau", day, 0.5, people, _some(rng, members, 4)))
    dircres = zip(_days_of(2008, rng, 4), (2, 1, 2, 1), (18, 16, 17, 17), strict=True)
    for day, days, people in dircres:  # 6 days, 68 participants / 4
        directors = _some(rng, members, people - 1)  # the council's director, and theirs
        rows.append(_meeting("dircres", "Réunion des directeurs", day, days, people, directors))
    for number, day in enumerate(_days_of(2008, rng, 12)):
        title = WORKING_GROUPS[number % len(WORKING_GROUPS)]
        people = int(rng.integers(6, 13))
        rows.append(
            _meeting(
                "groupe_travail",
                title,
                day,
                1 if number % 3 else 0.5,
                people,
                _some(rng, members, people - 2),
            )
        )
    for title, day in zip(EXCHANGE_DAYS[:2], _days_of(2008, rng, 2), strict=True):
        people = int(rng.integers(20, 35))
        rows.append(_meeting("journee_echange", title, day, 1, people, _some(rng, members, 12)))
    return sorted(rows, key=lambda r: (r["date"], r["type"]))


def _meetings(year: int, members: list[str], seed: int) -> list[dict]:
    """Another year's meetings, drawn around 2008's."""
    rng = _rng(seed, year, 30)
    rows = []
    assembly = _days_of(year, rng, 1)[0]
    rows.append(
        _meeting(
            "assemblee_generale",
            "Assemblée générale ordinaire",
            assembly,
            1,
            int(rng.integers(35, 55)),
            _some(rng, members, len(members) - int(rng.integers(1, 6))),
        )
    )
    plan = (
        ("conseil_administration", ("Conseil d'administration",), int(rng.integers(4, 7)), 1),
        ("bureau", ("Bureau",), int(rng.integers(5, 9)), 0.5),
        ("dircres", ("Réunion des directeurs",), int(rng.integers(3, 6)), 1.5),
        ("groupe_travail", WORKING_GROUPS, int(rng.integers(8, 16)), 1),
        ("journee_echange", EXCHANGE_DAYS, int(rng.integers(1, 4)), 1),
        ("seminaire", SEMINARS, int(rng.integers(0, 2)), 2),
        ("formation", TRAININGS, int(rng.integers(0, 3)), 1),
    )
    for kind, titles, count, days in plan:
        for number, day in enumerate(_days_of(year, rng, count)):
            people = int(rng.integers(6, 25))
            share = int(rng.integers(3, max(len(members) // 2, 4)))
            rows.append(
                _meeting(
                    kind,
                    titles[number % len(titles)],
                    day,
                    days,
                    people,
                    _some(rng, members, share),
                )
            )
    return sorted(rows, key=lambda r: (r["date"], r["type"]))


def _representation(year: int, seed: int) -> list[dict]:
    rows = []
    for organisation, body, seats, meetings, attended in REPRESENTATION_2008:
        if year != REFERENCE_YEAR:
            rng = _rng(seed, year, 31, len(rows))
            meetings = max(0, meetings + int(rng.integers(-2, 3)))
            attended = min(meetings, max(0, attended + int(rng.integers(-2, 2))))
        rows.append(
            {
                "organisme": organisation,
                "instance": body,
                "sieges": seats,
                "reunions": meetings,
                "presences": attended,
            }
        )
    return rows


def _mois_ess(year: int, members: list[str], seed: int) -> list[dict]:
    """The regions taking part in the Mois de l'ESS (nationwide from 2008; fewer before)."""
    rng = _rng(seed, year, 32)
    share = 0.85 if year >= REFERENCE_YEAR else 0.4
    rows = []
    for code in sorted(members):
        if rng.random() >= share:
            continue
        events = int(rng.integers(15, 160))
        rows.append(
            {
                "code_region": code,
                "manifestations": events,
                "organisateurs": max(1, int(events * rng.uniform(0.5, 0.9))),
                "retombees_presse": int(rng.integers(3, 60)),
            }
        )
    return rows


def _council_accounts(year: int, seed: int) -> list[dict]:
    rng = _rng(seed, year, 33)
    size = COUNCIL_BUDGET_2008 * (1 + 0.04 * (year - REFERENCE_YEAR))
    rows = []
    for side, lines, scale in (
        ("produit", COUNCIL_INCOME, 1.0),
        ("charge", COUNCIL_EXPENSES, float(rng.uniform(0.96, 1.03))),
    ):
        for poste, part in lines:
            amount = size * scale * part * float(rng.uniform(0.9, 1.1))
            rows.append({"sens": side, "poste": poste, "montant": round(amount, 2)})
    return rows


def build_council(year: int, seed: int = 2008) -> dict[str, pd.DataFrame]:
    """The council's own datasets of `year`: the 2008 report's figures in 2008."""
    cres = build_cres(year, seed)
    members = [str(c) for c in cres.loc[cres["adherent"] == "oui", "code_region"]]
    meetings = _meetings_2008(members) if year == REFERENCE_YEAR else _meetings(year, members, seed)
    rows = {
        "representation": _representation(year, seed),
        "reunions": meetings,
        "mois_ess": _mois_ess(year, members, seed),
        "comptes_conseil": _council_accounts(year, seed),
    }
    return {d: pd.DataFrame(rows[d], columns=contract.column_names(d)) for d in rows}


# Year -> how the analyst kept the council's files; years not listed: plain CSV files.
COUNCIL_FORMATS: dict[int, CsvStyle | str] = {2008: EXCEL_1252, 2009: "xlsx"}


def write_council(folder: Path, year: int, seed: int = 2008) -> list[Path]:
    """`conseil/`: a CSV file per dataset, or one workbook `conseil.xlsx` of four sheets."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in [*(f"{d}.csv" for d in config.COUNCIL_DATASETS), config.COUNCIL_WORKBOOK]:
        (folder / stale).unlink(missing_ok=True)
    frames = build_council(year, seed)
    style = COUNCIL_FORMATS.get(year, PLAIN)
    if style == "xlsx":
        workbook = Workbook()
        workbook.remove(workbook.active)
        for dataset, frame in frames.items():
            columns = contract.SCHEMAS[dataset]
            sheet = workbook.create_sheet(dataset)
            sheet.append([c.name for c in columns])
            for record in frame.itertuples(index=False):
                sheet.append([_xlsx_value(v, c) for v, c in zip(record, columns, strict=True)])
            for index, column in enumerate(columns, start=1):
                cells = sheet.iter_rows(min_row=2, min_col=index, max_col=index)
                for (cell,) in cells:
                    if column.kind == contract.CODE or column.name == "chambres":
                        cell.number_format = "@"
                    elif column.kind == contract.DATE:
                        cell.number_format = "DD/MM/YYYY"
        stamp = dt.datetime(year + 1, 1, 31, 12, 0, 0)
        path = folder / config.COUNCIL_WORKBOOK
        return [survey_workbook.save(workbook, path, stamp, generator=GENERATOR)]
    assert isinstance(style, CsvStyle)
    return [
        write_csv(frame, dataset, folder / f"{dataset}.csv", style, _rng(seed, year, index, 34))
        for index, (dataset, frame) in enumerate(frames.items())
    ]


# --- writers -------------------------------------------------------------------------


def write_csv(
    frame: pd.DataFrame, dataset: str, path: Path, style: CsvStyle, rng: np.random.Generator
) -> Path:
    """Writes the frame as the given spreadsheet program would, column order of the contract."""
    columns = contract.SCHEMAS[dataset]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator=style.lineterminator)
    writer.writerow([c.name for c in columns])
    for record in frame.itertuples(index=False):
        writer.writerow(
            [format_cell(v, c, style, rng) for v, c in zip(record, columns, strict=True)]
        )
    path.write_bytes(buffer.getvalue().encode(style.encoding))
    return path


def _xlsx_value(value: object, column: contract.Column) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if column.kind == contract.NUMBER:
        number = float(value)
        return int(number) if number.is_integer() else number
    if column.kind == contract.INTEGER:
        return int(value)
    if column.kind == contract.DATE:  # a date cell, as a spreadsheet stores it
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return dt.datetime(day.year, day.month, day.day)
    return str(value)


def write_xlsx(frame: pd.DataFrame, dataset: str, path: Path, year: int) -> Path:
    """First sheet, header on row 1, codes as text cells ("01"), amounts as numbers."""
    columns = contract.SCHEMAS[dataset]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = dataset
    sheet.append([c.name for c in columns])
    for record in frame.itertuples(index=False):
        sheet.append([_xlsx_value(v, c) for v, c in zip(record, columns, strict=True)])
    for index, column in enumerate(columns, start=1):
        if column.kind == contract.CODE:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "@"
    stamp = dt.datetime(year + 1, 3, 31, 12, 0, 0)  # accounts are closed the next spring
    return survey_workbook.save(workbook, path, stamp, generator=GENERATOR)


def manifest(year: int, seed: int, size: int) -> str:
    """The year's manifest; a flat-file year states its cut-off date (a survey year's is the
    last response saved)."""
    document = {
        "year": year,
        "demonstration": True,
        "description": DESCRIPTION,
        "generator": GENERATOR,
        "seed": seed,
        "size": size,
    }
    if year not in SURVEY_YEARS:
        document["arrete_au"] = f"{year + 1}-03-31"  # accounts are closed the next spring
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_year(raw_root: Path, year: int, seed: int = 2008, size: int = 1) -> list[Path]:
    """Writes one year: four flat files, or cres and the survey's responses; the council's own
    files (`conseil/`); and the manifest."""
    folder = Path(raw_root) / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    formats = YEAR_FORMATS.get(year, {})
    survey = SURVEY_YEARS.get(year)
    responses_dir = folder / config.RESPONSES_DIR
    if responses_dir.is_dir():  # stale responses would be read with the flat files
        for stale in responses_dir.iterdir():
            stale.unlink()
        responses_dir.rmdir()
    written = []
    for index, (dataset, frame) in enumerate(build_year(year, seed, size).items()):
        style = formats.get(dataset, PLAIN)
        suffix = ".xlsx" if style == "xlsx" else ".csv"
        for stale in config.FILE_SUFFIXES:  # one file per dataset, or the reader must choose
            if stale != suffix or (survey and dataset != "cres"):
                (folder / f"{dataset}{stale}").unlink(missing_ok=True)
        if survey and dataset != "cres":
            continue
        path = folder / f"{dataset}{suffix}"
        if style == "xlsx":
            written.append(write_xlsx(frame, dataset, path, year))
        else:
            written.append(write_csv(frame, dataset, path, style, _rng(seed, year, index, 9)))
    if survey:
        written += write_responses(responses_dir, year, survey, seed, size)
    written += write_council(folder / config.COUNCIL_DIR, year, seed)
    manifest_path = folder / config.MANIFEST_NAME
    manifest_path.write_text(manifest(year, seed, size), encoding="utf-8", newline="\n")
    written.append(manifest_path)
    return written


def write_demo(raw_root: Path, years: Iterable[int], seed: int = 2008, size: int = 1) -> list[Path]:
    """Writes `raw_root/<year>/` for every year; returns the paths written."""
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")
    written = []
    for year in years:
        if not config.MIN_YEAR <= year <= config.MAX_YEAR:
            raise ValueError(f"year {year} outside {config.MIN_YEAR}..{config.MAX_YEAR}")
        written += write_year(Path(raw_root), int(year), seed, size)
    return written


# --- command line --------------------------------------------------------------------


def parse_years(values: Sequence[str]) -> list[int]:
    """`2007 2008` or `1990-2009` (or both) -> sorted distinct years."""
    years: set[int] = set()
    for value in values:
        first, _, last = value.partition("-")
        start, end = int(first), int(last or first)
        if end < start:
            raise argparse.ArgumentTypeError(f"empty year range: {value}")
        years.update(range(start, end + 1))
    return sorted(years)


def main(argv: Sequence[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(
        prog="python -m cres_reports.demo",
        description="Writes deterministic demonstration data to the raw data contract.",
    )
    parser.add_argument("--out", type=Path, default=config.DATA_DIR / "raw", help="raw data root")
    parser.add_argument("--years", nargs="+", required=True, help="years or ranges: 2007 1990-2009")
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--size", type=int, default=1, help="multiplies staff rows and seats")
    args = parser.parse_args(argv)
    try:
        years = parse_years(args.years)
        written = write_demo(args.out, years, seed=args.seed, size=args.size)
    except (ValueError, argparse.ArgumentTypeError) as error:
        parser.error(str(error))
    for path in written:
        print(path)
    return written


if __name__ == "__main__":
    main()
