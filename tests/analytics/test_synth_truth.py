"""The planted events of the synthetic scenario are recovered: recall 1, nothing bridged."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow.csv as pacsv
import pytest

from cosec.analytics.io.dataset import read_manifest
from cosec.analytics.service import run_analysis

Row = dict[str, object]


def truth(scenario: dict[str, Path], *kinds: str) -> list[Row]:
    rows = pacsv.read_csv(scenario["truth"]).to_pylist()
    return [r for r in rows if r["kind"] in kinds]


def by_pair(table) -> dict[tuple[int, int], list[Row]]:
    out: dict[tuple[int, int], list[Row]] = {}
    for r in table.to_pylist():
        out.setdefault((r["id_a"], r["id_b"]), []).append(r)
    return out


@pytest.fixture(scope="module")
def encounters(scenario_dataset: Path):
    return by_pair(run_analysis(scenario_dataset, "encounters", {"max_distance_m": 500.0}))


def test_import_counts_the_planted_garbage(
    scenario_dataset: Path, scenario: dict[str, Path]
) -> None:
    m = read_manifest(scenario_dataset)
    planted = pacsv.read_csv(scenario["garbage"]).to_pylist()
    expected = {r["reason"]: r["rows"] for r in planted if r["in_file"] == "csv only"}
    assert m["rejects_by_reason"] == expected
    dup = next(r["rows"] for r in planted if r["reason"] == "duplicate")
    jumps = next(r["rows"] for r in planted if r["reason"] == "impossible_jump")
    assert m["duplicates_removed"] == dup
    assert m["track_splits"] >= jumps


def test_every_planted_pass_is_found_with_its_exact_cpa(scenario, encounters) -> None:
    planted = truth(scenario, "fast_pass", "slow_pass")
    assert len(planted) >= 4
    for row in planted:
        found = encounters.get((row["id_a"], row["id_b"]), [])
        assert len(found) == 1, row
        assert abs(found[0]["cpa_distance_m"] - row["cpa_distance_m"]) < 1.0
        assert abs((found[0]["cpa_time"] - row["cpa_time"]).total_seconds()) < 2.0


def test_near_misses_and_passes_inside_long_gaps_are_not_reported(scenario, encounters) -> None:
    for row in truth(scenario, "near_miss", "gap_pass"):
        assert (row["id_a"], row["id_b"]) not in encounters, row


def test_no_episode_is_bridged_across_a_long_gap(scenario, encounters) -> None:
    rows = truth(scenario, "gap_bridge")
    assert rows
    for row in rows:
        found = encounters[(row["id_a"], row["id_b"])]
        assert len(found) == 2
        first, second = sorted(found, key=lambda r: r["start"])
        silent_from = first["end"]
        silent_to = second["start"]
        assert (silent_to - silent_from).total_seconds() > 3600


def test_rendezvous_gaps_switch_offs_and_loitering_are_found(scenario, scenario_dataset) -> None:
    rv = run_analysis(scenario_dataset, "rendezvous").to_pylist()
    pairs = {(r["id_a"], r["id_b"]) for r in rv}
    for row in truth(scenario, "rendezvous"):
        assert (row["id_a"], row["id_b"]) in pairs
    gaps = run_analysis(scenario_dataset, "gaps").to_pylist()
    found = {(r["id"], r["start"], r["end"]): r for r in gaps}
    for row in truth(scenario, "gap", "switch_off"):
        hit = found[(row["id_a"], row["start"], row["end"])]
        assert hit["switch_off"] == (row["kind"] == "switch_off")
    loiter = {r["id"] for r in run_analysis(scenario_dataset, "loitering").to_pylist()}
    for row in truth(scenario, "loitering"):
        assert row["id_a"] in loiter


def test_times_are_utc(encounters) -> None:
    some = next(iter(encounters.values()))[0]
    assert isinstance(some["start"], datetime)
    assert some["start"].utcoffset().total_seconds() == 0
