"""Who reads what through the API: every reader against every audience.

CHN notifies three activities, one per audience a member can choose (``public``,
``regime``, and ``parties`` with USA), and the secretariat records an activity it saw
(``secretariat``). Each notification is late, so each has findings citing it. A reader
may read a record and its findings exactly when the audience allows it; otherwise the
record is absent from every list and its detail is a 404, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.support import READERS, Api, activity, sign_in

SEES = {
    "public": set(READERS),
    "regime": {"CHN", "USA", "SEC", "JPN", "OBS"},
    "parties": {"CHN", "USA", "SEC"},
    "secretariat": {"SEC"},
}
"""Audience → the readers who may read a record with it."""

CELLS = [(reader, audience) for audience in SEES for reader in READERS]


@dataclass(frozen=True)
class Seeded:
    """The module's records: audience → record id, and → ids of the findings citing it."""

    api: Api
    records: dict[str, int]
    findings: dict[str, list[int]]
    designations: dict[str, str]


@pytest.fixture(scope="module")
def seeded(module_api: Api) -> Seeded:
    api = module_api
    records: dict[str, int] = {}
    designations: dict[str, str] = {}
    # Starts 9, 24 and 39 days on: all late, and far enough apart not to look like one
    # activity split in three.
    for n, audience in enumerate(("public", "regime", "parties")):
        name = f"Exercise {audience.title()} Shield"
        body: dict[str, Any] = {
            "payload": activity(name, start=9 + 15 * n, length=3),
            "audience": audience,
        }
        if audience == "parties":
            body["parties"] = ["USA"]
        n_out = api.notify("CHN", body)
        assert n_out["audience"] == audience
        records[audience] = n_out["id"]
        designations[audience] = name
    seen = api.ok(
        api.post(
            "/v1/observed-activities",
            "SEC",
            {
                "payload": activity(
                    "Unannounced manoeuvre", states=("RUS",), start=-20, troops=15_000
                )
            },
        ),
        201,
    )
    assert seen["audience"] == "secretariat"
    records["secretariat"] = seen["id"]
    designations["secretariat"] = "Unannounced manoeuvre"
    everything = api.findings("SEC")
    findings = {
        audience: [f["id"] for f in everything if rid in f["evidence"]]
        for audience, rid in records.items()
    }
    assert all(findings.values()), findings
    flags = {
        audience: {f["flag"] for f in everything if f["id"] in ids}
        for audience, ids in findings.items()
    }
    assert "late" in flags["parties"]
    assert "not_notified" in flags["secretariat"]
    return Seeded(api=api, records=records, findings=findings, designations=designations)


@pytest.mark.parametrize(("reader", "audience"), CELLS, ids=[f"{r}-{a}" for r, a in CELLS])
def test_a_record_is_read_exactly_by_its_audience(
    seeded: Seeded, reader: str, audience: str
) -> None:
    api, rid = seeded.api, seeded.records[audience]
    allowed = reader in SEES[audience]

    detail = api.get(f"/v1/records/{rid}", reader)
    assert detail.status_code == (200 if allowed else 404), detail.text
    if not allowed:
        assert detail.json()["error"] == "NotFound"
    listed = [r["id"] for r in api.ok(api.get("/v1/records", reader, limit=1000))]
    assert (rid in listed) is allowed

    timeline = api.ok(api.get("/v1/notifications/timeline", reader, year=2026))
    bars = [b["record_id"] for items in timeline.values() for b in items]
    assert (rid in bars) is allowed
    if audience != "secretariat":  # the observed activity is not a notification
        one = api.get(f"/v1/notifications/{rid}", reader)
        assert one.status_code == (200 if allowed else 404), one.text
        notified = [n["id"] for n in api.ok(api.get("/v1/notifications", reader))]
        assert (rid in notified) is allowed


@pytest.mark.parametrize(("reader", "audience"), CELLS, ids=[f"{r}-{a}" for r, a in CELLS])
def test_the_findings_on_a_record_are_read_exactly_by_its_audience(
    seeded: Seeded, reader: str, audience: str
) -> None:
    api, rid = seeded.api, seeded.records[audience]
    allowed = reader in SEES[audience]
    listed = {f["id"] for f in api.findings(reader)}
    for fid in seeded.findings[audience]:
        assert (fid in listed) is allowed, (fid, listed)
        one = api.get(f"/v1/findings/{fid}", reader)
        assert one.status_code == (200 if allowed else 404), one.text
    citing = api.findings(reader, record_id=rid)
    assert bool(citing) is allowed
    # A notification's own view carries its findings only for those who may read it.
    if allowed and audience != "secretariat":
        view = api.ok(api.get(f"/v1/notifications/{rid}", reader))
        assert {f["id"] for f in view["findings"]} == set(seeded.findings[audience])


@pytest.mark.parametrize(("reader", "audience"), CELLS, ids=[f"{r}-{a}" for r, a in CELLS])
def test_the_web_pages_show_a_record_exactly_to_its_audience(
    seeded: Seeded, reader: str, audience: str
) -> None:
    """The same rule on the server-rendered pages, signed in at /login."""
    api, rid = seeded.api, seeded.records[audience]
    allowed = reader in SEES[audience]
    key = api.keys[reader]
    headers = {} if key is None else sign_in(api.client, key)

    def page(path: str) -> tuple[int, str]:
        r = api.client.get(path, headers=headers)
        return r.status_code, r.text

    assert page(f"/records/{rid}")[0] == (200 if allowed else 404)
    status, calendar = page("/calendar?year=2026")
    assert status == 200
    href = f"/notifications/{rid}" if audience != "secretariat" else f"/records/{rid}"
    assert (f'href="{href}"' in calendar) is allowed
    status, listing = page("/findings")
    assert status == 200
    for fid in seeded.findings[audience]:
        assert (f'href="/findings/{fid}"' in listing) is allowed
        assert page(f"/findings/{fid}")[0] == (200 if allowed else 404)
    if audience != "secretariat":
        assert page(f"/notifications/{rid}")[0] == (200 if allowed else 404)
        status, listing = page("/notifications")
        assert status == 200
        assert (f'href="/notifications/{rid}"' in listing) is allowed
        assert (seeded.designations[audience] in listing) is allowed


@pytest.mark.parametrize("reader", READERS)
def test_a_scorecard_counts_only_what_its_reader_may_read(seeded: Seeded, reader: str) -> None:
    """CHN's and RUS's scorecards as each reader sees them: no count gives a hidden record
    or finding away."""
    api = seeded.api
    readable = [a for a in ("public", "regime", "parties") if reader in SEES[a]]
    chn = api.ok(api.get("/v1/scorecards/CHN", reader))
    assert chn["records"].get("notification.prior", 0) == len(readable)
    assert _status(chn, "notification.lead_time")["open"] == len(readable)
    rus = api.ok(api.get("/v1/scorecards/RUS", reader))
    assert _status(rus, "notification.required")["open"] == (1 if reader == "SEC" else 0)
    cards = {c["member"]: c for c in api.ok(api.get("/v1/scorecards", reader))}
    assert cards["CHN"] == chn
    assert cards["RUS"] == rus


def _status(card: dict[str, Any], obligation: str) -> dict[str, Any]:
    return next(o for o in card["obligations"] if o["obligation"] == obligation)
