"""The notification mechanism's web forms, one per record kind, on the core's review flow.

Each form says what its inputs are (labels people read, the payload field each answers
for), how its values make a submission, where it is offered and where it leads. The core
(:func:`cosec.plugin.web.add_record_form`) shows it, reviews the record before it is
signed, keeps drafts, and puts each error at its input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cosec.kit import Principal, StoredRecord
from cosec.mechanisms.notifications.records import THRESHOLD_FIGURES
from cosec.mechanisms.notifications.views import codes, notification_payload, number
from cosec.plugin.store import Item, get_visible
from cosec.plugin.web import Input, RecordForm

Values = Mapping[str, str]

AUDIENCES = (
    ("", "the regime's default"),
    ("public", "public: everyone"),
    ("regime", "regime: the regime's members, observers, the secretariat"),
    ("parties", "parties: the parties only, and the secretariat"),
    ("secretariat", "secretariat: the secretariat, and the parties"),
)
FIGURE_LABELS = {
    "troops": "Troops",
    "battle_tanks": "Battle tanks",
    "acv": "Armoured combat vehicles",
    "artillery": "Artillery pieces",
    "air_sorties": "Air sorties",
    "amphibious_troops": "Amphibious troops",
    "airborne_troops": "Airborne troops",
    "ships": "Ships",
    "carrier_groups": "Carrier groups",
}


def _figures(prefix: str = "", loc: str = "payload.figures", group: str = "Figures") -> list[Input]:
    return [
        Input(f"{prefix}{f}", FIGURE_LABELS[f], "number", f"{loc}.{f}", group=group, minimum="0")
        for f in THRESHOLD_FIGURES
    ]


def _readers() -> list[Input]:
    return [
        Input("audience", "Who may read it", "select", "audience", choices=AUDIENCES),
        Input(
            "parties",
            "Addressed to",
            loc="parties",
            help="Member codes, separated by commas (for the audience “parties”).",
        ),
    ]


def _activity_inputs(with_extras: bool) -> list[Input]:
    out = [
        Input("designation", "Designation", required=True),
        Input("purpose", "Purpose"),
        Input(
            "states",
            "States taking part",
            help="Member codes, separated by commas.",
            required=True,
        ),
    ]
    if with_extras:
        out.append(Input("level_of_command", "Level of command"))
    out += [
        Input("start", "Start date", "date", required=True),
        Input("end", "End date", "date", required=True),
        Input("alert", "Alert (snap) activity", "checkbox"),
        *_figures(),
        Input("area_description", "Description", loc="payload.area.description", group="Area"),
        Input("lat", "Latitude", "number", "payload.area.lat", group="Area"),
        Input("lon", "Longitude", "number", "payload.area.lon", group="Area"),
        Input("radius_km", "Radius (km)", "number", "payload.area.radius_km", group="Area"),
    ]
    return out


def _parties(values: Values) -> tuple[str, ...]:
    return tuple(codes(values.get("parties", "")))


def _id(values: Values, name: str) -> Any:
    return number(values.get(name, ""))


def _notification_page(record_id: int, values: Values) -> str:
    return f"/notifications/{values.get('notification_id', record_id)}"


def _notification(session: Any, deployment: Any, principal: Principal, values: Values) -> Any:
    raw = values.get("notification_id", "")
    if not raw.isdigit() or len(raw) > 9:
        return None
    row = get_visible(session, principal, deployment.current, int(raw))
    return row if row is not None and row.kind == "notification.prior" else None


def _about_notification(verb: str) -> Any:
    def about(session: Any, deployment: Any, principal: Principal, values: Values) -> str:
        row = _notification(session, deployment, principal, values)
        if row is None:
            return ""
        p = row.payload
        return (
            f"{verb} notification {row.id}, “{p.get('designation', '')}” "
            f"({p.get('start', '')} to {p.get('end', '')}), of {row.submitter}."
        )

    return about


# --- a notification ------------------------------------------------------------------------


def _prior(values: Values) -> Item:
    return Item(
        "notification.prior",
        notification_payload(dict(values)),
        values.get("audience") or None,
        _parties(values),
    )


NOTIFY = RecordForm(
    kind="notification.prior",
    path="/notifications/new",
    title="Notify a military activity",
    inputs=lambda values: [*_activity_inputs(True), *_readers()],
    build=_prior,
    label=lambda values: values.get("designation", ""),
    done=lambda record_id, values: f"/notifications/{record_id}",
    intro="The day it is logged is the day of notification. Nothing is signed until you have "
    "reviewed it.",
    back=("/notifications", "Notifications"),
    defaults=lambda principal: {"states": principal.member or ""},
)


# --- what follows a notification -----------------------------------------------------------


def _amendment(values: Values) -> Item:
    payload: dict[str, Any] = {
        "notification_id": _id(values, "notification_id"),
        "reason": values.get("reason", "").strip(),
    }
    for key in ("start", "end"):
        if values.get(key, "").strip():
            payload[key] = values[key].strip()
    figures = {f: number(values[f]) for f in THRESHOLD_FIGURES if values.get(f, "").strip()}
    if figures:
        payload["figures"] = figures
    return Item("notification.amendment", payload)


def _current(session: Any, deployment: Any, principal: Principal, values: Values) -> dict[str, str]:
    row = _notification(session, deployment, principal, values)
    if row is None:
        return {}
    out = {k: str(row.payload.get(k, "")) for k in ("start", "end")}
    figures = row.payload.get("figures") or {}
    out |= {f: str(figures.get(f, 0)) for f in THRESHOLD_FIGURES}
    return out


AMEND = RecordForm(
    kind="notification.amendment",
    path="/notifications/amend",
    title="Amend a notification",
    inputs=lambda values: [
        Input("notification_id", "Notification", "hidden"),
        Input("reason", "Reason for the amendment", "textarea", required=True),
        Input("start", "New start date", "date"),
        Input("end", "New end date", "date"),
        *_figures(group="Figures (all of them, as they now are)"),
    ],
    build=_amendment,
    label=lambda values: f"Amendment of notification {values.get('notification_id', '')}",
    done=_notification_page,
    intro="An amendment never edits the notification: it follows it, and both stay on record.",
    back=("/notifications", "Notifications"),
    prefill=_current,
    about=_about_notification("Amending"),
)


def _invitation(values: Values) -> Item:
    return Item(
        "notification.invitation",
        {
            "notification_id": _id(values, "notification_id"),
            "invited": codes(values.get("invited", "")),
            "observers_per_state": number(values.get("observers_per_state", "") or "2"),
            "programme": values.get("programme", "").strip(),
        },
    )


INVITE = RecordForm(
    kind="notification.invitation",
    path="/notifications/invite",
    title="Invite observers",
    inputs=lambda values: [
        Input("notification_id", "Notification", "hidden"),
        Input(
            "invited", "States invited", help="Member codes, separated by commas.", required=True
        ),
        Input("observers_per_state", "Observers per state", "number", minimum="1"),
        Input("programme", "Programme", "textarea"),
    ],
    build=_invitation,
    label=lambda values: f"Invitation to observe notification {values.get('notification_id', '')}",
    done=_notification_page,
    back=("/notifications", "Notifications"),
    defaults=lambda principal: {"observers_per_state": "2"},
    about=_about_notification("Inviting observers to"),
)


WITHDRAW = RecordForm(
    kind="notification.withdrawal",
    path="/notifications/withdraw",
    title="Withdraw a notification",
    inputs=lambda values: [
        Input("notification_id", "Notification", "hidden"),
        Input("reason", "Why the activity is called off", "textarea", required=True),
    ],
    build=lambda values: Item(
        "notification.withdrawal",
        {"notification_id": _id(values, "notification_id"), "reason": values.get("reason", "")},
    ),
    label=lambda values: f"Withdrawal of notification {values.get('notification_id', '')}",
    done=_notification_page,
    intro="Withdrawn before its start, the activity is no longer judged; withdrawn once it has "
    "begun, it is judged all the same and the withdrawal is on record. The notification stays "
    "in the log.",
    back=("/notifications", "Notifications"),
    about=_about_notification("Withdrawing"),
)


def _invited(record: StoredRecord, principal: Principal) -> bool:
    return principal.member in (record.payload.get("invited") or ())


REPLY_INVITATION = RecordForm(
    kind="notification.invitation_reply",
    path="/invitations/reply",
    title="Reply to an invitation to observe",
    inputs=lambda values: [
        Input("invitation_id", "Invitation", "hidden"),
        Input(
            "accepted",
            "Your answer",
            "select",
            choices=(("true", "We accept"), ("false", "We decline")),
        ),
        Input("observers", "Observers you send", "number", minimum="0"),
    ],
    build=lambda values: Item(
        "notification.invitation_reply",
        {
            "invitation_id": _id(values, "invitation_id"),
            "accepted": values.get("accepted", "true") == "true",
            "observers": number(values.get("observers", "") or "0"),
        },
    ),
    label=lambda values: f"Reply to invitation {values.get('invitation_id', '')}",
    back=("/notifications", "Notifications"),
    follows="notification.invitation",
    offer=_invited,
    offer_text="Reply to this invitation",
    ref_input="invitation_id",
    defaults=lambda principal: {"accepted": "true", "observers": "1"},
)


# --- calendars, explanations, observed activities ------------------------------------------

ENTRY_FIELDS = ("designation", "states", "start", "end", "troops", "ships", "air_sorties")
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
        Input("year", "Year", "number", required=True),
        Input("nil_return", "Nil return: no notifiable activity planned that year", "checkbox"),
    ]
    labels = {"designation": "Designation", "states": "States", "start": "Start date"}
    labels |= {"end": "End date", "troops": "Troops", "ships": "Ships"}
    labels |= {"air_sorties": "Air sorties"}
    for row in range(count):
        at = position.get(row)
        base = f"payload.entries[{at}]" if at is not None else f"unused[{row}]"
        for f in ENTRY_FIELDS:
            figure = f in ("troops", "ships", "air_sorties")
            out.append(
                Input(
                    f"entry-{row}-{f}",
                    f"{labels[f]} (activity {row + 1})",
                    "number" if figure else ("date" if f in ("start", "end") else "text"),
                    f"{base}.figures.{f}" if figure else f"{base}.{f}",
                    group=f"Activity {row + 1}",
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
    title="Send the annual calendar",
    inputs=lambda values: [
        *_calendar_inputs(values),
        Input("audience", "Who may read it", "select", "audience", choices=AUDIENCES),
    ],
    build=_calendar,
    label=lambda values: f"Calendar for {values.get('year', '')}",
    done=lambda record_id, values: f"/calendar?year={values.get('year', '')}",
    intro="Next year's notifiable activities, or a nil return. Blank rows are left out; "
    "reviewing adds rows as they fill.",
    back=("/calendar", "Calendar"),
)


def _request(values: Values) -> Item:
    payload: dict[str, Any] = {
        "respondent": values.get("respondent", "").strip().upper(),
        "concern": values.get("concern", "").strip(),
        "area": {"description": values.get("area_description", "").strip()},
    }
    if values.get("notification_id", "").strip():
        payload["notification_id"] = _id(values, "notification_id")
    for key in ("observed_from", "observed_to"):
        if values.get(key, "").strip():
            payload[key] = values[key].strip()
    return Item("notification.explanation_request", payload, "parties")


ASK = RecordForm(
    kind="notification.explanation_request",
    path="/explanations/new",
    title="Ask for an explanation of unusual military activity",
    inputs=lambda values: [
        Input("respondent", "State asked", help="A member code.", required=True),
        Input("concern", "What concerns you", "textarea", required=True),
        Input("notification_id", "About notification (its number, if any)", "number"),
        Input("area_description", "Where", loc="payload.area.description"),
        Input("observed_from", "Seen from", "date"),
        Input("observed_to", "Seen until", "date"),
    ],
    build=_request,
    label=lambda values: f"Request for explanation to {values.get('respondent', '')}",
    intro="Read by the state asked and by the secretariat only. The state asked must reply "
    "within the charter's time.",
    back=("/notifications", "Notifications"),
)


def _asked(record: StoredRecord, principal: Principal) -> bool:
    return record.payload.get("respondent") == principal.member


REPLY_EXPLANATION = RecordForm(
    kind="notification.explanation_reply",
    path="/explanations/reply",
    title="Reply to a request for explanation",
    inputs=lambda values: [
        Input("request_id", "Request", "hidden"),
        Input("explanation", "Your explanation", "textarea", required=True),
    ],
    build=lambda values: Item(
        "notification.explanation_reply",
        {
            "request_id": _id(values, "request_id"),
            "explanation": values.get("explanation", "").strip(),
        },
    ),
    label=lambda values: f"Reply to request {values.get('request_id', '')}",
    back=("/", "Overview"),
    follows="notification.explanation_request",
    offer=_asked,
    offer_text="Reply to this request",
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
    title="Record an activity observed in independent evidence",
    inputs=lambda values: [
        *_activity_inputs(False),
        Input("sources", "Sources", help="Observation ids, imagery, reports; separated by commas."),
        Input("audience", "Who may read it", "select", "audience", choices=AUDIENCES),
    ],
    build=_observed,
    label=lambda values: values.get("designation", ""),
    roles=("secretariat",),
    back=("/notifications", "Notifications"),
)

FORMS = (
    NOTIFY,
    AMEND,
    INVITE,
    WITHDRAW,
    REPLY_INVITATION,
    CALENDAR,
    ASK,
    REPLY_EXPLANATION,
    OBSERVED,
)
