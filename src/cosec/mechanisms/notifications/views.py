"""Presentation helpers for the pages: form parsing and timeline layout. No rules here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cosec.mechanisms.notifications.records import THRESHOLD_FIGURES
from cosec.mechanisms.notifications.service import TimelineBar

FORM_FIELDS = (
    "designation",
    "purpose",
    "states",
    "level_of_command",
    "start",
    "end",
    "alert",
    "area_description",
    "lat",
    "lon",
    "radius_km",
    "audience",
    "parties",
    *THRESHOLD_FIGURES,
)


def codes(text: str) -> list[str]:
    """``"chn, usa"`` → ``["CHN", "USA"]``."""
    return [c.strip().upper() for c in text.replace(";", ",").split(",") if c.strip()]


def number(text: str) -> Any:
    """A form number as int or float; the raw text when it does not parse (the model says why)."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def notification_payload(form: dict[str, str]) -> dict[str, Any]:
    """A ``notification.prior`` payload from the web form (blank figures are zero)."""
    area: dict[str, Any] = {"description": form.get("area_description", "").strip()}
    for key in ("lat", "lon", "radius_km"):
        if form.get(key, "").strip():
            area[key] = number(form[key])
    payload: dict[str, Any] = {
        "designation": form.get("designation", "").strip(),
        "purpose": form.get("purpose", "").strip(),
        "states": codes(form.get("states", "")),
        "level_of_command": form.get("level_of_command", "").strip(),
        "start": form.get("start", "").strip(),
        "end": form.get("end", "").strip(),
        "alert": form.get("alert") == "true",
        "figures": {f: number(form[f]) for f in THRESHOLD_FIGURES if form.get(f, "").strip()},
        "area": area,
    }
    return payload


@dataclass(frozen=True)
class PlacedBar:
    """A timeline bar with its position in percent of the year and its lane."""

    bar: TimelineBar
    left: float
    width: float
    lane: int
    href: str


def place(
    bars: dict[str, list[TimelineBar]], year: int
) -> tuple[dict[str, list[PlacedBar]], dict[str, int]]:
    """Lay bars out across the year, stacking overlapping ones in lanes."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = (last - first).days + 1
    placed: dict[str, list[PlacedBar]] = {}
    lanes: dict[str, int] = {}
    for state, items in bars.items():
        ends: list[date] = []
        out = []
        for b in items:
            start, end = max(b.start, first), min(b.end, last)
            lane = next((i for i, e in enumerate(ends) if e < start), len(ends))
            if lane == len(ends):
                ends.append(end)
            else:
                ends[lane] = end
            left = (start - first).days / days * 100
            width = max(((end - start).days + 1) / days * 100, 0.6)
            href = (
                f"/notifications/{b.record_id}"
                if b.source == "notified"
                else f"/records/{b.record_id}"
            )
            out.append(PlacedBar(b, round(left, 3), round(width, 3), lane, href))
        placed[state] = out
        lanes[state] = max(len(ends), 1)
    return placed, lanes
