"""`cosec report annual`: the annual implementation report, as PDF or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cosec.cli.runtime import acting_as, ensure_charter, errors_to_exit, open_store, out
from cosec.clock import SystemClock
from cosec.errors import InvalidInput
from cosec.principals import PUBLIC
from cosec.reports import render
from cosec.reports.service import annual as annual_report

app = typer.Typer(help="Reports: the annual implementation report as PDF or HTML.")


@app.command()
@errors_to_exit
def annual(
    year: Annotated[int, typer.Option(help="The year the report covers.")],
    out_path: Annotated[
        Path, typer.Option("--out", help="The file to write: .pdf (a PDF) or .html.")
    ],
    as_: Annotated[
        str | None,
        typer.Option("--as", help="Whose view: a member code, SEC (the default) or PUBLIC."),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="The report's language: en or zh.")] = "en",
) -> None:
    """Write the annual implementation report of YEAR: charts per member, the scorecard
    heat-map, the region's trend. PUBLIC writes the report the secretariat published."""
    suffix = out_path.suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise InvalidInput.field("--out", "must end in .pdf or .html")
    render.check_language(lang, "--lang")
    store = open_store()
    ensure_charter(store)
    principal = PUBLIC if (as_ or "").upper() == "PUBLIC" else acting_as(as_)
    with store.session() as s:
        report = annual_report(
            s,
            deployment=store.deployment(s),
            principal=principal,
            year=year,
            now=SystemClock().now(),
        )
    if report.figures is None:
        raise InvalidInput.field("--year", f"the secretariat has published no report for {year}")
    if suffix == ".pdf":
        out_path.write_bytes(
            render.pdf_bytes(report.figures, published=report.published, language=lang)
        )
    else:
        html = render.document_html(report.figures, published=report.published, language=lang)
        out_path.write_text(html, encoding="utf-8")
    out.print(f"wrote the {year} report to {out_path}")
