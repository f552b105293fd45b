"""The status-quo rules on a file, with no database.

``cosec statusquo assess FILE`` reads a JSON array of rows, or CSV with the same columns;
each row has a ``type``:

- ``change``: ``feature, member, on, reported_on`` (default ``on``), ``area_ha``,
  ``facilities``, ``deployments``, ``description``;
- ``observation``: ``feature, imagery_date, area_ha, facilities, deployments, source``,
  ``member`` (who made what is seen, when not the holder);
- ``feature``: ``feature, name, claimants, occupant, as_of, area_ha, facilities,
  deployments``: replaces (or adds) a registry entry;
- ``public_good``: ``feature, member`` (who offers it), ``kind, name, joined_by``;
- ``approach``: ``feature, member, vessel, unit_kind, start, end, min_distance_nm``.

Counts are written ``hangar:32;radar:2`` in CSV (an object in JSON); lists of members
``VNM;MYS``. Every row is validated before any is judged; one error lists every bad row and
field. The shipped registry gives every listed feature its baseline.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cosec.kit import (
    MAX_ITEMS,
    Charter,
    FieldError,
    FindingDraft,
    InvalidInput,
    MemberCode,
    Name,
    Obligation,
    RecordDate,
    RecordDateTime,
    Text,
    field_errors,
)
from cosec.mechanisms.statusquo.facts import (
    Approach,
    Fact,
    FeatureFacts,
    FeatureInfo,
    Good,
    State,
    StatusQuoContext,
    plain,
)
from cosec.mechanisms.statusquo.records import Deployments, Facilities, FeatureId, Hectares
from cosec.mechanisms.statusquo.regime import StatusQuoRegime
from cosec.mechanisms.statusquo.registry import registry

MECHANISM = "statusquo"
COLUMNS = ("flag", "severity", "feature", "members", "subject", "summary", "rows")
TABLE_COLUMNS = ("flag", "severity", "feature", "members", "summary")


def _counts(value: Any) -> Any:
    """``"hangar:32;radar:2"`` → ``{"hangar": 32, "radar": 2}`` (objects pass through)."""
    if not isinstance(value, str):
        return value
    out: dict[str, Any] = {}
    for part in value.replace(",", ";").split(";"):
        if not part.strip():
            continue
        kind, sep, n = part.partition(":")
        if not sep:
            raise ValueError(f"{part.strip()!r} must read kind:count")
        out[kind.strip()] = n.strip()
    return out


def _codes(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(c.strip().upper() for c in value.replace(",", ";").split(";") if c.strip())
    return value


class Row(BaseModel):
    """One row of an assessment file (which fields a row needs depends on its ``type``)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    type: Literal["change", "observation", "feature", "public_good", "approach"]
    feature: FeatureId
    member: MemberCode | None = None
    on: RecordDate | None = None
    reported_on: RecordDate | None = None
    imagery_date: RecordDate | None = None
    as_of: RecordDate | None = None
    area_ha: Hectares | None = None
    facilities: Facilities = Field(default_factory=dict)
    deployments: Deployments = Field(default_factory=dict)
    description: Text = ""
    source: Name = ""
    name: Name = ""
    claimants: Annotated[tuple[MemberCode, ...], Field(max_length=MAX_ITEMS)] = ()
    occupant: MemberCode | None = None
    kind: Literal["lighthouse", "search_and_rescue", "weather_station", "other"] | None = None
    joined_by: Annotated[tuple[MemberCode, ...], Field(max_length=MAX_ITEMS)] = ()
    vessel: Annotated[str, Field(pattern=r"^([0-9]{9}|[0-9a-f]{6})$")] | None = None
    unit_kind: Literal["navy", "coast_guard", "other_government"] = "navy"
    start: RecordDateTime | None = None
    end: RecordDateTime | None = None
    min_distance_nm: Annotated[float, Field(ge=0, le=500)] | None = None

    _counts = field_validator("facilities", "deployments", mode="before")(_counts)
    _codes = field_validator("claimants", "joined_by", mode="before")(_codes)

    @field_validator("start", "end")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("must carry a UTC offset (2026-05-12T04:00:00Z)")
        return value


NEEDS: dict[str, tuple[str, ...]] = {
    "change": ("member", "on"),
    "observation": ("imagery_date",),
    "feature": ("name", "claimants", "as_of", "area_ha"),
    "public_good": ("member", "kind"),
    "approach": ("member", "vessel", "start", "end", "min_distance_nm"),
}
FIELDS = tuple(Row.model_fields)


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Raw rows of a JSON or CSV file (chosen by suffix, else by content)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput.field("FILE", f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput.field("FILE", f"{path} is not UTF-8 text") from exc
    if path.suffix.lower() == ".json" or text.lstrip()[:1] == "[":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput.field("FILE", f"not valid JSON: {exc}") from exc
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InvalidInput.field("FILE", "must be a JSON array of row objects")
        return data
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise InvalidInput.field("FILE", "the CSV file is empty")
    repeated = sorted(c for c, n in Counter(reader.fieldnames).items() if n > 1)
    if repeated:
        raise InvalidInput.field("FILE", f"column(s) {', '.join(repeated)} appear more than once")
    unknown = [c for c in reader.fieldnames if c not in FIELDS]
    if unknown:
        raise InvalidInput.field(
            "FILE", f"unknown column(s) {', '.join(unknown)}; columns are {', '.join(FIELDS)}"
        )
    rows = []
    for raw in reader:
        if None in raw:
            raise InvalidInput.field(f"row {reader.line_num - 1}", "has more cells than columns")
        rows.append({k: v.strip() for k, v in raw.items() if v is not None and v.strip() != ""})
    return rows


def validate_rows(raw: Sequence[dict[str, Any]], charter: Charter) -> list[Row]:
    """Every row checked; one :class:`InvalidInput` naming each bad row and field."""
    regime = regime_of(charter)
    known = set(registry(regime.registry)) | {
        r.get("feature") for r in raw if r.get("type") == "feature"
    }
    errors: list[FieldError] = []
    rows: list[Row] = []
    for n, data in enumerate(raw, start=1):
        try:
            row: Row | None = Row.model_validate(data)
        except ValidationError as exc:
            errors.extend(field_errors(exc, (f"row {n}",)))
            row = None
        kind = data.get("type")
        for name in NEEDS.get(kind if isinstance(kind, str) else "", ()):
            if data.get(name) in (None, "", (), []):
                errors.append(FieldError(f"row {n}.{name}", f"is required in a {kind} row"))
        feature = data.get("feature")
        if isinstance(feature, str) and feature not in known:
            errors.append(
                FieldError(
                    f"row {n}.feature",
                    f"{feature!r} is not in {regime.registry}; add a feature row first",
                )
            )
        errors.extend(_not_members(data, n, charter))
        if row is None:
            continue
        if row.start and row.end and row.end < row.start:
            errors.append(FieldError(f"row {n}.end", "must not be before start"))
        rows.append(row)
    if not raw:
        errors.append(FieldError("FILE", "holds no rows"))
    if errors:
        raise InvalidInput(errors)
    return rows


def _not_members(data: dict[str, Any], n: int, charter: Charter) -> list[FieldError]:
    errors = []
    for name in ("member", "joined_by"):
        value = data.get(name)
        codes = _codes(value) if isinstance(value, str) else value
        if name == "member" and isinstance(value, str):
            codes = (value.strip().upper(),)
        for code in codes if isinstance(codes, list | tuple) else ():
            if isinstance(code, str) and len(code) == 3 and not charter.is_member(code):
                errors.append(FieldError(f"row {n}.{name}", f"{code} is not a charter member"))
    return errors


def regime_of(charter: Charter) -> StatusQuoRegime:
    """The charter's status-quo regime (an input error if it has none)."""
    regime = charter.regime(MECHANISM)
    if not isinstance(regime, StatusQuoRegime):
        raise InvalidInput.field("--charter", f"{charter.id} has no status-quo regime")
    return regime


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def context_from_rows(rows: Sequence[Row], charter: Charter, as_of: datetime) -> StatusQuoContext:
    """The facts of a file, over the shipped registry."""
    regime = regime_of(charter)
    infos: dict[str, FeatureInfo] = {
        fid: f.info(regime.status_quo_date) for fid, f in registry(regime.registry).items()
    }
    facts: dict[str, list[Fact]] = defaultdict(list)
    goods: dict[str, list[Good]] = defaultdict(list)
    approaches: list[Approach] = []
    for n, row in enumerate(rows, start=1):
        key = f"row {n}"
        if row.type == "feature":
            assert row.as_of is not None
            assert row.area_ha is not None
            infos[row.feature] = FeatureInfo(
                id=row.feature,
                name=row.name,
                claimants=row.claimants,
                occupant=row.occupant,
                baseline=State(
                    row.area_ha,
                    MappingProxyType(plain(row.facilities)),
                    MappingProxyType(plain(row.deployments)),
                ),
                baseline_as_of=row.as_of,
                baseline_source=row.source,
                evidence=(n,),
            )
        elif row.type in ("change", "observation"):
            day = row.on if row.type == "change" else row.imagery_date
            assert day is not None
            logged = row.reported_on or day
            facts[row.feature].append(
                Fact(
                    key=key,
                    source=row.type,
                    feature=row.feature,
                    on=day,
                    logged=_noon(logged),
                    area_ha=row.area_ha,
                    facilities=plain(row.facilities),
                    deployments=plain(row.deployments),
                    member=row.member,
                    evidence=(n,),
                    label=row.description or row.source,
                )
            )
        elif row.type == "public_good":
            assert row.member is not None
            assert row.kind is not None
            goods[row.feature].append(
                Good(
                    key=key,
                    kind=row.kind,
                    name=row.name,
                    feature=row.feature,
                    offered_by=row.member,
                    joined_by=frozenset(row.joined_by),
                    evidence=(n,),
                )
            )
        else:
            assert row.member is not None
            assert row.vessel is not None
            assert row.start is not None
            assert row.end is not None
            assert row.min_distance_nm is not None
            approaches.append(
                Approach(
                    key=f"approach:{key}",
                    feature=row.feature,
                    member=row.member,
                    vessel=row.vessel,
                    unit_kind=row.unit_kind,
                    unit_name=row.name,
                    start=row.start,
                    end=row.end,
                    min_distance_m=row.min_distance_nm * 1852.0,
                    evidence=(n,),
                    domain="sea" if row.vessel.isdigit() else "air",
                )
            )
    features = {
        fid: FeatureFacts(info, tuple(facts.get(fid, ())), tuple(goods.get(fid, ())))
        for fid, info in infos.items()
    }
    return StatusQuoContext(
        regime=regime,
        as_of=as_of,
        features=features,
        approaches=approaches,
        members=charter.regime_members(MECHANISM),
        member_name=charter.member_name,
    )


def assess(
    rows: Sequence[Row],
    *,
    charter: Charter,
    obligations: Sequence[Obligation[StatusQuoContext]],
    as_of: datetime,
) -> tuple[list[dict[str, Any]], list[FindingDraft]]:
    """The findings of a file, as rows to print and as drafts."""
    ctx = context_from_rows(rows, charter, as_of)
    regime = ctx.regime
    enabled = set(regime.obligations) if regime.obligations is not None else None
    drafts = [
        d for ob in obligations if enabled is None or ob.id in enabled for d in ob.evaluate(ctx)
    ]
    out = [
        {
            "flag": d.flag,
            "severity": d.severity.value,
            "feature": d.details.get("feature", ""),
            "members": list(d.members),
            "subject": d.subjects[0] + (f" ({d.aspect})" if d.aspect else ""),
            "summary": d.summary,
            "rows": sorted(set(d.evidence)),
        }
        for d in drafts
    ]
    return out, drafts
