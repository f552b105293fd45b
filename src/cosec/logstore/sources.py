"""Where an auditor or a witness reads a log: over HTTP from any cosec server, or from the
local database (as the secretariat, which sees every envelope)."""

from __future__ import annotations

import json
from typing import Any, Protocol

import httpx
from sqlalchemy.orm import Session, sessionmaker

from cosec.clock import SystemClock
from cosec.deployment import load
from cosec.errors import CosecError, InvalidInput, NotFound
from cosec.ledger.canonical import parse_json
from cosec.ledger.note import b64decode
from cosec.logstore import log
from cosec.logstore import service as ledger_service
from cosec.logstore.context import Ledger
from cosec.principals import Principal, Role
from cosec.store.db import unit_of_work

PAGE = 1000
MAX_ANSWER = 64 * 1024 * 1024
"""The largest answer of a log's API the auditor reads (a page of entries is far less)."""


class LogSource(Protocol):
    """What auditing and witnessing read."""

    def keys(self) -> dict[str, Any]: ...

    def checkpoint(self, size: int | None = None) -> bytes: ...

    def entries(self, start: int, end: int) -> list[dict[str, Any]]: ...

    def consistency(self, size1: int, size2: int) -> list[bytes]: ...

    def checkpoint_sizes(self) -> list[int]: ...

    def receipt(self, index: int) -> dict[str, Any]: ...

    def add_cosignature(self, size: int, line: str) -> None: ...


class HttpSource:
    """A cosec server's ``/v1/log`` API."""

    def __init__(self, url: str, api_key: str | None = None, *, timeout: float = 30.0) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=timeout)

    def _get(self, path: str, **params: Any) -> httpx.Response:
        try:
            r = self._client.get(path, params=params)
        except httpx.HTTPError as exc:
            raise InvalidInput.field("--url", f"cannot reach the log: {exc}") from None
        _raise_for(r)
        return r

    def _object(self, path: str, **params: Any) -> dict[str, Any]:
        """A JSON object the log serves, read strictly and bounded: a log that answers
        something else is reported as such, never as a crash of the auditor."""
        data = parse_json(self._get(path, **params).content, what=path, max_bytes=MAX_ANSWER)
        if not isinstance(data, dict):
            raise InvalidInput.field(path, "the log did not answer a JSON object")
        return data

    def _list(self, path: str, key: str, **params: Any) -> list[Any]:
        value = self._object(path, **params).get(key)
        if not isinstance(value, list):
            raise InvalidInput.field(f"{path}.{key}", "the log did not answer a list")
        return value

    def keys(self) -> dict[str, Any]:
        return self._object("/v1/log/keys")

    def checkpoint(self, size: int | None = None) -> bytes:
        path = "/v1/log/checkpoint" if size is None else f"/v1/log/checkpoints/{size}"
        return self._get(path).content

    def entries(self, start: int, end: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while start < end:
            page = self._list("/v1/log/entries", "entries", start=start, end=end)
            if not page:
                break
            if not all(isinstance(e, dict) for e in page):
                raise InvalidInput.field("/v1/log/entries", "entries must be JSON objects")
            out.extend(page)
            start += len(page)
        return out

    def consistency(self, size1: int, size2: int) -> list[bytes]:
        proof = self._list("/v1/log/proof/consistency", "proof", **{"from": size1, "to": size2})
        return [b64decode(h, what="proof") for h in proof]

    def checkpoint_sizes(self) -> list[int]:
        sizes = self._list("/v1/log/checkpoints", "sizes")
        if not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in sizes):
            raise InvalidInput.field("/v1/log/checkpoints.sizes", "must be sizes (integers)")
        return sizes

    def receipt(self, index: int) -> dict[str, Any]:
        return self._object(f"/v1/log/receipts/{index}")

    def add_cosignature(self, size: int, line: str) -> None:
        r = self._client.post("/v1/log/cosignatures", json={"size": size, "cosignature": line})
        _raise_for(r)


def _raise_for(r: httpx.Response) -> None:
    if r.is_success:
        return
    try:
        message = str(r.json().get("message", r.text))
    except (ValueError, AttributeError):
        message = r.text[:500]
    if r.status_code == 404:
        raise NotFound(message)
    raise CosecError(f"the log answered {r.status_code}: {message}")


class LocalSource:
    """The log in this deployment's database, read as the secretariat."""

    def __init__(self, factory: sessionmaker[Session], ledger: Ledger) -> None:
        self._factory = factory
        self._ledger = ledger
        self._reader = Principal(id=None, name="auditor", role=Role.SECRETARIAT)

    def keys(self) -> dict[str, Any]:
        with unit_of_work(self._factory) as s:
            return ledger_service.public_keys(s, self._ledger)

    def checkpoint(self, size: int | None = None) -> bytes:
        with unit_of_work(self._factory) as s:
            return log.checkpoint_note(s, size)

    def entries(self, start: int, end: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        with unit_of_work(self._factory) as s:
            charter = load(s).current
            while start < end:
                page = ledger_service.entries(s, self._reader, charter, start, end, limit=PAGE)
                if not page:
                    break
                out.extend(e.as_json() for e in page)
                start += len(page)
        return out

    def consistency(self, size1: int, size2: int) -> list[bytes]:
        with unit_of_work(self._factory) as s:
            return log.consistency(s, size1, size2)

    def checkpoint_sizes(self) -> list[int]:
        with unit_of_work(self._factory) as s:
            return log.checkpoint_sizes(s)

    def receipt(self, index: int) -> dict[str, Any]:
        with unit_of_work(self._factory) as s:
            return dict(json.loads(log.receipt(s, index).to_json()))

    def add_cosignature(self, size: int, line: str) -> None:
        with unit_of_work(self._factory, write=True) as s:
            ledger_service.add_cosignature(
                s, ledger=self._ledger, size=size, line=line, at=SystemClock().now()
            )
