"""Draw a report's figures: the charts (inline SVG), the HTML body, the standalone HTML
document, and the PDF (WeasyPrint, imported only when a PDF is asked for).

Every word is in the reader's language (:mod:`cosec.i18n`): the request's on a page, the
one asked for (``language``, one of :data:`cosec.i18n.LANGUAGES`) in a file. The figures
themselves are never translated (a published report's figures are what was released);
their words are, as they are drawn: members by CLDR's names, mechanisms' and obligations'
titles, the charts' titles and legends.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from cosec import i18n
from cosec.errors import InvalidInput
from cosec.i18n import N_, gettext, pgettext
from cosec.reports import charts
from cosec.reports.figures import SEVERITIES, headline

HERE = Path(__file__).parent
WORDS = {  # the words of a chart's legend, for its keys (translated where drawn)
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "kept": N_("kept"),
    "watch": N_("watch"),
    "breached": N_("breached"),
    "unpublished": N_("unpublished"),
    "n/a": N_("n/a"),
    "answered": N_("answered"),
    "not answered": N_("not answered"),
}
TREND = (N_("records sent"), N_("findings"), N_("medium or high findings"))
"""The names of the trend's series (figures keep them in English; drawn translated)."""


def check_language(language: str, field: str = "lang") -> str:
    """``language`` if the reports are written in it, else bad input naming ``field``."""
    if language not in i18n.LANGUAGES:
        raise InvalidInput.field(field, f"must be one of {', '.join(i18n.LANGUAGES)}")
    return language


@contextmanager
def _in(language: str | None) -> Iterator[None]:
    """Draw in ``language`` (checked), or in the request's when none is asked for."""
    if language is None:
        yield
        return
    with i18n.speaking(check_language(language)):
        yield


def _when(value: str | None) -> str:
    """An ISO 8601 moment of the figures, as the reader writes it (UTC)."""
    if not value:
        return ""
    try:
        return f"{i18n.moment(datetime.fromisoformat(value))} UTC"
    except ValueError:
        return value


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.filters.update(number=i18n.number, tr=i18n.translated, when=_when)
    return env


def _named(m: Mapping[str, Any]) -> str:
    name = i18n.country(m["code"], m["name"])
    return f"{name} ({m['code']})" if m["name"] != m["code"] else m["code"]


def _words() -> dict[str, str]:
    return {k: gettext(v) for k, v in WORDS.items()}


def chart_set(figures: Mapping[str, Any]) -> dict[str, Any]:
    """Every chart of the report, as SVG markup, in the reader's language."""
    members = figures["members"]
    words = _words()
    empty = gettext("no data")
    titles = {m["name"]: i18n.translated(m["title"]) for m in figures["mechanisms"]}
    columns = [titles[m["name"]] for m in figures["mechanisms"]]
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
            gettext("Scorecard %(year)s: members by mechanism") % {"year": figures["year"]},
            [_named(m) for m in members],
            columns,
            cells,
            words=words,
        ),
        "by_mechanism": charts.stacked(
            gettext("Findings by mechanism and severity"),
            [(titles[m["name"]], m["findings"]) for m in figures["mechanisms"]],
            keys=SEVERITIES,
            words=words,
            empty=empty,
        ),
        "by_member": charts.stacked(
            gettext("Findings concerning each member, by severity"),
            [
                (
                    m["code"],
                    {s: sum(v[s] for v in m["findings"].values()) for s in SEVERITIES},
                )
                for m in members
            ],
            keys=SEVERITIES,
            words=words,
            empty=empty,
        ),
        "records": charts.bars(
            gettext("Records sent"),
            [(m["code"], float(sum(m["records"].values()))) for m in members],
            unit=pgettext("unit", "records"),
            empty=empty,
        ),
        "answers": charts.stacked(
            gettext("Findings answered by the member concerned"),
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
            words=words,
            empty=empty,
        ),
        "trend": charts.lines(
            gettext("The region over the years"),
            figures["trend"]["years"],
            [(i18n.translated(s["name"]), s["values"]) for s in figures["trend"]["series"]],
        ),
        "extra": [
            charts.bars(
                i18n.translated(e["title"]),
                [(code, float(v)) for code, v in sorted(e["values"].items())],
                unit=i18n.translated(e["unit"]),
                subtitle=titles.get(e["mechanism"], e["mechanism"]),
                colour=charts.SERIES[0] if e.get("better") == "higher" else charts.SERIES[2],
                empty=empty,
            )
            for e in figures["extra"]
        ],
    }
    out["heatmap"] = Markup(out["heatmap"])  # noqa: S704 - drawn here, every text escaped
    for key in ("by_mechanism", "by_member", "records", "answers", "trend"):
        out[key] = Markup(out[key])  # noqa: S704
    out["extra"] = [Markup(s) for s in out["extra"]]  # noqa: S704
    return out


def body_html(
    figures: Mapping[str, Any],
    *,
    published: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> str:
    """The report's body (no ``<html>``): for a page, or inside the document; in
    ``language`` (default: the request's)."""
    with _in(language):
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


def _footer(year: int) -> Markup:
    """The page footer as CSS ``content``: the words quoted, the page counters between."""
    text = gettext("Annual implementation report %(year)s · page %(page)s of %(pages)s") % {
        "year": year,
        "page": "\0counter(page)\0",
        "pages": "\0counter(pages)\0",
    }
    parts = text.split("\0")
    quoted = [
        p
        if i % 2
        else '"' + p.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'
        for i, p in enumerate(parts)
    ]
    return Markup(" ".join(q for q in quoted if q != '""'))  # noqa: S704 - quoted above


def document_html(
    figures: Mapping[str, Any],
    *,
    published: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> str:
    """A standalone HTML document of the report (print styles for A4), in ``language``
    (default: the request's)."""
    with _in(language):
        return (
            _env()
            .get_template("annual_document.html")
            .render(
                f=figures,
                lang=i18n.current(),
                footer=_footer(figures["year"]),
                body=Markup(body_html(figures, published=published)),  # noqa: S704
            )
        )


def pdf_bytes(
    figures: Mapping[str, Any],
    *,
    published: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> bytes:
    """The report as a PDF (WeasyPrint renders the HTML document with its inline SVG), in
    ``language`` (default: the request's)."""
    from weasyprint import HTML  # slow to import: only when a PDF is asked for

    html = document_html(figures, published=published, language=language)
    document = HTML(string=html, url_fetcher=fetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def fetcher() -> Any:
    """WeasyPrint's URL fetcher for reports. The document is whole (inline SVG and CSS), so
    it fetches nothing: a ``file:`` or ``http:`` URL that ever reached a report (through a
    template, or text a check let through) is refused rather than read from the server's
    disk or network; ``data:`` URLs, which carry their content, are read."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
