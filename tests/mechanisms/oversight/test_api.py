"""Oversight stored and served, on SQLite and PostgreSQL: the list imported and versioned,
events from stored analyses judged by the list in force on their day, the petroleum cap,
the pages and their exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cosec.analytics.service import import_tracks
from cosec.evidence import service as evidence
from cosec.mechanisms.oversight.season import meeting
from cosec.principals import Principal, Role
from tests.api.support import Api, api_over
from tests.conftest import World
from tests.mechanisms.chinese import ZH, english_in, headings_and_headers
from tests.mechanisms.oversight import support

FEB = datetime(2026, 2, 10, 6, tzinfo=UTC)
STAR, HARBOUR, CEDAR, LOTUS = "445112001", "352112003", "667112002", "412112004"
LIST = (
    "mmsi,imo,name,listed_on,source\n"
    f"{STAR},9123453,DEMO STAR,2018-03-30,UN 1718 Committee\n"
    f"445112005,9123465,DEMO PALM,2019-05-09,UN 1718 Committee\n"
)


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    with api_over(world) as a:
        yield a


def record(api: Api, analysis: evidence.Analysis) -> None:
    sec = Principal(id=None, name="analyst", role=Role.SECRETARIAT)
    with api.world.session() as s:
        evidence.record(
            s,
            deployment=api.world.deployment(),
            ledger=api.world.ledger,
            principal=sec,
            analysis=analysis,
            clock=api.world.clock,
            audience="regime",
        )


def import_list(api: Api, text: str, who: str = "SEC") -> Any:
    headers = api.auth(who) | {"Content-Type": "text/csv"}
    return api.client.post("/v1/oversight/designations/import", content=text, headers=headers)


def submit(api: Api, who: str, kind: str, payload: dict[str, Any], status: int = 201) -> Any:
    return api.ok(api.post("/v1/records", who, {"kind": kind, "payload": payload}), status)


def evaluate(api: Api) -> dict[str, list[dict[str, Any]]]:
    api.ok(api.post("/v1/evaluate", "SEC"))
    out: dict[str, list[dict[str, Any]]] = {}
    for f in api.findings("SEC"):
        if f["obligation"].startswith("oversight.") and f["state"] != "resolved":
            out.setdefault(f["flag"], []).append(f)
    return out


def test_a_list_imported_twice_adds_only_what_is_new(api: Api) -> None:
    first = api.ok(import_list(api, LIST), 201)
    assert len(first["recorded"]) == 2
    assert first["already_listed"] == 0
    again = LIST + "667112002,9123489,DEMO CEDAR,2026-02-20,National list\n"
    second = api.ok(import_list(api, again), 201)
    assert len(second["recorded"]) == 1
    assert second["already_listed"] == 2
    rows = api.ok(api.get("/v1/oversight/designations"))
    assert [r["name"] for r in rows] == ["DEMO STAR", "DEMO PALM", "DEMO CEDAR"]
    on = api.ok(api.get("/v1/oversight/designations", on="2026-02-01"))
    assert [r["name"] for r in on] == ["DEMO STAR", "DEMO PALM"]
    assert rows[0]["flag"] == "PRK"
    # Delisted from a day: off the list in force after it; the changes show both days.
    submit(
        api,
        "SEC",
        "oversight.delisting",
        {
            "designation_id": rows[1]["id"],
            "delisted_on": "2026-02-25",
            "source": "UN 1718 Committee",
        },
    )
    assert len(api.ok(api.get("/v1/oversight/designations", on="2026-02-26"))) == 2
    changes = api.ok(api.get("/v1/oversight/changes"))
    assert [(c["day"], c["size"]) for c in changes] == [
        ("2018-03-30", 1),
        ("2019-05-09", 2),
        ("2026-02-20", 3),
        ("2026-02-25", 2),
    ]


def test_a_bad_list_names_the_row_and_writes_nothing(api: Api) -> None:
    before = api.record_ids()
    bad = LIST + "445112009,9123454,BAD,2026-02-01,UN\n"  # check digit wrong
    response = import_list(api, bad)
    assert response.status_code == 422
    assert "row 3.imo" in response.text
    future = LIST.replace("2019-05-09", "2026-03-02")  # after the clock's today
    response = import_list(api, future)
    assert response.status_code == 422
    assert "row 2.listed_on" in response.text
    assert api.record_ids() == before
    assert import_list(api, LIST, who="CHN").status_code == 403


def test_events_are_judged_by_the_list_in_force_on_their_day(api: Api) -> None:
    api.ok(import_list(api, LIST), 201)
    record(
        api,
        support.rendezvous(
            [(STAR, HARBOUR, FEB, 4.0, 36.0, 124.5), (CEDAR, LOTUS, FEB, 3.0, 37.0, 124.0)]
        ),
    )
    record(api, support.gaps([("445112009", FEB, 16.0, 35.5, 123.8, True)]))
    record(api, support.near_prk([("352112010", FEB, 3.0, 3.3)]))
    record(api, support.near_prk([("352112011", FEB, 3.0, 20.0)], within_nm=24.0))  # not ours
    found = evaluate(api)
    assert sorted(found) == [
        "dark_in_watch_zone",
        "dprk_coast_approach",
        "sts_designated",
        "sts_watch_zone",
    ]
    (designated,) = found["sts_designated"]
    assert designated["observations"]
    assert designated["severity"] == "high"
    (zone,) = found["sts_watch_zone"]
    assert "listed" not in zone["summary"]
    # CEDAR is listed after its meeting: still judged by the list of that day, and said so.
    api.ok(import_list(api, LIST + f"{CEDAR},9123489,DEMO CEDAR,2026-02-20,National list\n"), 201)
    again = evaluate(api)
    (zone,) = again["sts_watch_zone"]
    assert zone["id"] == found["sts_watch_zone"][0]["id"]
    assert "Judged by the list in force at the time" in zone["summary"]
    assert "20 February 2026, after this event" in zone["summary"]
    assert "sts_designated" in again
    events = api.ok(api.get("/v1/oversight/events", "SEC"))
    assert {e["flag"] for e in events} == set(found)
    assert all(e["observations"] for e in events)
    assert api.ok(api.get("/v1/oversight/events")) == []  # the analyses are the regime's
    dossier = api.ok(api.get(f"/v1/oversight/vessels/{CEDAR}", "CHN"))
    assert dossier["names"] == ["DEMO CEDAR"]
    assert [e["flag"] for e in dossier["events"]] == ["sts_watch_zone"]
    assert api.get("/v1/oversight/vessels/999999999", "CHN").status_code == 404
    layers = api.ok(api.get("/v1/oversight/map.geojson", "SEC"))
    assert [f["properties"]["layer"] for f in layers["features"]].count("event") == 4
    assert layers["features"][0]["geometry"]["type"] == "Polygon"


def test_petroleum_reports_against_the_cap(api: Api) -> None:
    submit(api, "CHN", "oversight.petroleum_transfer", {"month": "2026-01", "barrels": 200_000})
    rid = submit(
        api, "USA", "oversight.petroleum_transfer", {"month": "2026-02", "barrels": 174_999}
    )["id"]
    assert "petroleum_threshold" not in evaluate(api)
    # A correction replaces the member's own report of the month: 375,000 is 75 %.
    submit(
        api,
        "USA",
        "oversight.petroleum_transfer",
        {"month": "2026-02", "barrels": 175_000, "corrects": rid},
    )
    (f,) = evaluate(api)["petroleum_threshold"]
    assert f["details"]["reached_in"] == "2026-02"
    assert f["details"]["total_barrels"] == 375_000
    year = api.ok(api.get("/v1/oversight/petroleum/2026", "JPN"))
    assert year["total_barrels"] == 375_000
    assert year["months"][1] == {
        "month": "2026-02",
        "barrels": 175_000,
        "running": 375_000,
        "by_member": {"USA": 175_000},
    }
    # Another member cannot correct it; a month not begun is refused.
    bad = api.post(
        "/v1/records",
        "CHN",
        {
            "kind": "oversight.petroleum_transfer",
            "payload": {"month": "2026-02", "barrels": 1, "corrects": rid},
        },
    )
    assert bad.status_code == 422
    assert "corrects" in bad.text
    future = api.post(
        "/v1/records",
        "CHN",
        {"kind": "oversight.petroleum_transfer", "payload": {"month": "2026-04", "barrels": 1}},
    )
    assert future.status_code == 422
    page = api.get("/oversight/petroleum", "JPN", year="2026")
    assert page.status_code == 200
    assert "375,000" in page.text
    assert "75 %" in page.text
    assert 'data-testid="petroleum-chart"' in page.text


def test_pages_sort_filter_page_and_export(api: Api) -> None:
    api.ok(import_list(api, LIST), 201)
    submit(
        api,
        "SEC",
        "oversight.event",
        {
            "event": "nuclear_test",
            "occurred_at": "2017-09-03T03:30:00Z",
            "place": "Punggye-ri",
            "description": "The sixth nuclear test.",
            "sources": ["Seismic detections widely reported"],
        },
    )
    meetings = [
        (STAR, str(352112100 + n), datetime(2026, 1, 1 + n, 6, tzinfo=UTC), 3.0, 36.0, 124.5)
        for n in range(3)
    ]
    record(api, support.rendezvous(meetings))
    evaluate(api)
    overview = api.get("/oversight", "SEC")
    assert overview.status_code == 200
    assert "Working Group on the Korean Peninsula" in overview.text
    assert "3 September 2017" in overview.text
    assert "30 March 2018" in overview.text
    assert 'data-testid="list-size"' in overview.text
    assert "2 in force" in overview.text
    listing = api.get("/oversight/list", "SEC", sort="name", order="desc")
    names = [n for n in ("DEMO STAR", "DEMO PALM") if n in listing.text]
    assert listing.text.index("DEMO STAR") < listing.text.index("DEMO PALM")
    assert names == ["DEMO STAR", "DEMO PALM"]
    assert "<td>PRK</td>" in listing.text  # eas-2026 does not name the DPRK: the code alone
    exported = api.get("/oversight/list.csv", "SEC", on="2019-01-01")
    assert exported.text.splitlines()[0].startswith("mmsi,imo,name,listed_on,source")
    assert len(exported.text.splitlines()) == 2
    events = api.get("/oversight/events", "SEC", sort="start", order="asc")
    assert events.text.count('data-testid="event-row"') == 3
    assert events.text.index("1 January 2026") < events.text.index("3 January 2026")
    only = api.get("/oversight/events", "SEC", vessel="352112101")
    assert only.text.count('data-testid="event-row"') == 1
    csv_text = api.get("/oversight/events.csv", "SEC").text
    assert len(csv_text.splitlines()) == 4
    assert api.get("/oversight/events", "SEC", sort="nope").status_code == 422
    vessel = api.get(f"/oversight/vessels/{STAR}", "SEC")
    assert vessel.status_code == 200
    assert vessel.text.count('data-testid="event-row"') == 3
    assert "9123453" in vessel.text


def test_the_oversight_pages_speak_chinese_to_a_reader_who_asks_for_it(api: Api) -> None:
    listed = api.ok(import_list(api, LIST), 201)["recorded"]
    meetings = [(STAR, HARBOUR, FEB, 3.0, 36.0, 124.5)]
    record(api, support.rendezvous(meetings))
    evaluate(api)
    sec = api.auth("SEC")
    zh = api.client.get("/oversight/events", headers=sec | ZH)
    assert zh.status_code == 200
    heads, columns = headings_and_headers(zh.text, "events")
    assert heads == ["航迹中发现的事件"]
    assert columns == ["开始", "规则", "严重程度", "船舶", "小时", "纬度", "经度", "调查结论"]
    assert "1 起事件" in zh.text
    assert "2026年2月10日 06:00" in zh.text
    cookie = {"Cookie": "cosec_lang=zh"}  # the reader's choice
    signed = api.client.get(f"/records/{listed[0]}", headers=sec | cookie).text
    assert ">对象" in signed  # not the hotline's 主题
    assert ">Subject" not in signed
    listing = api.client.get("/oversight/list", headers=sec | cookie)
    heads, columns = headings_and_headers(listing.text, "list")
    assert heads == ["被列名的船只和实体"]
    assert english_in(columns) == ["MMSI", "IMO", "船旗（据 MMSI）"]  # codes
    overview = api.client.get("/oversight", headers=sec | cookie)
    heads, columns = headings_and_headers(overview.text, "changes")
    assert heads == [
        "对朝鲜核导计划和制裁执行情况的监督",
        "最新事件",
        "名单的历次变动",
        "核试验和导弹发射",
    ]
    assert not english_in(columns)
    assert "2018年3月30日" in overview.text
    petroleum = api.client.get("/oversight/petroleum?year=2026", headers=sec | cookie)
    heads, columns = headings_and_headers(petroleum.text, "months")
    assert heads[0] == "2026年向朝鲜转让的精炼石油产品"
    assert not english_in(columns)
    assert ">1月</td>" in petroleum.text
    vessel = api.client.get(f"/oversight/vessels/{STAR}", headers=sec | cookie)
    assert not english_in(headings_and_headers(vessel.text, "designations")[1][:2])

    en = api.client.get("/oversight/events", headers=sec)
    heads, columns = headings_and_headers(en.text, "events")
    assert heads == ["Events from tracks"]
    assert columns == ["Start", "Rule", "Severity", "Vessels", "Hours", "Lat", "Lon", "Finding"]
    assert "1 event" in en.text


def test_a_dossier_map_draws_the_vessels_tracks_from_the_dataset(
    api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COSEC_DATA_DIR", str(tmp_path / "data"))
    rows = meeting(int(STAR), int(HARBOUR), FEB, 36.0, 124.5, hours=3.0)
    positions = tmp_path / "season.csv"
    positions.write_text(
        "mmsi,timestamp,lat,lon,sog\n"
        + "".join(f"{r['mmsi']},{r['timestamp']},{r['lat']},{r['lon']},{r['sog']}\n" for r in rows)
    )
    import_tracks([positions], out=tmp_path / "data" / "season-1")
    api.ok(import_list(api, LIST), 201)
    record(api, evidence.analyze(tmp_path / "data", "season-1", "rendezvous", {}))
    (found,) = evaluate(api)["sts_designated"]
    layers = api.ok(api.get("/v1/oversight/map.geojson", "SEC", vessel=STAR, tracks="true"))
    lines = [f for f in layers["features"] if f["properties"]["layer"] == "track"]
    assert sorted(f["properties"]["mmsi"] for f in lines) == [HARBOUR, STAR]
    assert all(f["properties"]["finding"] == found["id"] for f in lines)
    assert all(len(f["geometry"]["coordinates"]) > 40 for f in lines)
    plain = api.ok(api.get("/v1/oversight/map.geojson", "SEC", vessel=STAR))
    assert not [f for f in plain["features"] if f["properties"]["layer"] == "track"]
