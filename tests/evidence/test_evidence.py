"""Evidence from tracks, stored: analyses on a dataset, signed and logged, their events
kept as observations; through the service, the API, the CLI and the web page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cosec import deployment as deployment_service
from cosec.analytics import service as analytics
from cosec.analytics.synth import synthesize
from cosec.errors import InvalidInput, NotFound
from cosec.evidence import service as evidence
from cosec.principals import Principal, Role
from cosec.server.app import create_app
from cosec.store.observations import ObservationRow
from tests.conftest import World

SEC = Principal(id=None, name="analyst", role=Role.SECRETARIAT)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset ``synth`` made from a small synthetic scenario with planted events."""
    root = tmp_path_factory.mktemp("tracks")
    scenario = synthesize(vessels=30, hours=12, seed=11, garbage=False)
    src = root / "positions.parquet"
    import pyarrow.parquet as pq

    pq.write_table(scenario.positions, src)
    analytics.import_tracks([src], out=root / "data" / "synth")
    (root / "truth.json").write_text(json.dumps(scenario.truth.to_pylist(), default=str))
    return root / "data"


def test_analysis_is_logged_with_its_events(world: World, data_dir: Path) -> None:
    computed = evidence.analyze(data_dir, "synth", "encounters", {"max_distance_m": 500})
    again = evidence.analyze(data_dir, "synth", "encounters", {"max_distance_m": 500})
    assert computed.payload.events_sha256 == again.payload.events_sha256  # reproducible
    assert computed.payload.events > 0
    with world.session() as s:
        row = evidence.record(
            s,
            deployment=deployment_service.load(s),
            ledger=world.ledger,
            principal=SEC,
            analysis=computed,
            clock=world.clock,
        )
        rid = row.id
    with world.session(write=False) as s:
        stored = s.scalar(
            select(func.count()).select_from(ObservationRow).where(ObservationRow.record_id == rid)
        )
        rec = evidence.analysis(s, SEC, deployment_service.load(s).current, rid)
        obs = evidence.observations(s, rec)
    assert stored == computed.payload.events
    assert rec.audience == "secretariat"
    assert rec.payload["events_sha256"] == evidence.events_digest([o.data for o in obs])
    assert all(o.subject_b is not None and o.start <= o.end for o in obs)


def test_members_do_not_see_a_secretariat_analysis(world: World, data_dir: Path) -> None:
    chn, _ = world.user("chn", member="CHN")
    computed = evidence.analyze(data_dir, "synth", "gaps", {})
    with world.session() as s:
        rid = evidence.record(
            s,
            deployment=deployment_service.load(s),
            ledger=world.ledger,
            principal=SEC,
            analysis=computed,
            clock=world.clock,
        ).id
    with world.session(write=False) as s:
        charter = deployment_service.load(s).current
        assert evidence.analyses(s, chn, charter) == []
        with pytest.raises(NotFound):
            evidence.analysis(s, chn, charter, rid)


def test_bad_dataset_names_and_kinds(data_dir: Path) -> None:
    with pytest.raises(InvalidInput, match="dataset name"):
        evidence.analyze(data_dir, "../etc", "gaps", {})
    with pytest.raises(NotFound):
        evidence.analyze(data_dir, "absent", "gaps", {})
    with pytest.raises(InvalidInput, match="kind"):
        evidence.analyze(data_dir, "synth", "telepathy", {})
    with pytest.raises(InvalidInput, match="max_distance_m"):
        evidence.analyze(data_dir, "synth", "encounters", {"max_distance_m": -1})


def test_api_runs_lists_and_maps_an_analysis(world: World, data_dir: Path) -> None:
    _, sec_key = world.user("analyst", role=Role.SECRETARIAT)
    _, chn_key = world.user("chn", member="CHN")
    app = create_app(world.factory, ledger=world.ledger, clock=world.clock, data_dir=data_dir)
    sec = {"Authorization": f"Bearer {sec_key}"}
    with TestClient(app) as c:
        assert [d["name"] for d in c.get("/v1/track-datasets", headers=sec).json()] == ["synth"]
        assert (
            c.get("/v1/track-datasets", headers={"Authorization": f"Bearer {chn_key}"}).status_code
            == 403
        )
        r = c.post(
            "/v1/analyses",
            headers=sec,
            json={
                "dataset": "synth",
                "kind": "encounters",
                "params": {"max_distance_m": 500},
                "audience": "public",
            },
        )
        assert r.status_code == 201, r.text
        rid = r.json()["id"]
        assert [a["id"] for a in c.get("/v1/analyses").json()] == [rid]  # public: anyone
        page = c.get(f"/v1/analyses/{rid}/observations?limit=2").json()
        assert page["total"] == r.json()["payload"]["events"]
        assert len(page["observations"]) == 2
        events = c.get(f"/v1/analyses/{rid}/events.geojson").json()
        assert len(events["features"]) == page["total"]
        first = events["features"][0]["properties"]
        lines = c.get(
            f"/v1/analyses/{rid}/tracks.geojson",
            params={
                "ids": f"{first['subject_a']},{first['subject_b']}",
                "start": first["start"],
                "end": first["end"],
            },
        ).json()
        assert {f["properties"]["id"] for f in lines["features"]} <= {
            first["subject_a"],
            first["subject_b"],
        }
        coast = c.get("/v1/geo/coastlines.geojson?bbox=115,5,125,20").json()
        assert any(f["properties"]["a3"] == "PHL" for f in coast["features"])
        assert c.get("/v1/geo/coastlines.geojson?bbox=10,5,1,2").status_code == 422
        bad = c.post(
            "/v1/analyses",
            headers=sec,
            json={"dataset": "synth", "kind": "gaps", "params": {"min_gap_s": -5}},
        )
        assert bad.status_code == 422
        html = c.get(f"/analyses/{rid}").text
        assert 'data-events="/v1/analyses/' in html
        assert "leaflet.js" in html
        assert c.get("/static/vendor/leaflet/leaflet.js").status_code == 200
