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
from cosec.plugin.web import Input, RecordForm

Values = Mapping[str, str]
LINE_FIELDS = ("direction", "category", "counterpart", "units", "description")
MAX_ROWS = 200
AUDIENCES = (
    ("", "the regime's default"),
    ("public", "public: everyone"),
    ("regime", "regime: the regime's members, observers, the secretariat"),
    ("secretariat", "secretariat: the secretariat only"),
)
DIRECTIONS = (("export", "export (to)"), ("import", "import (from)"))
CATEGORY_CHOICES = (("", "—"), *((c, f"{c}: {CATEGORY_NAMES[c]}") for c in CATEGORIES))
COST_WORDS = {
    "personnel": "personnel",
    "operations_maintenance": "operations and maintenance",
    "procurement_construction": "procurement and construction",
    "research": "research and development",
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
        Input("year", "Year covered", "number", required=True, help="The calendar year before."),
        Input("nil", "Nil return: no transfer in any category that year", "checkbox"),
    ]
    labels = {
        "direction": "Export or import",
        "category": "Category",
        "counterpart": "Other state",
        "units": "Items",
        "description": "Description",
    }
    for row in range(count):
        base = position.get(row, f"unused[{row}]")
        for f in LINE_FIELDS:
            out.append(
                Input(
                    f"line-{row}-{f}",
                    f"{labels[f]} (line {row + 1})",
                    "select"
                    if f in ("direction", "category")
                    else ("number" if f == "units" else "text"),
                    f"{base}.{'counterpart' if f == 'counterpart' else f}"
                    if f != "direction"
                    else base,
                    group=f"Line {row + 1}",
                    choices=DIRECTIONS
                    if f == "direction"
                    else (CATEGORY_CHOICES if f == "category" else ()),
                    minimum="1" if f == "units" else None,
                    help="A member code (ISO 3166-1 alpha-3)."
                    if f == "counterpart" and row == 0
                    else "",
                )
            )
    out.append(Input("remarks", "Remarks", "textarea"))
    out.append(Input("audience", "Who may read it", "select", "audience", choices=AUDIENCES))
    return out


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
    title="Send the annual return of arms transfers",
    inputs=_return_inputs,
    build=return_item,
    label=lambda values: f"Arms return for {values.get('year', '')}",
    done=lambda record_id, values: f"/arms/returns/{record_id}",
    intro="Exports and imports of the year before, by UN Register category (I-VII) and "
    "small arms and light weapons, one line per state and category; or a nil return. Due by "
    "31 May. Blank lines are left out; reviewing adds lines as they fill.",
    back=("/arms", "Arms"),
)


def _expenditure_inputs(values: Values) -> list[Input]:
    out = [
        Input("year", "Year covered", "number", required=True),
        Input(
            "form",
            "Form",
            "select",
            choices=(
                ("simplified", "simplified (land, naval, air, other)"),
                ("standardised", "standardised (force groups by resource cost)"),
            ),
        ),
        Input("currency", "Currency", required=True, help="ISO 4217, such as CNY or JPY."),
    ]
    for f in SIMPLIFIED_FORCES:
        out.append(
            Input(
                f"simple-{f}",
                f"{f.capitalize()} forces",
                "number",
                "payload.lines",
                group="Simplified form",
                minimum="0",
            )
        )
    for f in STANDARDISED_FORCES:
        for c in RESOURCE_COSTS:
            out.append(
                Input(
                    f"std-{f}-{c}",
                    f"{f.replace('_', ' ').capitalize()}: {COST_WORDS[c]}",
                    "number",
                    "payload.lines",
                    group="Standardised form",
                    minimum="0",
                )
            )
    out.append(Input("audience", "Who may read it", "select", "audience", choices=AUDIENCES))
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
    title="Report military expenditure",
    inputs=_expenditure_inputs,
    build=expenditure_item,
    label=lambda values: f"Military expenditure for {values.get('year', '')}",
    done=lambda record_id, values: "/arms",
    intro="The year before's military expenditure, in your currency, on the UN's simplified "
    "or standardised form; due by 30 April. Only the chosen form's figures are sent.",
    back=("/arms", "Arms"),
)

FORMS = (RETURN, EXPENDITURE)
