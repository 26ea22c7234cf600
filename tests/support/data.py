"""The tests' data: the tiny valid year (plain CSV or returned workbooks) and its answers."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
YEAR = 2008
SURVEY_YEARS = (2009, 2010)  # the demo years given as returned workbooks


MINI = {
    "cres": [
        "code_region,region,nom_cres,adherent,statut,annee_creation",
        "53,Bretagne,CRES Bretagne,oui,structuree,1995",
        "52,Pays de la Loire,CRES Pays de la Loire,non,en_structuration,",
    ],
    "finances": [
        "code_region,subv_conseil_regional,subv_cdc,subv_etat,fse,autres_collectivites,"
        "cotisations,prestations,partenariats_prives,autres_produits,total_produits,"
        "total_charges,resultat,fonds_propres,tresorerie,convention_conseil_regional,"
        "convention_cdc",
        "53,200000,50000,100000,0,10000,5000,20000,15000,0,400000,390000,10000,80000,60000,oui,non",
        "52,100000,0,60000,10000,0,2000,0,3000,0,175000,180000,-5000,-2000,15000,non,non",
    ],
    "rh": [
        "code_region,poste,fonction,contrat,etp,mis_a_disposition_par",
        "53,Directrice,direction,cdi,1,",
        "53,Chargé de mission,chargee_mission,mise_a_disposition,0.5,Macif",
        "52,Délégué,direction,cdd,0.8,",
    ],
    "gouvernance": [
        "code_region,instance,organisation,famille,groupement,fonction,representant",
        "53,bureau,Macif,mutuelle_assurance,GEMA,president,Jeanne Dupont",
        "53,ca,USGERES,syndicat_employeur,,membre,",
        "53,ag,Crédit coopératif,cooperative,,membre,Paul Martin",
        "52,bureau,URSCOP,cooperative,,president,",
        "53,ag,Macif,mutuelle_assurance,GEMA,membre,",
        "53,ag,USGERES,syndicat_employeur,,membre,",
        "52,ca,Crédit coopératif,cooperative,,membre,",
        "52,ag,URSCOP,cooperative,,membre,",
        "52,ag,Crédit coopératif,cooperative,,membre,",
    ],
}


def write_mini(data_dir: Path, year: int = YEAR) -> Path:
    year_dir = data_dir / "raw" / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    for dataset, lines in MINI.items():
        (year_dir / f"{dataset}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return year_dir


# The tiny year's answers to the sheets added by contract version 2.
MINI_SURVEY = {
    "vie_statutaire": {
        "53": [{"nombre_ag": 1, "nombre_ca": 5, "nombre_bureau": 8, "adherents": 60}],
        "52": [{"nombre_ag": 1, "nombre_ca": 3, "nombre_bureau": 4, "adherents": 25}],
    },
    "activites": {
        "53": [
            {"type": "action", "intitule": "Mois de l'ESS", "theme": "mois_ess"},
            {"type": "production", "intitule": "Panorama", "theme": "observation", "annee": 2008},
        ],
        "52": [{"type": "projet", "intitule": "Observatoire", "theme": "observation"}],
    },
    "observatoire": {
        "53": [{"statut_observatoire": "oui", "annee_creation": 2005, "etp": 0.5}],
        "52": [{"statut_observatoire": "en_projet"}],
    },
    "missions": {
        "53": [{"mission": "representation", "exercee": "oui", "etp": 0.5}],
        "52": [{"mission": "promotion", "exercee": "non"}],
    },
    "relations_cpca": {
        code: [
            {
                "cpca_membre": "oui",
                "membre_de_cpca": "non",
                "convention": "non",
                "locaux_partages": "non",
            }
        ]
        for code in ("53", "52")
    },  # fmt: skip
}


def mini_records(code: str) -> dict[str, list[dict]]:
    """Chamber `code`'s rows of the tiny year, every survey dataset, as the workbook takes them."""
    import csv
    import io

    records: dict[str, list[dict]] = {}
    for dataset in ("finances", "rh", "gouvernance"):
        rows = csv.DictReader(io.StringIO("\n".join(MINI[dataset])))
        records[dataset] = [
            {k: (_typed_cell(v) if k != "code_region" else v) for k, v in row.items()}
            for row in rows
            if row["code_region"] == code
        ]
        for row in records[dataset]:
            row.pop("code_region")
    for dataset, by_code in MINI_SURVEY.items():
        records[dataset] = [dict(r) for r in by_code.get(code, [])]
    return records


def _typed_cell(text: str):
    import re

    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        return float(text)
    return text or None


def response_book(code: str, year: int = YEAR, records: dict | None = None):
    """Chamber `code`'s questionnaire of the tiny year, filled as the chamber would."""
    from cres_reports.survey import workbook
    from tools import demo

    names = {
        "53": ("CRES Bretagne", "Bretagne"),
        "52": ("CRES Pays de la Loire", "Pays de la Loire"),
    }
    book = workbook.build(year, code, *names[code], {}, year - 1)
    demo.fill_workbook(book, mini_records(code) if records is None else records)
    return book


def save_response(book, path: Path) -> Path:
    import datetime as dt

    from cres_reports.survey import workbook
    from tools import demo

    stamp = dt.datetime(YEAR + 1, 3, 15, 10, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".ods":
        return demo.save_ods(book, path, stamp)
    return workbook.save(book, path, stamp)


def mini_year(tmp_path: Path, year: int = YEAR, edit=None):
    """The tiny year read by the real reader and typed as the processed layer types it, as
    `YearData` (`edit(folder)` may change its files first); no Great Expectations."""
    from cres_reports.ingest.readers import read_dataset
    from cres_reports.store.processed import clean_frame
    from cres_reports.store.yeardata import YearData

    folder = write_mini(tmp_path / str(year), year)
    if edit:
        edit(folder)
    tables = {
        d: clean_frame(d, read_dataset(folder, d).frame)
        for d in ("cres", "finances", "rh", "gouvernance")
    }
    return YearData(year=year, sources={}, **tables)


def write_mini_survey(data_dir: Path, year: int = YEAR) -> Path:
    """The tiny year given as cres.csv and two returned workbooks (reponses/enquete-<code>.xlsx)."""
    year_dir = data_dir / "raw" / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    (year_dir / "cres.csv").write_text("\n".join(MINI["cres"]) + "\n", encoding="utf-8")
    for code in ("53", "52"):
        save_response(response_book(code, year), year_dir / "reponses" / f"enquete-{code}.xlsx")
    return year_dir


# The council's own activity (docs/council-contract.md) for the tiny year: valid files of
# data/raw/<year>/conseil/, kept by the analyst (chambers 53 and 52 of MINI's cres).
MINI_COUNCIL = {
    "representation": [
        "organisme,instance,sieges,reunions,presences",
        "CSES,plénières et bureaux,2,3,2",
        "CSES,groupes de travail,1,17,14",
        "CEGES,conseil d'administration,1,5,5",
    ],
    "reunions": [
        "type,intitule,date,jours,participants,chambres",
        "assemblee_generale,Assemblée générale ordinaire,19/06/2008,1,44,53;52",
        "bureau,Bureau,2008-03-04,0.5,6,53",
        "dircres,Réunion des directeurs,2008-10-02,2,17,52 ; 53",
        "groupe_travail,GT observation,2008-11-20,1,9,",
    ],
    "mois_ess": [
        "code_region,manifestations,organisateurs,retombees_presse",
        "53,120,85,40",
        "52,64,40,12",
    ],
    "comptes_conseil": [
        "sens,poste,montant",
        "produit,Subvention de l'État,300000",
        "produit,Cotisations des CRES,45000",
        "charge,Salaires et charges,250000",
        "charge,Déplacements,60000",
    ],
}


def write_council(year_dir: Path, datasets=tuple(MINI_COUNCIL)) -> Path:
    """The tiny year's council files, in `conseil/` of a year folder."""
    folder = year_dir / "conseil"
    folder.mkdir(parents=True, exist_ok=True)
    for dataset in datasets:
        text = "\n".join(MINI_COUNCIL[dataset]) + "\n"
        (folder / f"{dataset}.csv").write_text(text, encoding="utf-8")
    return folder
