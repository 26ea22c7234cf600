"""Reading is bounded: hostile raw files are refused before parsing, fast and in little memory.

Each hostile file is built here, in tmp_path: a zip bomb (a valid xlsx whose sheet unpacks to
2 GiB from a few MB), an .ods repeating one filled cell a billion times, a 200 MB sparse file,
links out of the data folder, names holding control characters. `pipeline.py validate` runs
on it in a real process, measured from a fresh helper process (its children's peak RSS and
CPU time are that one run's). Time is CPU time: the project's 2 cores are shared, and under
load the wall clock measures the neighbours (the refusal itself takes well under a second,
the rest is checking the year's other files, Great Expectations imported).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.data import ROOT, YEAR, response_book, save_response, write_mini, write_mini_survey
from support.hostile import (
    edit_content,
    libreoffice_trailing_repeats,
    repeated_ods,
    sparse_file,
    zip_bomb,
)

from cres_reports import config
from cres_reports.analysis import quality
from cres_reports.ingest import bounds, responses
from cres_reports.ingest.readers import read_dataset
from cres_reports.ingest.table import InputError, printable, shown_name

MAX_SECONDS = 10  # CPU, user and system
MAX_WALL_SECONDS = 120  # whatever the load
MAX_RSS_MB = 400

# --------------------------------------------------------------------------- measuring


def measured(*args) -> tuple[subprocess.CompletedProcess, float, float, float]:
    """`pipeline.py ARGS` run from a fresh helper process: result, CPU and wall seconds, peak
    RSS in MB."""
    helper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.monotonic()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.monotonic() - start\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu, peak = used.ru_utime + used.ru_stime, used.ru_maxrss / 1024\n"
        "print(json.dumps([done.returncode, done.stdout, done.stderr, cpu, wall, peak]))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", helper, sys.executable, str(ROOT / "pipeline.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    code, out, err, cpu, wall, peak = json.loads(found.stdout)
    return subprocess.CompletedProcess(args, code, out, err), cpu, wall, peak


def refused_fast(data_dir: Path, *fragments: str):
    done, cpu, wall, peak = measured("validate", "--year", YEAR, "--data-dir", data_dir)
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert "Traceback" not in said
    for fragment in fragments:
        assert fragment in said, said
    measures = f"CPU {cpu:.1f} s, wall {wall:.1f} s, peak RSS {peak:.0f} MB"
    assert cpu < MAX_SECONDS and wall < MAX_WALL_SECONDS, f"{measures}\n{said}"
    assert peak < MAX_RSS_MB, f"{measures}\n{said}"
    print(f"\nrefused: {measures}")
    return said


# --------------------------------------------------------------------------- end to end


@pytest.mark.slow
def test_a_zip_bomb_response_is_refused_before_it_is_unpacked(tmp_path):
    year_dir = write_mini_survey(tmp_path)
    bomb = zip_bomb(year_dir / "reponses" / "enquete-53.xlsx")
    assert bomb.stat().st_size < 10 * 2**20
    refused_fast(
        tmp_path,
        "2008/reponses/enquete-53.xlsx : classeur de",
        "qui se décompresse en 2048 Mo, au-delà de la limite de 50 Mo (CRES_MAX_UNZIPPED_MB)",
    )


@pytest.mark.slow
def test_an_ods_repeating_a_filled_cell_is_refused_before_it_is_expanded(tmp_path):
    year_dir = write_mini_survey(tmp_path)
    (year_dir / "reponses" / "enquete-53.xlsx").unlink()
    repeated_ods(year_dir / "reponses" / "enquete-53.ods")
    refused_fast(
        tmp_path,
        "2008/reponses/enquete-53.ods, feuille Bombe, cellule A1 : les cellules remplies",
        "la limite de 200 000 cellules (CRES_MAX_CELLS)",
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", ["finances.csv", "gouvernance.xlsx"])
def test_a_200_mb_file_is_refused_unread(tmp_path, name):
    year_dir = write_mini(tmp_path)
    (year_dir / f"{name.split('.')[0]}.csv").unlink()
    sparse_file(year_dir / name)
    refused_fast(
        tmp_path,
        f"2008/{name} : fichier de 200 Mo, au-delà de la limite de 20 Mo (CRES_MAX_FILE_MB)",
    )


@pytest.mark.slow
def test_the_limits_are_settings(tmp_path):
    year_dir = write_mini(tmp_path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), "validate", "--year", str(YEAR),
         "--data-dir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "CRES_MAX_CELLS": "10"},
    )  # fmt: skip
    assert done.returncode == 1
    assert "2008/gouvernance.csv, ligne" in done.stdout + done.stderr
    assert "plus de 10 cellules (CRES_MAX_CELLS)" in done.stdout + done.stderr
    assert year_dir.is_dir()
    wrong = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), "validate", "--year", str(YEAR),
         "--data-dir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "CRES_MAX_FILE_MB": "vingt"},
    )  # fmt: skip
    assert wrong.returncode == 2
    assert "CRES_MAX_FILE_MB='vingt' : un nombre entier positif est attendu" in wrong.stderr


# --------------------------------------------------------------------------- in process


def test_the_zip_bomb_is_refused_from_its_central_directory(tmp_path):
    bomb = zip_bomb(tmp_path / "raw" / "2008" / "reponses" / "q.xlsx")
    with pytest.raises(InputError, match="qui se décompresse en 2048 Mo"):
        bounds.check_file(bomb)


def test_a_part_over_the_ratio_is_refused(tmp_path):
    bomb = zip_bomb(tmp_path / "raw" / "2008" / "reponses" / "q.xlsx", sheet_bytes=30 * 2**20)
    with pytest.raises(InputError, match="la partie xl/worksheets/sheet1.xml se décompresse"):
        bounds.check_file(bomb)


def test_a_part_lying_about_its_size_is_refused(tmp_path):
    path = tmp_path / "raw" / "2008" / "reponses" / "q.xlsx"
    zip_bomb(path, sheet_bytes=3 * 2**20)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # size fields: say 1 KB
        start = data.find(signature + b"\x14\x00" if signature == b"PK\x03\x04" else signature)
        while start >= 0:
            header = 30 if signature == b"PK\x03\x04" else 46
            length = struct.unpack_from("<H", data, start + (26 if header == 30 else 28))[0]
            if data[start + header : start + header + length] == name:
                struct.pack_into("<I", data, start + at, 1024)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(name.decode()).file_size == 1024
    with pytest.raises(InputError, match="classeur illisible"):
        bounds.check_file(path)


def test_a_sheet_declaring_a_huge_range_is_refused(tmp_path):
    import openpyxl

    path = tmp_path / "raw" / "2008" / "gouvernance.xlsx"
    path.parent.mkdir(parents=True)
    book = openpyxl.Workbook()
    book.active["A1"] = "code_region"
    book.active["XFD1048576"] = 1
    book.save(path)
    with pytest.raises(InputError) as refused:
        bounds.check_file(path)
    assert "la feuille déclare la plage A1:XFD1048576, au-delà de la limite" in str(refused.value)


def test_a_lone_cell_far_away_is_refused_without_a_dimension(tmp_path):
    path = tmp_path / "raw" / "2008" / "reponses" / "q.xlsx"
    save_response(response_book("53"), path)
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                far = b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>'
                data = re.sub(rb"<dimension[^>]*/>", b"", data).replace(b"</sheetData>", far)
            target.writestr(info, data)
    with pytest.raises(InputError, match="les cellules s'étendent jusqu'en ZZ900000"):
        bounds.check_file(path)


def test_an_ods_of_too_many_elements_is_refused_before_odfpy_builds_them(tmp_path):
    """Empty cells cost nothing once read, but odfpy builds each element (about 1 KB)."""
    path = save_response(response_book("53"), tmp_path / "raw" / "2008" / "reponses" / "q.ods")
    cells = b"".join(b'<table:table-cell table:style-name="c%d"/>' % i for i in range(200_001))
    row = b"<table:table-row>" + cells + b"</table:table-row></table:table>"
    edit_content(path, lambda xml: xml.replace(b"</table:table>", row, 1))
    with pytest.raises(InputError, match="une partie du classeur compte plus de 200 000 éléments"):
        bounds.check_file(path)


def test_libreoffice_trailing_empty_repeats_are_read_as_nothing(tmp_path):
    path = libreoffice_trailing_repeats(save_response(response_book("53"), tmp_path / "q.ods"))
    assert b'number-rows-repeated="1048000"' in zipfile.ZipFile(path).read("content.xml")
    plain = responses.read_response(save_response(response_book("53"), tmp_path / "p.ods"), YEAR)
    padded = responses.read_response(path, YEAR)
    assert padded.records == plain.records
    assert [g.cells for g in padded.workbook.grids] == [g.cells for g in plain.workbook.grids]


@pytest.mark.slow
def test_a_workbook_saved_by_libreoffice_is_read(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("notice: LibreOffice (soffice) not installed: workbook not converted")
    source = save_response(response_book("53"), tmp_path / "enquete-53.xlsx")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "ods", "--outdir", str(tmp_path / "out"), str(source)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    converted = tmp_path / "out" / "enquete-53.ods"
    content = zipfile.ZipFile(converted).read("content.xml")
    assert b"number-columns-repeated" in content  # LibreOffice's own repeats
    response = responses.read_response(converted, YEAR)
    assert response.code == "53"
    assert response.records["finances"]


def test_a_csv_with_too_many_cells_is_refused_as_it_is_read(tmp_path):
    year_dir = write_mini(tmp_path / "data")
    (year_dir / "rh.csv").write_text(
        "code_region,poste\n" + "\n" * (config.MAX_CELLS + 10), encoding="utf-8"
    )
    with pytest.raises(InputError, match="rh.csv, ligne .* plus de 200 000 cellules"):
        read_dataset(year_dir, "rh")


# --------------------------------------------------------------------------- links


def test_a_link_out_of_the_data_folder_is_refused(tmp_path):
    year_dir = write_mini(tmp_path / "data")
    outside = tmp_path / "elsewhere.csv"
    shutil.move(year_dir / "rh.csv", outside)
    (year_dir / "rh.csv").symlink_to(outside)
    with pytest.raises(InputError) as refused:
        read_dataset(year_dir, "rh")
    assert str(refused.value) == (
        f"rh.csv : lien symbolique vers {outside}, hors du dossier de données "
        f"{tmp_path / 'data'} : y placer le fichier lui-même"
    )


def test_a_link_inside_the_data_folder_is_followed(tmp_path):
    year_dir = write_mini(tmp_path / "data")
    shared = tmp_path / "data" / "partage" / "rh.csv"
    shared.parent.mkdir()
    shutil.move(year_dir / "rh.csv", shared)
    (year_dir / "rh.csv").symlink_to(Path("..", "..", "partage", "rh.csv"))
    assert len(read_dataset(year_dir, "rh").frame) == 3


@pytest.mark.slow
def test_links_in_the_responses_end_to_end(tmp_path):
    data = tmp_path / "data"
    year_dir = write_mini_survey(data)
    answers = year_dir / "reponses"
    outside = tmp_path / "ailleurs.xlsx"
    shutil.move(answers / "enquete-52.xlsx", outside)
    (answers / "enquete-52.xlsx").symlink_to(outside)
    (answers / "passwd.xlsx").symlink_to("/etc/passwd")
    (answers / "zero.xlsx").symlink_to("/dev/zero")
    inside = data / "raw" / "archives" / "enquete-53.xlsx"
    inside.parent.mkdir()
    shutil.move(answers / "enquete-53.xlsx", inside)
    (answers / "enquete-53.xlsx").symlink_to(inside)
    said = refused_fast(
        data,
        f"2008/reponses/enquete-52.xlsx : lien symbolique vers {outside}, hors du dossier de "
        f"données {data} : y placer le fichier lui-même",
        "2008/reponses/passwd.xlsx : lien symbolique vers /etc/passwd",
        "2008/reponses/zero.xlsx : lien symbolique vers /dev/zero",
    )
    assert "enquete-53.xlsx :" not in said  # the link inside the data folder was read


# --------------------------------------------------------------------------- names


def test_names_are_shown_with_their_control_characters_escaped():
    assert printable("enquete\n53\x1b[31m.xlsx") == "enquete\\n53\\x1b[31m.xlsx"
    assert printable("a\u202egpj.xlsx") == "a\\u202egpj.xlsx"
    assert printable(os.fsdecode(b"r\xe9ponse.xlsx")) == "r\\xe9ponse.xlsx"
    assert printable("Réponse CRES PdL.ods") == "Réponse CRES PdL.ods"
    assert printable(printable("a\nb")) == printable("a\nb")
    assert shown_name(Path("2008/reponses/a\tb.ods")) == "reponses/a\\tb.ods"


@pytest.mark.slow
def test_a_name_with_control_characters_is_escaped_on_the_terminal_and_page(tmp_path):
    year_dir = write_mini_survey(tmp_path)
    hostile = "enquete\n53\x1b[2J.xlsx"
    (year_dir / "reponses" / "enquete-53.xlsx").rename(year_dir / "reponses" / hostile)
    (year_dir / "reponses" / "enquete-52.xlsx").write_bytes(b"not a workbook")
    (year_dir / "reponses" / "enquete-52.xlsx").rename(year_dir / "reponses" / "bad\x1b.xlsx")
    done = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), "enquete", "suivi", "--year", str(YEAR),
         "--data-dir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    said = done.stdout + done.stderr
    assert "\x1b" not in said, said
    assert "enquete\\n53\\x1b[2J.xlsx" in said
    assert "2008/reponses/bad\\x1b.xlsx : classeur Excel illisible" in said
    # The quality page is made from the validation's results: the names it shows are escaped.
    checked = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), "validate", "--year", str(YEAR),
         "--data-dir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert checked.returncode == 1
    assert "\x1b" not in checked.stdout + checked.stderr
    results = quality.load_results(tmp_path, YEAR)
    shown = [
        quality.survey_tracking(results).to_csv(),
        quality.files_table(results).to_csv(),
        *quality.read_errors(results),
    ]
    assert not any("\x1b" in text or "53\n" in text for text in shown), shown
    assert "enquete\\n53\\x1b[2J.xlsx" in shown[0]
