"""The arms web forms, on the core's review flow: the annual return (rows that grow as they
fill, each an export or an import) and the report of military expenditure (the simplified
or the standardised form). Nothing is signed before the review step shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cosec.mechanisms.arms.records import (
    CATEGORIES,
    CATEGORY_NAMES,
    RESOURCE_COSTS,
    SIMPLIFIED_FORCES,
    STANDARDISED_FORCES,
)
from cosec.plugin.store import Item
from cosec.plugin.web import N_, Input, RecordForm, gettext

Values = Mapping[str, str]
LINE_FIELDS = ("direction", "category", "counterpart", "units", "description")
MAX_ROWS = 200
AUDIENCES = (
    ("", N_("the regime's default")),
    ("public", N_("public: everyone")),
    ("regime", N_("regime: the regime's members, observers, the secretariat")),
    ("secretariat", N_("secretariat: the secretariat only")),
)
DIRECTIONS = (("export", N_("export (to)")), ("import", N_("import (from)")))
COST_WORDS = {
    "personnel": N_("personnel"),
    "operations_maintenance": N_("operations and maintenance"),
    "procurement_construction": N_("procurement and construction"),
    "research": N_("research and development"),
}
SIMPLIFIED_LABELS = {
    "land": N_("Land forces"),
    "naval": N_("Naval forces"),
    "air": N_("Air forces"),
    "other": N_("Other forces"),
}
FORCE_WORDS = {
    "strategic": N_("Strategic"),
    "land": N_("Land"),
    "naval": N_("Naval"),
    "air": N_("Air"),
    "other": N_("Other"),
    "central_support": N_("Central support"),
    "peacekeeping": N_("Peacekeeping"),
    "paramilitary": N_("Paramilitary"),
}
LINE_LABELS = {
    "direction": N_("Export or import (line %(n)s)"),
    "category": N_("Category (line %(n)s)"),
    "counterpart": N_("Other state (line %(n)s)"),
    "units": N_("Items (line %(n)s)"),
    "description": N_("Description (line %(n)s)"),
}


def number(text: str) -> Any:
    """A form number as int or float; the raw text when it does not parse (the model says why)."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def _rows(values: Values) -> list[int]:
    """Row numbers that hold something beyond the direction chosen by default."""
    filled = set()
    for key, value in values.items():
        head = key.split("-")
        if (
            key.startswith("line-")
            and len(head) >= 3
            and head[1].isdigit()
            and head[2] != "direction"
            and value.strip()
        ):
            filled.add(int(head[1]))
    return sorted(n for n in filled if n < MAX_ROWS)


def _side(values: Values, row: int) -> str:
    return "imports" if values.get(f"line-{row}-direction") == "import" else "exports"


def _return_inputs(values: Values) -> list[Input]:
    filled = _rows(values)
    count = min(max(4, (max(filled) + 3) if filled else 4), MAX_ROWS)
    seen = {"exports": 0, "imports": 0}
    position: dict[int, str] = {}
    for row in filled:
        side = _side(values, row)
        position[row] = f"payload.{side}[{seen[side]}]"
        seen[side] += 1
    out = [
        Input(
            "year",
            gettext("Year covered"),
            "number",
            required=True,
            help=gettext("The calendar year before."),
        ),
        Input("nil", gettext("Nil return: no transfer in any category that year"), "checkbox"),
    ]
    directions = _choices(DIRECTIONS)
    categories = (
        ("", "—"),
        *((c, f"{c}: {gettext(CATEGORY_NAMES[c])}") for c in CATEGORIES),
    )
    for row in range(count):
        base = position.get(row, f"unused[{row}]")
        for f in LINE_FIELDS:
            out.append(
                Input(
                    f"line-{row}-{f}",
                    gettext(LINE_LABELS[f]) % {"n": row + 1},
                    "select"
                    if f in ("direction", "category")
                    else ("number" if f == "units" else "text"),
                    f"{base}.{'counterpart' if f == 'counterpart' else f}"
                    if f != "direction"
                    else base,
                    group=gettext("Line %(n)s") % {"n": row + 1},
                    choices=directions
                    if f == "direction"
                    else (categories if f == "category" else ()),
                    minimum="1" if f == "units" else None,
                    help=gettext("A member code (ISO 3166-1 alpha-3).")
                    if f == "counterpart" and row == 0
                    else "",
                )
            )
    out.append(Input("remarks", gettext("Remarks"), "textarea"))
    out.append(_audience())
    return out


def _choices(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """A select's choices, their texts in the reader's language."""
    return tuple((value, gettext(text)) for value, text in choices)


def _audience() -> Input:
    return Input(
        "audience", gettext("Who may read it"), "select", "audience", choices=_choices(AUDIENCES)
    )


def return_item(values: Values) -> Item:
    """The ``arms.return`` a filled form makes."""
    payload: dict[str, Any] = {
        "year": number(values.get("year", "")),
        "nil": values.get("nil") == "true",
        "exports": [],
        "imports": [],
        "remarks": values.get("remarks", "").strip(),
    }
    for row in _rows(values):
        v = {f: values.get(f"line-{row}-{f}", "").strip() for f in LINE_FIELDS}
        payload[_side(values, row)].append(
            {
                "category": v["category"],
                "counterpart": v["counterpart"].upper(),
                "units": number(v["units"]),
                "description": v["description"],
            }
        )
    return Item("arms.return", payload, values.get("audience") or None)


RETURN = RecordForm(
    kind="arms.return",
    path="/arms/returns/new",
    title=N_("Send the annual return of arms transfers"),
    inputs=_return_inputs,
    build=return_item,
    label=lambda values: f"Arms return for {values.get('year', '')}",
    done=lambda record_id, values: f"/arms/returns/{record_id}",
    intro=N_(
        "Exports and imports of the year before, by UN Register category (I-VII) and "
        "small arms and light weapons, one line per state and category; or a nil return. Due "
        "by 31 May. Blank lines are left out; reviewing adds lines as they fill."
    ),
    back=("/arms", N_("Arms")),
)


def _expenditure_inputs(values: Values) -> list[Input]:
    out = [
        Input("year", gettext("Year covered"), "number", required=True),
        Input(
            "form",
            gettext("Form"),
            "select",
            choices=_choices(
                (
                    ("simplified", N_("simplified (land, naval, air, other)")),
                    ("standardised", N_("standardised (force groups by resource cost)")),
                )
            ),
        ),
        Input(
            "currency",
            gettext("Currency"),
            required=True,
            help=gettext("ISO 4217, such as CNY or JPY."),
        ),
    ]
    for f in SIMPLIFIED_FORCES:
        out.append(
            Input(
                f"simple-{f}",
                gettext(SIMPLIFIED_LABELS[f]),
                "number",
                "payload.lines",
                group=gettext("Simplified form"),
                minimum="0",
            )
        )
    for f in STANDARDISED_FORCES:
        for c in RESOURCE_COSTS:
            out.append(
                Input(
                    f"std-{f}-{c}",
                    gettext("%(force)s: %(cost)s")
                    % {"force": gettext(FORCE_WORDS[f]), "cost": gettext(COST_WORDS[c])},
                    "number",
                    "payload.lines",
                    group=gettext("Standardised form"),
                    minimum="0",
                )
            )
    out.append(_audience())
    return out


def expenditure_item(values: Values) -> Item:
    """The ``arms.expenditure`` a filled form makes (only the chosen form's cells)."""
    form = values.get("form", "simplified")
    lines: list[dict[str, Any]] = []
    if form == "standardised":
        for f in STANDARDISED_FORCES:
            for c in RESOURCE_COSTS:
                if text := values.get(f"std-{f}-{c}", "").strip():
                    lines.append({"force": f, "cost": c, "amount": number(text)})
    else:
        for f in SIMPLIFIED_FORCES:
            if text := values.get(f"simple-{f}", "").strip():
                lines.append({"force": f, "amount": number(text)})
    payload = {
        "year": number(values.get("year", "")),
        "form": form,
        "currency": values.get("currency", "").strip().upper(),
        "lines": lines,
    }
    return Item("arms.expenditure", payload, values.get("audience") or None)


EXPENDITURE = RecordForm(
    kind="arms.expenditure",
    path="/arms/expenditures/new",
    title=N_("Report military expenditure"),
    inputs=_expenditure_inputs,
    build=expenditure_item,
    label=lambda values: f"Military expenditure for {values.get('year', '')}",
    done=lambda record_id, values: "/arms",
    intro=N_(
        "The year before's military expenditure, in your currency, on the UN's simplified "
        "or standardised form; due by 30 April. Only the chosen form's figures are sent."
    ),
    back=("/arms", N_("Arms")),
)

FORMS = (RETURN, EXPENDITURE)
