"""The hotline's web forms on the core's review flow: sending a message (reviewed before it
is signed: who will be alerted, the deadline, what it would open) and filing a chain of
contacts. Acknowledging is one click on the console (:mod:`.web`)."""

from __future__ import annotations

from collections.abc import Mapping

from cosec.mechanisms.hotline.records import PRECEDENCES
from cosec.plugin.store import Item
from cosec.plugin.web import N_, Input, RecordForm, gettext

Values = Mapping[str, str]
MAX_CONTACTS = 4
PRECEDENCE_CHOICES = (
    ("FLASH", N_("FLASH: acknowledge within minutes (crisis)")),
    ("IMMEDIATE", "IMMEDIATE"),
    ("PRIORITY", "PRIORITY"),
    ("ROUTINE", "ROUTINE"),
)
assert tuple(p for p, _ in PRECEDENCE_CHOICES) == PRECEDENCES
ROLE_WORDS = {
    "duty_officer": N_("duty officer"),
    "ministry": N_("ministry"),
    "other": N_("contact"),
}
"""The words of :data:`~cosec.mechanisms.hotline.records.ROLES` (the same texts, marked for
translation; a test keeps them equal)."""


def _message(values: Values) -> Item:
    return Item(
        "hotline.message",
        {
            "to": values.get("to", "").strip().upper(),
            "precedence": values.get("precedence", "ROUTINE"),
            "subject": values.get("subject", "").strip(),
            "text": values.get("text", "").strip(),
            "drill": values.get("drill") == "true",
        },
    )


SEND = RecordForm(
    kind="hotline.message",
    path="/hotline/send",
    title=N_("Send a hotline message"),
    inputs=lambda values: [
        Input("to", N_("To (member code)"), required=True, help=N_("CHN, USA, KOR...")),
        Input("precedence", N_("Precedence"), "select", choices=PRECEDENCE_CHOICES),
        Input("subject", N_("Subject"), required=True),
        Input("text", N_("Message"), "textarea", required=True),
        Input("drill", N_("This is a drill (a test of the line)"), "checkbox"),
    ],
    build=_message,
    label=lambda values: f"{values.get('precedence', '')} to {values.get('to', '')}",
    done=lambda record_id, values: "/hotline?box=sent",
    intro=N_(
        "The addressee's duty officer must acknowledge within the precedence's deadline; "
        "unacknowledged, the message escalates along its chain of contacts, then to the "
        "secretariat. Every message, acknowledgement and escalation is signed and logged."
    ),
    back=("/hotline", N_("Hotline")),
    defaults=lambda principal: {"precedence": "ROUTINE"},
)


def _contact_inputs(n: int) -> list[Input]:
    base = f"payload.contacts[{n}]"
    first = n == 0
    says = N_("Contact %(n)s (first: the duty officer)") if first else N_("Contact %(n)s")
    group = gettext(says) % {"n": n + 1}  # built while serving
    roles = tuple(ROLE_WORDS.items())
    return [
        Input(f"c{n}-role", N_("Role"), "select", f"{base}.role", group=group, choices=roles),
        Input(f"c{n}-name", N_("Post or person"), loc=f"{base}.name", group=group),
        Input(f"c{n}-phone", N_("Telephone"), loc=f"{base}.phone", group=group),
        Input(f"c{n}-email", N_("E-mail"), loc=f"{base}.email", group=group),
    ]


def _contacts(values: Values) -> Item:
    chain = []
    for n in range(MAX_CONTACTS):
        name = values.get(f"c{n}-name", "").strip()
        if name:
            chain.append(
                {
                    "role": values.get(f"c{n}-role", "other"),
                    "name": name,
                    "phone": values.get(f"c{n}-phone", "").strip(),
                    "email": values.get(f"c{n}-email", "").strip(),
                }
            )
    return Item("hotline.contacts", {"contacts": chain})


CONTACTS = RecordForm(
    kind="hotline.contacts",
    path="/hotline/contacts/new",
    title=N_("File your chain of hotline contacts"),
    inputs=lambda values: [i for n in range(MAX_CONTACTS) for i in _contact_inputs(n)],
    build=_contacts,
    label=lambda values: "Chain of hotline contacts",
    done=lambda record_id, values: "/hotline/contacts",
    intro=N_(
        "In the order a message not acknowledged in time escalates: the duty officer first, "
        "then the ministry; the secretariat always comes last. It replaces your previous chain."
    ),
    back=("/hotline", N_("Hotline")),
    defaults=lambda principal: {"c0-role": "duty_officer", "c1-role": "ministry"},
)

FORMS = (SEND, CONTACTS)
