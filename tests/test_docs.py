"""Docs are tested: a command, a charter key, a route or a setting missing from them fails."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path

from pydantic import BaseModel

from cosec.charter.models import Body, Charter, Forum, Member, RegimeBase
from cosec.cli import docgen
from cosec.registry import mechanisms, obligations
from cosec.settings import Settings
from tests.conftest import fresh_ledger

DOCS = Path(__file__).parents[1] / "docs"


def all_docs() -> str:
    return "\n".join(p.read_text() for p in sorted(DOCS.glob("*.md")))


def test_cli_reference_is_generated_from_the_commands() -> None:
    assert (DOCS / "cli.md").read_text() == docgen.render(), (
        "docs/cli.md is stale: run python -m cosec.cli.docgen > docs/cli.md"
    )


def test_every_cli_command_is_in_the_reference() -> None:
    text = (DOCS / "cli.md").read_text()
    names = [name for name, _ in docgen.commands() if name != "cosec"]
    assert "cosec notifications assess" in names
    missing = [n for n in names if f"## `{n}`" not in text]
    assert missing == []


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out += _models_in(arg)
    if isinstance(annotation, types.UnionType):
        for arg in annotation.__args__:
            out += _models_in(arg)
    return out


def charter_keys() -> set[str]:
    """Every key a charter file may contain, nested models included."""
    keys: set[str] = set()
    todo: list[type[BaseModel]] = [Charter, Member, Body, Forum, RegimeBase]
    todo += [m.regime_model for m in mechanisms().values()]
    seen: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            keys.add(name)
            todo += _models_in(field.annotation)
    return keys


def test_every_charter_key_is_documented() -> None:
    text = (DOCS / "charters.md").read_text()
    keys = charter_keys()
    assert {"lead_time_days", "near_threshold_margin", "announce_years_ahead"} <= keys
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert missing == []


def test_every_api_route_is_documented(sqlite_url: str) -> None:
    from cosec.server.app import create_app
    from cosec.store.db import make_engine, session_factory

    app = create_app(session_factory(make_engine(sqlite_url)), ledger=fresh_ledger())
    text = (DOCS / "api.md").read_text()
    routes = {
        f"{method.upper()} {path}"
        for path, ops in app.openapi()["paths"].items()
        for method in ops
        if path.startswith("/v1")
    }
    assert "POST /v1/notifications" in routes
    missing = sorted(r for r in routes if f"`{r}`" not in text)
    assert missing == []


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text()
    missing = [
        f"COSEC_{n.upper()}" for n in Settings.model_fields if f"`COSEC_{n.upper()}`" not in text
    ]
    assert missing == []


def test_every_obligation_and_flag_is_documented() -> None:
    text = all_docs()
    missing = [o.id for _, o in obligations() if f"`{o.id}`" not in text]
    missing += [o.flag for _, o in obligations() if f"`{o.flag}`" not in text]
    assert missing == []


def test_readme_opens_with_the_two_commands() -> None:
    readme = (DOCS.parent / "README.md").read_text()
    head = readme.split("\n\n", 3)[:3]
    assert re.search(r"make demo", "\n".join(head))
    assert re.search(r"make test", "\n".join(head))
