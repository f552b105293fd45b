"""A mechanism's registration: its record kinds, its obligations, its state, its interfaces.

One :class:`Mechanism` object per package, exported as ``mechanism`` and named by an entry
point in the ``cosec.mechanisms`` group. Everything heavy (the store, the web, the
command line) is named by a :class:`Ref` and imported only when the core mounts it, so
loading every registration costs no more than importing Pydantic models and pure rules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel

from cosec.charter.models import RegimeBase
from cosec.kit.findings import FindingDraft
from cosec.records import Audience

if TYPE_CHECKING:
    from cosec.errors import FieldError
    from cosec.kit.projection import Projection, Setup
    from cosec.kit.submission import SubmissionCheck

T = TypeVar("T")
P = TypeVar("P", bound=BaseModel)
R = TypeVar("R", bound=RegimeBase)
C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class Ref(Generic[T]):
    """An object named ``"package.module:attribute"``, imported when first needed."""

    target: str

    def load(self) -> T:
        """Import the module and return the attribute."""
        module, _, attribute = self.target.partition(":")
        if not attribute:
            raise ValueError(f"{self.target!r} must read package.module:attribute")
        value: T = getattr(importlib.import_module(module), attribute)
        return value


@dataclass(frozen=True, slots=True)
class RecordKind(Generic[P]):
    """A kind of record: a stable name, a schema version and its payload model.

    Every rule a submission of the kind must meet beyond its schema goes in ``check``; who
    reads it is set by ``default_audience``, ``inherits_audience`` (the record it follows
    decides) or ``audience_from`` (what it is about decides), and only ever narrows.
    """

    name: str
    model: type[P]
    schema_version: int = 1
    title: str = ""
    default_audience: str = Audience.REGIME.value
    submitted_by: tuple[str, ...] = ("member",)
    """Roles allowed to submit it: ``member`` and/or ``secretariat``."""
    refers_to: tuple[str, ...] = ()
    """Kinds this kind must refer to (an amendment refers to a notification)..."""
    ref_field: str | None = None
    """...through this payload field (``notification_id``)."""
    inherits_audience: bool = False
    """Take the audience and parties of the record referred to (an amendment's)."""
    audience_from: Callable[[SubmissionCheck[P]], tuple[str, Iterable[str]]] | None = None
    """Audience and parties imposed by what the record is about (an answer: its finding's)."""
    check: Callable[[SubmissionCheck[P]], Iterable[FieldError]] | None = None
    """Rules a submission must meet beyond its schema (who may amend what, ...)."""
    parties: Callable[[P], Iterable[str]] | None = None
    """Members the record is addressed to by its content (an explanation's respondent)."""
    href: str | None = None
    """Its own page, as a pattern on the record id (``/notifications/{id}``); else the
    generic record page."""
    label: Callable[[P], str] | None = None
    """A short name for lists and links (an activity's designation)."""


@dataclass(frozen=True, slots=True)
class Obligation(Generic[C]):
    """A rule of a regime: a stable id, the flags it raises, the charter keys it reads, and
    a pure evaluator of the mechanism's context."""

    id: str
    title: str
    flags: tuple[str, ...]
    """Every flag its findings may carry (``late``, ...); another one is an error."""
    reads: tuple[str, ...]
    """Charter keys of the regime it reads (``lead_time_days``)."""
    evaluate: Callable[[C], Iterable[FindingDraft]]
    detector: bool = False
    """True for cosec's own detectors of evasion, which no treaty text sets."""

    @property
    def flag(self) -> str:
        """Its main flag (the first)."""
        return self.flags[0]


@dataclass(frozen=True, slots=True)
class NavEntry:
    """A link in the site's navigation."""

    path: str
    label: str
    order: int = 50
    """Place in the bar: lower first (the core's Overview is 0, the Log 90)."""


@dataclass(frozen=True, slots=True)
class Interfaces:
    """Where a mechanism's routes, commands and pages live (imported when mounted)."""

    api: Ref[Any] | None = None
    """A FastAPI ``APIRouter`` of JSON routes under ``/v1``."""
    cli: Ref[Any] | None = None
    """A Typer app, mounted as ``cosec <command>``."""
    command: str = ""
    """The command's name (default: the mechanism's package name)."""
    web: Ref[Any] | None = None
    """A FastAPI ``APIRouter`` of pages (HTML)."""
    templates: str | None = None
    """The package whose ``templates/`` folder holds its page templates, and whose
    ``locales/<language>/LC_MESSAGES/cosec.po`` their translations (see cosec.i18n)."""
    nav: tuple[NavEntry, ...] = ()
    overview: Ref[Any] | None = None
    """``(session, deployment, principal) -> list[cosec.web.render.Stat]``: its figures on
    the overview page."""
    demo: Ref[Any] | None = None
    """``() -> cosec.kit.DemoPart``: its part of the demo year."""
    startup: Ref[Any] | None = None
    """``(app) -> contextlib.AbstractAsyncContextManager[None]``: entered when the server
    starts and left when it stops (a mechanism's own scheduler, such as the hotline's)."""
    cautions: Ref[Any] | None = None
    """``(session, deployment, principal, item, now) -> Iterable[cosec.kit.cautions.Caution]``:
    what a person must confirm before signing a record of one of its kinds (a date in the
    past, a likely duplicate), shown on the review page and checked again at signing."""
    actions: Ref[Any] | None = None
    """``(session, deployment, principal, now) -> Iterable[cosec.kit.Action]``: the open
    actions of the principal's member (every member's for the secretariat), with their
    deadlines, for the inbox and the alerts (see :mod:`cosec.kit.actions`)."""
    report: Ref[Any] | None = None
    """``(session, deployment, principal, year, now) -> Iterable[cosec.kit.report.
    MemberFigure]``: its figures per member in the annual implementation report, from what
    ``principal`` may read (see :mod:`cosec.kit.report`)."""
    calendar: Ref[Any] | None = None
    """``(session, deployment, principal) -> Iterable[cosec.kit.report.CalendarEvent]``: the
    activities it knows of that ``principal`` may read, for the iCalendar feeds."""


@dataclass(frozen=True, slots=True)
class Mechanism(Generic[R, C]):
    """One system of the mechanism: notifications, incidents, hotline, arms, ...

    ``name`` is also its charters' regime key (``[regimes.notification]``) and the prefix
    of its record kinds (``notification.prior``).
    """

    name: str
    title: str
    regime_model: type[R]
    record_kinds: tuple[RecordKind[Any], ...] = ()
    obligations: tuple[Obligation[C], ...] = ()
    projection: Ref[Callable[[Setup[R]], Projection[C]]] | None = None
    """Builds the mechanism's state from its records (see :mod:`cosec.kit.projection`)."""
    reads: tuple[str, ...] = ()
    """Kinds of other packages its projection takes in too (``evidence.analysis``,
    ``fleet.unit``), as records only: a mechanism never imports another's internals."""
    interfaces: Interfaces = Interfaces()

    @property
    def flags(self) -> frozenset[str]:
        """Every flag its obligations declare."""
        return frozenset(f for o in self.obligations for f in o.flags)
