"""The council's activity page: where it represents the network and how often it is there, the
network's meetings and who takes part, the Mois de l'ESS by region, its own accounts.

`conseil.ipynb` holds the wording; this module gives it formatted figures and tables, all from
`analysis.council`. A part the year's `conseil/` files do not cover reads « non couvert ».
"""

from __future__ import annotations

import pandas as pd

from ..analysis import council
from . import tables
from .display import Fragment, join, prose, table_fragment
from .formatting import count, euros, names, percent, plural
from .page import YearPage

NOT_COVERED = "non couvert"
BODY_COLUMNS = {
    "organisme": "Organisme",
    "instance": "Instance",
    "sieges": "Sièges",
    "reunions": "Réunions",
    "presences": "Présences",
    "taux_presence": "Taux de présence",
}
COUNTS = {"Sièges": "count", "Réunions": "count", "Présences": "count"}


class CouncilPage(YearPage):
    """The council's activity in a year (`CouncilPage.load(data_dir, year)`)."""

    compares = False

    def covered(self, dataset: str) -> bool:
        return self.data.table(dataset) is not None

    def not_covered(self, what: str) -> str:
        return f"{what} : {NOT_COVERED} pour {self.year} (pas de fichier dans conseil/)."

    def facts(self) -> dict[str, str]:
        """The figures of the page's sentences, formatted (« – » for a part not covered)."""
        found = {"year": str(self.year), "reseau": plural(len(self.data.cres), "chambre")}
        seats = self.data.table("representation")
        if seats is not None:
            found["organismes"] = plural(seats["organisme"].nunique(), "organisme")
            found["sieges"] = plural(int(seats["sieges"].sum()), "siège")
            found["presence"] = percent(council.overall_attendance(seats))
            found["presences"] = count(int(seats["presences"].sum()))
            found["reunions_representation"] = plural(int(seats["reunions"].sum()), "réunion")
        meetings = self.data.table("reunions")
        if meetings is not None:
            found["reunions"] = plural(len(meetings), "réunion")
            found["jours"] = count(float(meetings["jours"].sum()))
            present = council.chambers_present(meetings)
            found["chambres"] = plural(len(present), "chambre")
            absent = sorted(set(self.data.cres["code_region"]) - present)
            found["absentes"] = names([str(self.data.chamber_names()[c]) for c in absent])
        fair = self.data.table("mois_ess")
        if fair is not None:
            found["regions_mois"] = plural(len(fair), "région")
            found["manifestations"] = count(int(fair["manifestations"].sum()))
        books = self.data.table("comptes_conseil")
        if books is not None:
            a = council.accounts(books)
            found["produits"] = euros(a.total_produits)
            found["charges"] = euros(a.total_charges)
            found["resultat"] = euros(a.resultat)
        return found

    # ------------------------------------------------------------------ representation

    def representation(self) -> Fragment:
        """Attendance by organisation (its bodies together), then body by body."""
        seats = self.data.table("representation")
        if seats is None:
            return Fragment(prose(self.not_covered("Représentation du conseil")))
        by_org = council.attendance_by_organisation(seats)
        total = {
            "organisme": "Ensemble des organismes",
            "sieges": int(by_org["sieges"].sum()),
            "reunions": int(by_org["reunions"].sum()),
            "presences": int(by_org["presences"].sum()),
            "taux_presence": council.overall_attendance(seats),
        }
        by_org = pd.concat([by_org, pd.DataFrame([total])], ignore_index=True)
        shown = by_org.rename(columns=BODY_COLUMNS)
        rate = {"Taux de présence": "percent"}
        first = table_fragment(
            shown,
            {**COUNTS, **rate},
            f"Présence du conseil dans les organismes où il siège, {self.year}",
            total_row=True,
            empty=council.NOT_APPLICABLE,
        )
        bodies = council.attendance_by_body(seats).rename(columns=BODY_COLUMNS)
        second = table_fragment(
            bodies,
            {**COUNTS, **rate},
            f"Présence du conseil, instance par instance, {self.year}",
            empty=council.NOT_APPLICABLE,
        )
        return join(first, second)

    # ------------------------------------------------------------------ meetings

    def meetings(self) -> Fragment:
        """The network's meetings by type: meetings, days, average participants, chambers."""
        meetings = self.data.table("reunions")
        if meetings is None:
            return Fragment(prose(self.not_covered("Réunions du réseau")))
        by_type = council.meetings_by_type(meetings)
        participants = meetings["participants"].astype("float64")
        total = {
            "libelle": "Ensemble des réunions",
            "reunions": len(meetings),
            "jours": float(meetings["jours"].astype("float64").sum()),
            "participants_moyens": float(participants.mean()) if len(meetings) else float("nan"),
            "chambres": len(council.chambers_present(meetings)),
        }
        frame = pd.concat([by_type, pd.DataFrame([total])], ignore_index=True)
        shown = frame[["libelle", "reunions", "jours", "participants_moyens", "chambres"]].rename(
            columns={
                "libelle": "Réunions",
                "reunions": "Nombre",
                "jours": "Jours",
                "participants_moyens": "Participants en moyenne",
                "chambres": "Chambres représentées",
            }
        )
        formats = {
            "Nombre": "count",
            "Jours": "fte",
            "Participants en moyenne": "fte",
            "Chambres représentées": "count",
        }
        return table_fragment(
            shown, formats, f"Réunions organisées par le conseil, {self.year}", total_row=True
        )

    def participation(self) -> Fragment:
        """Each chamber of the network: the meetings it took part in, out of those held."""
        meetings = self.data.table("reunions")
        if meetings is None:
            return Fragment("")
        cres = self.data.cres.sort_values("code_region")
        held = len(meetings)
        took = [len(council.chamber_meetings(meetings, c)) for c in cres["code_region"]]
        frame = pd.DataFrame(
            {
                "Code": cres["code_region"].tolist(),
                "Chambre": cres["nom_cres"].tolist(),
                "Réunions suivies": took,
                "Part des réunions": [t / held if held else float("nan") for t in took],
            }
        )
        return tables.chamber_table(
            frame,
            {"Réunions suivies": "count", "Part des réunions": "percent"},
            self.network,
            caption=f"Participation de chaque chambre aux réunions du réseau, {self.year}",
        )

    # ------------------------------------------------------------------ Mois de l'ESS

    def mois_ess(self) -> Fragment:
        fair = self.data.table("mois_ess")
        if fair is None:
            return Fragment(prose(self.not_covered("Mois de l'ESS")))
        frame = council.mois_ess_by_region(fair, self.data.cres)
        frame["nom_cres"] = frame["nom_cres"].fillna(frame["code_region"])
        shown = frame.rename(
            columns={
                "code_region": "Code",
                "nom_cres": "Chambre",
                "manifestations": "Manifestations",
                "organisateurs": "Organisateurs",
                "retombees_presse": "Retombées presse",
            }
        )
        absent = sorted(set(self.data.cres["code_region"]) - set(fair["code_region"]))
        table = tables.chamber_table(
            shown,
            dict.fromkeys(["Manifestations", "Organisateurs", "Retombées presse"], "count"),
            self.network,
            caption=f"Le Mois de l'ESS par région, {self.year}",
            total_row=True,
        )
        if not absent:
            return table
        left = names([str(self.data.chamber_names()[c]) for c in absent])
        return join(table, prose("Sans Mois de l'ESS déclaré : {noms}.", noms=left))

    # ------------------------------------------------------------------ accounts

    def accounts(self) -> Fragment:
        books = self.data.table("comptes_conseil")
        if books is None:
            return Fragment(prose(self.not_covered("Comptes du conseil")))
        a = council.accounts(books)
        parts = []
        for lines, total, caption in (
            (a.produits, a.total_produits, "Produits du conseil"),
            (a.charges, a.total_charges, "Charges du conseil"),
        ):
            frame = pd.concat(
                [lines, pd.DataFrame([{"poste": "Total", "montant": total}])], ignore_index=True
            ).rename(columns={"poste": "Poste", "montant": "Montant"})
            parts.append(
                table_fragment(
                    frame, {"Montant": "euros"}, f"{caption}, {self.year}", total_row=True
                )
            )
        return join(*parts)


def chamber_line(meetings: pd.DataFrame | None, code: str, year: int) -> str | None:
    """A profile's line: « 7 sur 33 en 2008 (Groupes de travail : 2 sur 12 ; …) », or
    « aucune des 33 en 2008 »; None without the year's meetings."""
    if meetings is None:
        return None
    part = council.chamber_participation(meetings, code)
    took, held = int(part["participations"].sum()), len(meetings)
    if took == 0:
        return f"aucune des {count(held)} de {year}"
    detail = " ; ".join(
        f"{row.libelle} : {count(row.participations)} sur {count(row.reunions)}"
        for row in part.itertuples()
        if row.participations
    )
    return f"{count(took)} sur {count(held)} en {year} ({detail})"
