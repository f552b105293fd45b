"""Schemathesis over the whole OpenAPI document, every phase (examples, coverage, fuzzing,
stateful) and every check it has (``st run --checks all``): whatever it sends, with a
member's key or the secretariat's, no response is a server error (5xx).

The store is demo-like: the eas-2026 charter, a member's and the secretariat's keys, a
notification with its findings. The run is bounded in examples (about a minute on two
cores); rate limits are lifted here (test_rate_limits.py tests them). The other checks'
complaints (a status the document does not list, say) are printed, not asserted: this
test is about the server never failing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.engine import events

from cosec.api.config import WebConfig
from cosec.clock import FixedClock
from cosec.principals import Role
from cosec.server.app import create_app
from cosec.store.db import make_engine, session_factory
from tests.api.support import activity
from tests.conftest import START, fresh_ledger, make_world

MAX_EXAMPLES = 25
STATEFUL = "Stateful tests"
SECRETARIAT_ONLY = r"^/v1/(track-datasets|analyses|evaluate|observed-activities)"

KNOWN_SERVER_ERRORS: dict[str, str] = {}
"""Operation → the defect, for a 5xx rooted outside the API layer and being fixed there:
that operation's case is an expected failure until it is."""


def operations() -> list[str]:
    """``METHOD /path`` of every operation in the OpenAPI document."""
    with tempfile.TemporaryDirectory() as tmp:  # no store is opened: routes only
        app = create_app(
            session_factory(make_engine(f"sqlite:///{tmp}/openapi.db")), ledger=fresh_ledger()
        )
        paths = app.openapi()["paths"]
    return sorted(f"{method.upper()} {path}" for path, ops in paths.items() for method in ops)


@dataclass
class Run:
    """What schemathesis saw: server errors and other complaints, per operation."""

    requests: int = 0
    server_errors: dict[str, list[str]] = field(default_factory=dict)
    complaints: Counter[str] = field(default_factory=Counter)
    operations: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Run]:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copy(sqlite_template, root / "cosec.db")
    world = make_world(f"sqlite:///{root / 'cosec.db'}", FixedClock(START))
    member = f"Bearer {world.user('poc-chn', Role.MEMBER, 'CHN')[1]}"
    secretariat = f"Bearer {world.user('secretariat', Role.SECRETARIAT)[1]}"
    unlimited = WebConfig(auth_failures_per_minute=10**6, costly_requests_per_minute=10**6)
    app = create_app(
        world.factory,
        ledger=world.ledger,
        clock=world.clock,
        data_dir=root / "tracks",
        config=unlimited,
    )
    config = schemathesis.config.SchemathesisConfig.from_dict(
        {
            "seed": 20261205,
            "checks": {"enabled": True},
            "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
            "headers": {"Authorization": member},
            "operations": [
                {"include-path-regex": SECRETARIAT_ONLY, "headers": {"Authorization": secretariat}}
            ],
            "continue-on-failure": True,
        }
    )
    seen = Run()
    with TestClient(app) as http:
        r = http.post(
            "/v1/notifications", headers={"Authorization": member}, json={"payload": activity()}
        )
        assert r.status_code == 201, r.text
        schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
        for event in schemathesis.engine.from_schema(schema).execute():
            if isinstance(event, events.FatalError):
                raise AssertionError(f"schemathesis could not run: {event.exception!r}")
            if not isinstance(event, events.ScenarioFinished):
                continue
            label = event.recorder.label
            seen.operations.add(label)
            for interaction in event.recorder.interactions.values():
                seen.requests += 1
                response = interaction.response
                if response is not None and response.status_code >= 500:
                    seen.server_errors.setdefault(label, []).append(
                        f"{response.status_code} {interaction.request.method} "
                        f"{interaction.request.uri}: {(response.content or b'')[:500]!r}"
                    )
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None and check.name != "not_a_server_error":
                        seen.complaints[f"{label}: {check.name}"] += 1
    print(f"\nschemathesis: {seen.requests} requests over {len(seen.operations)} operations")
    for line, n in sorted(seen.complaints.items()):
        print(f"  {n:4d} x {line}")
    yield seen
    world.factory.kw["bind"].dispose()


def test_every_operation_was_exercised(run: Run) -> None:
    assert set(operations()) <= run.operations
    assert run.requests > 20 * len(operations())


@pytest.mark.parametrize("operation", [*operations(), STATEFUL])
def test_no_request_gets_a_server_error(run: Run, operation: str) -> None:
    errors = run.server_errors.get(operation, [])
    if errors and operation in KNOWN_SERVER_ERRORS:
        pytest.xfail(KNOWN_SERVER_ERRORS[operation])
    assert errors == [], "\n".join(errors[:5])
