"""``cosec demo``: rebuild the demo database, print what to look at, serve it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from cosec.api.config import WebConfig
from cosec.cli.runtime import err, errors_to_exit, out
from cosec.demo.build import build, is_demo_or_empty
from cosec.errors import Conflict
from cosec.logstore.context import Ledger
from cosec.settings import get_settings
from cosec.store.base import Base
from cosec.store.db import make_engine, session_factory
from cosec.store.migrate import upgrade


def _reset(engine: Engine) -> None:
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def run_demo(*, serve: bool, host: str | None, port: int | None) -> None:
    """Build the demo into ``COSEC_DATABASE_URL`` (refusing to wipe real data), then serve."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = session_factory(engine)
    with factory() as s:
        if not is_demo_or_empty(s):
            raise Conflict(
                f"{settings.database_url} holds records that are not the demo's; point "
                "COSEC_DATABASE_URL at another database for the demo"
            )
    _reset(engine)
    upgrade(engine)
    result = build(
        factory,
        Ledger.from_settings(settings),
        witness_dir=settings.keys_dir,
        data_dir=settings.data_dir,
    )
    keys_file = Path("var/demo-keys.txt")
    keys_file.parent.mkdir(parents=True, exist_ok=True)
    keys_file.write_text("".join(f"{name} {key}\n" for name, key in result.keys.items()))
    keys_file.chmod(0o600)
    url = WebConfig.from_settings(settings, host=host, port=port).public_url
    out.print(
        f"[bold]cosec demo[/]: the East Asia year 2026 under eas-2026 is in {settings.database_url}"
    )
    out.print(f"  {result.records} signed records, {result.findings} findings.")
    out.print("  Look at:")
    for path, what in result.look_at:
        out.print(f"    {url}{path}   {what}", highlight=False)
    out.print(f"    {url}/scorecards    each member's scorecard")
    out.print(f"    {url}/analyses      evidence from ship tracks, on a map")
    out.print(f"    {url}/log           the signed log, its checkpoint and witnesses")
    out.print(f"    {url}/docs          the API (OpenAPI)")
    out.print(f"  Sign in at {url}/login with one of these keys (also in {keys_file}):")
    for name, key in result.keys.items():
        out.print(f"  {name:<17}{key}", highlight=False, markup=False)
    if serve:
        from cosec.server.main import run

        err.print(f"serving on {url} (Ctrl-C to stop)")
        run(host=host, port=port)


@errors_to_exit
def demo(
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Start the web app when built.")
    ] = True,
    host: Annotated[str | None, typer.Option(help="Address to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Build the East Asia demo year in COSEC_DATABASE_URL, then serve it."""
    run_demo(serve=serve_after, host=host, port=port)
