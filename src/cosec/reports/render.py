"""Draw a report's figures: the charts (inline SVG), the HTML body, the standalone HTML
document, and the PDF (WeasyPrint, imported only when a PDF is asked for)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from cosec.reports import charts
from cosec.reports.figures import SEVERITIES, headline

HERE = Path(__file__).parent


@cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True)


def _named(m: Mapping[str, Any]) -> str:
    return f"{m['name']} ({m['code']})" if m["name"] != m["code"] else m["code"]


def chart_set(figures: Mapping[str, Any]) -> dict[str, Any]:
    """Every chart of the report, as SVG markup."""
    members = figures["members"]
    titles = {m["name"]: m["title"] for m in figures["mechanisms"]}
    cells = {
        _named(m): {
            titles[mech]: (
                c["status"],
                str(c["findings"]) if c["status"] not in ("n/a", "kept") else "",
            )
            for mech, c in figures["heatmap"][m["code"]].items()
        }
        for m in members
    }
    out: dict[str, Any] = {
        "heatmap": charts.heatmap(
            f"Scorecard {figures['year']}: members by mechanism",
            [_named(m) for m in members],
            [m["title"] for m in figures["mechanisms"]],
            cells,
        ),
        "by_mechanism": charts.stacked(
            "Findings by mechanism and severity",
            [(m["title"], m["findings"]) for m in figures["mechanisms"]],
            keys=SEVERITIES,
        ),
        "by_member": charts.stacked(
            "Findings concerning each member, by severity",
            [
                (
                    m["code"],
                    {s: sum(v[s] for v in m["findings"].values()) for s in SEVERITIES},
                )
                for m in members
            ],
            keys=SEVERITIES,
        ),
        "records": charts.bars(
            "Records sent",
            [(m["code"], float(sum(m["records"].values()))) for m in members],
            unit="records",
        ),
        "answers": charts.stacked(
            "Findings answered by the member concerned",
            [
                (
                    m["code"],
                    {
                        "answered": m["answered"],
                        "not answered": m["findings_total"] - m["answered"],
                    },
                )
                for m in members
            ],
            keys=("answered", "not answered"),
        ),
        "trend": charts.lines(
            "The region over the years",
            figures["trend"]["years"],
            [(s["name"], s["values"]) for s in figures["trend"]["series"]],
        ),
        "extra": [
            charts.bars(
                e["title"],
                [(code, float(v)) for code, v in sorted(e["values"].items())],
                unit=e["unit"],
                subtitle=titles.get(e["mechanism"], e["mechanism"]),
                colour=charts.SERIES[0] if e.get("better") == "higher" else charts.SERIES[2],
            )
            for e in figures["extra"]
        ],
    }
    out["heatmap"] = Markup(out["heatmap"])  # noqa: S704 - drawn here, every text escaped
    for key in ("by_mechanism", "by_member", "records", "answers", "trend"):
        out[key] = Markup(out[key])  # noqa: S704
    out["extra"] = [Markup(s) for s in out["extra"]]  # noqa: S704
    return out


def body_html(figures: Mapping[str, Any], *, published: Mapping[str, Any] | None = None) -> str:
    """The report's body (no ``<html>``): for a page, or inside the document."""
    return (
        _env()
        .get_template("annual_body.html")
        .render(
            f=figures,
            charts=chart_set(figures),
            headline=headline(figures),
            published=published,
            named=_named,
            severities=SEVERITIES,
        )
    )


def document_html(figures: Mapping[str, Any], *, published: Mapping[str, Any] | None = None) -> str:
    """A standalone HTML document of the report (print styles for A4)."""
    return (
        _env()
        .get_template("annual_document.html")
        .render(
            f=figures,
            body=Markup(body_html(figures, published=published)),  # noqa: S704
        )
    )


def pdf_bytes(figures: Mapping[str, Any], *, published: Mapping[str, Any] | None = None) -> bytes:
    """The report as a PDF (WeasyPrint renders the HTML document with its inline SVG)."""
    from weasyprint import HTML  # slow to import: only when a PDF is asked for

    document = HTML(string=document_html(figures, published=published), url_fetcher=fetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def fetcher() -> Any:
    """WeasyPrint's URL fetcher for reports. The document is whole (inline SVG and CSS), so
    it fetches nothing: a ``file:`` or ``http:`` URL that ever reached a report (through a
    template, or text a check let through) is refused rather than read from the server's
    disk or network; ``data:`` URLs, which carry their content, are read."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
