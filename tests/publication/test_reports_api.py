"""GET /v1/reports/annual: the secretariat's figures now; the public's only once published."""

from __future__ import annotations

from tests.api.support import Api


def test_annual_report_figures_for_the_secretariat_and_the_public(api: Api) -> None:
    api.notify("CHN", start=5)  # late: a finding in 2026
    sec = api.ok(api.get("/v1/reports/annual", "SEC", year=2026))
    figures = sec["figures"]
    assert figures["year"] == 2026
    assert figures["audience"] == "secretariat"
    chn = next(m for m in figures["members"] if m["code"] == "CHN")
    assert chn["name"] == "China"
    assert chn["records"] == {"notification": 1}
    assert chn["findings"]["notification"]["medium"] + chn["findings"]["notification"]["high"] >= 1
    assert figures["heatmap"]["CHN"]["notification"]["status"] == "breached"
    on_time = next(e for e in figures["extra"] if e["title"] == "Notifications given on time")
    assert on_time["values"] == {"CHN": 0.0}
    # the public: nothing until the secretariat publishes the report
    r = api.get("/v1/reports/annual", "PUBLIC", year=2026)
    assert r.status_code == 404
    assert "published no report for 2026" in r.text
    api.ok(api.post("/v1/publications", "SEC", {"scope": "report", "year": 2026}), 201)
    public = api.ok(api.get("/v1/reports/annual", "PUBLIC", year=2026))
    assert public["figures"]["heatmap"] == figures["heatmap"]
    assert public["published"]["record_id"] > 0
    # a member reads the report computed from what it may read
    usa = api.ok(api.get("/v1/reports/annual", "USA", year=2026))
    assert usa["figures"]["audience"] == "USA"


def test_bad_year_is_refused_naming_the_field(api: Api) -> None:
    r = api.get("/v1/reports/annual", "SEC", year=3000)
    assert r.status_code == 422
    assert "year" in r.text
