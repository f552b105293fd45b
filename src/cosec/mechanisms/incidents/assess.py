"""Rate a file of incidents under a charter, with no database.

``cosec incidents assess FILE --charter ID`` reads ``{"incidents": [{"id", "date",
"domain", "min_distance_m"?, "acts"?, "contact"?, "casualties"?, "damage"?, "harm"?}]}``
and gives each incident its severity (L1-L4) and the reasons that set it, by the same
rule the server applies to reports. Every row is checked before any is rated; a bad one
is named by its id and field (``incident C-7.acts[1]: 'lazer' is not a prohibited act``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from cosec.kit import (
    Charter,
    FieldError,
    FindingDraft,
    InvalidInput,
    RecordDate,
    RecordDateTime,
    Severity,
    field_errors,
)
from cosec.mechanisms.incidents.records import ActCode, Distance, Domain
from cosec.mechanisms.incidents.regime import IncidentRegime
from cosec.mechanisms.incidents.severity import Facts, Rated, rate

MAX_INCIDENTS = 10_000
"""The most incidents one file (or one API request) may hold."""
COLUMNS = ("id", "severity", "reasons")
LEVEL_SEVERITY = {"L1": Severity.HIGH, "L2": Severity.HIGH, "L3": Severity.MEDIUM}
"""How ``--fail-on`` reads a level: L1 and L2 are high, L3 medium, L4 low."""


class IncidentRow(BaseModel):
    """One incident of an assessment file; what is not given did not happen."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: Annotated[str, Field(min_length=1, max_length=200)] | Annotated[int, Field(ge=0)]
    date: RecordDateTime | RecordDate
    domain: Domain
    min_distance_m: Annotated[Distance, Field(strict=False)] | None = None
    acts: Annotated[tuple[ActCode, ...], Field(max_length=100)] = ()
    contact: StrictBool = False
    casualties: Annotated[int, Field(ge=0, le=10_000_000, strict=True)] = 0
    damage: StrictBool = False
    harm: StrictBool = False

    def facts(self) -> Facts:
        """The facts its severity rests on."""
        return Facts(
            self.domain,
            self.min_distance_m,
            self.acts,
            self.contact,
            self.casualties,
            self.damage,
            self.harm,
        )


def regime_of(charter: Charter) -> IncidentRegime:
    """The charter's incident regime, or an error naming the charter."""
    regime = charter.regime("incident")
    if not isinstance(regime, IncidentRegime):
        raise InvalidInput.field(
            "--charter", f"{charter.id} has no incident regime (the code of safe conduct)"
        )
    return regime


def validate_rows(rows: Any, regime: IncidentRegime) -> list[IncidentRow]:
    """Every row checked; one :class:`InvalidInput` naming each bad incident and field."""
    if not isinstance(rows, list):
        raise InvalidInput.field("incidents", "must be a list of incidents")
    if len(rows) > MAX_INCIDENTS:
        raise InvalidInput.field("incidents", f"must hold at most {MAX_INCIDENTS:,} incidents")
    out: list[IncidentRow] = []
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, raw in enumerate(rows):
        name = _name(raw, i)
        if not isinstance(raw, dict):
            errors.append(FieldError(name, "must be an object"))
            continue
        acts = raw.get("acts")
        for j, act in enumerate(acts if isinstance(acts, list) else []):
            if isinstance(act, str) and act not in regime.acts:
                errors.append(FieldError(f"{name}.acts[{j}]", f"{act!r} is not a prohibited act"))
        try:
            row = IncidentRow.model_validate(raw)
        except ValidationError as exc:
            errors.extend(e for e in field_errors(exc, (name,)) if not _act_pattern(e, acts))
            continue
        if str(row.id) in seen:
            errors.append(FieldError(f"{name}.id", "is used by an earlier incident"))
        seen.add(str(row.id))
        if len(set(row.acts)) != len(row.acts):
            errors.append(FieldError(f"{name}.acts", "must not repeat an act"))
        out.append(row)
    if errors:
        raise InvalidInput(errors)
    return out


def _act_pattern(error: FieldError, acts: Any) -> bool:
    """A pattern error on an act already reported as unknown."""
    return ".acts[" in error.loc and error.rule.startswith("must match") and isinstance(acts, list)


def _name(raw: Any, i: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str | int) and str(raw["id"]).strip():
        return f"incident {str(raw['id'])[:60]}"
    return f"incidents[{i}]"


def read(file: Path) -> Any:
    """The ``incidents`` list of an assessment file."""
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput.field("FILE", f"cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput.field("FILE", f"is not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(doc, dict) or "incidents" not in doc:
        raise InvalidInput.field("FILE", 'must be {"incidents": [...]}')
    return doc["incidents"]


def rate_rows(
    rows: Sequence[IncidentRow], regime: IncidentRegime
) -> list[tuple[IncidentRow, Rated]]:
    """Each row with its level and reasons."""
    return [(row, rate(row.facts(), regime)) for row in rows]


def as_dicts(rated: Sequence[tuple[IncidentRow, Rated]]) -> list[dict[str, Any]]:
    """``[{"id", "severity", "reasons"}]``."""
    return [{"id": row.id, "severity": r.level, "reasons": list(r.reasons)} for row, r in rated]


def findings(rated: Sequence[tuple[IncidentRow, Rated]]) -> list[FindingDraft]:
    """The rated incidents as findings, for ``--fail-on``."""
    return [
        FindingDraft(
            obligation="incident.severity",
            flag=r.level.lower(),
            severity=LEVEL_SEVERITY.get(r.level, Severity.LOW),
            members=(),
            subjects=(f"incident {row.id}",),
            summary=f"Incident {row.id}: {r.level} ({'; '.join(r.reasons)}).",
        )
        for row, r in rated
    ]


def assess(file: Path, charter: Charter) -> list[tuple[IncidentRow, Rated]]:
    """The command's pure part: read the file and rate every incident."""
    regime = regime_of(charter)
    return rate_rows(validate_rows(read(file), regime), regime)
