"""The survey's pages and profile sections, recomputed from the processed tables (2009, 2010).

One real build of the two survey demo years (returned workbooks → validation → kernels →
HTML) is shared by the module. Every figure checked here is recomputed from the processed
CSV files with plain pandas, as an analyst would from the tables, without the package's
analysis code; the pages are read back as text and as tables.
"""

from __future__ import annotations

import html
import html.parser
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from babel.numbers import format_decimal
from support import browser, layout
from support.data import ROOT, SURVEY_YEARS
from support.health import check_health_page

# xdist: one worker runs the module (`survey_site`, the build of 2009 and 2010: built once)
pytestmark = [
    pytest.mark.build,
    pytest.mark.kernel,
    pytest.mark.slow,
    pytest.mark.xdist_group("survey-site"),
]

STATUS = {"oui": "Oui", "en_projet": "En projet", "non": "Non"}
MISSIONS = {
    "representation": "Représentation de l'ESS auprès des pouvoirs publics",
    "promotion": "Promotion de l'ESS",
    "appui_developpement": "Appui au développement des entreprises de l'ESS",
    "observation": "Observation de l'ESS",
    "formation": "Formation",
    "information": "Information et communication",
    "gestion_dispositifs": "Gestion de dispositifs (DLA, C2RA, FSE…)",
}
RELATIONS = {
    "cpca_membre": "CPCA membre de la chambre",
    "membre_de_cpca": "Chambre membre de la CPCA",
    "convention": "Convention",
    "locaux_partages": "Locaux partagés",
}
NO_RESPONSE, NOT_SENT, NOT_FILLED = "n'a pas répondu", "non transmis", "non renseigné"


# --------------------------------------------------------------------------- reading pages


def _spaces(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def fr(value, digits: int = 0) -> str:
    """A number as the pages write it (Babel, fr_FR), spaces normalised."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _spaces(format_decimal(value, format=pattern, locale="fr_FR"))


@dataclass
class Table:
    caption: str = ""
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def by_first(self) -> dict[str, list[str]]:
        return {row[0]: row for row in self.rows}


class _Tables(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption = False
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(Table())
        elif tag == "caption":
            self._caption = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption = False
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_spaces("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            if self._in_head:
                table.head = self._row
            else:
                table.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._caption:
            self.tables[-1].caption += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(page: Path) -> list[Table]:
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    for table in parser.tables:
        table.caption = _spaces(table.caption)
    return parser.tables


def table(page: Path, caption: str) -> Table:
    found = [t for t in tables(page) if t.caption.startswith(caption)]
    assert len(found) == 1, (page.name, caption, [t.caption for t in tables(page)])
    return found[0]


def text(page: Path) -> str:
    body = re.sub(r"<script.*?</script>|<style.*?</style>", "", page.read_text(), flags=re.S)
    return _spaces(html.unescape(re.sub(r"<[^>]+>", " ", body)))


# --------------------------------------------------------------------------- the tables


def processed(site: Path, year: int, name: str) -> pd.DataFrame:
    return pd.read_csv(
        site / "data" / "processed" / str(year) / f"{name}.csv", dtype=str, keep_default_na=False
    )


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


def tenth(cell: str) -> float | None:
    """An FTE figure rounded as the pages show it (one decimal, half to even as Babel)."""
    from decimal import ROUND_HALF_EVEN, Decimal

    if not cell:
        return None
    return float(Decimal(cell).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def state(site: Path, year: int, name: str) -> dict[str, str]:
    """Each chamber → "" (answered the topic), NO_RESPONSE or NOT_SENT."""
    sent = set(processed(site, year, name)["code_region"])
    tracking = processed(site, year, "suivi_enquete").set_index("code_region")["reponse"]
    codes = sorted(processed(site, year, "cres")["code_region"])
    return {
        c: "" if c in sent else NO_RESPONSE if tracking.get(c) == "non_recue" else NOT_SENT
        for c in codes
    }


def names(site: Path, year: int) -> dict[str, str]:
    cres = processed(site, year, "cres")
    return dict(zip(cres["code_region"], cres["nom_cres"], strict=True))


def cited(frame: pd.DataFrame, column: str) -> list[tuple[str, int]]:
    """Names in a free-text column, each counted once per chamber, as the first chamber
    (in code order) typed them; most cited first."""
    first: dict[str, str] = {}
    who: dict[str, set] = {}
    for code, value in sorted(zip(frame["code_region"], frame[column], strict=True)):
        for part in re.split(r"[,;\n]", value):
            if part.strip():
                key = part.strip().casefold()
                first.setdefault(key, part.strip())
                who.setdefault(key, set()).add(code)
    return sorted(
        ((first[k], len(v)) for k, v in who.items()), key=lambda x: (-x[1], x[0].casefold())
    )


def page(site: Path, year: int, name: str) -> Path:
    return site / "reports" / str(year) / name


# --------------------------------------------------------------------------- observatories


@pytest.mark.parametrize("year", SURVEY_YEARS)
def test_financial_health_recomputed_from_the_returned_workbooks(survey_site, year):
    check_health_page(survey_site / "reports", ROOT / "data" / "raw", year)


@pytest.mark.parametrize("year", SURVEY_YEARS)
def test_observatories_page_recomputed_from_the_responses(survey_site, year):
    obs = processed(survey_site, year, "observatoire").set_index("code_region")
    states = state(survey_site, year, "observatoire")
    path = page(survey_site, year, "observatoires.html")
    counts = {
        label: int((obs["statut_observatoire"] == code).sum()) for code, label in STATUS.items()
    }
    missing = {s: sum(1 for v in states.values() if v == s) for s in (NO_RESPONSE, NOT_SENT)}
    shown = table(path, f"Observatoires des chambres, {year} : chambres").by_first()
    for label, n in counts.items():
        assert shown[label][1] == fr(n), label
    for label, n in missing.items():
        assert (shown[label][1] if label in shown else "0") == fr(n), label
    assert shown["Réseau"][1] == fr(len(states))
    open_ = obs[obs["statut_observatoire"] == "oui"]
    fte = round(sum(tenth(v) or 0 for v in open_["etp"]), 1)
    publications = sum(int(v) for v in open_["publications"] if v)
    words = text(path)
    assert f"avec un observatoire, {fr(counts['Oui'])} ;" in words
    assert f"{fr(fte, 1)} ETP" in words and shown["Oui"][2] == fr(fte, 1)
    assert f"{fr(publications)} publications" in words
    years = [int(v) for v in open_["annee_creation"]]
    assert f"créés entre {min(years)} et {max(years)}" in words

    rows = {
        r[0]: r for t in tables(path) if t.head[:2] == ["Chambre", "Observatoire"] for r in t.rows
    }
    assert len(rows) == len(states)
    for code, name in names(survey_site, year).items():
        row = rows[name]
        if states[code]:  # said once, in the answer's column
            assert row[1:] == [states[code], "", "", "", ""], name
            continue
        answer = obs.loc[code]
        status = answer["statut_observatoire"]
        assert row[1] == STATUS[status], name
        empty = NOT_FILLED if status == "oui" else "sans objet"  # no observatory in place
        assert row[2] == (answer["annee_creation"] or empty)
        assert row[3] == (fr(tenth(answer["etp"]), 1) if answer["etp"] else empty)
        assert row[4] == (fr(int(answer["publications"])) if answer["publications"] else empty)
        partners = answer["partenaires"].strip() or NOT_FILLED
        assert row[5] == ("" if status == "non" else partners), name

    partners = table_with_head(path, ["Nom", "Chambres"])
    expected = cited(obs[obs["statut_observatoire"] != "non"].reset_index(), "partenaires")
    assert [(r[0], r[1]) for r in partners.rows] == [(n, fr(c)) for n, c in expected]


def table_with_head(path: Path, head: list[str]) -> Table:
    found = [t for t in tables(path) if t.head == head]
    assert len(found) == 1, (path.name, head)
    return found[0]


def test_observatories_change_from_2009_on_the_chambers_of_both_years(survey_site):
    now = processed(survey_site, 2010, "observatoire").set_index("code_region")
    before = processed(survey_site, 2009, "observatoire").set_index("code_region")
    basis = sorted(set(now.index) & set(before.index))
    path = page(survey_site, 2010, "observatoires.html")
    words = text(path)
    avant = int((before.loc[basis, "statut_observatoire"] == "oui").sum())
    apres = int((now.loc[basis, "statut_observatoire"] == "oui").sum())
    assert (
        f"Pour les {fr(len(basis))} chambres qui ont répondu les deux années : {fr(avant)} "
        f"observatoires en place en 2009, {fr(apres)} en 2010."
    ) in words
    both = [c for c in basis if now.loc[c, "etp"] and before.loc[c, "etp"]]
    fte_before = round(sum(tenth(before.loc[c, "etp"]) for c in both), 1)
    fte_now = round(sum(tenth(now.loc[c, "etp"]) for c in both), 1)
    assert f"{fr(fte_before, 1)} en 2009, {fr(fte_now, 1)} en 2010" in words
    assert f"ETP des observatoires, pour les {fr(len(both))} chambres présentes les deux" in words
    fte = table(path, "ETP des observatoires, 2009 et 2010")
    assert fte.head == ["Chambre", "ETP 2009", "ETP 2010", "Écart"]
    assert fte.rows[-1][1:3] == [fr(fte_before, 1), fr(fte_now, 1)]
    change = table(path, "Observatoires des chambres qui ont répondu en 2009 et en 2010")
    assert len(change.rows) == len(basis)
    shown = {r[0]: r for r in change.rows}
    for code in basis:
        row = shown[names(survey_site, 2010)[code]]
        assert row[1:3] == [
            STATUS[before.loc[code, "statut_observatoire"]],
            STATUS[now.loc[code, "statut_observatoire"]],
        ]
    assert "L'enquête 2008 ne couvrait pas les observatoires" in text(
        page(survey_site, 2009, "observatoires.html")
    )


# --------------------------------------------------------------------------- missions


@pytest.mark.parametrize("year", SURVEY_YEARS)
def test_missions_page_recomputed_from_the_responses(survey_site, year):
    rows = processed(survey_site, year, "missions")
    rows["done"] = rows["exercee"] == "True"
    path = page(survey_site, year, "missions.html")
    per_mission = table(path, f"Missions de type consulaire, {year}").by_first()
    funded = table(path, f"Financeurs des missions, et nombre de chambres qui les citent, {year}")
    grid = table(path, f"Missions exercées par chambre, {year}")
    total = grid.rows[-1]
    for position, (code, label) in enumerate(MISSIONS.items()):
        mine = rows[rows["mission"] == code]
        done = mine[mine["done"]]
        fte = round(sum(tenth(v) or 0 for v in done["etp"]), 1)
        funders = cited(done, "financeurs")
        expected_funders = ", ".join(f"{n} ({fr(c)})" for n, c in funders) or NOT_FILLED
        assert per_mission[label][1:5] == [
            fr(len(done)),
            fr(mine["code_region"].nunique()),
            fr(fte, 1),
            fr(int((done["etp"] != "").sum())),
        ], label
        assert funded.by_first()[label][1] == expected_funders, label
        assert total[1 + position] == fr(len(done)), label
    states = state(survey_site, year, "missions")
    by_name = {r[0]: r[1:] for r in grid.rows[:-1]}
    for code, name in names(survey_site, year).items():
        cells = by_name[name]
        if states[code]:
            assert cells == [states[code], "", ""], name
            continue
        mine = rows[rows["code_region"] == code].set_index("mission")
        expected = ["oui" if mine.loc[m, "done"] else "non" for m in MISSIONS]
        done = mine[mine["done"]]
        fte = round(sum(tenth(v) or 0 for v in done["etp"]), 1)
        assert cells == [*expected, fr(len(done)), fr(fte, 1)], name
    exercised = int(rows["done"].sum())
    assert total[-2] == fr(exercised)
    assert f"Ensemble, elles exercent {fr(exercised)} missions" in text(path)


# --------------------------------------------------------------------------- CPCA relations


@pytest.mark.parametrize("year", SURVEY_YEARS)
def test_cpca_relations_page_recomputed_from_the_responses(survey_site, year):
    rel = processed(survey_site, year, "relations_cpca").set_index("code_region")
    yes = rel[list(RELATIONS)] == "True"
    path = page(survey_site, year, "relations-cpca.html")
    counts = table(path, "Chambres qui ont chaque relation").by_first()
    for column, label in RELATIONS.items():
        assert counts[label][1:] == [fr(int(yes[column].sum())), fr(len(rel))], label
    mutual = int((yes["cpca_membre"] & yes["membre_de_cpca"]).sum())
    joint = int((rel["actions_communes"].str.strip() != "").sum())
    assert counts["Adhésion réciproque"][1] == fr(mutual)
    assert counts["Actions communes"][1] == fr(joint)
    words = text(path)
    network = fr(len(state(survey_site, year, "relations_cpca")))
    assert f"Sur les {network} chambres du réseau en {year}, {fr(len(rel))} ont" in words
    grid = table(path, f"Relations avec la CPCA régionale, {year}").by_first()
    states = state(survey_site, year, "relations_cpca")
    for code, name in names(survey_site, year).items():
        if states[code]:
            assert grid[name][1:] == [states[code], ""], name
            continue
        answer = yes.loc[code]
        expected = ["oui" if answer[c] else "non" for c in RELATIONS]
        expected.append("oui" if answer["cpca_membre"] and answer["membre_de_cpca"] else "non")
        expected.append(rel.loc[code, "actions_communes"].strip() or NOT_FILLED)
        assert grid[name][1:] == expected, name


# --------------------------------------------------------------------------- governance


@pytest.mark.parametrize("year", SURVEY_YEARS)
def test_statutory_life_and_gema_apart_on_the_governance_page(survey_site, year):
    life = processed(survey_site, year, "vie_statutaire").set_index("code_region")
    path = page(survey_site, year, "gouvernance.html")
    shown = table(path, f"Vie statutaire par chambre, {year}")
    assert shown.head == [
        "Chambre",
        "AG",
        "CA",
        "Bureau",
        "Participants aux AG (moyenne)",
        "Organisations adhérentes",
    ]
    rows = shown.by_first()
    states = state(survey_site, year, "vie_statutaire")
    for code, name in names(survey_site, year).items():
        if states[code]:
            assert rows[name][1:] == [states[code]] + [""] * 4, name  # said once
            continue
        answer = life.loc[code]
        attendance = (
            fr(round(float(answer["participants_ag"]))) if answer["participants_ag"] else NOT_FILLED
        )
        assert rows[name][1:] == [
            fr(int(answer["nombre_ag"])),
            fr(int(answer["nombre_ca"])),
            fr(int(answer["nombre_bureau"])),
            attendance,
            fr(int(answer["adherents"])),
        ], name
    total = shown.rows[-1]
    sums = [sum(int(v) for v in life[c]) for c in ("nombre_ag", "nombre_ca", "nombre_bureau")]
    members = sum(int(v) for v in life["adherents"])
    assert total[1:] == [*map(fr, sums), "–", fr(members)]
    words = text(path)
    assert f"comptent {fr(members)} organisations adhérentes" in words

    gov = processed(survey_site, year, "gouvernance")
    gema = gov[gov["groupement"].str.strip().str.upper() == "GEMA"]
    mutuals = gov[(gov["famille"] == "mutuelle_sante") & ~gov.index.isin(gema.index)]
    described = gov["code_region"].nunique()  # the chambers that described their bodies
    for label, chosen in (("Assureurs du GEMA", gema), ("Mutuelles de santé", mutuals)):
        n = fr(chosen["code_region"].nunique())
        assert f"{label} : présence dans {n} chambres sur {described}." in words, label
    assert "Assureurs du GEMA et mutuelles" not in words


def test_governance_change_from_2009_on_the_chambers_of_both_years(survey_site):
    now, before = (processed(survey_site, y, "gouvernance") for y in (2010, 2009))
    basis = sorted(set(now["code_region"]) & set(before["code_region"]))

    def board(frame):
        chosen = frame[frame["code_region"].isin(basis) & frame["instance"].isin(["ca", "bureau"])]
        return len(chosen)

    path = page(survey_site, 2010, "gouvernance.html")
    change = table(path, "Sièges à l'AG et au conseil d'administration, 2009 et 2010")
    total = change.rows[-1]
    assert change.head == ["Chambre", "AG 2009", "AG 2010", "CA 2009", "CA 2010", "Écart (CA)"]
    assert total[0] == f"Total des {fr(len(basis))} chambres présentes les deux années"
    assert total[3:6] == [fr(board(before)), fr(board(now)), "+" + fr(board(now) - board(before))]
    assert (
        f"Sièges au conseil d'administration, pour les {fr(len(basis))} chambres présentes "
        f"les deux années : {fr(board(before))} en 2009, {fr(board(now))} en 2010"
    ) in text(path)
    families = table(path, "Sièges au CA par famille, 2009 et 2010").by_first()
    assert families["Total"][1:3] == [fr(board(before)), fr(board(now))]


# --------------------------------------------------------------------------- profiles


def productions(site: Path, code: str, until: int) -> list[str]:
    """The chamber's productions since 2006, from every response up to `until`: dated by
    their year, or by their response's; once each; most recent first."""
    found: dict[tuple[str, int], str] = {}
    for year in sorted((y for y in SURVEY_YEARS if y <= until), reverse=True):
        rows = processed(site, year, "activites")
        rows = rows[(rows["code_region"] == code) & (rows["type"] == "production")]
        for title, typed in zip(rows["intitule"], rows["annee"], strict=True):
            dated = int(typed) if typed else year
            if 2006 <= dated <= until:
                found.setdefault((title.strip().casefold(), dated), title.strip())
    ordered = sorted(found.items(), key=lambda kv: (-kv[0][1], kv[0][0]))
    return [f"{year} : {title}" for (_, year), title in ordered]


def listed(items: list[str], limit: int) -> list[str]:
    if len(items) <= limit:
        return items
    return [*items[: limit - 1], f"et {len(items) - limit + 1} autres"]


def _list_after(source: str, heading: str) -> list[str]:
    """The items of the first list after a heading, as text."""
    start = source.index(heading)
    block = source[start : source.index("</ul>", start)]
    return [
        _spaces(html.unescape(re.sub(r"<[^>]+>", "", i)))
        for i in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


@pytest.mark.parametrize("year", SURVEY_YEARS)
def test_every_profile_shows_its_survey_answers(survey_site, year):
    life = processed(survey_site, year, "vie_statutaire").set_index("code_region")
    obs = processed(survey_site, year, "observatoire").set_index("code_region")
    rows = processed(survey_site, year, "missions")
    acts = processed(survey_site, year, "activites")
    tracking = processed(survey_site, year, "suivi_enquete").set_index("code_region")["reponse"]
    for code, name in names(survey_site, year).items():
        path = page(survey_site, year, f"fiches/{code}.html")
        source, words = path.read_text(), text(path)
        if tracking[code] == "non_recue":
            for topic in (
                "Vie statutaire",
                "Observatoire régional de l'ESS",
                "Missions de type consulaire",
            ):
                assert f"{topic} : n'a pas répondu." in words, (name, topic)
            assert f"Actions et projets {year} : n'a pas répondu ;" in words
        if code in life.index:
            answer = life.loc[code]
            assert f"organisations adhérentes : {fr(int(answer['adherents']))}." in words, name
            assert f"{fr(int(answer['nombre_ca']))} conseil" in words, name
        if code in obs.index:
            status = obs.loc[code, "statut_observatoire"]
            expected = {"oui": "oui, créé en", "en_projet": "en projet", "non": "non."}[status]
            assert f"Observatoire régional de l'ESS : {expected}" in words, name
        mine = rows[rows["code_region"] == code]
        if len(mine):
            done = int((mine["exercee"] == "True").sum())
            assert f"Missions de type consulaire : {fr(done)} sur 7" in words, name
        if tracking[code] != "non_recue" and code in set(acts["code_region"]):
            for kind, heading in (
                ("action", "Actions de l'année</h3>"),
                ("projet", "Projets pour l'an prochain</h3>"),
            ):
                typed = acts[(acts["code_region"] == code) & (acts["type"] == kind)]["intitule"]
                titles = [t.strip() for t in typed]
                if titles:
                    assert _list_after(source, heading) == listed(titles, 5), (name, kind)
        made = productions(survey_site, code, year)
        if made:
            assert _list_after(source, "Productions depuis 2006</h3>") == listed(made, 6), name
        else:
            assert "Aucune production déclarée depuis 2006." in words, name


def test_a_2010_profile_keeps_the_productions_of_the_2009_response(survey_site):
    tracking = processed(survey_site, 2010, "suivi_enquete").set_index("code_region")["reponse"]
    silent = [c for c in tracking.index if tracking[c] == "non_recue"]
    kept = [c for c in silent if productions(survey_site, c, 2009)]
    assert kept, "the demo data should hold a chamber with 2009 productions and no 2010 answer"
    source = page(survey_site, 2010, f"fiches/{kept[0]}.html").read_text()
    assert _list_after(source, "Productions depuis 2006</h3>") == listed(
        productions(survey_site, kept[0], 2009), 6
    )


# --------------------------------------------------------------------------- print


@pytest.mark.browser
@pytest.mark.parametrize("year", SURVEY_YEARS)
def test_every_profile_of_a_survey_year_prints_on_two_a4_pages(survey_site, year, tmp_path):
    browser.require_browser()
    pages = {}
    with browser.Session() as session:  # one browser for the 26 prints
        for path in sorted((survey_site / "reports" / str(year) / "fiches").glob("*.html")):
            session.open(path)
            pdf = session.print_pdf(tmp_path / f"{path.stem}.pdf")
            pages[path.stem] = browser.pdf_page_count(pdf)
    assert len(pages) == 26
    too_long = {code: n for code, n in pages.items() if not 1 <= n <= 2}
    assert not too_long


# --------------------------------------------------------------------------- what rebuilds


def _rebuilt(base: Path, year: int) -> set[str]:
    from cres_reports.publishing import plan
    from cres_reports.publishing.status import Status
    from cres_reports.validate.results import read_results

    planned = plan.plan_year(
        base / "data", year, base / "build", read_results(base / "data", year), True, False, False
    )
    return {p.job.page for p in planned if p.outcome.status == Status.BUILT}


def _edit(base: Path, year: int, dataset: str, code: str, old: str, new: str) -> None:
    path = base / "data" / "processed" / str(year) / f"{dataset}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(f"{code},") and old in line)
    lines[row] = lines[row].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("year", "dataset", "old", "new", "pages"),
    [
        (2010, "observatoire", "INSEE", "INSEE, Région", {"observatoires.html", "fiches/53.html"}),
        (
            2010,
            "missions",
            "Fonds social européen",
            "Région",
            {"missions.html", "fiches/53.html", "qualite.html"},
        ),  # fmt: skip
        (2010, "relations_cpca", "True,False", "True,True", {"relations-cpca.html"}),
        (2010, "vie_statutaire", ",109", ",110", {"gouvernance.html", "fiches/53.html"}),
        (2010, "activites", "Prix régional", "Prix", {"fiches/53.html"}),
        (2009, "activites", "Site internet", "Site", {"fiches/53.html"}),  # its productions
        (2009, "observatoire", "INSEE", "INSEE, Région", {"observatoires.html"}),  # the change
    ],
)
def test_one_chamber_answer_rebuilds_only_the_pages_that_read_it(
    survey_site, tmp_path, year, dataset, old, new, pages
):
    base = tmp_path / "copy"
    shutil.copytree(survey_site, base, symlinks=True)
    assert _rebuilt(base, 2010) == set()
    _edit(base, year, dataset, "53", old, new)
    index = {"index.html"} if year == 2010 else set()  # the year's index reads every table
    assert _rebuilt(base, 2010) == pages | index


# --------------------------------------------------------------------------- to check


def test_quality_page_lists_chambers_with_more_fte_on_missions_than_in_their_team(survey_site):
    """Recomputed from the raw responses: missions exercised, FTE summed, against the team."""
    from cres_reports.ingest.year import read_year

    raw = read_year(ROOT / "data" / "raw" / "2009", 2009).tables
    missions = raw["missions"].frame
    on_missions = missions[missions["exercee"]].groupby("code_region")["etp"].sum().round(1)
    team = raw["rh"].frame.groupby("code_region")["etp"].sum().round(1)
    above = sorted(c for c in on_missions.index if c in team.index and on_missions[c] > team[c])
    assert len(above) >= 10  # the demo's 2009 (the issue saw 15 of 26)
    said = text(page(survey_site, 2009, "qualite.html"))
    section = said[said.index("À vérifier avec la chambre") : said.index("Pour l'analyste")]
    for code in above:
        fte = format_decimal(on_missions[code], format="#,##0.0", locale="fr_FR")
        staff = format_decimal(team[code], format="#,##0.0", locale="fr_FR")
        name = names(survey_site, 2009)[code]
        assert f"{name} déclare {fte} ETP sur ses missions pour une équipe de {staff} ETP" in (
            section
        ), code
        # and its profile marks the figure, under its missions
        profile = text(page(survey_site, 2009, f"fiches/{code}.html"))
        assert (
            f"À vérifier avec la chambre : déclare {fte} ETP sur ses missions pour une équipe "
            f"de {staff} ETP." in profile
        ), code
    assert section.count("sur ses missions") == len(above)
    unmarked = [c for c in names(survey_site, 2009) if c not in above]
    for code in unmarked:
        assert "sur ses missions pour une équipe" not in text(
            page(survey_site, 2009, f"fiches/{code}.html")
        )


@pytest.mark.browser
def test_no_chart_or_table_of_2010_is_cut_or_hides_half_a_cell(survey_site):
    """Issue 19: at 1280, 768, 390 and 320 px (and on A4), on every page of 2010 (answer
    grids, the widest tables; 2009, compared with 2008, is measured in test_board); every
    chart of its inventories and of two profiles drawn whole."""
    browser.require_browser()
    reports = survey_site / "reports"
    pages = sorted((reports / "2010").rglob("*.html"))
    charts = [*sorted(reports.glob("2010/*.html")), *sorted(reports.glob("2010/fiches/5*"))]
    measured = layout.measure(pages, reports, charts=charts)
    assert not measured.problems, "\n".join(measured.problems[:40])
    assert sum(measured.charts.values()) > 0
