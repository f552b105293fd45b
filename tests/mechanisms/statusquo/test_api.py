"""The status quo through the API, on SQLite and PostgreSQL: the registry, declared changes,
observations, public goods, the findings they raise, and what is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api.support import Api, assert_invalid

MEMBERS_EXTRA = ("PHL", "VNM")


def _findings(api: Api) -> dict[str, list[dict[str, Any]]]:
    api.ok(api.post("/v1/evaluate", "SEC"))
    out: dict[str, list[dict[str, Any]]] = {}
    for f in api.findings("SEC"):
        if f["obligation"].startswith("statusquo.") and f["state"] != "resolved":
            out.setdefault(f["flag"], []).append(f)
    return out


def test_the_registry_lists_the_shipped_features_with_their_baselines(api: Api) -> None:
    features = {f["id"]: f for f in api.ok(api.get("/v1/features"))}
    mischief = features["mischief-reef"]
    assert mischief["occupant"] == "CHN"
    assert mischief["registry"] == "registry-v1"
    assert mischief["baseline"]["area_ha"] == 558.0
    assert mischief["baseline"]["facilities"]["hangar"] == 28
    assert (mischief["lat"], mischief["lon"]) == (9.9, 115.53)
    geo = api.ok(api.get("/v1/features.geojson"))
    assert {f["properties"]["id"] for f in geo["features"]} == set(features)


def test_an_observation_raises_findings_and_a_late_report_does_not_undo_them(api: Api) -> None:
    seen = api.ok(
        api.post(
            "/v1/features/mischief-reef/observations",
            "SEC",
            {
                "payload": {
                    "imagery_date": "2026-02-20",
                    "area_ha": 561.0,
                    "facilities": {"hangar": 32},
                    "source": "Sentinel-2 L2A, 20 Feb 2026",
                }
            },
        ),
        201,
    )
    found = _findings(api)
    assert [f["details"]["grown_ha"] for f in found["reclamation"]] == [3.0]
    assert [f["members"] for f in found["new_facility"]] == [["CHN"]]
    assert "unreported_change" not in found  # the 30 days run to 22 March
    api.world.clock.set(api.world.clock.now() + timedelta(days=22))
    found = _findings(api)
    (late,) = found["unreported_change"]
    assert late["evidence"] == [seen["id"]]
    assert late["details"]["report_by"] == "2026-03-22"
    # China reports it now: too late, the finding stays.
    api.ok(
        api.post(
            "/v1/features/mischief-reef/changes",
            "CHN",
            {"payload": {"on": "2026-02-15", "area_ha": 561.0, "description": "Seawall"}},
        ),
        201,
    )
    assert len(_findings(api)["unreported_change"]) == 1
    detail = api.ok(api.get("/v1/features/mischief-reef", "JPN"))
    assert [p["source"] for p in detail["timeline"]] == ["baseline", "change", "observation"]
    assert {f["flag"] for f in detail["findings"]} >= {"reclamation", "unreported_change"}


def test_a_public_good_joined_by_another_member_excuses_its_facility(api: Api) -> None:
    good = api.ok(
        api.post(
            "/v1/public-goods",
            "CHN",
            {"payload": {"kind": "lighthouse", "name": "Meiji light", "feature": "mischief-reef"}},
        ),
        201,
    )
    api.ok(
        api.post(
            "/v1/features/mischief-reef/changes",
            "CHN",
            {
                "payload": {
                    "on": "2026-02-01",
                    "facilities": {"lighthouse": 1},
                    "description": "Lit",
                }
            },
        ),
        201,
    )
    assert [f["details"]["kind"] for f in _findings(api)["new_facility"]] == ["lighthouse"]
    assert_invalid(
        api.post(f"/v1/public-goods/{good['id']}/joins", "CHN", {"payload": {}}),
        "payload.good_id",
        "your own",
    )
    api.ok(api.post(f"/v1/public-goods/{good['id']}/joins", "JPN", {"payload": {}}), 201)
    assert "new_facility" not in _findings(api)
    (listed,) = api.ok(api.get("/v1/public-goods", "JPN"))
    assert listed["joined_by"] == ["JPN"]


def test_bad_submissions_are_refused_naming_the_field(api: Api) -> None:
    before = api.state()
    assert_invalid(
        api.post(
            "/v1/features/atlantis/changes",
            "CHN",
            {"payload": {"on": "2026-02-01", "area_ha": 3, "description": "x"}},
        ),
        "payload.feature",
        "not in registry-v1",
    )
    assert_invalid(
        api.post(
            "/v1/features/thitu/changes",
            "CHN",
            {"payload": {"on": "2026-03-02", "area_ha": 40, "description": "x"}},
        ),
        "payload.on",
        "after today",
    )
    assert_invalid(
        api.post(
            "/v1/features/thitu/changes",
            "CHN",
            {"payload": {"on": "2026-02-01", "facilities": {"castle": 1}, "description": "x"}},
        ),
        "payload.facilities.castle.[key]",
        "",
    )
    r = api.post(
        "/v1/features/thitu/observations",
        "CHN",
        {"payload": {"imagery_date": "2026-02-01", "area_ha": 40, "source": "x"}},
    )
    assert r.status_code == 403
    assert_invalid(
        api.post(
            "/v1/features",
            "SEC",
            {
                "payload": {
                    "feature": "new-reef",
                    "name": "New Reef",
                    "claimants": ["VNM"],
                    "baseline": {"as_of": "2026-01-01", "area_ha": 1},
                }
            },
        ),
        "payload.lat",
        "required",
    )
    assert api.state() == before


def test_a_feature_listed_by_record_takes_changes_that_name_its_entry(api: Api) -> None:
    entry = api.ok(
        api.post(
            "/v1/features",
            "SEC",
            {
                "payload": {
                    "feature": "barque-canada-reef",
                    "name": "Barque Canada Reef",
                    "lat": 8.15,
                    "lon": 113.3,
                    "claimants": ["VNM", "CHN"],
                    "occupant": "CHN",
                    "baseline": {"as_of": "2025-11-01", "area_ha": 175},
                }
            },
        ),
        201,
    )
    change = {"on": "2026-02-01", "area_ha": 175.5, "description": "Quay"}
    assert_invalid(
        api.post("/v1/features/barque-canada-reef/changes", "CHN", {"payload": change}),
        "payload.feature",
        "entry_id",
    )
    api.ok(
        api.post(
            "/v1/features/barque-canada-reef/changes",
            "CHN",
            {"payload": change | {"entry_id": entry["id"]}},
        ),
        201,
    )
    assert "reclamation" not in _findings(api)  # 0.5 ha: not more than the tolerance
    view = api.ok(api.get("/v1/features/barque-canada-reef", "JPN"))
    assert view["entry_record"] == entry["id"]
    assert view["current"]["area_ha"] == 175.5
