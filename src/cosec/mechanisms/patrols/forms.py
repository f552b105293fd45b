"""The patrol mechanism's web forms, on the core's review flow: plan a patrol, report
one, share a case. Lists (a route, positions, vessels, seizures) are typed one item a line;
a line that does not parse goes to the record's model as typed, which names what is wrong
with it at its input."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cosec.kit import Principal, StoredRecord
from cosec.mechanisms.patrols.records import CATEGORY_TEXT, UNITS
from cosec.plugin.store import Item, get_visible
from cosec.plugin.web import N_, Input, RecordForm, gettext

Values = Mapping[str, str]
_TIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?\s*(Z|UTC)?\s*$", re.I)


def instant(text: str) -> str:
    """``2026-04-01 06:05`` (UTC) → ISO 8601 with ``Z``; anything else as typed."""
    m = _TIME.match(text)
    return f"{m[1]}T{m[2]}{m[3] or ':00'}Z" if m else text.strip()


def number(text: str) -> Any:
    """A number as int or float; the raw text when it does not parse."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def codes(text: str) -> list[str]:
    """``chn, lao`` → ``["CHN", "LAO"]``."""
    return [c.strip().upper() for c in re.split(r"[\s,;]+", text) if c.strip()]


def _lines(text: str) -> list[list[str]]:
    return [[p.strip() for p in line.split(",")] for line in text.splitlines() if line.strip()]


def route(text: str) -> list[dict[str, Any]]:
    """``lat, lon[, name]`` a line → waypoints."""
    out = []
    for parts in _lines(text):
        point: dict[str, Any] = {
            "lat": number(parts[0]),
            "lon": number(parts[1] if len(parts) > 1 else ""),
        }
        if len(parts) > 2 and parts[2]:
            point["name"] = ", ".join(parts[2:])
        out.append(point)
    return out


def positions(text: str) -> list[dict[str, Any]]:
    """``YYYY-MM-DD HH:MM, lat, lon`` a line → positions."""
    out = []
    for parts in _lines(text):
        parts += [""] * (3 - len(parts))
        out.append({"at": instant(parts[0]), "lat": number(parts[1]), "lon": number(parts[2])})
    return out


def vessels(text: str) -> list[dict[str, Any]]:
    """``name[, member][, identifier]`` a line → vessels."""
    out = []
    for parts in _lines(text):
        v: dict[str, Any] = {"name": parts[0]}
        if len(parts) > 1 and parts[1]:
            v["member"] = parts[1].upper()
        if len(parts) > 2 and parts[2]:
            v["identifier"] = parts[2]
        out.append(v)
    return out


def seizures(text: str) -> list[dict[str, Any]]:
    """``substance, amount[, unit]`` a line → seizures."""
    out = []
    for parts in _lines(text):
        parts += [""] * (2 - len(parts))
        s: dict[str, Any] = {"substance": parts[0], "amount": number(parts[1])}
        if len(parts) > 2 and parts[2]:
            s["unit"] = parts[2].lower()
        out.append(s)
    return out


def plan_payload(values: Values) -> dict[str, Any]:
    """A ``patrols.plan`` payload from the form."""
    return {
        "title": values.get("title", "").strip(),
        "participants": codes(values.get("participants", "")),
        "vessels": vessels(values.get("vessels", "")),
        "route": route(values.get("route", "")),
        "start": values.get("start", "").strip(),
        "end": values.get("end", "").strip(),
        "note": values.get("note", "").strip(),
    }


def _member(principal: Principal) -> dict[str, str]:
    return {"participants": principal.member or ""}


PLAN = RecordForm(
    kind="patrols.plan",
    path="/patrols/new",
    title=N_("Plan a joint patrol"),
    inputs=lambda values: [
        Input("title", gettext("Title"), required=True, help=gettext("“Joint patrol 131”.")),
        Input(
            "participants",
            gettext("Members taking part"),
            required=True,
            help=gettext(
                "Codes, separated by commas: CHN, LAO, MMR, THA. You lead it: include yours."
            ),
        ),
        Input("start", gettext("First day"), "date", required=True),
        Input("end", gettext("Last day"), "date", required=True),
        Input(
            "route",
            gettext("Route on the river"),
            "textarea",
            required=True,
            help=gettext(
                "One point a line, in order: latitude, longitude[, name]. "
                "“20.27, 100.09, Chiang Saen”."
            ),
        ),
        Input(
            "vessels",
            gettext("Vessels"),
            "textarea",
            help=gettext("One a line: name[, member][, hull number]."),
        ),
        Input("note", gettext("Note"), "textarea"),
    ],
    build=lambda values: Item("patrols.plan", plan_payload(values)),
    label=lambda values: values.get("title", ""),
    done=lambda record_id, values: f"/patrols/{record_id}",
    intro=N_(
        "The plan is shared with every member of the regime; the patrol's report is due "
        "within 14 days of its last day. Nothing is signed until you have reviewed it."
    ),
    back=("/patrols", N_("Patrols")),
    defaults=_member,
)


def _plan_row(session: Any, deployment: Any, principal: Principal, values: Values) -> Any:
    raw = values.get("plan_id", "")
    if not raw.isdigit() or len(raw) > 9:
        return None
    row = get_visible(session, principal, deployment.current, int(raw))
    return row if row is not None and row.kind == "patrols.plan" else None


def _about(session: Any, deployment: Any, principal: Principal, values: Values) -> str:
    row = _plan_row(session, deployment, principal, values)
    if row is None:
        return ""
    return gettext("Reporting patrol %(id)s, “%(title)s”, led by %(lead)s.") % {
        "id": row.id,
        "title": row.payload.get("title", ""),
        "lead": row.submitter,
    }


def _prefill(session: Any, deployment: Any, principal: Principal, values: Values) -> dict[str, str]:
    row = _plan_row(session, deployment, principal, values)
    if row is None:
        return dict(values)
    return {**values, "participants": ", ".join(row.payload.get("participants", []))}


def _took_part(record: StoredRecord, principal: Principal) -> bool:
    return principal.member in record.payload.get("participants", [])


REPORT = RecordForm(
    kind="patrols.report",
    path="/patrols/report",
    title=N_("Report a joint patrol"),
    inputs=lambda values: [
        Input("plan_id", gettext("Patrol"), "hidden"),
        Input(
            "participants",
            gettext("Members that took part"),
            required=True,
            help=gettext(
                "Codes, separated by commas. These count for each member's yearly minimum."
            ),
        ),
        Input(
            "stations",
            gettext("Stations visited"),
            help=gettext("Names, separated by commas, as the charter lists them."),
        ),
        Input(
            "positions",
            gettext("Positions logged"),
            "textarea",
            help=gettext("One a line: YYYY-MM-DD HH:MM (UTC), latitude, longitude."),
        ),
        Input("narrative", gettext("What the patrol did"), "textarea"),
    ],
    build=lambda values: Item(
        "patrols.report",
        {
            "plan_id": number(values.get("plan_id", "")),
            "participants": codes(values.get("participants", "")),
            "stations": [s.strip() for s in values.get("stations", "").split(",") if s.strip()],
            "positions": positions(values.get("positions", "")),
            "narrative": values.get("narrative", "").strip(),
        },
    ),
    label=lambda values: f"Report of patrol {values.get('plan_id', '')}",
    done=lambda record_id, values: f"/patrols/{values.get('plan_id', '')}",
    intro=N_(
        "The report is read by whoever reads the plan. Report within 14 days of the "
        "patrol's last day."
    ),
    back=("/patrols", N_("Patrols")),
    follows="patrols.plan",
    offer=_took_part,
    offer_text=N_("Report this patrol"),
    ref_input="plan_id",
    prefill=_prefill,
    about=_about,
)


def case_payload(values: Values) -> dict[str, Any]:
    """A ``patrols.case`` payload from the form."""
    out: dict[str, Any] = {
        "title": values.get("title", "").strip(),
        "category": values.get("category", ""),
        "occurred_at": instant(values.get("occurred_at", "")),
        "lat": number(values.get("lat", "")),
        "lon": number(values.get("lon", "")),
        "place": values.get("place", "").strip(),
        "drugs": seizures(values.get("drugs", "")),
        "persons_detained": number(values.get("persons_detained", "") or "0"),
        "vessels": vessels(values.get("vessels", "")),
        "narrative": values.get("narrative", "").strip(),
    }
    if values.get("plan_id", "").strip():
        out["plan_id"] = number(values["plan_id"])
    return out


CASE = RecordForm(
    kind="patrols.case",
    path="/patrols/cases/new",
    title=N_("Share a law-enforcement case"),
    inputs=lambda values: [
        Input(
            "title",
            gettext("Title"),
            required=True,
            help=gettext("“Methamphetamine seized near Chiang Saen”."),
        ),
        Input(
            "category",
            gettext("Category"),
            "select",
            choices=tuple((code, gettext(text)) for code, text in CATEGORY_TEXT.items()),
        ),
        Input(
            "occurred_at",
            gettext("When (UTC)"),
            required=True,
            help=gettext("YYYY-MM-DD HH:MM, in UTC."),
        ),
        Input("lat", gettext("Latitude"), "number", required=True),
        Input("lon", gettext("Longitude"), "number", required=True),
        Input("place", gettext("Place"), help=gettext("“near Chiang Saen”, “Golden Triangle”.")),
        Input(
            "plan_id",
            gettext("Patrol (plan number)"),
            "number",
            help=gettext("The patrol that made it, if one did."),
        ),
        Input(
            "drugs",
            gettext("Drugs seized"),
            "textarea",
            help=gettext("One a line: substance, amount[, unit: %(units)s; kg if not given].")
            % {"units": (" " + gettext("or") + " ").join(UNITS)},
        ),
        Input("persons_detained", gettext("Persons detained"), "number", minimum="0"),
        Input(
            "vessels",
            gettext("Vessels"),
            "textarea",
            help=gettext("One a line: name[, flag][, identifier]."),
        ),
        Input("narrative", gettext("What happened"), "textarea"),
    ],
    build=lambda values: Item("patrols.case", case_payload(values)),
    label=lambda values: values.get("title", ""),
    done=lambda record_id, values: f"/patrols/cases/{record_id}",
    intro=N_(
        "A case is shared with every member of the regime within 72 hours of it. Nothing "
        "is signed until you have reviewed it."
    ),
    back=("/patrols/cases", N_("Cases")),
    defaults=lambda principal: {"category": "CAT4", "persons_detained": "0"},
)

FORMS = (PLAN, REPORT, CASE)
