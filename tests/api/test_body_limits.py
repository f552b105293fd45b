"""Request bodies are bounded: every route by ``max_body_bytes``, the track upload by its
own larger ``max_upload_bytes``; beyond, a 413 in the one error shape, nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cosec.api.config import WebConfig
from cosec.principals import Role
from cosec.server.app import create_app
from tests.api.support import activity
from tests.conftest import World

BODY_LIMIT = 4096
UPLOAD_LIMIT = 64 * 1024


@dataclass
class Client:
    http: TestClient
    sec: dict[str, str]
    chn: dict[str, str]
    data_dir: Path


@pytest.fixture
def client(sqlite_world: World, tmp_path: Path) -> Iterator[Client]:
    sec = sqlite_world.user("analyst", Role.SECRETARIAT)[1]
    chn = sqlite_world.user("poc-chn", Role.MEMBER, "CHN")[1]
    config = WebConfig(max_body_bytes=BODY_LIMIT, max_upload_bytes=UPLOAD_LIMIT)
    data_dir = tmp_path / "tracks"
    app = create_app(
        sqlite_world.factory,
        ledger=sqlite_world.ledger,
        clock=sqlite_world.clock,
        data_dir=data_dir,
        config=config,
    )
    with TestClient(app) as http:
        yield Client(
            http,
            {"Authorization": f"Bearer {sec}"},
            {"Authorization": f"Bearer {chn}"},
            data_dir,
        )


def ais_csv(rows: int) -> bytes:
    """A plausible AIS file of ``rows`` positions of one ship, a minute apart."""
    lines = ["mmsi,timestamp,lat,lon,sog,cog"]
    for i in range(rows):
        lines.append(f"412000001,{1767225600 + 60 * i},{20 + i * 1e-4:.5f},{120.0:.5f},8.0,0.0")
    return ("\n".join(lines) + "\n").encode()


def assert_too_large(r, limit: int) -> None:
    assert r.status_code == 413, r.text
    body = r.json()
    assert body["error"] == "ContentTooLarge"
    assert f"at most {limit:,} bytes" in body["message"]
    assert body["errors"] == []


def test_a_json_body_over_the_limit_is_refused_and_nothing_is_written(client: Client) -> None:
    before = client.http.get("/v1/records", headers=client.sec).json()
    padded = activity(purpose="x" * BODY_LIMIT)
    r = client.http.post("/v1/notifications", headers=client.chn, json={"payload": padded})
    assert_too_large(r, BODY_LIMIT)
    assert client.http.get("/v1/records", headers=client.sec).json() == before


def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(client: Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"payload": {"purpose": "'
        for _ in range(10):
            yield b"x" * 1024
        yield b'"}}'

    r = client.http.post(
        "/v1/notifications",
        headers=client.chn | {"Content-Type": "application/json"},
        content=chunks(),
    )
    assert_too_large(r, BODY_LIMIT)


def test_a_page_gets_the_html_error_page(client: Client) -> None:
    r = client.http.post("/login", data={"key": "x" * BODY_LIMIT})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert f"at most {BODY_LIMIT:,} bytes" in r.text


def test_an_upload_larger_than_a_body_but_within_its_own_limit_is_imported(
    client: Client,
) -> None:
    data = ais_csv(400)
    assert BODY_LIMIT < len(data) < UPLOAD_LIMIT
    r = client.http.post(
        "/v1/track-datasets",
        headers=client.sec,
        data={"name": "small"},
        files=[("files", ("ship.csv", data, "text/csv"))],
    )
    assert r.status_code == 201, r.text
    assert (client.data_dir / "small").is_dir()


def test_an_upload_over_its_limit_is_refused_and_no_dataset_is_made(client: Client) -> None:
    data = ais_csv(3000)
    assert len(data) > UPLOAD_LIMIT
    r = client.http.post(
        "/v1/track-datasets",
        headers=client.sec,
        data={"name": "big"},
        files=[("files", ("ship.csv", data, "text/csv"))],
    )
    assert_too_large(r, UPLOAD_LIMIT)
    assert not (client.data_dir / "big").exists()


@pytest.mark.parametrize(
    ("who", "status"), [("nobody", 401), ("member", 403)], ids=["anonymous", "member"]
)
def test_an_upload_from_anyone_but_the_secretariat_is_refused(
    client: Client, who: str, status: int
) -> None:
    headers = {"nobody": {}, "member": client.chn}[who]
    r = client.http.post(
        "/v1/track-datasets",
        headers=headers,
        data={"name": "mine"},
        files=[("files", ("ship.csv", ais_csv(10), "text/csv"))],
    )
    assert r.status_code == status, r.text
    assert not (client.data_dir / "mine").exists()


@pytest.mark.parametrize(
    ("data", "files", "loc"),
    [
        ({"name": "../up"}, [("files", ("a.csv", b"x", "text/csv"))], "name"),
        ({"name": "ok"}, [], "files"),
        ({"name": "ok", "files": "not a file"}, [], "files"),
    ],
    ids=["bad-name", "no-files", "files-not-files"],
)
def test_a_bad_upload_form_names_its_field(
    client: Client, data: dict[str, str], files: list[object], loc: str
) -> None:
    r = client.http.post("/v1/track-datasets", headers=client.sec, data=data, files=files or None)
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["errors"]] == [loc]
