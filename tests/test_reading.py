"""Readers: every variant of the contract gives one typed table; unreadable files a clean error."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook
from support.data import MINI, write_mini

from cres_reports.ingest import readers as reading
from cres_reports.ingest.readers import InputError
from cres_reports.ingest.values import parse_bool, parse_integer, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1234", 1234.0),
        ("1234,50", 1234.5),
        ("1234.50", 1234.5),
        ("1 234 567", 1234567.0),
        ("1\u00a0234,5 €", 1234.5),
        ("1\u202f234\u202f567€", 1234567.0),
        ("-12 000,25", -12000.25),
        ("0", 0.0),
    ],
)
def test_numbers_in_every_allowed_format(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1.234,56", "1,234.56", "12a", "1 23", "€", "", "1 2345", "--1"])
def test_numbers_outside_the_contract_are_not_guessed(text):
    assert parse_number(text) is None


def test_booleans_and_integers():
    assert [parse_bool(t) for t in ["oui", "OUI", "Non", "non", "yes", ""]] == [
        True,
        True,
        False,
        False,
        None,
        None,
    ]
    assert parse_integer("1998") == 1998
    assert parse_integer("1998,5") is None


def _typed(data_dir, dataset):
    frame = reading.read_dataset(data_dir / "raw" / "2008", dataset).frame
    return frame[[c for c in frame if not c.endswith(reading.RAW_SUFFIX) and c != reading.ROW]]


def _french_spreadsheet_csv(lines: list[str]) -> str:
    """What a French spreadsheet writes: ';', decimal comma, grouped thousands, euro sign."""
    out = []
    for number, line in enumerate(lines):
        cells = line.split(",")
        if number:
            cells = [
                f"{int(c):,}".replace(",", "\u00a0") + " €" if c.isdigit() and len(c) > 4 else c
                for c in cells
            ]
            cells = [c.replace(".", ",") if c.replace(".", "").isdigit() else c for c in cells]
            cells = [
                c.upper() if c == "oui" else c.capitalize() if c == "non" else c for c in cells
            ]
        out.append(";".join(cells))
    return "\r\n".join(out) + "\r\n"


@pytest.mark.parametrize("dataset", list(MINI))
def test_windows_1252_semicolon_decimal_comma_reads_the_same(tmp_path, dataset):
    plain = write_mini(tmp_path / "plain")
    french = tmp_path / "french" / "raw" / "2008"
    french.mkdir(parents=True)
    text = _french_spreadsheet_csv(MINI[dataset])
    (french / f"{dataset}.csv").write_bytes(text.encode("cp1252"))
    assert plain
    pd.testing.assert_frame_equal(
        _typed(tmp_path / "plain", dataset), _typed(tmp_path / "french", dataset)
    )


@pytest.mark.parametrize("dataset", list(MINI))
def test_utf8_bom_and_xlsx_read_the_same(tmp_path, dataset):
    write_mini(tmp_path / "plain")
    bom = tmp_path / "bom" / "raw" / "2008"
    bom.mkdir(parents=True)
    (bom / f"{dataset}.csv").write_bytes("\ufeff".encode() + "\n".join(MINI[dataset]).encode())
    xlsx = tmp_path / "xlsx" / "raw" / "2008"
    xlsx.mkdir(parents=True)
    workbook = Workbook()
    for line in MINI[dataset]:
        cells = line.split(",")
        # Numbers as numeric cells, as a spreadsheet stores them; codes stay text.
        workbook.active.append(
            [
                float(c) if c.replace(".", "").lstrip("-").isdigit() and i else c or None
                for i, c in enumerate(cells)
            ]
        )
    workbook.save(xlsx / f"{dataset}.xlsx")
    expected = _typed(tmp_path / "plain", dataset)
    pd.testing.assert_frame_equal(expected, _typed(tmp_path / "bom", dataset))
    pd.testing.assert_frame_equal(expected, _typed(tmp_path / "xlsx", dataset))


def test_codes_stay_two_character_text_and_names_are_dropped(mini_dir):
    frame = reading.read_dataset(mini_dir / "raw" / "2008", "gouvernance").frame
    assert list(frame["code_region"]) == ["53", "53", "53", "52", "53", "53", "52", "52", "52"]
    assert "representant" not in frame.columns


def test_rows_are_numbered_as_in_the_file_past_titles_and_blank_lines(tmp_path):
    year_dir = tmp_path / "raw" / "2008"
    year_dir.mkdir(parents=True)
    lines = MINI["rh"]
    text = "État des lieux RH;;;\n\n" + "\n".join(
        [lines[0], lines[1], "", lines[2], lines[0], lines[3]]
    )
    (year_dir / "rh.csv").write_text(text.replace(";", ","), encoding="utf-8")
    frame = reading.read_dataset(year_dir, "rh").frame
    assert list(frame[reading.ROW]) == [4, 6, 8]


def _write(tmp_path, name: str, data: bytes):
    year_dir = tmp_path / "raw" / "2008"
    year_dir.mkdir(parents=True, exist_ok=True)
    (year_dir / name).write_bytes(data)
    return year_dir


HEADER_RH = MINI["rh"][0]


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("rh.csv", b"", "vide"),
        ("rh.csv", b"  \n\n", "vide"),
        ("rh.csv", "\n".join(MINI["rh"]).encode("utf-16"), "UTF-16"),
        ("rh.csv", b"\x00\x01\x02PK binary", "binaire"),
        ("rh.csv", HEADER_RH.encode() + b"\n53,Poste \x81\x8d,autre,cdi,1,\n", "encodage inconnu"),
        ("rh.csv", b"a,b,c\n1,2,3\n", "en-tête"),
        ("rh.csv", b"code_region,poste,fonction,contrat\n53,x,autre,cdi\n", "etp"),
        (
            "rh.csv",
            (HEADER_RH + "\n53;Directrice;direction;cdi;1;\n53,x,autre,cdi,1,,9\n").encode(),
            "ligne 3",
        ),
        ("rh.csv", (HEADER_RH + ",etp\n53,x,autre,cdi,1,,1\n").encode(), "double"),
        ("rh.xlsx", b"not a zip at all", "Excel"),
    ],
)
def test_unreadable_files_get_a_message_naming_file_and_problem(tmp_path, name, data, words):
    year_dir = _write(tmp_path, name, data)
    with pytest.raises(InputError) as caught:
        reading.read_dataset(year_dir, "rh")
    message = str(caught.value)
    assert message.startswith(name)
    assert words in message


def test_missing_and_doubled_files(tmp_path):
    year_dir = _write(tmp_path, "cres.csv", "\n".join(MINI["cres"]).encode())
    with pytest.raises(InputError, match="absent"):
        reading.read_dataset(year_dir, "rh")
    _write(tmp_path, "cres.xlsx", b"")
    with pytest.raises(InputError, match="deux fichiers"):
        reading.read_dataset(year_dir, "cres")


def test_extra_columns_are_reported_and_ignored(tmp_path):
    lines = [MINI["rh"][0] + ",commentaire"] + [line + ",à revoir" for line in MINI["rh"][1:]]
    year_dir = _write(tmp_path, "rh.csv", "\n".join(lines).encode())
    table = reading.read_dataset(year_dir, "rh")
    assert table.ignored_columns == ["commentaire"]
    assert "commentaire" not in table.frame
