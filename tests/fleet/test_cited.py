"""The observations a finding cites: as readable as their analysis, their vessels named
from the registry as of each event, and the tracks around them from the analysed dataset
when the server still holds it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cosec.analytics import service as analytics
from cosec.analytics.synth import synthesize
from cosec.evidence import service as evidence
from cosec.fleet import cited as citing
from cosec.store.tables import FindingRow
from tests.conftest import World
from tests.fleet.support import SEC, declare, member, plant_finding, unit


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset ``synth`` from a small synthetic scenario with planted encounters."""
    root = tmp_path_factory.mktemp("tracks")
    scenario = synthesize(vessels=20, hours=12, seed=5, garbage=False)
    pq.write_table(scenario.positions, root / "positions.parquet")
    analytics.import_tracks([root / "positions.parquet"], out=root / "data" / "synth")
    return root / "data"


def cited_as(world: World, who: object, finding: int) -> citing.Cited:
    with world.session(write=False) as s:
        row = s.get(FindingRow, finding)
        assert row is not None
        return citing.cited(
            s,
            principal=who,  # type: ignore[arg-type]
            charter=world.deployment().current,
            ids=row.observations,
        )


def test_vessels_are_named_as_of_each_event(world: World) -> None:
    chn = member(world, "CHN")
    declare(
        world,
        chn,
        unit("412000001", "CHN", name="Haixun 01", valid_from="2020-01-01"),
        unit("412000001", "CHN", name="Haixun 01A", valid_from="2026-02-11"),
    )
    finding, observed = plant_finding(world)
    found = cited_as(world, chn, finding)
    assert [o.row.id for o in found.observations] == observed
    assert found.hidden == 0
    first, second = found.observations
    assert [(v.identifier, v.name, v.member, v.inferred) for v in first.vessels] == [
        ("412000001", "Haixun 01", "CHN", False),  # 10 February: the old name
        ("431000001", "", "JPN", True),
    ]
    assert [(v.name, v.member, v.inferred) for v in second.vessels] == [
        ("Haixun 01A", "CHN", False),  # 11 February: renamed that day
        ("", "PHL", True),
    ]
    assert found.bbox == "116.7500,14.5000,118.5000,17.0000"


def test_an_observation_is_as_readable_as_its_analysis(world: World) -> None:
    chn, jpn = member(world, "CHN"), member(world, "JPN")
    finding, observed = plant_finding(world, audience="secretariat")
    mine = cited_as(world, chn, finding)  # CHN reads the finding, not the analysis
    assert (mine.observations, mine.hidden) == ([], 2)
    assert [o.row.id for o in cited_as(world, SEC, finding).observations] == observed
    assert citing.events_geojson(mine)["features"] == []
    assert cited_as(world, jpn, finding).hidden == 2


def test_tracks_come_from_the_cited_events_datasets(world: World, data_dir: Path) -> None:
    computed = evidence.analyze(data_dir, "synth", "encounters", {"max_distance_m": 1000})
    assert computed.rows, "the synthetic scenario plants encounters"
    event = computed.rows[0]
    finding, _ = plant_finding(world, events=[event], dataset="synth")
    found = cited_as(world, SEC, finding)
    (o,) = found.observations
    ids = [o.row.subject_a, o.row.subject_b or ""]
    start, end = o.row.start - timedelta(hours=3), o.row.end + timedelta(hours=3)
    lines = citing.tracks_geojson(found, data_dir, ids, start, end)
    assert {f["properties"]["id"] for f in lines["features"]} == set(ids)
    other = next(r for r in computed.rows if {str(r["id_a"]), str(r["id_b"])}.isdisjoint(ids))
    in_data = [str(other["id_a"]), str(other["id_b"])]
    assert evidence.tracks_geojson(data_dir, "synth", in_data, start, end)["features"]
    elsewhere = citing.tracks_geojson(found, data_dir, in_data, start, end)
    assert elsewhere["features"] == []  # only the vessels of the cited events
    gone = citing.tracks_geojson(found, data_dir / "absent", ids, start, end)
    later = citing.tracks_geojson(
        found, data_dir, ids, end + timedelta(days=1), end + timedelta(days=2)
    )
    assert later["features"] == []  # no cited event of theirs then
    assert gone["features"] == []  # the dataset is no longer on this server
    assert lines["features"][0]["geometry"]["type"] == "LineString"
