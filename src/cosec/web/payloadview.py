"""Records as people read them: a payload as a labelled table, an audience in words.

Labels come from the payload model's field names (``troops_by_state`` → "Troops by
state") and its fields' descriptions or attribute docstrings (shown as a hint); nested
models become nested tables, lists of models one table per item; dates read ``21 Mar
2026``, member codes carry the member's name, ids of records link to them. A payload that
its model no longer accepts (a record an earlier version took) is shown the same way,
field by field, without the model's help.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from cosec import i18n
from cosec.charter.models import Charter
from cosec.i18n import N_, gettext
from cosec.records import Audience
from cosec.registry import mechanisms
from cosec.web.render import member_names

CODE = re.compile(r"^[A-Z]{3}$")
ACRONYMS = {"acv": "ACV", "atgm": "ATGM", "mmsi": "MMSI", "imo": "IMO", "utc": "UTC"}
LABELS = {"lat": N_("Latitude"), "lon": N_("Longitude"), "radius_km": N_("Radius (km)")}
"""Labels not made from the field's name (every label is translated where shown)."""


@dataclass(frozen=True)
class Cell:
    """One labelled value of a table."""

    label: str
    text: str = ""
    hint: str = ""
    href: str = ""
    table: Table | None = None
    items: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Table:
    """A model's fields, labelled."""

    cells: tuple[Cell, ...] = field(default_factory=tuple)


def label_of(name: str) -> str:
    """``troops_by_state`` → ``Troops by state``; ``acv`` → ``ACV``."""
    if name in LABELS:
        return LABELS[name]
    words = [ACRONYMS.get(w, w) for w in name.split("_") if w]
    if not words:
        return name
    first = words[0]
    words[0] = first if first.isupper() else first[:1].upper() + first[1:]
    return " ".join(words)


@cache
def docstrings(model: type[BaseModel]) -> dict[str, str]:
    """The attribute docstrings of a model and its bases (``x: int`` then ``\"\"\"...\"\"\"``)."""
    out: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for this, after in itertools.pairwise(body):
            if (
                isinstance(this, ast.AnnAssign)
                and isinstance(this.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                out[this.target.id] = " ".join(after.value.value.replace("``", "").split())
    return out


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds (itself, in a list or tuple, or optional)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    origin = get_origin(annotation)
    if origin is not None and origin is not annotation:
        return model_in(origin)
    return None


def format_day(value: date) -> str:
    """``21 Mar 2026`` (in Chinese ``2026年3月21日``)."""
    if i18n.current() != i18n.DEFAULT:
        return i18n.day(value)
    return value.strftime("%d %b %Y").lstrip("0")


def format_moment(value: datetime) -> str:
    """``21 Mar 2026 14:05 UTC`` (in Chinese ``2026年3月21日 14:05 UTC``)."""
    if i18n.current() != i18n.DEFAULT:
        return f"{i18n.moment(value)} UTC"
    return value.strftime("%d %b %Y %H:%M UTC").lstrip("0")


def _scalar(value: Any, names: Callable[[str], str]) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, datetime):
        return format_moment(value)
    if isinstance(value, date):
        return format_day(value)
    text = str(value)
    if CODE.match(text):
        name = names(text)
        return f"{name} ({text})" if name != text else text
    for parse in (date.fromisoformat, datetime.fromisoformat):
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            try:
                return _scalar(parse(text), names)
            except ValueError:
                continue
    return text


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def table_of(
    model: type[BaseModel] | None,
    data: Mapping[str, Any],
    *,
    names: Callable[[str], str] = str,
) -> Table:
    """The payload ``data`` (as stored, JSON) as a labelled table, guided by ``model``."""
    fields = model.model_fields if model is not None else {}
    docs = docstrings(model) if model is not None else {}
    cells: list[Cell] = []
    order = [*fields, *(k for k in data if k not in fields)]
    for name in order:
        if name not in data:
            continue
        value = data[name]
        info = fields.get(name)
        default = info.default if info is not None else None
        if _empty(value) or (isinstance(value, int | float) and value == 0 and default == 0):
            continue
        label = (info.title if info is not None and info.title else None) or label_of(name)
        hint = (info.description if info is not None and info.description else "") or docs.get(
            name, ""
        )
        inner = model_in(info.annotation) if info is not None else None
        cell = _cell(label, hint, name, value, inner, names)
        if cell.table is None or cell.table.cells:  # a nested model with nothing set: left out
            cells.append(cell)
    return Table(tuple(cells))


def _cell(
    label: str,
    hint: str,
    name: str,
    value: Any,
    inner: type[BaseModel] | None,
    names: Callable[[str], str],
) -> Cell:
    if isinstance(value, Mapping):
        if inner is None and value and all(CODE.match(str(k)) for k in value):
            text = ", ".join(f"{_scalar(k, names)}: {_scalar(v, names)}" for k, v in value.items())
            return Cell(label, text, hint)
        return Cell(label, hint=hint, table=table_of(inner, value, names=names))
    if isinstance(value, Sequence) and not isinstance(value, str):
        if any(isinstance(v, Mapping) for v in value):
            items = tuple(
                table_of(inner, v if isinstance(v, Mapping) else {"value": v}, names=names)
                for v in value
            )
            return Cell(label, hint=hint, items=items)
        return Cell(label, ", ".join(_scalar(v, names) for v in value), hint)
    if name.endswith("_id") and isinstance(value, int) and not isinstance(value, bool):
        return Cell(label, gettext("record %(id)s") % {"id": value}, hint, href=f"/records/{value}")
    return Cell(label, _scalar(value, names), hint)


AUDIENCE_WORDS = {
    Audience.PUBLIC.value: N_("Everyone: it is public"),
    Audience.REGIME.value: N_(
        "The members of the %(regime)s regime, observers and the secretariat"
    ),
    Audience.PARTIES.value: N_("Its parties only, and the secretariat"),
    Audience.SECRETARIAT.value: N_("The secretariat, and its parties"),
}


def audience_words(audience: str, mechanism: str = "") -> str:
    """Who reads a record of ``audience``, in a sentence (the reader's language)."""
    if audience not in AUDIENCE_WORDS:
        return audience
    regime = mechanism or gettext("mechanism's")
    found = mechanisms().get(mechanism)
    if mechanism and found is not None and i18n.current() != i18n.DEFAULT:
        regime = gettext(found.title)  # the mechanism's title, where a catalog has it
    return gettext(AUDIENCE_WORDS[audience]) % {"regime": regime}


def parties_words(parties: Sequence[str], charter: Charter | None) -> str:
    """``China (CHN), the United States (USA)``."""
    if not parties:
        return "—"
    name = member_names(charter)
    return ", ".join(f"{name(p)} ({p})" if name(p) != p else p for p in sorted(parties))
