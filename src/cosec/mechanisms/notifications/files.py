"""Reading records to submit from files: JSON objects or arrays, or CSV in the assess format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cosec.kit import FieldError, InvalidInput, field_errors
from cosec.mechanisms.notifications.assess import ActivityRow, read_rows
from cosec.mechanisms.notifications.records import THRESHOLD_FIGURES
from cosec.plugin.store import Item


def payload_from_row(row: ActivityRow) -> dict[str, Any]:
    """A ``notification.prior`` payload from an assessment-format row."""
    area: dict[str, Any] = {}
    if row.lat is not None and row.lon is not None:
        area = {"lat": row.lat, "lon": row.lon}
        if row.radius_km is not None:
            area["radius_km"] = row.radius_km
    return {
        "designation": row.designation,
        "states": list(row.states),
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "alert": row.alert,
        "figures": {f: getattr(row, f) for f in THRESHOLD_FIGURES},
        "area": area,
    }


def _json(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput.field("FILE", f"cannot read {path}: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput.field("FILE", f"not valid JSON: {exc}") from exc
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(i, dict) for i in items):
        raise InvalidInput.field("FILE", "must hold a JSON object or an array of objects")
    return items


def submission_items(
    path: Path, *, kind: str, audience: str | None, parties: tuple[str, ...]
) -> list[Item]:
    """Items to submit from ``path``: JSON payloads, or CSV rows of notifications."""
    if path.suffix.lower() != ".csv":
        return [Item(kind=kind, payload=r, audience=audience, parties=parties) for r in _json(path)]
    rows = read_rows(path)
    if kind != "notification.prior":
        raise InvalidInput.field(
            "--kind", "CSV files hold notifications only; use JSON for other kinds"
        )
    items, errors = [], []
    for n, raw in enumerate(rows, start=1):
        try:
            row = ActivityRow.model_validate(raw)
        except ValidationError as exc:
            errors.extend(field_errors(exc, (f"row {n}",)))
            continue
        unsupported = [
            f
            for f in ("notified_on", "amends", "in_calendar", "observers_invited")
            if getattr(row, f) is not None
        ]
        errors.extend(
            FieldError(f"row {n}.{f}", "is for assessment files, not submissions")
            for f in unsupported
        )
        items.append(
            Item(kind=kind, payload=payload_from_row(row), audience=audience, parties=parties)
        )
    if errors:
        raise InvalidInput(errors)
    return items
