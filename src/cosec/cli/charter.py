"""`cosec charter ...`: list, show, check and adopt charters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cosec import deployment as deployment_service
from cosec.charter.models import Charter
from cosec.charters import available_profiles, load_charter
from cosec.cli.runtime import FormatOpt, OutputFormat, emit, errors_to_exit, open_store, out
from cosec.clock import SystemClock

app = typer.Typer(
    help="Charters: the mechanism's members, bodies and rules as data.", no_args_is_help=True
)


@app.command("list")
@errors_to_exit
def list_(fmt: FormatOpt = OutputFormat.table) -> None:
    """List the charter profiles shipped with cosec."""
    rows = []
    for pid in available_profiles():
        c = load_charter(pid)
        rows.append(
            {
                "id": c.id,
                "version": c.version,
                "members": len(c.members) or "any",
                "regimes": ", ".join(c.regimes) or "-",
                "title": c.title,
            }
        )
    emit(rows, ["id", "version", "members", "regimes", "title"], fmt)


def _charter_dict(c: Charter) -> dict[str, object]:
    data = c.model_dump(mode="json")
    data["regimes"] = {k: v.model_dump(mode="json") for k, v in c.regimes.items()}
    return data


@app.command()
@errors_to_exit
def show(
    ref: Annotated[str, typer.Argument(help="Profile id or path to a charter TOML file.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole charter as JSON.")
    ] = False,
) -> None:
    """Show a charter: members, bodies and every regime's parameters."""
    c = load_charter(ref)
    if as_json:
        typer.echo(json.dumps(_charter_dict(c), indent=2))
        return
    out.print(f"[bold]{c.title}[/]  ({c.id} {c.version}, in force from {c.effective_from})")
    if c.description:
        out.print(c.description.strip())
    members = (
        "any state (ISO 3166-1 alpha-3)"
        if c.any_state
        else ", ".join(f"{m.code} {m.name}" for m in c.members)
    )
    out.print(f"\n[bold]Members[/] ({len(c.members) or 'any'}): {members}")
    if c.bodies:
        out.print("\n[bold]Bodies[/]")
        for b in c.bodies:
            out.print(f"  {b.id}: {b.name} ({b.kind}, decides by {b.decision_rule})")
    for name, regime in c.regimes.items():
        out.print(f"\n[bold]Regime: {name}[/]")
        out.print_json(json.dumps(regime.model_dump(mode="json")))


@app.command()
@errors_to_exit
def check(path: Annotated[Path, typer.Argument(help="Charter TOML file to validate.")]) -> None:
    """Validate a charter file; print every problem as FILE: key.path: rule (exit 2)."""
    c = load_charter(path)
    out.print(
        f"{path.name}: ok ({c.id} {c.version}, {len(c.members) or 'any'} members, "
        f"regimes: {', '.join(c.regimes) or 'none'})"
    )


@app.command()
@errors_to_exit
def adopt(ref: Annotated[str, typer.Argument(help="Profile id or charter TOML file.")]) -> None:
    """Adopt a (new version of the) deployment's charter; records keep their version."""
    store = open_store()
    with store.session(write=True) as s:
        c = deployment_service.adopt(s, ref=ref, clock=SystemClock())
    out.print(f"adopted {c.id} {c.version}, in force from {c.effective_from}")
