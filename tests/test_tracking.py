"""The survey's tracking tells the truth (issue 21, item 4): a workbook of another year is
refused, never "non reçue", with its reason in one line; a response saved after the
deadline is marked late; `enquete suivi --csv` writes the same table for Excel."""

from __future__ import annotations

import csv
import datetime as dt

from support.data import response_book, write_mini_survey

from cres_reports import config, run
from cres_reports.analysis import quality
from cres_reports.ingest import responses
from cres_reports.survey import workbook

YEAR = 2011
NETWORK = {"52": "CRES Pays de la Loire", "53": "CRES Bretagne"}


def _year(tmp_path):
    """2011 with chamber 53's workbook of 2010 and chamber 52's saved on 2 May 2012."""
    year_dir = write_mini_survey(tmp_path / "data", YEAR)
    folder = year_dir / config.RESPONSES_DIR
    (folder / "enquete-53.xlsx").unlink()
    workbook.save(response_book("53", 2010), folder / "CRES Bretagne.xlsx", dt.datetime(2011, 3, 1))
    late = folder / "enquete-52.xlsx"
    workbook.save(response_book("52", YEAR), late, dt.datetime(YEAR + 1, 5, 2, 10, 0))
    return folder


def test_a_workbook_of_another_year_is_refused_never_missing(tmp_path):
    folder = _year(tmp_path)
    statuses = {
        s.code: s for s in responses.tracking(responses.collect(folder, YEAR, NETWORK), NETWORK)
    }
    refused = statuses["53"]
    assert refused.status == responses.STATUS_REFUSED
    assert refused.file == "CRES Bretagne.xlsx"
    assert refused.reason == (
        "feuille _enquete, cellule B2 : classeur de l'enquête 2010, pas de 2011 : le ranger "
        "dans 2010/reponses/ des données brutes"
    )
    table = quality.tracking_table(list(statuses.values())).set_index("Code")
    assert table.loc["53", "Réponse"] == "reçue, refusée"
    assert table.loc["53", "Détail"] == refused.reason
    assert table.loc["52", "Enregistrée le"] == "02/05/2012 (en retard)"  # after 31 March
    assert quality.tracking_summary(list(statuses.values())) == (
        "2 réponses reçues sur 2 chambres (dont 1 refusée, 1 en retard) ; 0 non reçue"
    )


def test_tracking_writes_the_same_table_as_csv(tmp_path, capsys):
    folder = _year(tmp_path)
    target = tmp_path / "suivi" / "suivi-2011.csv"
    code = run.track_survey(folder.parent.parent.parent, YEAR, target)
    assert code == run.ExitCode.INVALID_DATA  # a refused workbook
    out = capsys.readouterr()
    assert "classeur de l'enquête 2010, pas de 2011" in out.err
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffCode;Chambre;Réponse;Fichier;Enregistrée le;Détail\r\n")
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines(), delimiter=";"))
    assert rows[1][:5] == [
        "52",
        "CRES Pays de la Loire",
        "reçue, complète",
        "enquete-52.xlsx",
        "02/05/2012 (en retard)",
    ]
    assert rows[2][:3] == ["53", "CRES Bretagne", "reçue, refusée"]
    assert f"tableau de suivi écrit dans {target}" in out.out


def test_a_refusal_keeps_the_sheet_and_cell_it_names(tmp_path):
    """What a return workbook highlights for a refused response (`enquete retours`)."""
    year_dir = write_mini_survey(tmp_path / "data", YEAR)
    book = response_book("53", YEAR)
    book["Comptes"]["B12"] = "=SUM(B3:B11)"  # saved by a script: no value with the formula
    workbook.save(book, year_dir / "reponses" / "enquete-53.xlsx", dt.datetime(2012, 3, 1))
    collection = responses.collect(year_dir / "reponses", YEAR, NETWORK)
    status = {s.code: s for s in responses.tracking(collection, NETWORK)}["53"]
    assert status.status == responses.STATUS_REFUSED
    assert (status.sheet, status.cell) == ("Comptes", "B12")
    assert status.reason.startswith("feuille Comptes, cellule B12 : formule sans valeur")
