"""The registry through its service, on SQLite and PostgreSQL: versions superseded from
their valid_from, withdrawals, history, the MID fallback, who may declare what, and
what each reader sees."""

from __future__ import annotations

import pytest

from cosec.errors import InvalidInput, NotFound
from cosec.fleet import service as fleet
from tests.conftest import World
from tests.fleet.support import SEC, at, declare, listed, look, member, unit, unit_records


def test_a_later_entry_supersedes_from_its_valid_from_and_the_history_stays(world: World) -> None:
    chn = member(world, "CHN")
    first, renamed = declare(
        world,
        chn,
        unit("412000001", "CHN", name="Haixun 01", valid_from="2025-01-01"),
        unit("412000001", "CHN", name="Haixun 01A", valid_from="2026-02-01"),
    )
    assert listed(world, chn, at("2024-12-31")) == []
    assert listed(world, chn, at("2025-06-01")) == [("412000001", "Haixun 01")]
    assert listed(world, chn, at("2026-01-31T23:59")) == [("412000001", "Haixun 01")]
    assert listed(world, chn, at("2026-02-01")) == [("412000001", "Haixun 01A")]

    found = look(world, chn, "412000001", at("2026-03-01"))
    assert found.current is not None
    assert found.current.record_id == renamed
    assert [e.record_id for e in found.history.entries] == [first, renamed]
    assert found.flag == "CHN"
    assert not found.inferred


def test_entries_take_effect_in_valid_from_order_not_log_order(world: World) -> None:
    chn = member(world, "CHN")
    (later,) = declare(world, chn, unit("412000002", "CHN", name="B", valid_from="2026-01-01"))
    (earlier,) = declare(world, chn, unit("412000002", "CHN", name="A", valid_from="2025-01-01"))
    found = look(world, chn, "412000002", at("2026-03-01"))
    assert [e.record_id for e in found.history.entries] == [earlier, later]
    assert found.current is not None
    assert found.current.unit.name == "B"
    assert look(world, chn, "412000002", at("2025-06-01")).current.unit.name == "A"


def test_an_entry_without_valid_from_takes_effect_when_logged(world: World) -> None:
    chn = member(world, "CHN")
    declare(world, chn, unit("412000003", "CHN", name="Now"))
    logged = world.clock.now()
    assert listed(world, chn, logged) == [("412000003", "Now")]
    assert listed(world, chn, at("2026-03-01T08:59")) == []  # the clock stands at 09:00


def test_a_withdrawn_unit_leaves_the_list_from_its_day_and_keeps_its_history(
    world: World,
) -> None:
    chn = member(world, "CHN")
    declare(
        world,
        chn,
        unit("412000004", "CHN", "coast_guard", name="Haijing 2901", valid_from="2020-01-01"),
        unit("412000004", "CHN", "coast_guard", withdrawn=True, valid_from="2026-02-01"),
    )
    assert listed(world, chn, at("2026-01-31")) == [("412000004", "Haijing 2901")]
    assert listed(world, chn, at("2026-02-01")) == []
    found = look(world, chn, "412000004", at("2026-03-01"))
    assert found.current is None
    assert found.in_effect is not None
    assert found.in_effect.unit.withdrawn
    assert len(found.history.entries) == 2
    assert found.inferred
    assert found.flag == "CHN" == found.mid_flag


def test_a_ship_not_in_the_registry_shows_its_flag_from_its_mmsi_marked_inferred(
    world: World,
) -> None:
    jpn = member(world, "JPN")
    found = look(world, jpn, "412999999", at("2026-03-01"))
    assert (found.history, found.current, found.flag, found.inferred) == (None, None, "CHN", True)
    with pytest.raises(NotFound, match="first digits"):
        look(world, jpn, "351000001", at("2026-03-01"))  # Panama: no member's MID
    with pytest.raises(NotFound, match="aircraft"):
        look(world, jpn, "a1b2c3", at("2026-03-01"))  # no inference for aircraft
    with pytest.raises(InvalidInput, match="identifier"):
        look(world, jpn, "41200000", at("2026-03-01"))


def test_vessels_are_named_from_the_registry_else_by_their_flag(world: World) -> None:
    chn = member(world, "CHN")
    declare(world, chn, unit("412000005", "CHN", name="Nanchang", valid_from="2025-01-01"))
    with world.session(write=False) as s:
        known = fleet.histories(
            s,
            principal=chn,
            charter=world.deployment().current,
            identifiers=["412000005", "431000001"],
        )
    named = fleet.vessel("412000005", known, at("2026-01-01"))
    assert (named.member, named.name, named.kind, named.inferred) == (
        "CHN",
        "Nanchang",
        "navy",
        False,
    )
    before = fleet.vessel("412000005", known, at("2024-01-01"))
    assert (before.member, before.name, before.inferred) == ("CHN", "", True)
    other = fleet.vessel("431000001", known, at("2026-01-01"))
    assert (other.member, other.inferred) == ("JPN", True)


def test_a_member_declares_only_its_own_units(world: World) -> None:
    chn = member(world, "CHN")
    with pytest.raises(InvalidInput) as exc:
        declare(world, chn, unit("431000001", "JPN"))
    assert "row 1.member: must be your own state, CHN" in str(exc.value)
    assert unit_records(world) == 0


def test_a_member_cannot_take_over_an_identifier_another_member_declared(world: World) -> None:
    chn, jpn = member(world, "CHN"), member(world, "JPN")
    declare(world, chn, unit("412000006", "CHN"))
    with pytest.raises(InvalidInput) as exc:  # JPN "declares it as its own", withdrawn
        declare(world, jpn, unit("412000006", "JPN", withdrawn=True))
    assert "row 1.identifier: is registered as another member's unit" in str(exc.value)
    assert unit_records(world) == 1

    # The secretariat settles it: from then on JPN files about it, and CHN may not.
    declare(world, SEC, unit("412000006", "JPN", "coast_guard", note="transferred"))
    declare(world, jpn, unit("412000006", "JPN", "coast_guard", name="Renamed"))
    found = look(world, jpn, "412000006", world.clock.now())
    assert found.current is not None
    assert found.current.unit.name == "Renamed"
    with pytest.raises(InvalidInput, match="another member's unit"):
        declare(world, chn, unit("412000006", "CHN", withdrawn=True))


def test_the_secretariat_names_a_member_of_the_charter(world: World) -> None:
    with pytest.raises(InvalidInput) as exc:
        declare(world, SEC, unit("412000007", "XYZ"))
    assert "XYZ is not a member of eas-2026" in str(exc.value)


def test_readers_see_what_the_entries_audiences_allow(world: World) -> None:
    chn, jpn = member(world, "CHN"), member(world, "JPN")
    declare(world, chn, unit("412000008", "CHN", name="Public"))
    declare(world, chn, unit("412000009", "CHN", name="Private"), audience="secretariat")
    now = world.clock.now()
    assert listed(world, jpn, now) == [("412000008", "Public")]
    assert listed(world, chn, now) == [("412000008", "Public"), ("412000009", "Private")]
    assert listed(world, SEC, now) == [("412000008", "Public"), ("412000009", "Private")]
    hidden = look(world, jpn, "412000009", now)  # JPN only learns what the MMSI says
    assert (hidden.history, hidden.flag, hidden.inferred) == (None, "CHN", True)


def test_listing_filters_sorts_and_pages(world: World) -> None:
    chn, jpn = member(world, "CHN"), member(world, "JPN")
    declare(
        world,
        chn,
        unit("412000011", "CHN", name="Cc", valid_from="2020-01-01"),
        unit("412000010", "CHN", "coast_guard", name="Aa", valid_from="2021-01-01"),
        unit("7a0001", "CHN", domain="air", name="Bb", valid_from="2022-01-01"),
    )
    declare(world, jpn, unit("431000002", "JPN", name="Dd", valid_from="2019-01-01"))
    now = world.clock.now()
    assert [i for i, _ in listed(world, SEC, now)] == [
        "412000010",
        "412000011",
        "431000002",
        "7a0001",
    ]
    assert [n for _, n in listed(world, SEC, now, member="CHN", sort="name")] == ["Aa", "Bb", "Cc"]
    assert listed(world, SEC, now, kind="coast_guard") == [("412000010", "Aa")]
    assert listed(world, SEC, now, domain="air") == [("7a0001", "Bb")]
    by_date = listed(world, SEC, now, sort="valid_from", descending=True)
    assert [n for _, n in by_date] == ["Bb", "Aa", "Cc", "Dd"]
    with world.session(write=False) as s:
        page = fleet.list_units(
            s, principal=SEC, charter=world.deployment().current, as_of=now, offset=1, limit=2
        )
    assert page.total == 4
    assert [e.unit.identifier for e in page.entries] == [
        "412000011",
        "431000002",
    ]
    for bad, loc in (
        ({"kind": "army"}, "kind"),
        ({"member": "XYZ"}, "member"),
        ({"sort": "x"}, "sort"),
    ):
        with pytest.raises(InvalidInput, match=loc):
            listed(world, SEC, now, **bad)
