"""A record's web form, described once: its inputs, how its values make a submission, and
where each error of the pipeline belongs.

A mechanism describes each form with a :class:`RecordForm` and mounts it with
:func:`cosec.web.reviewflow.add_record_form`; the core renders it, shows the review step
before anything is signed, keeps drafts, and puts every error at its input under the
input's label (``Start date: must be between ...``) instead of the pipeline's internal
names (``payload.start``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cosec.errors import FieldError
from cosec.i18n import translated
from cosec.kit.submission import Item, StoredRecord
from cosec.principals import Principal
from cosec.web.payloadview import label_of

INPUT_TYPES = frozenset({"text", "textarea", "date", "number", "checkbox", "select", "hidden"})
RESERVED = frozenset({"csrf", "confirm", "_draft", "_version"})
"""Form fields of the flow itself, never part of a record's values."""


@dataclass(frozen=True)
class Input:
    """One input of a form."""

    name: str
    label: str
    type: str = "text"
    loc: str | None = None
    """The pipeline's location it answers for (default ``payload.<name>``)."""
    help: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    """``(value, text)`` of a select."""
    group: str = ""
    """The fieldset it is shown in (inputs of one group are shown together)."""
    minimum: str | None = None

    def __post_init__(self) -> None:
        if self.type not in INPUT_TYPES:
            raise ValueError(f"{self.name}: unknown input type {self.type!r}")
        if self.name in RESERVED:
            raise ValueError(f"{self.name} is reserved by the review flow")

    @property
    def location(self) -> str:
        """The error location it shows."""
        return self.loc if self.loc is not None else f"payload.{self.name}"


Values = Mapping[str, str]


@dataclass(frozen=True)
class RecordForm:
    """A form that makes one kind of record."""

    kind: str
    path: str
    """Its page (``/notifications/new``); the flow adds ``/review``, ``/sign``, ``/draft``."""
    title: str
    inputs: Callable[[Values], Sequence[Input]]
    """Its inputs for the values so far (a calendar grows a row as rows fill)."""
    build: Callable[[Values], Item]
    """The submission its values make."""
    label: Callable[[Values], str]
    """A short name for a draft of it."""
    done: Callable[[int, Values], str] = lambda record_id, values: f"/records/{record_id}"
    """Where to go once signed (the new record's id, the form's values)."""
    intro: str = ""
    back: tuple[str, str] = ("/", "Overview")
    roles: tuple[str, ...] = ("member",)
    """Roles that use it (``member``, ``secretariat``)."""
    follows: str | None = None
    """The kind of record it answers or follows (offered on that record's page)."""
    offer: Callable[[StoredRecord, Principal], bool] | None = None
    """Whether to offer it on a record of kind ``follows`` to a reader."""
    offer_text: str = ""
    ref_input: str = ""
    """The input that carries the id of the record it follows (``?notification_id=12``)."""
    defaults: Callable[[Principal], dict[str, str]] = field(default=lambda principal: {})
    prefill: Callable[[Any, Any, Principal, Values], dict[str, str]] | None = None
    """``(session, deployment, principal, values) -> values``: a blank form's values from the
    record it follows (an amendment starts from the notification's dates and figures)."""
    about: Callable[[Any, Any, Principal, Values], str] | None = None
    """``(session, deployment, principal, values) -> sentence``: what the record concerns
    (``Amending notification 12, “Exercise Joint Sword”``), on the form and its review."""
    after: Callable[[Any], object] | None = None
    """``(session) -> ...``: run in the signing unit of work once the record is stored (a
    release folds in the findings it publishes, so they are public when it is signed)."""


FORMS: dict[str, RecordForm] = {}
"""Every mounted form, by path (drafts find the form that made them here)."""


def offers_for(record: StoredRecord, principal: Principal) -> list[tuple[str, str]]:
    """``(href, text)`` of the forms that follow ``record`` and are offered to ``principal``."""
    out = []
    for form in FORMS.values():
        if form.follows != record.kind or principal.role.value not in form.roles:
            continue
        if form.offer is not None and not form.offer(record, principal):
            continue
        out.append((f"{form.path}?{form.ref_input}={record.id}", form.offer_text or form.title))
    return out


_INDEX = re.compile(r"\[\d+\]$")


def _parents(loc: str) -> list[str]:
    """``payload.entries[0].states[1]`` → itself, ``...states``, ``payload.entries[0]``..."""
    out = [loc]
    while loc:
        if _INDEX.search(loc):
            loc = _INDEX.sub("", loc)
        elif "." in loc:
            loc = loc.rsplit(".", 1)[0]
        else:
            break
        out.append(loc)
    return out


@dataclass(frozen=True)
class PlacedErrors:
    """A form's errors: at their inputs, and those that belong to no input."""

    at: dict[str, list[str]]
    """Input name → messages (``Start: must not be before start``)."""
    loose: list[str]


def place(
    inputs: Sequence[Input], errors: Sequence[FieldError | Mapping[str, Any]]
) -> PlacedErrors:
    """Put each error at the input it concerns, under the input's label."""
    by_loc = {i.location: i for i in inputs if i.type != "hidden"}
    hidden = {i.location: i for i in inputs if i.type == "hidden"}
    at: dict[str, list[str]] = {}
    loose: list[str] = []
    for e in errors:
        loc = e.loc if isinstance(e, FieldError) else str(e.get("loc", ""))
        rule = e.rule if isinstance(e, FieldError) else str(e.get("rule", ""))
        target = None
        for candidate in _parents(loc):
            target = by_loc.get(candidate) or next(
                (i for k, i in by_loc.items() if candidate and k.startswith(candidate + ".")),
                None,
            )
            if target is not None:
                break
        if target is None:
            named = next((hidden[c] for c in _parents(loc) if c in hidden), None)
            label = translated(named.label) if named is not None else _loose_label(loc)
            loose.append(f"{label}: {rule}" if label else rule)
            continue
        at.setdefault(target.name, []).append(f"{translated(target.label)}: {rule}")
    return PlacedErrors(at, loose)


def _loose_label(loc: str) -> str:
    """A readable name for an error's location that no input shows."""
    if loc in ("", "payload", "form"):
        return ""
    last = re.sub(r"\[(\d+)\]", lambda m: f" {int(m.group(1)) + 1}", loc.rsplit(".", 1)[-1])
    return label_of(last.replace(" ", "_")).replace("_", " ")


def values_of(items: Sequence[tuple[str, Any]]) -> dict[str, str]:
    """A posted form's record values (the flow's own fields left out)."""
    return {k: str(v) for k, v in items if k not in RESERVED and isinstance(v, str)}
