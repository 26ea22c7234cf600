"""A chamber's profile content: the figures its sentences state, its chart and tables.

`fiche_cres.ipynb` holds the wording; this module gives it formatted figures (`facts`)
and ready fragments, from `analysis.profile`. What the chamber did not send is said so.
The survey's topics (statutory life, observatory, missions) take one line each; actions,
projects and productions since 2006 are lists cut with "et N autres" (the full lists are
in the page's downloads), so that a profile still prints on two A4 pages at most.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from .. import config
from ..analysis import activities, answers, missions, observatory, plausibility, profile, statutory
from ..store.yeardata import load_since
from . import charts, council, figures, survey
from .display import Fragment, details, join, side_by_side, table_fragment
from .formatting import count, euros, fte, number, percent, plural, year
from .page import YearPage
from .quality import said

# The checks a profile marks, by section: those on the chamber's own figures of the year.
TO_CHECK = {"budget": ("resultat_part_produits",), "missions": ("missions_au_dessus_equipe",)}


@dataclass
class ProfilePage(YearPage):
    """One chamber's profile (`ProfilePage.load(data_dir, year, code_region)`)."""

    code: str = ""
    compares: ClassVar[bool] = False  # earlier years come through its history (history.py)

    @classmethod
    def load(cls, data_dir, year, code_region=None) -> ProfilePage:
        """The chamber's year (and the year before); stops in French on a wrong year or code."""
        page = super().load(data_dir, year)
        page.code = page.data.chamber(code_region)
        return page

    @property
    def accounts(self) -> pd.Series | None:
        return profile.accounts(self.data, self.code)

    def to_check(self, section: str) -> str:
        """The section's figures to check with the chamber (« budget », « missions »), as
        the quality page words them, marked discreetly under the figures; "" when none. Only
        the checks on the chamber's own figures: a profile reads no other chamber's rows."""
        kinds = TO_CHECK[section]
        rules = [r for r in plausibility.default_rules() if r.kind in kinds]
        found = [c for c in plausibility.checks(self.data, None, rules) if c.code == self.code]
        return "".join(
            f'<p class="cres-to-check">À vérifier avec la chambre : '
            f"{html.escape(said(c, self.year))}.</p>"
            for c in found
        )

    def facts(self) -> dict[str, str]:
        who = profile.identity(self.data, self.code)
        found = {
            **who,
            "year": str(self.year),
            "manquantes": profile.missing_note(self.data, self.code) or "",
        }
        row = self.accounts
        if row is not None:
            found.update(
                produits=euros(row["total_produits"]),
                charges=euros(row["total_charges"]),
                cr=euros(row["subv_conseil_regional"]),
                part_cr=percent(row["subv_conseil_regional"] / row["total_produits"]),
                cdc=euros(row["subv_cdc"]),
                part_cdc=percent(row["subv_cdc"] / row["total_produits"]),
                resultat=euros(row["resultat"], signed=True),
                fonds_propres=euros(row["fonds_propres"]),
                mois=number(profile.reserves_months(row), 1),
                tresorerie=euros(row["tresorerie"]),
                cpo="oui" if row["convention_conseil_regional"] else "non",
                cpo_cdc="oui" if row["convention_cdc"] else "non",
            )
        team = profile.team(self.data, self.code)
        found.update(postes=plural(len(team), "poste"), etp=fte(team["ETP"].sum()))
        found["presidence"] = profile.president(self.data, self.code) or "non renseignée"
        return found

    def budget(self) -> Fragment:
        """Where the resources come from: chart and table side by side."""
        row = self.accounts
        assert row is not None
        mix = profile.income_mix(row)
        title = f"Origine des ressources, {self.year}"
        return side_by_side(
            charts.figure(figures.profile_mix_figure(mix), title),
            table_fragment(mix, {"Montant": "euros", "Part": "percent"}, title, total_row=True),
        )

    @property
    def has_team(self) -> bool:
        return not profile.team(self.data, self.code).empty

    def team(self) -> Fragment:
        frame = profile.team(self.data, self.code)
        return table_fragment(
            frame, {"ETP": "fte"}, f"L'équipe au 31 décembre {self.year}", empty=""
        )

    @property
    def has_bodies(self) -> bool:
        return len(profile.seats_by_family(self.data, self.code)) > 1

    def bodies(self) -> Fragment:
        seats = profile.seats_by_family(self.data, self.code)
        return table_fragment(
            seats,
            dict.fromkeys(seats.columns[1:], "count"),
            caption=f"Sièges par famille, {self.year}",
            total_row=True,
        )

    # ----------------------------------------------------------------------- survey topics

    def network_meetings(self) -> str:
        """The network's meetings the chamber took part in ("" when the council's files do
        not cover them that year)."""
        return council.chamber_line(self.data.table("reunions"), self.code, self.year) or ""

    def gap(self, dataset: str) -> str:
        """Why the profile shows nothing of a survey topic ("" when the chamber answered)."""
        return profile.topic_gap(self.data, dataset, self.code) or ""

    def life_facts(self) -> dict[str, str]:
        life = statutory.of_chamber(self.data, self.code)
        assert life is not None
        return {
            "ag": plural(life["nombre_ag"], "assemblée générale", "assemblées générales"),
            "ca": plural(
                life["nombre_ca"], "conseil d'administration", "conseils d'administration"
            ),
            "bureau": plural(life["nombre_bureau"], "réunion du bureau", "réunions du bureau"),
            "participants": count(life["participants_ag"], empty=answers.NOT_FILLED),
            "adherents": count(life["adherents"], empty=answers.NOT_FILLED),
        }

    def observatory_facts(self) -> dict[str, str]:
        """`statut`: "oui", "en_projet" or "non"; the figures of an observatory as given."""
        row = profile.observatory_row(self.data, self.code)
        status = {v: k for k, v in observatory.STATUS_LABELS.items()}[row["Observatoire"]]
        return {
            "statut": status,
            "creation": year(row["Créé en"]) if not pd.isna(row["Créé en"]) else answers.NOT_FILLED,
            "etp": fte(row["ETP"], empty=answers.NOT_FILLED),
            "publications": count(row["Publications"], empty=answers.NOT_FILLED),
            "partenaires": row["Partenaires"],
        }

    def missions_facts(self) -> dict[str, str]:
        done, given = profile.missions_exercised(self.data, self.code)
        return {
            "n": count(len(done)),
            "total": count(len(missions.MISSION_LABELS)),
            "etp": fte(given, empty=answers.NOT_FILLED),
            "noms": " ; ".join(done) or "aucune",
        }

    def _items(self, kind: str) -> pd.DataFrame:
        return activities.items(self.data, self.code, kind)

    def activities(self, answered: bool = True) -> Fragment:
        """Actions of the year beside projects for next year and the productions since 2006
        (from this year's and earlier responses), each list cut; the full lists folded under
        them (and in the page's downloads). `answered` False: the productions only."""
        since = config.PRODUCTIONS_SINCE
        made = self.productions()
        listed = survey.list_block(
            f"Productions depuis {since}",
            survey.production_lines(made),
            f"Aucune production déclarée depuis {since}.",
            survey.PRODUCTION_LIMIT,
        )
        full = []
        if answered:
            actions, projects = self._items(activities.ACTION), self._items(activities.PROJECT)
            blocks = side_by_side(
                survey.list_block(
                    "Actions de l'année", actions["Intitulé"].tolist(), "Aucune action déclarée."
                ),
                survey.list_block(
                    "Projets pour l'an prochain",
                    projects["Intitulé"].tolist(),
                    "Aucun projet déclaré.",
                )
                + listed,
            )
            full += [
                (actions, f"Actions de l'année, {self.year}"),
                (projects, f"Projets pour l'an prochain, {self.year}"),
            ]
        else:
            blocks = Fragment(listed)
        full.append((made, f"Productions de {since} à {self.year}"))
        full = [(frame, caption) for frame, caption in full if len(frame)]
        if not full:
            return blocks
        return join(
            blocks,
            details(
                "Les listes complètes, avec le thème",
                *(
                    table_fragment(frame, {"Année": year}, caption, empty="")
                    for frame, caption in full
                ),
            ),
        )

    def productions(self) -> pd.DataFrame:
        """The chamber's productions since 2006, from this year's and earlier responses."""
        earlier = load_since(self.data.folder, self.year, config.PRODUCTIONS_SINCE)
        return activities.productions([*earlier, self.data], self.code, until=self.year)
