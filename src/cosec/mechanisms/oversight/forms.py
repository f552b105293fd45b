"""The oversight web forms on the core's review flow (each record reviewed before it is
signed): a member's report of refined petroleum transferred in a month, and the
secretariat's record of a nuclear test or missile launch. Lists are imported from CSV
(``cosec oversight import-list``, ``POST /v1/oversight/designations/import``)."""

from __future__ import annotations

from collections.abc import Mapping

from cosec.mechanisms.oversight.records import MISSILE_CLASSES
from cosec.plugin.store import Item
from cosec.plugin.web import Input, RecordForm

Values = Mapping[str, str]


def _int(text: str) -> int | str:
    t = text.strip().replace(",", "")
    return int(t) if t.isdigit() else t


def _petroleum(values: Values) -> Item:
    payload: dict[str, object] = {
        "month": values.get("month", "").strip(),
        "barrels": _int(values.get("barrels", "")),
        "note": values.get("note", "").strip(),
    }
    corrects = values.get("corrects", "").strip()
    if corrects:
        payload["corrects"] = _int(corrects)
    return Item("oversight.petroleum_transfer", payload)


PETROLEUM = RecordForm(
    kind="oversight.petroleum_transfer",
    path="/oversight/petroleum/new",
    title="Report refined petroleum transferred to the DPRK",
    inputs=lambda values: [
        Input("month", "Month (YYYY-MM)", required=True, help="A month that has begun."),
        Input("barrels", "Barrels", "number", required=True, help="0 for a nil report."),
        Input(
            "corrects",
            "Corrects report (record id)",
            "number",
            help="Your own earlier report of the same month, which this one replaces.",
        ),
        Input("note", "Note", "textarea"),
    ],
    build=_petroleum,
    label=lambda values: f"{values.get('barrels', '')} barrels in {values.get('month', '')}",
    done=lambda record_id, values: f"/oversight/petroleum?year={values.get('month', '')[:4]}",
    intro="Every report counts toward the year's total against the cap "
    "(UNSC resolution 2397); the secretariat's findings open at 75 %, 90 % and 100 %.",
    back=("/oversight/petroleum", "Refined petroleum"),
)


def _event(values: Values) -> Item:
    sources = [s.strip() for s in values.get("sources", "").splitlines() if s.strip()]
    payload: dict[str, object] = {
        "event": values.get("event", "missile_launch"),
        "occurred_at": values.get("occurred_at", "").strip(),
        "place": values.get("place", "").strip(),
        "description": values.get("description", "").strip(),
        "sources": sources,
    }
    if payload["event"] == "missile_launch":
        payload["missile_class"] = values.get("missile_class", "")
        payload["count"] = _int(values.get("count", "") or "1")
    return Item("oversight.event", payload, audience="public")


EVENT = RecordForm(
    kind="oversight.event",
    path="/oversight/events/new",
    title="Record a nuclear test or missile launch",
    inputs=lambda values: [
        Input(
            "event",
            "What",
            "select",
            choices=(("missile_launch", "Missile launch"), ("nuclear_test", "Nuclear test")),
        ),
        Input(
            "occurred_at",
            "When (UTC, YYYY-MM-DDTHH:MM:SSZ)",
            required=True,
            help="2017-09-03T03:30:00Z",
        ),
        Input(
            "missile_class",
            "Missile class",
            "select",
            choices=tuple((k, v.capitalize()) for k, v in MISSILE_CLASSES.items()),
        ),
        Input("count", "Missiles launched together", "number"),
        Input("place", "Where"),
        Input("description", "Description", "textarea", required=True),
        Input("sources", "Sources (one a line)", "textarea", required=True),
    ],
    build=_event,
    label=lambda values: f"{values.get('event', '')} {values.get('occurred_at', '')}",
    done=lambda record_id, values: "/oversight",
    intro="A public record of the programme, with where it is known from.",
    back=("/oversight", "Oversight"),
    roles=("secretariat",),
)

FORMS = (PETROLEUM, EVENT)
