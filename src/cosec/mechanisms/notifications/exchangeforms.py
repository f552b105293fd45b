"""The notification mechanism's other web forms: the annual calendar (rows that grow as
they fill), requests for explanation and their replies, and the secretariat's observed
activities. See :mod:`.forms` for how a form is described."""

from __future__ import annotations

from typing import Any

from cosec.kit import Principal, StoredRecord
from cosec.mechanisms.notifications.forms import (
    AUDIENCES,
    Values,
    activity_inputs,
    record_id,
)
from cosec.mechanisms.notifications.views import codes, notification_payload, number
from cosec.plugin.store import Item
from cosec.plugin.web import N_, Input, RecordForm, gettext

ENTRY_FIELDS = ("designation", "states", "start", "end", "troops", "ships", "air_sorties")
ENTRY_LABELS = {
    "designation": N_("Designation"),
    "states": N_("States"),
    "start": N_("Start date"),
    "end": N_("End date"),
    "troops": N_("Troops"),
    "ships": N_("Ships"),
    "air_sorties": N_("Air sorties"),
}
MAX_ROWS = 60


def _rows(values: Values) -> list[int]:
    """Row numbers in the form that hold something."""
    filled = set()
    for key, value in values.items():
        if key.startswith("entry-") and value.strip():
            head = key.split("-")
            if len(head) >= 3 and head[1].isdigit():
                filled.add(int(head[1]))
    return sorted(n for n in filled if n < MAX_ROWS)


def _calendar_inputs(values: Values) -> list[Input]:
    filled = _rows(values)
    count = min(max(3, (max(filled) + 3) if filled else 3), MAX_ROWS)
    position = {row: i for i, row in enumerate(filled)}
    out = [
        Input("year", N_("Year"), "number", required=True),
        Input("nil_return", N_("Nil return: no notifiable activity planned that year"), "checkbox"),
    ]
    labels = {f: gettext(ENTRY_LABELS[f]) for f in ENTRY_FIELDS}  # built while serving
    for row in range(count):
        at = position.get(row)
        base = f"payload.entries[{at}]" if at is not None else f"unused[{row}]"
        for f in ENTRY_FIELDS:
            figure = f in ("troops", "ships", "air_sorties")
            out.append(
                Input(
                    f"entry-{row}-{f}",
                    gettext("%(field)s (activity %(n)s)") % {"field": labels[f], "n": row + 1},
                    "number" if figure else ("date" if f in ("start", "end") else "text"),
                    f"{base}.figures.{f}" if figure else f"{base}.{f}",
                    group=gettext("Activity %(n)s") % {"n": row + 1},
                    minimum="0" if figure else None,
                )
            )
    return out


def _calendar(values: Values) -> Item:
    entries = []
    for row in _rows(values):
        v = {f: values.get(f"entry-{row}-{f}", "").strip() for f in ENTRY_FIELDS}
        entries.append(
            {
                "designation": v["designation"],
                "states": codes(v["states"]),
                "start": v["start"],
                "end": v["end"],
                "figures": {f: number(v[f]) for f in ("troops", "ships", "air_sorties") if v[f]},
            }
        )
    return Item(
        "notification.calendar",
        {
            "year": number(values.get("year", "")),
            "nil_return": values.get("nil_return") == "true",
            "entries": entries,
        },
        values.get("audience") or None,
    )


CALENDAR = RecordForm(
    kind="notification.calendar",
    path="/calendar/new",
    title=N_("Send the annual calendar"),
    inputs=lambda values: [
        *_calendar_inputs(values),
        Input("audience", N_("Who may read it"), "select", "audience", choices=AUDIENCES),
    ],
    build=_calendar,
    label=lambda values: f"Calendar for {values.get('year', '')}",
    done=lambda record_id, values: f"/calendar?year={values.get('year', '')}",
    intro=N_(
        "Next year's notifiable activities, or a nil return. Blank rows are left out; "
        "reviewing adds rows as they fill."
    ),
    back=("/calendar", N_("Calendar")),
)


def _request(values: Values) -> Item:
    payload: dict[str, Any] = {
        "respondent": values.get("respondent", "").strip().upper(),
        "concern": values.get("concern", "").strip(),
        "area": {"description": values.get("area_description", "").strip()},
    }
    if values.get("notification_id", "").strip():
        payload["notification_id"] = record_id(values, "notification_id")
    for key in ("observed_from", "observed_to"):
        if values.get(key, "").strip():
            payload[key] = values[key].strip()
    return Item("notification.explanation_request", payload, "parties")


ASK = RecordForm(
    kind="notification.explanation_request",
    path="/explanations/new",
    title=N_("Ask for an explanation of unusual military activity"),
    inputs=lambda values: [
        Input("respondent", N_("State asked"), help=N_("A member code."), required=True),
        Input("concern", N_("What concerns you"), "textarea", required=True),
        Input("notification_id", N_("About notification (its number, if any)"), "number"),
        Input("area_description", N_("Where"), loc="payload.area.description"),
        Input("observed_from", N_("Seen from"), "date"),
        Input("observed_to", N_("Seen until"), "date"),
    ],
    build=_request,
    label=lambda values: f"Request for explanation to {values.get('respondent', '')}",
    intro=N_(
        "Read by the state asked and by the secretariat only. The state asked must reply "
        "within the charter's time."
    ),
    back=("/notifications", N_("Notifications")),
)


def _asked(record: StoredRecord, principal: Principal) -> bool:
    return record.payload.get("respondent") == principal.member


REPLY_EXPLANATION = RecordForm(
    kind="notification.explanation_reply",
    path="/explanations/reply",
    title=N_("Reply to a request for explanation"),
    inputs=lambda values: [
        Input("request_id", N_("Request"), "hidden"),
        Input("explanation", N_("Your explanation"), "textarea", required=True),
    ],
    build=lambda values: Item(
        "notification.explanation_reply",
        {
            "request_id": record_id(values, "request_id"),
            "explanation": values.get("explanation", "").strip(),
        },
    ),
    label=lambda values: f"Reply to request {values.get('request_id', '')}",
    back=("/", N_("Overview")),
    follows="notification.explanation_request",
    offer=_asked,
    offer_text=N_("Reply to this request"),
    ref_input="request_id",
)


def _observed(values: Values) -> Item:
    payload = notification_payload(dict(values))
    payload.pop("level_of_command", None)
    payload["sources"] = [s.strip() for s in values.get("sources", "").split(",") if s.strip()]
    return Item("notification.observed", payload, values.get("audience") or None)


OBSERVED = RecordForm(
    kind="notification.observed",
    path="/notifications/observed/new",
    title=N_("Record an activity observed in independent evidence"),
    inputs=lambda values: [
        *activity_inputs(False),
        Input(
            "sources",
            N_("Sources"),
            help=N_("Observation ids, imagery, reports; separated by commas."),
        ),
        Input("audience", N_("Who may read it"), "select", "audience", choices=AUDIENCES),
    ],
    build=_observed,
    label=lambda values: values.get("designation", ""),
    roles=("secretariat",),
    back=("/notifications", N_("Notifications")),
)

FORMS = (CALENDAR, ASK, REPLY_EXPLANATION, OBSERVED)
