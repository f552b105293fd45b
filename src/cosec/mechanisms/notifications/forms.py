"""The notification mechanism's web forms for a notification and what follows it (amend,
invite, withdraw, reply to an invitation), on the core's review flow; the calendar, the
requests for explanation and observed activities are in :mod:`.exchangeforms`.

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
from cosec.plugin.web import N_, Input, RecordForm, gettext

Values = Mapping[str, str]

AUDIENCES = (  # (value, text): the texts are translated where shown
    ("", N_("the regime's default")),
    ("public", N_("public: everyone")),
    ("regime", N_("regime: the regime's members, observers, the secretariat")),
    ("parties", N_("parties: the parties only, and the secretariat")),
    ("secretariat", N_("secretariat: the secretariat, and the parties")),
)
FIGURE_LABELS = {
    "troops": N_("Troops"),
    "battle_tanks": N_("Battle tanks"),
    "acv": N_("Armoured combat vehicles"),
    "artillery": N_("Artillery pieces"),
    "air_sorties": N_("Air sorties"),
    "amphibious_troops": N_("Amphibious troops"),
    "airborne_troops": N_("Airborne troops"),
    "ships": N_("Ships"),
    "carrier_groups": N_("Carrier groups"),
}


def _figures(
    prefix: str = "", loc: str = "payload.figures", group: str = N_("Figures")
) -> list[Input]:
    return [
        Input(f"{prefix}{f}", FIGURE_LABELS[f], "number", f"{loc}.{f}", group=group, minimum="0")
        for f in THRESHOLD_FIGURES
    ]


def readers() -> list[Input]:
    return [
        Input("audience", N_("Who may read it"), "select", "audience", choices=AUDIENCES),
        Input(
            "parties",
            N_("Addressed to"),
            loc="parties",
            help=N_("Member codes, separated by commas (for the audience “parties”)."),
        ),
    ]


def activity_inputs(with_extras: bool) -> list[Input]:
    out = [
        Input("designation", N_("Designation"), required=True),
        Input("purpose", N_("Purpose")),
        Input(
            "states",
            N_("States taking part"),
            help=N_("Member codes, separated by commas."),
            required=True,
        ),
    ]
    if with_extras:
        out.append(Input("level_of_command", N_("Level of command")))
    out += [
        Input("start", N_("Start date"), "date", required=True),
        Input("end", N_("End date"), "date", required=True),
        Input("alert", N_("Alert (snap) activity"), "checkbox"),
        *_figures(),
        Input(
            "area_description", N_("Description"), loc="payload.area.description", group=N_("Area")
        ),
        Input("lat", N_("Latitude"), "number", "payload.area.lat", group=N_("Area")),
        Input("lon", N_("Longitude"), "number", "payload.area.lon", group=N_("Area")),
        Input("radius_km", N_("Radius (km)"), "number", "payload.area.radius_km", group=N_("Area")),
    ]
    return out


def _parties(values: Values) -> tuple[str, ...]:
    return tuple(codes(values.get("parties", "")))


def record_id(values: Values, name: str) -> Any:
    """A record id typed in (or carried by) a form, as a number when it is one."""
    return number(values.get(name, ""))


def _notification_page(record_id: int, values: Values) -> str:
    return f"/notifications/{values.get('notification_id', record_id)}"


def _notification(session: Any, deployment: Any, principal: Principal, values: Values) -> Any:
    raw = values.get("notification_id", "")
    if not raw.isdigit() or len(raw) > 9:
        return None
    row = get_visible(session, principal, deployment.current, int(raw))
    return row if row is not None and row.kind == "notification.prior" else None


def _about_notification(sentence: str) -> Any:
    """What a form concerns, said by ``sentence`` (translated while serving) with the
    notification's ``id``, ``designation``, ``start``, ``end`` and ``notifier``."""

    def about(session: Any, deployment: Any, principal: Principal, values: Values) -> str:
        row = _notification(session, deployment, principal, values)
        if row is None:
            return ""
        p = row.payload
        return gettext(sentence) % {
            "id": row.id,
            "designation": p.get("designation", ""),
            "start": p.get("start", ""),
            "end": p.get("end", ""),
            "notifier": row.submitter,
        }

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
    title=N_("Notify a military activity"),
    inputs=lambda values: [*activity_inputs(True), *readers()],
    build=_prior,
    label=lambda values: values.get("designation", ""),
    done=lambda record_id, values: f"/notifications/{record_id}",
    intro=N_(
        "The day it is logged is the day of notification. Nothing is signed until you have "
        "reviewed it."
    ),
    back=("/notifications", N_("Notifications")),
    defaults=lambda principal: {"states": principal.member or ""},
)


# --- what follows a notification -----------------------------------------------------------


def _amendment(values: Values) -> Item:
    payload: dict[str, Any] = {
        "notification_id": record_id(values, "notification_id"),
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
    title=N_("Amend a notification"),
    inputs=lambda values: [
        Input("notification_id", N_("Notification"), "hidden"),
        Input("reason", N_("Reason for the amendment"), "textarea", required=True),
        Input("start", N_("New start date"), "date"),
        Input("end", N_("New end date"), "date"),
        *_figures(group=N_("Figures (all of them, as they now are)")),
    ],
    build=_amendment,
    label=lambda values: f"Amendment of notification {values.get('notification_id', '')}",
    done=_notification_page,
    intro=N_("An amendment never edits the notification: it follows it, and both stay on record."),
    back=("/notifications", N_("Notifications")),
    prefill=_current,
    about=_about_notification(
        N_(
            "Amending notification %(id)s, “%(designation)s” (%(start)s to %(end)s), "
            "of %(notifier)s."
        )
    ),
)


def _invitation(values: Values) -> Item:
    return Item(
        "notification.invitation",
        {
            "notification_id": record_id(values, "notification_id"),
            "invited": codes(values.get("invited", "")),
            "observers_per_state": number(values.get("observers_per_state", "") or "2"),
            "programme": values.get("programme", "").strip(),
        },
    )


INVITE = RecordForm(
    kind="notification.invitation",
    path="/notifications/invite",
    title=N_("Invite observers"),
    inputs=lambda values: [
        Input("notification_id", N_("Notification"), "hidden"),
        Input(
            "invited",
            N_("States invited"),
            help=N_("Member codes, separated by commas."),
            required=True,
        ),
        Input("observers_per_state", N_("Observers per state"), "number", minimum="1"),
        Input("programme", N_("Programme"), "textarea"),
    ],
    build=_invitation,
    label=lambda values: f"Invitation to observe notification {values.get('notification_id', '')}",
    done=_notification_page,
    back=("/notifications", N_("Notifications")),
    defaults=lambda principal: {"observers_per_state": "2"},
    about=_about_notification(
        N_(
            "Inviting observers to notification %(id)s, “%(designation)s” (%(start)s to "
            "%(end)s), of %(notifier)s."
        )
    ),
)


WITHDRAW = RecordForm(
    kind="notification.withdrawal",
    path="/notifications/withdraw",
    title=N_("Withdraw a notification"),
    inputs=lambda values: [
        Input("notification_id", N_("Notification"), "hidden"),
        Input("reason", N_("Why the activity is called off"), "textarea", required=True),
    ],
    build=lambda values: Item(
        "notification.withdrawal",
        {
            "notification_id": record_id(values, "notification_id"),
            "reason": values.get("reason", ""),
        },
    ),
    label=lambda values: f"Withdrawal of notification {values.get('notification_id', '')}",
    done=_notification_page,
    intro=N_(
        "Withdrawn before its start, the activity is no longer judged; withdrawn once it has "
        "begun, it is judged all the same and the withdrawal is on record. The notification stays "
        "in the log."
    ),
    back=("/notifications", N_("Notifications")),
    about=_about_notification(
        N_(
            "Withdrawing notification %(id)s, “%(designation)s” (%(start)s to %(end)s), "
            "of %(notifier)s."
        )
    ),
)


def _invited(record: StoredRecord, principal: Principal) -> bool:
    return principal.member in (record.payload.get("invited") or ())


REPLY_INVITATION = RecordForm(
    kind="notification.invitation_reply",
    path="/invitations/reply",
    title=N_("Reply to an invitation to observe"),
    inputs=lambda values: [
        Input("invitation_id", N_("Invitation"), "hidden"),
        Input(
            "accepted",
            N_("Your answer"),
            "select",
            choices=(("true", N_("We accept")), ("false", N_("We decline"))),
        ),
        Input("observers", N_("Observers you send"), "number", minimum="0"),
    ],
    build=lambda values: Item(
        "notification.invitation_reply",
        {
            "invitation_id": record_id(values, "invitation_id"),
            "accepted": values.get("accepted", "true") == "true",
            "observers": number(values.get("observers", "") or "0"),
        },
    ),
    label=lambda values: f"Reply to invitation {values.get('invitation_id', '')}",
    back=("/notifications", N_("Notifications")),
    follows="notification.invitation",
    offer=_invited,
    offer_text=N_("Reply to this invitation"),
    ref_input="invitation_id",
    defaults=lambda principal: {"accepted": "true", "observers": "1"},
)


FORMS = (NOTIFY, AMEND, INVITE, WITHDRAW, REPLY_INVITATION)
