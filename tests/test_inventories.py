"""The survey inventories' figures on small frames: observatories, missions, CPCA relations,
statutory life, actions and productions (fast tier).

A tiny processed year is written as the processed layer writes it (CSV, `True`/`False`)
and read back with the project's loader: four chambers, one that answered everything
(53), one whose workbook came back without some sheets (52), one that did not answer
(11), and one that answered with empty free text (24).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from cres_reports.analysis import activities, answers, cpca, missions, observatory, statutory
from cres_reports.store.yeardata import YearData, load_previous, load_year

CRES = """code_region,region,nom_cres,adherent,statut,annee_creation
11,Île-de-France,CRESS Île-de-France,True,structuree,1987
24,Centre,CRESS Centre,True,structuree,
52,Pays de la Loire,CRES Pays de la Loire,True,structuree,1995
53,Bretagne,CRESS Bretagne,True,structuree,1994
"""
EMPTY = {
    "finances": "code_region,subv_conseil_regional,subv_cdc,subv_etat,fse,autres_collectivites,"
    "cotisations,prestations,partenariats_prives,autres_produits,total_produits,total_charges,"
    "resultat,fonds_propres,tresorerie,convention_conseil_regional,convention_cdc\n",
    "rh": "code_region,poste,fonction,contrat,etp,mis_a_disposition_par\n",
    "gouvernance": "code_region,instance,organisation,famille,groupement,fonction\n",
}
YEAR_2010 = {
    "suivi_enquete": """code_region,reponse,feuilles_vides
11,non_recue,
24,complete,
52,incomplete,"Observatoire, Missions, Relations CPCA"
53,complete,
""",
    "observatoire": """code_region,statut_observatoire,annee_creation,etp,publications,partenaires
24,en_projet,,,,
53,oui,2004,0.55,3,"  INSEE, conseil régional ;CRCI "
""",
    "missions": """code_region,mission,exercee,financeurs,etp
24,representation,True,,0.5
24,promotion,False,,
24,appui_developpement,False,,
24,observation,False,,
24,formation,False,,
24,information,False,,
24,gestion_dispositifs,False,,
53,representation,True,"Conseil régional, État",0.25
53,promotion,True,conseil régional,1.0
53,appui_developpement,True,Caisse des Dépôts,0.5
53,observation,True,,
53,formation,False,,
53,information,False,,
""",
    "relations_cpca": "code_region,cpca_membre,membre_de_cpca,convention,locaux_partages,"
    "actions_communes\n24,False,False,False,False,\n53,True,True,True,False,  Mois de l'ESS  \n",
    "vie_statutaire": """code_region,nombre_ag,nombre_ca,nombre_bureau,participants_ag,adherents
24,0,3,4,,20
52,1,5,6,40.4,61
53,2,6,10,80.6,109
""",
    "activites": """code_region,type,intitule,theme,annee
24,action,Forum,promotion,
53,action,  Mois de l'ESS en Bretagne ,mois_ess,
53,action,<b>Tournée</b> des territoires,promotion,
53,projet,Observatoire de l'emploi,observation,
53,production,Panorama 2010,observation,2010
53,production,Guide des financements,developpement_economique,2008
53,production,Vieux guide,promotion,2004
53,production,Sans année,autre,
""",
}
YEAR_2009 = {
    "suivi_enquete": """code_region,reponse,feuilles_vides
11,complete,
24,complete,
52,complete,
53,complete,
""",
    "observatoire": """code_region,statut_observatoire,annee_creation,etp,publications,partenaires
11,oui,2002,1.0,2,INSEE
24,oui,2006,0.5,1,
52,non,,,,
53,en_projet,,,,
""",
    "relations_cpca": YEAR_2010["relations_cpca"],
    "vie_statutaire": YEAR_2010["vie_statutaire"],
    "missions": YEAR_2010["missions"],
    "activites": """code_region,type,intitule,theme,annee
53,production,guide des financements,developpement_economique,2008
53,production,Panorama 2009,observation,
11,production,Annuaire,promotion,2009
""",
}


def _write(data_dir: Path, year: int, tables: dict[str, str]) -> None:
    folder = data_dir / "processed" / str(year)
    folder.mkdir(parents=True)
    (folder / "sources.json").write_text("{}", encoding="utf-8")
    for name, text in {"cres": CRES, **EMPTY, **tables}.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    _write(tmp_path, 2009, YEAR_2009)
    _write(tmp_path, 2010, YEAR_2010)
    _write(tmp_path, 2008, {})  # a flat-file year: no survey, none of the five datasets
    return tmp_path


@pytest.fixture
def data(data_dir):
    return load_year(data_dir, 2010)


# --------------------------------------------------------------------------- answers


def test_states_tell_no_response_from_not_sent(data):
    states = answers.states(data, "observatoire")
    assert states.to_dict() == {
        "11": answers.NO_RESPONSE,
        "24": answers.ANSWERED,
        "52": answers.NOT_SENT,
        "53": answers.ANSWERED,
    }
    assert answers.answered_codes(data, "vie_statutaire") == ["24", "52", "53"]


def test_a_year_without_the_survey_covers_no_topic(data_dir):
    flat = load_year(data_dir, 2008)
    assert not answers.covered(flat, "observatoire")
    with pytest.raises(ValueError):
        answers.states(flat, "missions")


def test_free_text_is_trimmed_and_an_empty_answer_is_not_filled():
    assert answers.text("  Mois de l'ESS  ") == "Mois de l'ESS"
    assert answers.text(float("nan")) == answers.text("  ") == answers.text(None) == "non renseigné"
    assert answers.text("<b>x</b>") == "<b>x</b>"  # as typed: escaping is the display's job


def test_mentions_count_chambers_once_per_name_whatever_the_case():
    frame = pd.DataFrame(
        {
            "code_region": ["53", "24", "11"],
            "who": ["INSEE; Conseil régional", "conseil Régional, INSEE ,insee", None],
        }
    )
    cited = answers.mentions(frame, "who")
    assert cited.values.tolist() == [["conseil Régional", 2], ["INSEE", 2]]  # 24 typed first


# --------------------------------------------------------------------------- observatories


def test_observatories_by_chamber_list_every_chamber_and_why(data):
    table = observatory.by_chamber(data).set_index("Code")
    assert table["Observatoire"].to_dict() == {
        "11": "n'a pas répondu",
        "24": "En projet",
        "52": "non transmis",
        "53": "Oui",
    }
    assert table.loc["53", "ETP"] == 0.6  # as shown, one decimal
    assert table.loc["53", "Partenaires"] == "INSEE, conseil régional ;CRCI"
    assert table.loc["24", "Partenaires"] == "non renseigné"
    assert pd.isna(table.loc["11", "ETP"]) and table.loc["11", "Partenaires"] == ""


def test_observatory_counts_add_up_to_the_network(data):
    counts = observatory.counts(data).set_index("Situation")
    assert counts["Chambres"].to_dict() == {
        "Oui": 1,
        "En projet": 1,
        "Non": 0,
        "non transmis": 1,
        "n'a pas répondu": 1,
        "Réseau": 4,
    }
    assert counts.loc["Réseau", "ETP"] == 0.6 and counts.loc["Réseau", "Publications"] == 3
    h = observatory.headline(data)
    assert (h.reseau, h.repondu, h.avec, h.en_projet, h.sans) == (4, 2, 1, 1, 0)
    assert (h.sans_reponse, h.non_transmis, h.premiere, h.derniere) == (1, 1, 2004, 2004)
    assert (h.etp, h.publications) == (0.6, 3)


def test_observatory_partners_are_counted_by_chamber(data):
    assert observatory.partners(data)["Nom"].tolist() == ["conseil régional", "CRCI", "INSEE"]


def test_observatory_changes_compare_the_chambers_of_both_years(data_dir, data):
    change = observatory.changes(data, load_previous(data_dir, 2010))
    assert change is not None
    assert change.basis == 2  # 24 and 53 answered both years; 11 and 52 one year only
    assert (change.avant, change.apres) == (1, 1)
    assert change.ouverts == ["CRESS Bretagne"] and change.fermes == ["CRESS Centre"]
    assert change.table["Chambre"].tolist() == ["CRESS Centre", "CRESS Bretagne"]
    # FTE: no chamber gave them both years; those that gave them once are out of the total
    assert change.fte.basis == () and change.fte.now == 0
    left_out = change.fte.names([*change.fte.only_now, *change.fte.only_before])
    assert {"CRESS Centre", "CRESS Bretagne"} <= set(left_out)
    assert observatory.changes(load_year(data_dir, 2009), load_previous(data_dir, 2009)) is None


# --------------------------------------------------------------------------- missions


def test_missions_by_mission_count_chambers_fte_and_answers(data):
    frame = missions.by_mission(data).set_index("mission")
    assert list(frame.index) == list(missions.MISSION_LABELS)
    assert frame.loc["representation", "Chambres"] == 2
    assert frame.loc["representation", "ETP"] == 0.7  # 0.5 + 0.2 (0.25 shown as 0,2)
    assert frame.loc["observation", ["Chambres", "Chambres avec ETP"]].tolist() == [1, 0]
    # 53 left gestion_dispositifs out of its sheet: one answer only
    assert frame.loc["gestion_dispositifs", "Réponses"] == 1


def test_missions_grid_and_its_total_row_agree(data):
    grid = missions.grid(data).set_index("Code")
    assert grid.loc["53", "gestion_dispositifs"] == "non transmis"
    assert grid.loc["11", "representation"] == "n'a pas répondu"
    assert grid.loc["52", "promotion"] == "non transmis"
    assert grid.loc["53", ["representation", "formation"]].tolist() == ["oui", "non"]
    assert grid.loc["53", "Missions exercées"] == 4 and grid.loc["53", "ETP"] == 1.7
    total = grid.iloc[-1]
    assert total["Chambre"] == missions.TOTAL_LABEL
    assert total["representation"] == 2 and total["promotion"] == 1
    assert total["Missions exercées"] == 5 and total["ETP"] == 2.2
    h = missions.headline(data)
    assert (h.repondu, h.sans_reponse, h.non_transmis, h.missions_exercees) == (2, 1, 1, 5)
    assert h.etp == 2.2 and h.toutes == 0
    from cres_reports.present.missions import MissionsPage

    facts = MissionsPage(data).facts()  # « aucune chambre n'exerce les 7 », never « 0 chambre »
    assert f"{facts['toutes']} les {facts['sept']}" == "aucune chambre n'exerce les 7"


def test_mission_funders_are_as_typed_and_counted(data):
    cited = missions.funders(data, "representation")
    assert cited.values.tolist() == [["Conseil régional", 1], ["État", 1]]
    assert missions.funders(data, "formation").empty


# --------------------------------------------------------------------------- CPCA


def test_cpca_relations_by_chamber_and_counts(data):
    table = cpca.by_chamber(data).set_index("Code")
    assert table.loc["53", cpca.MUTUAL] == "oui" and table.loc["24", cpca.MUTUAL] == "non"
    assert table.loc["53", cpca.JOINT] == "Mois de l'ESS"
    assert table.loc["24", cpca.JOINT] == "non renseigné"
    assert table.loc["52", "Convention"] == "non transmis"
    assert table.loc["11", "Convention"] == "n'a pas répondu"
    counts = cpca.counts(data).set_index("Relation")
    assert counts["Réponses"].unique().tolist() == [2]
    assert counts.loc[cpca.JOINT, "Chambres"] == 1
    h = cpca.headline(data)
    assert (h.repondu, h.reciproque, h.convention, h.locaux_partages, h.aucune) == (2, 1, 1, 0, 1)


# --------------------------------------------------------------------------- statutory life


def test_statutory_life_by_chamber_and_its_total(data):
    table = statutory.by_chamber(data)
    rows = table.set_index("Code")
    assert rows.loc["11", statutory.ANSWER] == "n'a pas répondu"
    assert rows.loc["53", statutory.ATTENDANCE] == 81  # whole persons
    total = table.iloc[-1]
    assert total["Chambre"] == statutory.TOTAL_LABEL
    assert total["AG"] == 3 and total["Organisations adhérentes"] == 190
    assert math.isnan(total[statutory.ATTENDANCE])
    h = statutory.headline(data)
    assert (h.repondu, h.ag, h.ca, h.bureau, h.adherents, h.sans_ag) == (3, 3, 14, 20, 190, 1)
    assert h.participants == 60.5 and h.participants_chambres == 2  # (40 + 81) / 2


# --------------------------------------------------------------------------- activities


def test_actions_and_projects_as_typed(data):
    actions = activities.items(data, "53", activities.ACTION)
    assert actions["Intitulé"].tolist() == [
        "Mois de l'ESS en Bretagne",
        "<b>Tournée</b> des territoires",
    ]
    assert actions["Thème"].tolist() == ["Mois de l'ESS", "Promotion de l'ESS"]
    assert activities.items(data, "53", activities.PROJECT)["Intitulé"].tolist() == [
        "Observatoire de l'emploi"
    ]
    assert activities.items(data, "11", activities.ACTION).empty


def test_productions_accumulate_since_2006_once_each(data_dir):
    years = [load_year(data_dir, y) for y in (2008, 2009, 2010)]
    found = activities.productions(years, "53", until=2010)
    assert found[["Intitulé", "Année"]].values.tolist() == [
        ["Panorama 2010", 2010],
        ["Sans année", 2010],  # no year typed: the year of its response
        ["Panorama 2009", 2009],
        ["Guide des financements", 2008],  # typed in 2009 and 2010: once, as typed last
    ]  # "Vieux guide" (2004) is before 2006
    assert activities.productions(years, "53", until=2009)["Intitulé"].tolist() == [
        "Panorama 2009",
        "guide des financements",
    ]
    # a chamber that did not answer in 2010 keeps its productions of earlier responses
    assert activities.productions(years, "11", until=2010)["Intitulé"].tolist() == ["Annuaire"]


# --------------------------------------------------------------------------- governance


GOV = pd.DataFrame(
    {
        "code_region": ["53", "53", "53", "53", "24", "24", "52"],
        "instance": ["bureau", "ca", "ag", "ca", "ca", "ag", "bureau"],
        "organisation": ["Macif", "Mutualité française", "Groupama", "Maif", "MGEN", "Maif", "x"],
        "famille": [
            "mutuelle_assurance",
            "mutuelle_sante",
            "mutuelle_assurance",
            "mutuelle_assurance",
            "mutuelle_sante",
            "mutuelle_assurance",
            "cooperative",
        ],
        "groupement": [" gema", "FNMF", None, "GEMA", "FNMF", "GEMA", None],
        "fonction": ["president", "membre", "membre", "membre", "membre", "membre", "president"],
    }
)


def test_gema_insurers_and_health_mutuals_are_two_selections():
    from cres_reports.analysis import governance

    assert governance.organisations(GOV, governance.gema) == ["Macif", "Maif"]
    assert governance.organisations(GOV, governance.health_mutuals) == [
        "MGEN",
        "Mutualité française",
    ]
    assert governance.organisations(GOV, governance.other_insurers) == ["Groupama"]
    cres = pd.read_csv(pd.io.common.StringIO(CRES), dtype=str)
    mutuals = governance.presence(GOV, cres, "mutuelles").set_index("Chambre")
    assert mutuals.loc["CRESS Centre", "Organisations"] == "MGEN"
    assert mutuals.loc["CRESS Bretagne", ["AG", "CA", "Bureau"]].tolist() == [0, 1, 0]


def test_governance_changes_total_the_chambers_of_both_years():
    from cres_reports.analysis import governance

    cres = pd.read_csv(pd.io.common.StringIO(CRES), dtype=str)
    before = GOV[GOV["code_region"] != "24"].iloc[1:]  # 53 without its bureau seat, no 24
    years = [
        YearData(y, cres=cres, finances=pd.DataFrame(), rh=pd.DataFrame(), gouvernance=g)
        for y, g in ((2010, GOV), (2009, before))
    ]
    change = governance.changes(*years)
    assert change is not None and change.basis == ("52", "53")
    assert change.ca.names(change.ca.only_now) == ["CRESS Centre"]
    seats = change.ca.frame.set_index("nom_cres")
    assert seats.loc["CRESS Bretagne", ["before", "now", "change"]].tolist() == [2, 3, 1]
    assert (change.ca.before, change.ca.now, change.ca.change) == (3, 4, 1)
    presence = change.presence.set_index("Organisations")
    assert presence.loc["Assureurs du GEMA", ["2009", "2010", "Écart"]].tolist() == [1, 1, 0]
    families = change.families.set_index("Famille")
    assert families.loc["Mutuelles d'assurance", ["2009", "2010"]].tolist() == [1, 2]
    assert families.loc["Total", "2010"] == change.ca.now
    assert governance.changes(years[0], None) is None


# --------------------------------------------------------------------------- present


def test_long_lists_are_cut_with_the_number_left_out():
    from cres_reports.present import survey

    assert survey.cut(["a", "b", "c"], 3) == (["a", "b", "c"], 0)
    assert survey.cut(list("abcd"), 3) == (["a", "b"], 2)  # never "et 1 autre"
    shown = survey.cut_list_html([f"<i>{n}</i>" for n in range(12)], 5)
    assert shown.count("<li>") == 5 and "et 8 autres" in shown
    assert "&lt;i&gt;0&lt;/i&gt;" in shown and "<i>" not in shown
    block = survey.list_block("Actions de l'année", [], "Aucune action déclarée.")
    assert "<p>Aucune action déclarée.</p>" in block


def test_answer_grid_spans_a_missing_answer_links_names_and_escapes_them():
    from cres_reports.present import tables

    frame = pd.DataFrame(
        {
            "Code": ["53", "94", ""],
            "Chambre": ["<b>CRES</b>", "CRESS Corse", "Total"],
            "a": ["oui", "n'a pas répondu", 1],
            "b": ["non", "n'a pas répondu", 0],
            "Actions": ["<script>x</script>", "", ""],
        }
    )
    fragment = tables.answer_grid(
        frame, {"a": "A", "b": "B"}, {"53", "94"}, "Grille, 2010", texts=["Actions"]
    )
    grid = fragment.html
    assert '<td class="grid-none" colspan="2"><span>n&#x27;a pas répondu</span></td>' in grid
    assert '<td class="grid-yes">oui</td><td class="grid-no">non</td>' in grid
    assert '<a href="fiches/53.html">&lt;b&gt;CRES&lt;/b&gt;</a>' in grid
    assert "&lt;script&gt;" in grid and "<script>" not in grid
    assert '<tr class="total"><th scope="row" class="txt">Total</th><td class="num">1</td>' in grid
    assert "Télécharger ce tableau" in grid
    (table,) = fragment.tables
    assert table["columns"] == ["Code région", "Chambre", "A", "B", "Actions"]
    assert table["rows"][0] == ["53", "<b>CRES</b>", "oui", "non", "<script>x</script>"]


def test_names_cited_are_counted_with_french_numbers():
    from cres_reports.present import survey

    cited = pd.DataFrame({"Nom": ["INSEE", "Région"], "Chambres": [1200, 3]})
    assert survey.mentions_text(cited) == "INSEE (1\u202f200), Région (3)"
    assert survey.mentions_text(cited.iloc[0:0]) == "non renseigné"
