"""A chamber's profile content: the figures its sentences state, its chart and tables.

`fiche_cres.ipynb` holds the wording; this module gives it formatted figures (`facts`)
and ready fragments, from `analysis.profile`. What the chamber did not send is said so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analysis import profile
from . import charts, figures
from .display import Fragment, side_by_side, table_fragment
from .formatting import MISSING, NOT_SENT, count, euros, fte, number, percent, plural
from .page import YearPage

FORMATTERS = {profile.EUROS: euros, profile.FTE: fte, profile.COUNT: count}


def _key_figure(kind: str, value, signed: bool = False) -> str:
    if pd.isna(value):
        return MISSING if signed else NOT_SENT
    return FORMATTERS[kind](value, signed=signed)


@dataclass
class ProfilePage(YearPage):
    """One chamber's profile (`ProfilePage.load(data_dir, year, code_region)`)."""

    code: str = ""

    @classmethod
    def load(cls, data_dir, year, code_region=None) -> ProfilePage:
        """The chamber's year (and the year before); stops in French on a wrong year or code."""
        page = super().load(data_dir, year)
        page.code = page.data.chamber(code_region)
        return page

    @property
    def accounts(self) -> pd.Series | None:
        return profile.accounts(self.data, self.code)

    def facts(self) -> dict[str, str]:
        who = profile.identity(self.data, self.code)
        found = {
            **who,
            "year": str(self.year),
            "prev": str(self.year - 1),
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

    @property
    def comparable(self) -> bool:
        return profile.key_changes(self.data, self.previous, self.code) is not None

    def changes(self) -> Fragment:
        """Key figures of the two years: euros, FTE and seats as shown, and their change."""
        change = profile.key_changes(self.data, self.previous, self.code)
        assert change is not None
        before, now = str(self.year - 1), str(self.year)
        kinds = change["kind"]
        frame = pd.DataFrame(
            {
                "Indicateur": change["Indicateur"],
                before: [_key_figure(k, v) for k, v in zip(kinds, change["before"], strict=True)],
                now: [_key_figure(k, v) for k, v in zip(kinds, change["now"], strict=True)],
                "Écart": [
                    _key_figure(k, v, True) for k, v in zip(kinds, change["change"], strict=True)
                ],
            }
        )
        data = change.rename(columns={"before": before, "now": now, "change": "Écart"})
        data = data.drop(columns=["kind"])
        return table_fragment(
            frame,
            dict.fromkeys([before, now, "Écart"], str),
            caption=f"Chiffres clés, {before} et {now}",
            data=data,
        )
