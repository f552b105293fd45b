"""/v1/fleet on SQLite and PostgreSQL: declare units (one, or a CSV file), list them as of
a time, look one up with its history or its inferred flag; readers see what the entries'
audiences allow; findings cite observations."""

from __future__ import annotations

import re
from typing import Any

from tests.api.support import Api, assert_invalid, csrf_of, sign_in
from tests.fleet.support import plant_finding


def declare(api: Api, who: str, audience: str | None = None, **payload: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"payload": {"kind": "navy", "member": who, **payload}}
    if audience:
        body["audience"] = audience
    result: dict[str, Any] = api.ok(api.post("/v1/fleet", who, body), 201)
    return result


def csv_post(api: Api, who: str, text: str | bytes, **params: Any) -> Any:
    return api.client.post(
        "/v1/fleet/import",
        headers=api.auth(who) | {"Content-Type": "text/csv"},
        content=text.encode() if isinstance(text, str) else text,
        params=params,
    )


def test_declare_list_and_look_up_units(api: Api) -> None:
    first = declare(api, "CHN", identifier="412000001", name="Liaoning", valid_from="2020-01-01")
    declare(api, "CHN", identifier="412000001", name="Liaoning (CV-16)", valid_from="2026-01-01")
    declare(api, "JPN", identifier="431000001", kind="coast_guard", name="Shikishima")
    declare(api, "USA", identifier="ae0001", domain="air", name="P-8A")
    assert first["kind"] == "fleet.unit"

    page = api.ok(api.get("/v1/fleet"))  # the public reads public entries
    assert page["total"] == 3
    assert [(u["identifier"], u["member"], u["member_name"]) for u in page["units"]] == [
        ("412000001", "CHN", "China"),
        ("431000001", "JPN", "Japan"),
        ("ae0001", "USA", "the United States"),
    ]
    assert page["units"][0]["name"] == "Liaoning (CV-16)"
    assert api.ok(api.get("/v1/fleet", as_of="2025-06-01"))["units"][0]["name"] == "Liaoning"
    assert [u["identifier"] for u in api.ok(api.get("/v1/fleet", kind="coast_guard"))["units"]] == [
        "431000001"
    ]
    assert [u["identifier"] for u in api.ok(api.get("/v1/fleet", domain="air"))["units"]] == [
        "ae0001"
    ]
    assert [u["identifier"] for u in api.ok(api.get("/v1/fleet", member="JPN"))["units"]] == [
        "431000001"
    ]
    paged = api.ok(api.get("/v1/fleet", sort="name", descending="true", limit=1, offset=1))
    assert (paged["total"], [u["name"] for u in paged["units"]]) == (3, ["P-8A"])

    unit = api.ok(api.get("/v1/fleet/412000001", as_of="2026-03-01T00:00:00Z"))
    assert (unit["flag"], unit["flag_source"], unit["inferred"]) == ("CHN", "registry", False)
    assert unit["current"]["name"] == "Liaoning (CV-16)"
    assert [h["name"] for h in unit["history"]] == ["Liaoning", "Liaoning (CV-16)"]
    assert unit["history"][0]["record_id"] == first["id"]


def test_a_ship_the_registry_does_not_list_shows_its_inferred_flag(api: Api) -> None:
    unit = api.ok(api.get("/v1/fleet/548000123"))
    assert (unit["flag"], unit["flag_source"], unit["inferred"]) == ("PHL", "mid", True)
    assert (unit["current"], unit["history"]) == (None, [])
    assert api.get("/v1/fleet/351000001").status_code == 404
    assert api.get("/v1/fleet/abcdef").status_code == 404
    assert_invalid(api.get("/v1/fleet/4120"), "identifier", "MMSI")
    assert_invalid(api.get("/v1/fleet", as_of="2026-03-01T10:00"), "as_of", "UTC offset")
    assert_invalid(api.get("/v1/fleet", member="XYZ"), "member", "not a member")


def test_only_a_member_declares_its_own_units(api: Api) -> None:
    before = api.state()
    body = {"payload": {"identifier": "431000009", "member": "JPN", "kind": "navy"}}
    assert_invalid(api.post("/v1/fleet", "CHN", body), "payload.member", "your own state, CHN")
    assert api.post("/v1/fleet", "OBS", body).status_code == 403
    assert api.post("/v1/fleet", "PUBLIC", body).status_code == 401
    assert_invalid(
        api.post("/v1/fleet", "JPN", {"payload": body["payload"] | {"kind": "army"}}),
        "payload.kind",
        "must be one of",
    )
    assert api.state() == before
    declare(api, "CHN", identifier="412000002")
    assert_invalid(
        api.post(
            "/v1/fleet",
            "JPN",
            {
                "payload": {
                    "identifier": "412000002",
                    "member": "JPN",
                    "kind": "navy",
                    "withdrawn": True,
                }
            },
        ),
        "payload.identifier",
        "another member's unit",
    )
    assert api.post("/v1/fleet", "SEC", body).status_code == 201  # the secretariat may


def test_readers_see_what_the_audiences_allow(api: Api) -> None:
    declare(api, "CHN", identifier="412000003", name="Quiet", audience="secretariat")
    for who, sees in (
        ("CHN", True),
        ("SEC", True),
        ("JPN", False),
        ("OBS", False),
        ("PUBLIC", False),
    ):
        listed = [u["identifier"] for u in api.ok(api.get("/v1/fleet", who))["units"]]
        assert listed == (["412000003"] if sees else []), who
        unit = api.ok(api.get("/v1/fleet/412000003", who))
        assert (unit["inferred"], len(unit["history"])) == (not sees, int(sees)), who
        assert unit["flag"] == "CHN"  # from the registry, or from the MMSI


def test_import_a_csv_file_all_or_nothing(api: Api) -> None:
    before = api.state()
    bad = csv_post(
        api,
        "CHN",
        "identifier,kind,name\n412000010,navy,A\n41200001,navy,B\n412000012,cruiser,C\n",
    )
    assert_invalid(bad, "row 2.identifier", "9 digits")
    assert_invalid(bad, "row 3.kind", "must be one of")
    refused = csv_post(api, "CHN", "identifier,member,kind\n412000010,,navy\n431000010,JPN,navy\n")
    assert_invalid(refused, "row 2.member", "your own state, CHN")
    assert_invalid(csv_post(api, "CHN", b"identifier,kind\n\xff\xfe"), "body", "UTF-8")
    assert_invalid(csv_post(api, "CHN", "mmsi,kind\n"), "header", "unknown column(s) mmsi")
    assert csv_post(api, "CHN", "x" * (2 * 1024 * 1024 + 1)).status_code == 413
    assert csv_post(api, "OBS", "identifier,kind\n412000010,navy\n").status_code == 403
    assert api.state() == before

    done = csv_post(
        api,
        "CHN",
        "identifier,kind,name,valid_from\n412000010,navy,A,2020-01-01\n412000011,navy,B,\n",
        audience="regime",
    )
    rows = api.ok(done, 201)
    assert [(r["payload"]["identifier"], r["audience"]) for r in rows] == [
        ("412000010", "regime"),
        ("412000011", "regime"),
    ]
    assert api.ok(api.get("/v1/fleet", "PUBLIC"))["total"] == 0
    assert api.ok(api.get("/v1/fleet", "JPN"))["total"] == 2


def test_a_finding_lists_the_observations_it_cites(api: Api) -> None:
    finding, observed = plant_finding(api.world)
    assert len(observed) == 2
    assert api.ok(api.get(f"/v1/findings/{finding}"))["observations"] == observed
    listed = {f["id"]: f for f in api.findings("SEC")}
    assert listed[finding]["observations"] == observed


def test_pages_list_export_and_show_units(api: Api) -> None:
    declare(api, "CHN", identifier="412000020", name="Nanchang", valid_from="2020-01-01")
    page = api.client.get("/fleet", params={"member": "CHN"})
    assert page.status_code == 200
    assert "Nanchang" in page.text
    assert 'CHN <span class="muted">China</span>' in page.text
    exported = api.client.get("/fleet.csv", params={"member": "CHN"})
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text.splitlines()[1] == "412000020,sea,CHN,navy,Nanchang,,2020-01-01,false,"
    found = api.client.get("/fleet", params={"q": " 412000020 "}, follow_redirects=False)
    assert found.headers["location"] == "/fleet/412000020"
    assert "Nanchang" in api.client.get("/fleet/412000020").text
    inferred = api.client.get("/fleet/548000020").text
    assert "not in the registry" in inferred
    assert "inferred" in inferred
    assert api.client.get("/fleet/351000020").status_code == 404
    assert api.client.get("/fleet", params={"kind": "army"}).status_code == 422
    record = api.client.get(f"/fleet/records/{max(api.record_ids())}", follow_redirects=False)
    assert record.headers["location"] == "/fleet/412000020"


def test_the_form_signs_only_what_was_confirmed(api: Api) -> None:
    headers = sign_in(api.client, api.keys["JPN"])
    form_page = api.client.get("/fleet/new", headers=headers)
    form = {
        "csrf": csrf_of(form_page),
        "identifier": "431000020",
        "domain": "sea",
        "kind": "coast_guard",
        "name": "Akitsushima",
        "audience": "public",
    }
    before = api.state()
    confirm = api.client.post("/fleet/new", headers=headers, data=form | {"step": "confirm"})
    assert confirm.status_code == 200
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', confirm.text)
    assert digest is not None
    changed = form | {"name": "Something else", "step": "sign", "digest": digest.group(1)}
    assert api.client.post("/fleet/new", headers=headers, data=changed).status_code == 422
    no_csrf = {k: v for k, v in form.items() if k != "csrf"} | {"step": "sign"}
    assert api.client.post("/fleet/new", headers=headers, data=no_csrf).status_code == 403
    assert api.state() == before
    signed = api.client.post(
        "/fleet/new",
        headers=headers,
        data=form | {"step": "sign", "digest": digest.group(1)},
        follow_redirects=False,
    )
    assert signed.headers["location"] == "/fleet/431000020"
    assert api.ok(api.get("/v1/fleet/431000020"))["current"]["name"] == "Akitsushima"
    sec = sign_in(api.client, api.keys["SEC"])
    assert api.client.get("/fleet/new", headers=sec).status_code == 403


def test_a_reader_sees_only_the_cited_observations_it_may_read(api: Api) -> None:
    finding, _ = plant_finding(api.world, audience="secretariat")
    chn = sign_in(api.client, api.keys["CHN"])
    page = api.client.get(f"/findings/{finding}", headers=chn)
    assert page.status_code == 200  # CHN is the member the finding concerns
    assert "2 more cited observations in analyses you may not read" in page.text
    assert 'data-testid="cited"' not in page.text
    events = api.client.get(f"/findings/{finding}/events.geojson", headers=chn).json()
    assert events["features"] == []
    sec = sign_in(api.client, api.keys["SEC"])
    assert 'data-testid="cited"' in api.client.get(f"/findings/{finding}", headers=sec).text
    full = api.client.get(f"/findings/{finding}/events.geojson", headers=sec).json()
    assert len(full["features"]) == 2
    assert api.client.get(f"/findings/{finding}/map").status_code == 404  # the public
