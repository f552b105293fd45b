"""Load and validate charters: shipped profiles by id, or a user's TOML file by path.

Errors read ``FILE: key.path: rule`` and every problem in the file is reported at once.
Regime tables are validated against the parameter model of the mechanism that owns them
(found through :mod:`cosec.registry`), so unknown keys are errors there too. Rules across
entries (ids used once, members listed once and members of the charter, a chair that is
one) are checked here, after the models, so each error names the entry.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cosec.charter.models import Charter, RegimeBase
from cosec.errors import CharterError, FieldError
from cosec.registry import mechanisms
from cosec.validation import field_errors

MAX_CHARTER_BYTES = 1024 * 1024
"""Largest charter text read (the largest shipped profile has 8 KiB)."""


def _profiles_dir() -> Path:
    return Path(str(files("cosec.charter") / "profiles"))


def available_profiles() -> list[str]:
    """Ids of the charter profiles shipped with cosec."""
    return sorted(p.stem for p in _profiles_dir().glob("*.toml"))


def profile_path(charter_id: str) -> Path:
    """Path of a shipped profile."""
    return _profiles_dir() / f"{charter_id}.toml"


@cache
def load_profile(charter_id: str) -> Charter:
    """A shipped profile by id, never a path: what the network-facing API may load.

    The set of ids is fixed by the package, so the parsed charters are cached.
    """
    if charter_id not in available_profiles():
        raise CharterError.field(
            "charter", f"no such profile; shipped: {', '.join(available_profiles())}"
        )
    return parse_charter(
        profile_path(charter_id).read_text(encoding="utf-8"), source=f"{charter_id}.toml"
    )


def load_charter(ref: str | Path) -> Charter:
    """Load a charter by profile id (``eas-2026``) or by path to a TOML file."""
    path = Path(ref)
    if isinstance(ref, str) and not ref.endswith(".toml") and not path.exists():
        if ref not in available_profiles():
            raise CharterError.field(
                "charter", f"no such profile {ref!r}; shipped: {', '.join(available_profiles())}"
            )
        path = profile_path(ref)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CharterError.field("charter", f"cannot read {path}: {exc.strerror}") from exc
    return parse_charter(text, source=path.name)


def parse_charter(text: str, *, source: str = "<charter>") -> Charter:
    """Parse and validate charter TOML text; raise :class:`CharterError` listing every problem.

    Text longer than :data:`MAX_CHARTER_BYTES` is refused before it is parsed.
    """
    if len(text) > MAX_CHARTER_BYTES:  # a character takes at least one byte
        raise CharterError.field(
            "", f"has {len(text)} characters, at most {MAX_CHARTER_BYTES} bytes", source=source
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CharterError.field("", f"not valid TOML: {exc}", source=source) from exc
    except RecursionError:
        raise CharterError.field("", "arrays or tables nest too deeply", source=source) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise CharterError.field("", f"not valid TOML: {exc}", source=source) from None
    return validate_charter(data, source=source)


def validate_charter(data: Mapping[str, Any], *, source: str = "<charter>") -> Charter:
    """Validate a parsed charter document."""
    if not isinstance(data, Mapping):
        raise CharterError.field("", "must be a table of charter keys", source=source)
    errors: list[FieldError] = []
    raw_regimes = data.get("regimes", {})
    if not isinstance(raw_regimes, Mapping):
        errors.append(FieldError("regimes", "must be a table of mechanism regimes"))
        raw_regimes = {}
    core = {k: v for k, v in data.items() if k != "regimes"}
    charter: Charter | None = None
    try:
        charter = Charter.model_validate(core)
    except ValidationError as exc:
        errors.extend(field_errors(exc))
    else:
        errors.extend(_check_entries(charter))

    regimes: dict[str, RegimeBase] = {}
    known = mechanisms()
    for name, table in raw_regimes.items():
        mechanism = known.get(name)
        if mechanism is None:
            errors.append(
                FieldError(f"regimes.{name}", f"unknown mechanism; known: {', '.join(known)}")
            )
            continue
        try:
            regime = mechanism.regime_model.model_validate(table)
        except ValidationError as exc:
            errors.extend(field_errors(exc, ("regimes", name)))
            continue
        regimes[name] = regime
        errors.extend(_check_regime(name, regime, charter, [o.id for o in mechanism.obligations]))

    if errors or charter is None:
        raise CharterError(errors, source=source)
    return charter.model_copy(update={"regimes": regimes})


def _check_entries(charter: Charter) -> list[FieldError]:
    """Ids used once; a body's members listed once; its chair a charter member."""
    errors = _repeats("bodies[{}].id", [b.id for b in charter.bodies], "is used twice")
    errors += _repeats("forums[{}].id", [f.id for f in charter.forums], "is used twice")
    for i, body in enumerate(charter.bodies):
        if body.members != "all":
            errors += _repeats(f"bodies[{i}].members[{{}}]", body.members, "is listed twice")
        chair = body.chair
        known = charter.any_state or chair in (None, "rotating", *charter.member_codes)
        if not known:
            errors.append(FieldError(f"bodies[{i}].chair", f"{chair} is not a charter member"))
    return errors


def _repeats(loc: str, items: Sequence[str], rule: str) -> list[FieldError]:
    """An error at ``loc.format(i)`` for each item ``i`` that repeats an earlier one."""
    seen: set[str] = set()
    errors = []
    for i, item in enumerate(items):
        if item in seen:
            errors.append(FieldError(loc.format(i), f"{item} {rule}"))
        seen.add(item)
    return errors


def _check_regime(
    name: str, regime: RegimeBase, charter: Charter | None, obligation_ids: list[str]
) -> list[FieldError]:
    errors = []
    if regime.members != "all":
        errors += _repeats(f"regimes.{name}.members[{{}}]", regime.members, "is listed twice")
    if charter is not None and regime.members != "all" and not charter.any_state:
        for i, code in enumerate(regime.members):
            if code not in charter.member_codes:
                errors.append(
                    FieldError(f"regimes.{name}.members[{i}]", f"{code} is not a charter member")
                )
    errors += _repeats(
        f"regimes.{name}.obligations[{{}}]", regime.obligations or (), "is listed twice"
    )
    for i, ob in enumerate(regime.obligations or ()):
        if ob not in obligation_ids:
            errors.append(
                FieldError(
                    f"regimes.{name}.obligations[{i}]",
                    f"unknown obligation {ob!r}; known: {', '.join(obligation_ids)}",
                )
            )
    return errors
