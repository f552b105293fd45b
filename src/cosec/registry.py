"""Where mechanisms plug into the core.

A mechanism (``cosec.mechanisms.<name>``) declares its record kinds, its obligations, its
projection and its interfaces in one :class:`~cosec.kit.Mechanism` object, found through
the ``cosec.mechanisms`` entry-point group (see ``pyproject.toml``), the way datasette
finds its plugins: the core never imports a mechanism by name. Registrations are checked
when they load (:func:`check`): unique kinds, prefixed by the mechanism's name; unique
obligation ids; every obligation declaring its flags.

The core's own record kinds (answers to findings, analyses of tracks, key events, the
state-unit registry) are named in :data:`CORE_KINDS` and imported when first asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from cosec import i18n
from cosec.kit.mechanism import Mechanism, Obligation, RecordKind, Ref

GROUP = "cosec.mechanisms"

CORE_KINDS: tuple[Ref[Iterable[RecordKind[Any]]], ...] = (
    Ref("cosec.compliance.answers:KINDS"),
    Ref("cosec.kinds.evidence:KINDS"),
    Ref("cosec.ledger.kinds:LEDGER_KINDS"),
    Ref("cosec.kinds.fleet:KINDS"),
    Ref("cosec.publication.kinds:KINDS"),
)
CORE = "core"
"""The mechanism name of the core's own kinds."""
RESERVED = frozenset({CORE, "finding", "evidence", "key", "witness", "fleet", "kit", "publication"})
"""Names no mechanism may take: the prefixes of the core's own kinds."""


class RegistrationError(TypeError):
    """A mechanism's registration breaks the contract (a programming error, not input)."""


def check(mechanism: Mechanism[Any, Any], *, taken: Iterable[str] = ()) -> None:
    """Raise :class:`RegistrationError` if ``mechanism`` breaks the plug-in contract."""
    name = mechanism.name
    problems: list[str] = []
    if not name.isidentifier() or not name.islower():
        problems.append(f"name {name!r} must be a lower-case identifier")
    if name in RESERVED:
        problems.append(f"name {name!r} is reserved for the core's own kinds")
    seen = set(taken)
    for kind in mechanism.record_kinds:
        if not kind.name.startswith(name + "."):
            problems.append(f"kind {kind.name!r} must start with {name + '.'!r}")
        if kind.name in seen:
            problems.append(f"kind {kind.name!r} is registered twice")
        seen.add(kind.name)
        if kind.ref_field is not None and kind.ref_field not in kind.model.model_fields:
            problems.append(f"kind {kind.name!r}: ref_field {kind.ref_field!r} is not a field")
    ids: set[str] = set()
    for ob in mechanism.obligations:
        if not ob.id.startswith(name + "."):
            problems.append(f"obligation {ob.id!r} must start with {name + '.'!r}")
        if ob.id in ids:
            problems.append(f"obligation {ob.id!r} is registered twice")
        ids.add(ob.id)
        if not ob.flags or not all(f.isidentifier() for f in ob.flags):
            problems.append(f"obligation {ob.id!r} must declare its flags (identifiers)")
    if mechanism.obligations and mechanism.projection is None:
        problems.append("a mechanism with obligations needs a projection")
    if problems:
        raise RegistrationError(f"mechanism {name}: " + "; ".join(problems))


def _core_kinds() -> list[RecordKind[Any]]:
    return [k for ref in CORE_KINDS for k in ref.load()]


@cache
def mechanisms() -> dict[str, Mechanism[Any, Any]]:
    """Every installed mechanism, by name (loaded and checked once)."""
    found: dict[str, Mechanism[Any, Any]] = {}
    taken: set[str] = set()  # the core's kinds carry reserved prefixes: no clash possible
    for ep in entry_points(group=GROUP):
        mechanism = ep.load()
        if not isinstance(mechanism, Mechanism):
            raise RegistrationError(f"entry point {ep.name} does not name a cosec Mechanism")
        if mechanism.name in found:
            raise RegistrationError(f"two mechanisms are named {mechanism.name}")
        check(mechanism, taken=taken)
        taken |= {k.name for k in mechanism.record_kinds}
        found[mechanism.name] = mechanism
        if mechanism.interfaces.templates:  # its pages' messages, translated beside them
            i18n.add_catalog(mechanism.interfaces.templates)
    return dict(sorted(found.items()))


@cache
def record_kinds() -> dict[str, RecordKind[Any]]:
    """Every record kind of every mechanism and of the core, by its stable name (a shared
    mapping: do not change it)."""
    kinds = {k.name: k for m in mechanisms().values() for k in m.record_kinds}
    return kinds | {k.name: k for k in _core_kinds()}


@cache
def mechanism_of(kind: str) -> str:
    """Name of the mechanism that owns a record kind (``core`` for the core's kinds)."""
    for m in mechanisms().values():
        if any(k.name == kind for k in m.record_kinds):
            return m.name
    return CORE


def obligations() -> Iterator[tuple[Mechanism[Any, Any], Obligation[Any]]]:
    """Every obligation of every mechanism."""
    for m in mechanisms().values():
        for o in m.obligations:
            yield m, o


def readers_of(kind: str) -> list[str]:
    """Mechanisms whose projection takes in records of ``kind`` (their own, or read)."""
    owner = mechanism_of(kind)
    return [n for n, m in mechanisms().items() if n == owner or kind in m.reads]
