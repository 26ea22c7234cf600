"""Readers under arbitrary input: a typed table or a clean `InputError`, never another exception."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from support.data import MINI

from cres_reports.ingest import readers as reading
from cres_reports.ingest.readers import InputError, Table
from cres_reports.ingest.values import NUMBER_PATTERN, parse_number

# Moderate, and no example database written into the working tree.
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Cell text an analyst's file may hold, hostile parts included: control characters,
# both separators, quotes, line breaks, the spaces of the number formats, any unicode.
CELL = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(";,\"'\t\r\n\x00\x0b\x0c\x1c\x85\u2028 \u00a0\u202f€$%.-0123456789")),
        st.characters(codec="utf-8"),  # any character a file can hold (no lone surrogate)
    ),
    max_size=30,
)


def _read(name: str, data: bytes, dataset: str = "rh"):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(data)
        try:
            return reading.read_dataset(Path(folder), dataset)
        except InputError as exc:
            assert str(exc).startswith(name)  # the analyst is told which file
            return exc


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_csv(data):
    assert isinstance(_read("rh.csv", data), Table | InputError)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_valid_header(data):
    header = MINI["rh"][0].encode() + b"\n"
    assert isinstance(_read("rh.csv", header + data), Table | InputError)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_xlsx(data):
    assert isinstance(_read("rh.xlsx", data), Table | InputError)


@SETTINGS
@given(
    dataset=st.sampled_from(sorted(MINI)),
    where=st.tuples(st.integers(1, 10), st.integers(0, 10)),
    value=CELL,
    quoted=st.booleans(),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]),
)
def test_arbitrary_cell_in_a_valid_csv(dataset, where, value, quoted, encoding):
    lines = [line.split(",") for line in MINI[dataset]]
    row = where[0] % len(lines)  # the header too
    column = where[1] % len(lines[row])
    if quoted:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([value])
        value = buffer.getvalue()
    lines[row][column] = value
    text = "\n".join(",".join(cells) for cells in lines) + "\n"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    result = _read(f"{dataset}.csv", data, dataset)
    assert isinstance(result, Table | InputError)
    if isinstance(result, Table):
        assert list(result.frame.columns[:2]) == [reading.ROW, "code_region"]


@pytest.mark.slow  # a workbook written and read per example (the csv one stays fast)
@SETTINGS
@given(dataset=st.sampled_from(sorted(MINI)), row=st.integers(1, 10), value=CELL)
def test_arbitrary_cell_in_a_valid_xlsx(dataset, row, value):
    workbook = Workbook()
    lines = [line.split(",") for line in MINI[dataset]]
    # openpyxl refuses the control characters no spreadsheet can store
    lines[row % len(lines)][-1] = ILLEGAL_CHARACTERS_RE.sub("", value)
    for cells in lines:
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _read(f"{dataset}.xlsx", buffer.getvalue(), dataset)
    assert isinstance(result, Table | InputError)


NUMBERISH = st.text(alphabet="0123456789 ,.-+€$%e\u00a0\u202f\t\n", max_size=20)


@SETTINGS
@given(st.one_of(NUMBERISH, st.text(max_size=20)))
def test_parse_number_never_raises_and_agrees_with_the_pattern(text):
    value = parse_number(text)
    assert (value is None) == (re.match(NUMBER_PATTERN, text) is None)


@SETTINGS
@given(
    units=st.integers(0, 10**12),
    cents=st.one_of(st.none(), st.integers(0, 99)),
    decimal=st.sampled_from([",", "."]),
    thousands=st.sampled_from(["", " ", "\u00a0", "\u202f"]),
    euro=st.sampled_from(["", "€", " €", "\u00a0€", "\u202f€"]),
    negative=st.booleans(),
)
def test_numbers_in_the_contract_formats_read_back(
    units, cents, decimal, thousands, euro, negative
):
    digits = f"{units:,}".replace(",", thousands)
    text = ("-" if negative else "") + digits
    if cents is not None:
        text += f"{decimal}{cents:02d}"
    text += euro
    expected = float(f"{units}.{cents or 0:02d}") * (-1 if negative else 1)
    assert parse_number(text) == pytest.approx(expected)
