"""Seats in the chambers' bodies by family, and where given organisations sit.

A `bureau` seat is also a board seat (contract), so board counts include the
bureau rows. Persons' names never reach this module: the reader drops them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..ingest import contract
from ..store.yeardata import YearData
from . import harmonise
from .compare import Comparison, compare_years
from .tables import TOTAL_LABEL, with_total

FAMILY_LABELS = {
    "cooperative": "Coopératives",
    "mutuelle_sante": "Mutuelles de santé",  # as the questionnaire names them
    "mutuelle_assurance": "Mutuelles d'assurance",
    "association": "Associations",
    "fondation": "Fondations",
    "syndicat_employeur": "Syndicats d'employeurs",
    "autre": "Autres",
}
# Short labels for the chambers × families tables, which must fit an A4 page.
FAMILY_SHORT = {
    "cooperative": "Coop.",
    "mutuelle_sante": "Mut. santé",
    "mutuelle_assurance": "Mut. assur.",
    "association": "Assoc.",
    "fondation": "Fond.",
    "syndicat_employeur": "Synd. empl.",
    "autre": "Autres",
}
BODY_LABELS = {"ag": "Assemblée générale", "ca": "Conseil d'administration", "bureau": "Bureau"}
BODY_MEMBERS = {"ag": ("ag",), "ca": ("ca", "bureau"), "bureau": ("bureau",)}
SEAT_FUNCTION_LABELS = {
    "president": "président",
    "vice_president": "vice-président",
    "tresorier": "trésorier",
    "secretaire": "secrétaire",
    "membre": "membre",
}


def seats(gov: pd.DataFrame, body: str) -> pd.DataFrame:
    return gov[gov["instance"].isin(BODY_MEMBERS[body])]


def family_matrix(gov: pd.DataFrame, cres: pd.DataFrame, body: str) -> pd.DataFrame:
    """Chambers × families: seats held in one body, with totals both ways.

    A chamber that did not describe its bodies has no figures (NaN), not zeros; the total
    row adds up the chambers that did. Columns: Code, Chambre, the families, Total.
    """
    chosen = seats(gov, body)
    counts = pd.crosstab(chosen["code_region"], chosen["famille"])
    counts = counts.reindex(index=sorted(set(gov["code_region"])), columns=list(contract.FAMILIES))
    counts = counts.fillna(0)
    frame = cres[["code_region", "nom_cres"]].set_index("code_region").join(counts)
    frame["Total"] = frame[list(contract.FAMILIES)].sum(axis=1, min_count=1)
    frame = frame.reset_index().sort_values("code_region")
    frame = with_total(frame, [*contract.FAMILIES, "Total"], "nom_cres", label=TOTAL_LABEL)
    return frame.rename(
        columns={"code_region": "Code", "nom_cres": "Chambre", **FAMILY_SHORT}
    ).reset_index(drop=True)


def without_bodies(gov: pd.DataFrame, cres: pd.DataFrame) -> list[str]:
    """Chambers of the network that did not describe their bodies."""
    rows = cres[~cres["code_region"].isin(set(gov["code_region"]))].sort_values("code_region")
    return rows["nom_cres"].tolist()


@dataclass(frozen=True)
class GovernanceHeadline:
    sieges: int
    ag: int
    ca: int  # board seats, bureau included
    bureau: int
    chambres: int  # chambers that described their bodies
    organisations: int


def headline(gov: pd.DataFrame) -> GovernanceHeadline:
    return GovernanceHeadline(
        sieges=int(len(gov)),
        ag=int(len(seats(gov, "ag"))),
        ca=int(len(seats(gov, "ca"))),
        bureau=int(len(seats(gov, "bureau"))),
        chambres=int(gov["code_region"].nunique()),
        organisations=int(gov["organisation"].nunique()),
    )


# Who the board asks about, as row selectors on the governance table. The GEMA's mutual
# insurers (`groupement` GEMA) and the health mutuals are two questions, not one.
GEMA = "GEMA"


def gema(gov: pd.DataFrame) -> pd.Series:
    return gov["groupement"].fillna("").str.strip().str.upper() == GEMA


def health_mutuals(gov: pd.DataFrame) -> pd.Series:
    return (gov["famille"] == "mutuelle_sante") & ~gema(gov)


def other_insurers(gov: pd.DataFrame) -> pd.Series:
    """Mutual insurers outside the GEMA: in neither selection above."""
    return (gov["famille"] == "mutuelle_assurance") & ~gema(gov)


def macif(gov: pd.DataFrame) -> pd.Series:
    return gov["organisation"].fillna("").str.casefold().str.contains("macif", regex=False)


def employer_unions(gov: pd.DataFrame) -> pd.Series:
    return gov["famille"] == "syndicat_employeur"


SELECTIONS = {
    "gema": ("Assureurs du GEMA", gema),
    "mutuelles": ("Mutuelles de santé", health_mutuals),
    "macif": ("La Macif", macif),
    "employeurs": ("Syndicats d'employeurs de l'ESS", employer_unions),
}


def organisations(gov: pd.DataFrame, selector) -> list[str]:
    """The organisations a selector picks, by name."""
    return sorted(gov.loc[selector(gov), "organisation"].unique())


def presence(gov: pd.DataFrame, cres: pd.DataFrame, selection: str) -> pd.DataFrame:
    """Per chamber that described its bodies: which selected organisations sit, seats, functions."""
    chosen = gov[SELECTIONS[selection][1](gov)]
    described = set(gov["code_region"])
    rows = []
    for code, name in cres.sort_values("code_region")[["code_region", "nom_cres"]].itertuples(
        index=False
    ):
        if code not in described:
            continue
        here = chosen[chosen["code_region"] == code]
        officers = here[here["fonction"] != "membre"]
        rows.append(
            {
                "Code": code,
                "Chambre": name,
                "Présence": "oui" if len(here) else "non",
                "Organisations": ", ".join(sorted(here["organisation"].unique())),
                "AG": len(seats(here, "ag")),
                "CA": len(seats(here, "ca")),
                "Bureau": len(seats(here, "bureau")),
                "Fonctions": ", ".join(
                    f"{SEAT_FUNCTION_LABELS[f]} ({o})"
                    for f, o in sorted(
                        zip(officers["fonction"], officers["organisation"], strict=True)
                    )
                ),
            }
        )
    columns = ["Code", "Chambre", "Présence", "Organisations", "AG", "CA", "Bureau", "Fonctions"]
    return pd.DataFrame(rows, columns=columns)


def absent(presence_frame: pd.DataFrame) -> list[str]:
    return presence_frame.loc[presence_frame["Présence"] == "non", "Chambre"].tolist()


# --------------------------------------------------------------------------- the year before


@dataclass(frozen=True)
class GovernanceChange:
    year: int
    ag: Comparison  # general assembly seats per chamber, both years
    ca: Comparison  # board seats (bureau included) per chamber, both years
    families: pd.DataFrame  # board seats by family both years, on the basis
    presence: pd.DataFrame  # per selection: chambers where it sits, both years, on the basis

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def basis(self) -> tuple[str, ...]:
        """Codes of the chambers that described their bodies both years."""
        return self.ca.basis


def _seats_per_chamber(gov: pd.DataFrame, body: str) -> pd.Series:
    """Seats in one body per chamber that described its bodies (0 when it has none there)."""
    described = sorted(set(gov["code_region"]))
    counts = seats(gov, body).groupby("code_region").size()
    return counts.reindex(described, fill_value=0).astype("float64")


def changes(data: YearData, before: YearData | None) -> GovernanceChange | None:
    """Seats and presence this year and the year before, on the chambers that described their
    bodies both years (the basis; the others are listed, out of the totals).

    Across the 2016 reform the year before is drawn on the 2016 map (`compare_years`): a
    merged chamber is compared with its predecessors together, when all described their
    bodies; an organisation sits in a region when it sat in any of its predecessors.
    """
    if before is None:
        return None
    gov, previous, year = data.gouvernance, before.gouvernance, data.year
    compared = {
        body: compare_years(
            _seats_per_chamber(gov, body),
            _seats_per_chamber(previous, body),
            data.cres,
            before.cres,
            year,
        )
        for body in ("ag", "ca")
    }
    if compared["ca"].harmonised:
        previous = harmonise.on_2016_map(previous, before.year)
    basis = list(compared["ca"].basis)
    prev = year - 1
    now_basis = gov[gov["code_region"].isin(basis)]
    before_basis = previous[previous["code_region"].isin(basis)]
    families = pd.DataFrame(
        {
            "Famille": list(FAMILY_LABELS.values()),
            str(prev): [
                len(seats(before_basis[before_basis["famille"] == f], "ca")) for f in FAMILY_LABELS
            ],
            str(year): [
                len(seats(now_basis[now_basis["famille"] == f], "ca")) for f in FAMILY_LABELS
            ],
        }
    )
    families["Écart"] = families[str(year)] - families[str(prev)]
    families = with_total(families, [str(prev), str(year), "Écart"], "Famille", "Total")
    presence_rows = [
        {
            "Organisations": label,
            str(prev): int(before_basis.loc[pick(before_basis), "code_region"].nunique()),
            str(year): int(now_basis.loc[pick(now_basis), "code_region"].nunique()),
        }
        for label, pick in SELECTIONS.values()
    ]
    presence_frame = pd.DataFrame(presence_rows)
    presence_frame["Écart"] = presence_frame[str(year)] - presence_frame[str(prev)]
    return GovernanceChange(
        year=year,
        ag=compared["ag"],
        ca=compared["ca"],
        families=families,
        presence=presence_frame,
    )
