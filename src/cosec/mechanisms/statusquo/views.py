"""Presentation helpers for the pages: form parsing, the timeline chart, list sorting.
No rules here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cosec.kit import FieldError, InvalidInput
from cosec.mechanisms.statusquo.service import FeatureView, TimelinePoint
from cosec.mechanisms.statusquo.vocabulary import words
from cosec.plugin.web import N_, gettext

FACT_FIELDS = (
    "day",
    "area_ha",
    "facilities",
    "deployments",
    "text",
    "member",
    "audience",
)
SORT_KEYS = ("name", "group", "occupant", "baseline_ha", "area_ha", "open_findings")
SOURCES = (N_("baseline"), N_("change"), N_("observation"))
"""Where a feature's known state comes from (a timeline point's ``source``), in words."""
KIND_WORDS = {
    "runway": N_("runway"),
    "hangar": N_("hangar"),
    "harbour": N_("harbour"),
    "helipad": N_("helipad"),
    "radar": N_("radar"),
    "sensor_array": N_("sensor array"),
    "communications": N_("communications"),
    "lighthouse": N_("lighthouse"),
    "weather_station": N_("weather station"),
    "search_and_rescue_station": N_("search-and-rescue station"),
    "barracks": N_("barracks"),
    "administration": N_("administration"),
    "grounded_ship": N_("grounded ship"),
    "other": N_("other"),
    "anti_ship_missile": N_("anti-ship missile"),
    "surface_to_air_missile": N_("surface-to-air missile"),
    "combat_aircraft": N_("combat aircraft"),
    "bomber": N_("bomber"),
    "patrol_aircraft": N_("patrol aircraft"),
    "helicopter": N_("helicopter"),
    "naval_vessel": N_("naval vessel"),
    "coast_guard_vessel": N_("coast guard vessel"),
    "troops": N_("troops"),
    "artillery": N_("artillery"),
    "electronic_warfare": N_("electronic warfare"),
    "search_and_rescue": N_("search and rescue"),
}
"""The kinds of facility, deployment and public good in words (as
:func:`~cosec.mechanisms.statusquo.vocabulary.words` says them; translated where shown)."""


def kind_words(kind: str) -> str:
    """A kind of facility, deployment or public good in the reader's language (a kind the
    shipped vocabulary does not list: as :func:`words` says it)."""
    return gettext(KIND_WORDS[kind]) if kind in KIND_WORDS else words(kind)


def counts(text: str, field: str) -> dict[str, Any]:
    """``"hangar: 32; radar: 2"`` → ``{"hangar": "32", "radar": "2"}`` (the model checks
    the kinds and numbers)."""
    out: dict[str, Any] = {}
    for part in text.replace(",", ";").replace("\n", ";").split(";"):
        if not part.strip():
            continue
        kind, sep, n = part.partition(":")
        if not sep:
            raise InvalidInput.field(field, f"{part.strip()!r} must read kind: count")
        out[kind.strip().lower().replace(" ", "_").replace("-", "_")] = n.strip()
    return out


def fact_payload(form: dict[str, str], *, observation: bool) -> dict[str, Any]:
    """A ``statusquo.change`` or ``statusquo.observation`` payload from the form."""
    payload: dict[str, Any] = {
        ("imagery_date" if observation else "on"): form.get("day", "").strip(),
        "facilities": counts(form.get("facilities", ""), "facilities"),
        "deployments": counts(form.get("deployments", ""), "deployments"),
        ("source" if observation else "description"): form.get("text", "").strip(),
    }
    if form.get("area_ha", "").strip():
        payload["area_ha"] = form["area_ha"].strip()
    if observation and form.get("member", "").strip():
        payload["member"] = form["member"].strip().upper()
    return payload


@dataclass(frozen=True)
class Chart:
    """The feature page's chart: area and facilities over time, as SVG coordinates."""

    width: int
    height: int
    area: str
    """``points`` of the area's step line."""
    facilities: str
    marks: list[dict[str, Any]]
    """One per fact: x, y (area), its day, area, facilities and source, href."""
    area_max: float
    area_min: float
    facilities_max: int
    first: date
    last: date


def chart(points: Sequence[TimelinePoint], width: int = 640, height: int = 200) -> Chart | None:
    """A step chart of area (left axis) and facilities (right axis) over the facts' days."""
    if not points:
        return None
    days = [p.on.toordinal() for p in points]
    lo, hi = min(days), max(max(days), min(days) + 30)
    areas = [p.area_ha for p in points]
    a_lo = min(areas) * 0.9 if min(areas) > 0 else 0.0  # the change, not the reef, fills it
    a_max = max(max(areas) * 1.05, a_lo + 1.0)
    f_max = max(max(p.facilities for p in points), 1)
    pad = 30

    def x(d: int) -> float:
        return round(pad + (d - lo) / (hi - lo) * (width - 2 * pad), 1)

    def y(v: float, top: float, bottom: float = 0.0) -> float:
        return round(height - pad - (v - bottom) / (top - bottom) * (height - 2 * pad), 1)

    def steps(values: list[float], top: float, bottom: float = 0.0) -> str:
        out: list[str] = []
        for i, (d, v) in enumerate(zip(days, values, strict=True)):
            if i:
                out.append(f"{x(d)},{y(values[i - 1], top, bottom)}")
            out.append(f"{x(d)},{y(v, top, bottom)}")
        out.append(f"{x(hi)},{y(values[-1], top, bottom)}")
        return " ".join(out)

    marks = [
        {
            "x": x(d),
            "y": y(p.area_ha, a_max, a_lo),
            "on": p.on,
            "area_ha": p.area_ha,
            "facilities": p.facilities,
            "href": f"/records/{p.record_id}" if p.record_id else "",
            "source": p.source,
        }
        for d, p in zip(days, points, strict=True)
    ]
    return Chart(
        width=width,
        height=height,
        area=steps(areas, a_max, a_lo),
        facilities=steps([float(p.facilities) for p in points], f_max * 1.1),
        marks=marks,
        area_max=round(a_max, 1),
        area_min=round(a_lo, 1),
        facilities_max=f_max,
        first=points[0].on,
        last=points[-1].on,
    )


def sort_key(view: FeatureView, key: str) -> Any:
    """The value a feature list sorts on."""
    if key not in SORT_KEYS:
        raise InvalidInput([FieldError("sort", f"must be one of {', '.join(SORT_KEYS)}")])
    return {
        "name": view.info.name,
        "group": view.info.group,
        "occupant": view.info.occupant or "",
        "baseline_ha": view.baseline.area_ha,
        "area_ha": view.current.area_ha,
        "open_findings": view.open_findings,
    }[key]


def csv_rows(views: Sequence[FeatureView]) -> list[dict[str, Any]]:
    """The features list as CSV rows."""
    return [
        {
            "id": v.info.id,
            "name": v.info.name,
            "group": v.info.group,
            "lat": v.lat,
            "lon": v.lon,
            "claimants": ";".join(v.info.claimants),
            "occupant": v.info.occupant or "",
            "baseline_as_of": v.info.baseline_as_of.isoformat(),
            "baseline_ha": v.baseline.area_ha,
            "area_ha": v.current.area_ha,
            "facilities": ";".join(f"{k}:{n}" for k, n in sorted(v.current.facilities.items())),
            "deployments": ";".join(f"{k}:{n}" for k, n in sorted(v.current.deployments.items())),
            "open_findings": v.open_findings,
        }
        for v in views
    ]
