"""The incident mechanism's web forms, on the core's review flow.

A report, a reply, a proposed joint assessment and an endorsement: each form says its
inputs (labels people read, the payload field each answers for) and how its values make a
submission. The core shows it, reviews the record before it is signed (the findings it
would open, the cautions to tick), keeps drafts, and puts each error at its input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cosec.kit import Principal, StoredRecord
from cosec.mechanisms.incidents.records import COMMUNICATIONS
from cosec.mechanisms.incidents.regime import STANDARD_ACTS
from cosec.plugin.store import Item, get_visible
from cosec.plugin.web import N_, Input, RecordForm, gettext

Values = Mapping[str, str]
AUDIENCES = (  # (value, text): the texts are translated where shown
    ("", N_("the regime's default")),
    ("regime", N_("regime: the regime's members, observers, the secretariat")),
    ("parties", N_("parties: the two members only, and the secretariat")),
    ("public", N_("public: everyone")),
)
ACT_LABELS = {
    "aim_weapons": N_("Aim weapons"),
    "fire_control_radar": N_("Fire control radar"),
    "discharge_weapons": N_("Discharge weapons"),
    "signal_rockets": N_("Signal rockets"),
    "laser_illumination": N_("Laser illumination"),
    "searchlight_illumination": N_("Searchlight illumination"),
    "aerobatics_nearby": N_("Aerobatics nearby"),
    "simulated_attack": N_("Simulated attack"),
    "dropping_objects": N_("Dropping objects"),
    "fuel_dumping": N_("Fuel dumping"),
    "chaff_in_flight_path": N_("Chaff in flight path"),
    "flares_in_flight_path": N_("Flares in flight path"),
    "active_sonar_near_divers": N_("Active sonar near divers"),
    "dangerous_manoeuvre": N_("Dangerous manoeuvre"),
    "ramming": N_("Ramming"),
    "water_cannon": N_("Water cannon"),
    "uncivil_communication": N_("Uncivil communication"),
}
"""The standard prohibited acts in words (translated where shown); a charter's own act is
named after its code."""
COMMUNICATION_TEXTS = {
    "vhf16": N_("VHF channel 16 (156.8 MHz)"),
    "guard_121_5": N_("121.5 MHz guard"),
    "guard_243_0": N_("243.0 MHz guard"),
    "cues": N_("CUES phrases"),
    "other": N_("other means"),
}
"""The words of :data:`~cosec.mechanisms.incidents.records.COMMUNICATIONS` (the same texts,
marked for translation; a test keeps them equal)."""
_TIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?\s*(Z|UTC)?\s*$", re.I)


def instant(text: str) -> str:
    """``2026-04-01 06:05`` (UTC) → ISO 8601 with ``Z``; anything else as typed (the record's
    model then says what is wrong with it)."""
    m = _TIME.match(text)
    if m is None:
        return text.strip()
    return f"{m[1]}T{m[2]}{m[3] or ':00'}Z"


def number(text: str) -> Any:
    """A form number as int or float; the raw text when it does not parse."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def act_label(code: str) -> str:
    """``fire_control_radar`` → ``Fire control radar`` (in English: translated where shown)."""
    return ACT_LABELS.get(code) or code.replace("_", " ").capitalize()


def _facts_inputs() -> list[Input]:
    acts = [
        Input(f"act-{a}", act_label(a), "checkbox", "payload.acts", group=N_("Prohibited acts"))
        for a in STANDARD_ACTS
    ]
    return [
        Input(
            "min_distance_m",
            N_("Closest distance (metres)"),
            "number",
            group=WHAT_HAPPENED,
            minimum="0",
            help=N_("Between the two units at their closest; leave blank if not known."),
        ),
        Input("contact", N_("The units touched (contact)"), "checkbox", group=WHAT_HAPPENED),
        Input("casualties", N_("Casualties"), "number", group=WHAT_HAPPENED, minimum="0"),
        Input("damage", N_("Damage"), "checkbox", group=WHAT_HAPPENED),
        Input(
            "harm",
            N_("A prohibited act harmed people or equipment"),
            "checkbox",
            group=WHAT_HAPPENED,
        ),
        *acts,
        Input(
            "other_acts",
            N_("Other acts the charter lists"),
            "text",
            "payload.acts",
            group=N_("Prohibited acts"),
            help=N_("Codes, separated by commas (the charter's own acts: GET /v1/incidents/acts)."),
        ),
    ]


def _facts(values: Values) -> dict[str, Any]:
    acts = [a for a in STANDARD_ACTS if values.get(f"act-{a}") == "true"]
    acts += [c.strip() for c in values.get("other_acts", "").split(",") if c.strip()]
    out: dict[str, Any] = {
        "acts": acts,
        "contact": values.get("contact") == "true",
        "casualties": number(values.get("casualties", "") or "0"),
        "damage": values.get("damage") == "true",
        "harm": values.get("harm") == "true",
    }
    if values.get("min_distance_m", "").strip():
        out["min_distance_m"] = number(values["min_distance_m"])
    return out


WHAT_HAPPENED = N_("What happened")


def _unit_inputs(side: str, title: str) -> list[Input]:
    loc = f"payload.{side}_units[0]"
    group = title
    return [
        Input(
            f"{side}_identifier", N_("MMSI or ICAO address"), loc=f"{loc}.identifier", group=group
        ),
        Input(f"{side}_hull", N_("Hull number"), loc=f"{loc}.hull_number", group=group),
        Input(f"{side}_name", N_("Name"), loc=f"{loc}.name", group=group),
        Input(f"{side}_type", N_("Type (destroyer, fighter...)"), loc=f"{loc}.type", group=group),
    ]


def _unit(values: Values, side: str) -> dict[str, Any]:
    unit: dict[str, Any] = {
        "hull_number": values.get(f"{side}_hull", "").strip(),
        "name": values.get(f"{side}_name", "").strip(),
        "type": values.get(f"{side}_type", "").strip(),
    }
    if values.get(f"{side}_identifier", "").strip():
        unit["identifier"] = values[f"{side}_identifier"].strip()
    return unit


def report_payload(values: Values) -> dict[str, Any]:
    """An ``incident.report`` payload from the form."""
    comms = [c for c in COMMUNICATIONS if values.get(f"comm-{c}") == "true"]
    return {
        "title": values.get("title", "").strip(),
        "domain": values.get("domain", "sea"),
        "occurred_at": instant(values.get("occurred_at", "")),
        "lat": number(values.get("lat", "")),
        "lon": number(values.get("lon", "")),
        "other_member": values.get("other_member", "").strip().upper(),
        "own_units": [_unit(values, "own")],
        "other_units": [_unit(values, "other")],
        "communications": comms,
        "narrative": values.get("narrative", "").strip(),
        "reported_by": values.get("reported_by", "").strip(),
        **_facts(values),
    }


REPORT = RecordForm(
    kind="incident.report",
    path="/incidents/new",
    title=N_("Report an incident at sea or in the air"),
    inputs=lambda values: [
        Input(
            "title",
            N_("Title"),
            required=True,
            help=N_("A short name: “Unsafe pass near Scarborough”."),
        ),
        Input(
            "domain",
            N_("Where"),
            "select",
            choices=(("sea", N_("At sea")), ("air", N_("In the air"))),
        ),
        Input(
            "occurred_at",
            N_("When (UTC)"),
            required=True,
            help=N_("YYYY-MM-DD HH:MM, in UTC."),
        ),
        Input("lat", N_("Latitude"), "number", required=True),
        Input("lon", N_("Longitude"), "number", required=True),
        Input(
            "other_member", N_("The other member"), required=True, help=N_("Its code: CHN, USA...")
        ),
        *_unit_inputs("own", N_("Your unit")),
        *_unit_inputs("other", N_("The other member's unit")),
        *_facts_inputs(),
        *[
            Input(
                f"comm-{c}", text, "checkbox", "payload.communications", group=N_("Communications")
            )
            for c, text in COMMUNICATION_TEXTS.items()
        ],
        Input("narrative", N_("What happened, in your words"), "textarea", required=True),
        Input("reported_by", N_("Point of contact to call back")),
        Input("audience", N_("Who may read it"), "select", "audience", choices=AUDIENCES),
    ],
    build=lambda values: Item(
        "incident.report", report_payload(values), values.get("audience") or None
    ),
    label=lambda values: values.get("title", ""),
    done=lambda record_id, values: f"/incidents/{record_id}",
    intro=N_(
        "Report within 72 hours of the incident. The severity (L1 to L4) follows from the "
        "facts you give; the other member will give its own account. Nothing is signed until you "
        "have reviewed it."
    ),
    back=("/incidents", N_("Incidents")),
    defaults=lambda principal: {"domain": "sea", "casualties": "0"},
)


def _report(session: Any, deployment: Any, principal: Principal, values: Values) -> Any:
    raw = values.get("report_id", "")
    if not raw.isdigit() or len(raw) > 9:
        return None
    row = get_visible(session, principal, deployment.current, int(raw))
    return row if row is not None and row.kind == "incident.report" else None


def _about(sentence: str) -> Any:
    """What a form concerns, said by ``sentence`` (translated while serving) with the
    report's ``id``, ``title`` and ``reporter``."""

    def about(session: Any, deployment: Any, principal: Principal, values: Values) -> str:
        row = _report(session, deployment, principal, values)
        if row is None:
            return ""
        return gettext(sentence) % {
            "id": row.id,
            "title": row.payload.get("title", ""),
            "reporter": row.submitter,
        }

    return about


def _report_page(record_id: int, values: Values) -> str:
    return f"/incidents/{values.get('report_id', record_id)}"


def _is_other_member(record: StoredRecord, principal: Principal) -> bool:
    return principal.member == record.payload.get("other_member")


def _is_party(record: StoredRecord, principal: Principal) -> bool:
    return principal.member in (record.submitter, record.payload.get("other_member"))


REPLY = RecordForm(
    kind="incident.reply",
    path="/incidents/reply",
    title=N_("Reply with your own account"),
    inputs=lambda values: [
        Input("report_id", N_("Report"), "hidden"),
        *_facts_inputs(),
        Input("narrative", N_("Your account"), "textarea", required=True),
    ],
    build=lambda values: Item(
        "incident.reply",
        {
            "report_id": number(values.get("report_id", "")),
            "narrative": values.get("narrative", "").strip(),
            **_facts(values),
        },
    ),
    label=lambda values: f"Reply to incident report {values.get('report_id', '')}",
    done=_report_page,
    intro=N_("Your account stands beside the report: both are kept, neither edits the other."),
    back=("/incidents", N_("Incidents")),
    follows="incident.report",
    offer=_is_other_member,
    offer_text=N_("Reply with your own account"),
    ref_input="report_id",
    about=_about(N_("Replying to report %(id)s, “%(title)s”, of %(reporter)s.")),
)

ASSESS = RecordForm(
    kind="incident.assessment",
    path="/incidents/assess",
    title=N_("Propose a joint assessment"),
    inputs=lambda values: [
        Input("report_id", N_("Report"), "hidden"),
        Input("statement", N_("The facts both sides can sign"), "textarea", required=True),
        *_facts_inputs(),
    ],
    build=lambda values: Item(
        "incident.assessment",
        {
            "report_id": number(values.get("report_id", "")),
            "statement": values.get("statement", "").strip(),
            **_facts(values),
        },
    ),
    label=lambda values: f"Joint assessment of report {values.get('report_id', '')}",
    done=_report_page,
    intro=N_("Once the other party endorses it, the severity is computed from these facts."),
    back=("/incidents", N_("Incidents")),
    follows="incident.report",
    offer=_is_party,
    offer_text=N_("Propose a joint assessment"),
    ref_input="report_id",
    about=_about(N_("Assessing report %(id)s, “%(title)s”, of %(reporter)s.")),
)


ENDORSE = RecordForm(
    kind="incident.endorsement",
    path="/incidents/endorse",
    title=N_("Endorse a joint assessment"),
    inputs=lambda values: [
        Input("assessment_id", N_("Assessment"), "hidden"),
        Input("note", N_("Note (optional)"), "textarea"),
    ],
    build=lambda values: Item(
        "incident.endorsement",
        {
            "assessment_id": number(values.get("assessment_id", "")),
            "note": values.get("note", "").strip(),
        },
    ),
    label=lambda values: f"Endorsement of assessment {values.get('assessment_id', '')}",
    done=lambda record_id, values: f"/incidents/by-assessment/{values.get('assessment_id', '')}",
    intro=N_("Endorsing makes the proposed facts the joint assessment of both parties."),
    back=("/incidents", N_("Incidents")),
    follows="incident.assessment",
    offer=lambda record, principal: principal.member not in (None, record.submitter),
    offer_text=N_("Endorse this assessment"),
    ref_input="assessment_id",
)

FORMS = (REPORT, REPLY, ASSESS, ENDORSE)
