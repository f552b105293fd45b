"""The coastline layer's cache stays bounded however many boxes are asked for, and nearby
boxes share an entry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cosec.api.config import WebConfig
from cosec.api.routes import evidence
from cosec.server.app import create_app
from tests.conftest import World


@pytest.fixture
def client(sqlite_world: World) -> Iterator[TestClient]:
    evidence._coast.cache_clear()
    w = sqlite_world
    unlimited = WebConfig(costly_requests_per_minute=1000)  # the rate limit is tested elsewhere
    with TestClient(create_app(w.factory, ledger=w.ledger, clock=w.clock, config=unlimited)) as c:
        yield c
    evidence._coast.cache_clear()


def test_the_cache_stays_bounded_over_many_distinct_boxes(client: TestClient) -> None:
    boxes = [(100 + i * 0.7, -10 + (i % 7) * 5.3, 140 + i * 0.6, 40 + (i % 5)) for i in range(60)]
    assert len(set(boxes)) == 60
    for w, s, e, n in boxes:
        r = client.get(f"/v1/geo/coastlines.geojson?bbox={w:.2f},{s:.2f},{e:.2f},{n:.2f}")
        assert r.status_code == 200, r.text
    info = evidence._coast.cache_info()
    assert info.maxsize is not None
    assert info.currsize <= info.maxsize <= 32


def test_nearby_boxes_share_one_entry_and_keep_their_coasts(client: TestClient) -> None:
    first = client.get("/v1/geo/coastlines.geojson?bbox=115.1,5.2,125.3,19.9")
    second = client.get("/v1/geo/coastlines.geojson?bbox=116,6,126,19")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    info = evidence._coast.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    features = first.json()["features"]
    assert any(f["properties"]["a3"] == "PHL" for f in features)


@pytest.mark.parametrize(
    ("w", "s", "e", "n"), [(115, 5, 125, 20), (-180, -90, 180, 90), (-1, -1, 1, 1), (3, 3, 4, 4)]
)
def test_a_snapped_box_covers_the_box_asked_for(w: float, s: float, e: float, n: float) -> None:
    sw, ss, se, sn = evidence.snap((w, s, e, n))
    assert -180 <= sw <= w < e <= se <= 180
    assert -90 <= ss <= s < n <= sn <= 90


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "10,0,5,5", "0,0,200,10", "nan,0,1,1"])
def test_bad_boxes_are_refused_naming_bbox(client: TestClient, bbox: str) -> None:
    r = client.get("/v1/geo/coastlines.geojson", params={"bbox": bbox})
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["errors"]] == ["bbox"]
