"""CSV files of units: every row checked before anything is signed, errors naming the row
and the column; exports in the same format import again."""

from __future__ import annotations

from datetime import date

import pytest

from cosec.errors import InvalidInput
from cosec.fleet import csvfile
from cosec.fleet import service as fleet
from cosec.fleet.registry import Entry
from cosec.kinds.fleet import FleetUnit
from tests.conftest import START, World
from tests.fleet.support import SEC, declare, declare_items, listed, member, unit, unit_records

HEADER = "identifier,domain,member,kind,name,hull_number,valid_from,withdrawn,note\n"


def errors(text: str, importer: str = "CHN") -> dict[str, str]:
    with pytest.raises(InvalidInput) as exc:
        csvfile.read_units(text, importer=importer)
    return {e.loc: e.rule for e in exc.value.errors}


def test_rows_become_units_with_blank_cells_left_to_their_defaults() -> None:
    units = csvfile.read_units(
        "\ufeffidentifier,kind,name,valid_from,withdrawn\n"
        "412000001,navy,Liaoning,2020-01-01,\n"
        "\n"
        "7A0001,other_government,,,yes\n",
        importer="CHN",
    )
    assert units == [
        FleetUnit(
            identifier="412000001",
            member="CHN",
            kind="navy",
            name="Liaoning",
            valid_from=date(2020, 1, 1),
        ),
        FleetUnit(
            identifier="7a0001", domain="air", member="CHN", kind="other_government", withdrawn=True
        ),
    ]


def test_every_bad_row_is_named_by_its_row_and_column() -> None:
    found = errors(
        HEADER
        + "412000001,sea,CHN,navy,A,,2020-01-01,false,\n"
        + "41200000,sea,CHN,navy,B,,,,\n"
        + "412000003,sea,CHN,army,C,,,,\n"
        + "412000004,sea,CHN,navy,D,,2020-13-01,maybe,\n"
        + "412000005,sea,chn,navy,E,,,,,extra\n"
        + "412000001,sea,CHN,navy,A again,,2020-01-01,,\n"
    )
    assert found == {
        "row 2.identifier": "must be a ship's MMSI: 9 digits",
        "row 3.kind": "must be one of 'navy', 'coast_guard' or 'other_government'",
        "row 4.valid_from": "must be a date (YYYY-MM-DD)",
        "row 4.withdrawn": "must be true or false",
        "row 5": "has more cells than the header has columns",
        "row 6.identifier": "repeats row 1: the same unit with the same valid_from",
    }


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "the file is empty"),
        ("identifier,kind,colour\n", "unknown column(s) colour"),
        ("identifier,kind,kind\n", "column(s) kind appear more than once"),
        ("identifier,name\n412000001,A\n", "missing column(s) kind"),
    ],
)
def test_a_bad_header_is_named(text: str, rule: str) -> None:
    assert rule in errors(text)["header"]


def test_a_file_with_no_units_is_refused() -> None:
    assert errors("identifier,kind\n\n") == {"rows": "the file holds no units"}


def test_the_secretariat_names_the_member_of_every_row() -> None:
    assert errors("identifier,kind\n412000001,navy\n", importer="SEC") == {
        "row 1.member": "is required: name the member of each unit"
    }


def test_an_export_imports_again_and_is_safe_in_a_spreadsheet() -> None:
    units = [
        FleetUnit(
            identifier="412000001",
            member="CHN",
            kind="navy",
            name="=HYPERLINK(x)",
            hull_number="+16",
            note='a "quoted", note',
            valid_from=date(2025, 1, 1),
        ),
        FleetUnit(identifier="a1b2c3", domain="air", member="CHN", kind="navy", withdrawn=True),
    ]
    text = csvfile.write_units(Entry.of(i, u, START) for i, u in enumerate(units, start=1))
    assert text.splitlines()[0] == HEADER.strip()
    assert "'=HYPERLINK(x)" in text
    assert "'+16" in text
    assert csvfile.read_units(text, importer="SEC") == units


def test_a_refused_row_is_named_by_its_column_and_nothing_is_written(world: World) -> None:
    chn = member(world, "CHN")
    declare(world, member(world, "JPN"), unit("431000001", "JPN"))
    items = fleet.import_items(
        "identifier,member,kind\n412000001,,navy\n431000001,,navy\n412000002,JPN,navy\n",
        importer="CHN",
    )
    with pytest.raises(InvalidInput) as exc:
        declare_items(world, chn, items)
    assert {e.loc: e.rule for e in exc.value.errors} == {
        "row 2.identifier": "is registered as another member's unit: only the secretariat "
        "may change its entries",
        "row 3.member": "must be your own state, CHN",
    }
    assert unit_records(world) == 1  # JPN's own entry only
    assert listed(world, SEC, world.clock.now()) == [("431000001", "")]
