"""`cosec db ...`, `cosec serve` and `cosec demo`: the store, the server, the demo year."""

from __future__ import annotations

from typing import Annotated

import typer

from cosec.cli.runtime import ensure_charter, errors_to_exit, open_store, out

app = typer.Typer(help="The database: create or upgrade its schema.", no_args_is_help=True)


@app.command("upgrade")
@errors_to_exit
def db_upgrade() -> None:
    """Apply every pending migration to COSEC_DATABASE_URL."""
    store = open_store()
    out.print(f"database at the latest schema: {store.url}")


@app.command("init")
@errors_to_exit
def db_init(
    charter_ref: Annotated[
        str | None,
        typer.Option("--charter", help="Profile id or TOML file (default COSEC_CHARTER)."),
    ] = None,
) -> None:
    """Create the schema and adopt the deployment's charter."""
    from cosec import deployment as deployment_service
    from cosec.clock import SystemClock
    from cosec.settings import get_settings

    store = open_store()
    with store.session(write=True) as s:
        c = deployment_service.adopt(
            s, ref=charter_ref or get_settings().charter, clock=SystemClock()
        )
    out.print(f"{store.url}: schema ready, charter {c.id} {c.version} adopted")


@errors_to_exit
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default COSEC_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default COSEC_PORT).")] = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes (each answers requests and writes; they share the log)."
        ),
    ] = 1,
) -> None:
    """Serve the API and web app (migrating the database and adopting COSEC_CHARTER if new)."""
    from cosec.server.main import check_workers, run

    check_workers(workers)  # before the store is touched
    ensure_charter(open_store())
    run(host=host, port=port, workers=workers)
