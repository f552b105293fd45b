"""Where mechanisms plug into the core.

A mechanism (``cosec.mechanisms.<name>``) declares its record kinds, its obligations and
the parameters its regime reads from a charter, in one :class:`Mechanism` object. It is
found through the ``cosec.mechanisms`` entry-point group (see ``pyproject.toml``), the way
datasette finds its plugins: the core never imports a mechanism by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from cosec.charter.models import RegimeBase
    from cosec.compliance.findings import FindingDraft
    from cosec.errors import FieldError
    from cosec.submissions import SubmissionCheck


@dataclass(frozen=True, slots=True)
class RecordKind:
    """A kind of record: a stable name, a schema version and its payload model."""

    name: str
    model: type[BaseModel]
    schema_version: int = 1
    title: str = ""
    default_audience: str = "regime"
    submitted_by: tuple[str, ...] = ("member",)
    """Roles allowed to submit it: ``member`` and/or ``secretariat``."""
    refers_to: tuple[str, ...] = ()
    """Kinds this kind must refer to (an amendment refers to a notification)..."""
    ref_field: str | None = None
    """...through this payload field (``notification_id``)."""
    inherits_audience: bool = False
    """Take the audience and parties of the record referred to (an amendment's)."""
    audience_from: Callable[[SubmissionCheck], tuple[str, Iterable[str]]] | None = None
    """Audience and parties imposed by what the record is about (an answer: its finding's)."""
    check: Callable[[SubmissionCheck], Iterable[FieldError]] | None = None
    """Rules a submission must meet beyond its schema (who may amend what, ...)."""
    parties: Callable[[Any], Iterable[str]] | None = None
    """Members the record is addressed to by its content (an explanation's respondent)."""


@dataclass(frozen=True, slots=True)
class Obligation:
    """A rule of a regime: a stable id, the charter keys it reads and a pure evaluator."""

    id: str
    title: str
    flag: str
    """The short word it raises in reports and file assessments (``late``, ...)."""
    reads: tuple[str, ...]
    evaluate: Callable[[Any], Iterable[FindingDraft]]
    """A pure function of the mechanism's evaluation context."""
    detector: bool = False
    """True for cosec's own detectors of evasion, which no treaty text sets."""


@dataclass(frozen=True, slots=True)
class Mechanism:
    """One system of the mechanism: notifications, encounters, hotline, ..."""

    name: str
    title: str
    regime_model: type[RegimeBase]
    record_kinds: tuple[RecordKind, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    load_context: Callable[..., Any] | None = None
    """``(session, deployment, as_of) -> context`` for the obligations (reads the store)."""
    extra: dict[str, Any] = field(default_factory=dict)


@cache
def mechanisms() -> dict[str, Mechanism]:
    """Every installed mechanism, by name (loaded once from entry points)."""
    found: dict[str, Mechanism] = {}
    for ep in entry_points(group="cosec.mechanisms"):
        mechanism = ep.load()
        if not isinstance(mechanism, Mechanism):
            raise TypeError(f"entry point {ep.name} does not name a cosec Mechanism")
        found[mechanism.name] = mechanism
    return dict(sorted(found.items()))


@cache
def record_kinds() -> dict[str, RecordKind]:
    """Every record kind of every mechanism and of the core, by its stable name (a shared
    mapping: do not change it)."""
    from cosec.compliance.answers import ANSWER_KIND  # the core's own kinds
    from cosec.evidence.records import ANALYSIS_KIND
    from cosec.ledger.kinds import LEDGER_KINDS

    kinds = {k.name: k for m in mechanisms().values() for k in m.record_kinds}
    core = [ANSWER_KIND, ANALYSIS_KIND, *LEDGER_KINDS]
    return kinds | {k.name: k for k in core}


@cache
def mechanism_of(kind: str) -> str:
    """Name of the mechanism that owns a record kind (``core`` for the core's kinds)."""
    for m in mechanisms().values():
        if any(k.name == kind for k in m.record_kinds):
            return m.name
    return "core"


def obligations() -> Iterator[tuple[Mechanism, Obligation]]:
    """Every obligation of every mechanism."""
    for m in mechanisms().values():
        for o in m.obligations:
            yield m, o
