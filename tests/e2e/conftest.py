"""Browser tests: Debian's Chromium driven by pytest-playwright, against the app served
by uvicorn in a background thread over a SQLite world (see docs RECIPES "Browser tests").

Nothing here downloads a browser: without ``/usr/bin/chromium`` the tests skip locally
and fail in CI.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from cosec.clock import FixedClock
from cosec.principals import Role
from tests.api.support import app_for
from tests.conftest import START, World, make_world, need

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium, headless (never a downloaded browser)."""
    need(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """No base URL: tests use the live server's full URLs.

    This also shadows the fallback ``base_url`` fixture of pytest-playwright 0.10, a
    session fixture written as an instance method, which pytest 9.2 deprecates with a
    warning (an error under our ``filterwarnings = error``).
    """
    return None


@dataclass
class Live:
    """The app served on 127.0.0.1, its world, and an API key per user."""

    url: str
    world: World
    keys: dict[str, str]

    def api(self, method: str, path: str, who: str, body: Any = None) -> Any:
        """Call the JSON API as ``who``; the response must be a success."""
        r = httpx.request(
            method,
            self.url + path,
            json=body,
            headers={"Authorization": f"Bearer {self.keys[who]}"},
        )
        assert r.is_success, r.text
        return r.json()

    def record_count(self) -> int:
        """How many records the store holds (as the secretariat reads them)."""
        return len(self.api("GET", "/v1/records?limit=1000", "SEC"))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Live]:
    """The app on a free port over a fresh SQLite world, with the clock at 1 March 2026."""
    db = tmp_path_factory.mktemp("e2e") / "cosec.db"
    shutil.copy(sqlite_template, db)
    world = make_world(f"sqlite:///{db}", FixedClock(START))
    keys = {
        code: world.user(f"poc-{code.lower()}", Role.MEMBER, code)[1]
        for code in ("CHN", "USA", "JPN", "KOR", "PHL")
    }
    keys["SEC"] = world.user("secretariat", Role.SECRETARIAT)[1]
    config = uvicorn.Config(
        app_for(world),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        access_log=False,
        ws="none",
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="cosec-e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start in 30 s"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield Live(url=f"http://127.0.0.1:{port}", world=world, keys=keys)
    server.should_exit = True
    thread.join(timeout=30)
    world.factory.kw["bind"].dispose()
