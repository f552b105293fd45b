"""The oversight web forms on the core's review flow (each record reviewed before it is
signed): a member's report of refined petroleum transferred in a month, and the
secretariat's record of a nuclear test or missile launch. Lists are imported from CSV
(``cosec oversight import-list``, ``POST /v1/oversight/designations/import``)."""

from __future__ import annotations

from collections.abc import Mapping

from cosec.mechanisms.oversight.records import MISSILE_CLASSES
from cosec.plugin.store import Item
from cosec.plugin.web import N_, Input, RecordForm, gettext

Values = Mapping[str, str]
MISSILE_WORDS = {  # MISSILE_CLASSES, as a form offers them
    "": N_("Missile"),
    "icbm": N_("Intercontinental ballistic missile"),
    "irbm": N_("Intermediate-range ballistic missile"),
    "mrbm": N_("Medium-range ballistic missile"),
    "srbm": N_("Short-range ballistic missile"),
    "slbm": N_("Submarine-launched ballistic missile"),
    "hypersonic": N_("Hypersonic missile"),
    "cruise": N_("Cruise missile"),
    "slv": N_("Satellite launch vehicle"),
}


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
    title=N_("Report refined petroleum transferred to the DPRK"),
    inputs=lambda values: [
        Input(
            "month",
            gettext("Month (YYYY-MM)"),
            required=True,
            help=gettext("A month that has begun."),
        ),
        Input(
            "barrels",
            gettext("Barrels"),
            "number",
            required=True,
            help=gettext("0 for a nil report."),
        ),
        Input(
            "corrects",
            gettext("Corrects report (record id)"),
            "number",
            help=gettext("Your own earlier report of the same month, which this one replaces."),
        ),
        Input("note", gettext("Note"), "textarea"),
    ],
    build=_petroleum,
    label=lambda values: f"{values.get('barrels', '')} barrels in {values.get('month', '')}",
    done=lambda record_id, values: f"/oversight/petroleum?year={values.get('month', '')[:4]}",
    intro=N_(
        "Every report counts toward the year's total against the cap "
        "(UNSC resolution 2397); the secretariat's findings open at 75 %, 90 % and 100 %."
    ),
    back=("/oversight/petroleum", N_("Refined petroleum")),
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
    title=N_("Record a nuclear test or missile launch"),
    inputs=lambda values: [
        Input(
            "event",
            gettext("What"),
            "select",
            choices=(
                ("missile_launch", gettext("Missile launch")),
                ("nuclear_test", gettext("Nuclear test")),
            ),
        ),
        Input(
            "occurred_at",
            gettext("When (UTC, YYYY-MM-DDTHH:MM:SSZ)"),
            required=True,
            help="2017-09-03T03:30:00Z",
        ),
        Input(
            "missile_class",
            gettext("Missile class"),
            "select",
            choices=tuple(
                (k, gettext(MISSILE_WORDS.get(k, v.capitalize())))
                for k, v in MISSILE_CLASSES.items()
            ),
        ),
        Input("count", gettext("Missiles launched together"), "number"),
        Input("place", gettext("Where")),
        Input("description", gettext("Description"), "textarea", required=True),
        Input("sources", gettext("Sources (one a line)"), "textarea", required=True),
    ],
    build=_event,
    label=lambda values: f"{values.get('event', '')} {values.get('occurred_at', '')}",
    done=lambda record_id, values: "/oversight",
    intro=N_("A public record of the programme, with where it is known from."),
    back=("/oversight", N_("Oversight")),
    roles=("secretariat",),
)

FORMS = (PETROLEUM, EVENT)
