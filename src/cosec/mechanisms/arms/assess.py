"""The arms rules on a file, with no database: ``cosec arms assess FILE``.

The file (issue 12)::

    {"year": 2025, "as_of": "2026-07-01",
     "returns": [{"member": "CHN", "year": 2025, "submitted": "2026-05-20", "nil": false,
                  "exports": [{"to": "IDN", "category": "I", "units": 12}],
                  "imports": [{"from": "RUS", "category": "IV", "units": 4}]}]}

Every return covers the file's year. The output is one row per finding:
``{"flag", "members": [exporter, importer] or [member], "category" (mirror checks only),
"year"}``. Bad input names the return, the line and the field (``return 2.exports line
3.units``) and judges nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from cosec.kit import (
    MAX_ITEMS,
    Charter,
    FieldError,
    FindingDraft,
    InvalidInput,
    MemberCode,
    RecordDateTime,
    RecordModel,
    field_errors,
)
from cosec.mechanisms.arms.context import ArmsContext, Filed, summed
from cosec.mechanisms.arms.obligations import check_mirror, check_returns
from cosec.mechanisms.arms.records import Category, Units, Year
from cosec.mechanisms.arms.regime import ArmsRegime

COLUMNS = ("flag", "members", "category", "year")
MAX_RETURNS = 10_000


class ExportLine(RecordModel):
    """An export line of a file's return."""

    to: MemberCode
    category: Category
    units: Units
    description: str = ""


class ImportLine(RecordModel):
    """An import line of a file's return (``from`` in the file)."""

    from_: MemberCode = Field(alias="from")
    category: Category
    units: Units
    description: str = ""


class FileReturn(RecordModel):
    """One return of the file."""

    member: MemberCode
    year: Year
    submitted: date | RecordDateTime
    nil: bool = False
    exports: Annotated[tuple[ExportLine, ...], Field(max_length=MAX_ITEMS)] = ()
    imports: Annotated[tuple[ImportLine, ...], Field(max_length=MAX_ITEMS)] = ()


class FileHead(RecordModel):
    """The file's year and day of judgement."""

    year: Year
    as_of: date | RecordDateTime | None = None
    returns: Annotated[tuple[dict[str, Any], ...], Field(max_length=MAX_RETURNS)]


_LINE = re.compile(r"(exports|imports)\[(\d+)\]")


def _named(errors: list[FieldError], n: int, member: str) -> Iterator[FieldError]:
    who = f"return {n}" + (f" ({member})" if member else "")
    for e in errors:
        loc = _LINE.sub(lambda m: f"{m[1]} line {int(m[2]) + 1}", e.loc).replace("from_", "from")
        yield FieldError(f"{who}.{loc}" if loc else who, e.rule)


def _instant(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class ArmsFile:
    """A file read and checked: its year, its day of judgement, its returns."""

    year: int
    as_of: datetime | None
    returns: dict[tuple[str, int], Filed]


def read(data: Any, charter: Charter) -> ArmsFile:
    """Check a parsed file against the charter; one :class:`InvalidInput` names every bad
    return, line and field."""
    try:
        head = FileHead.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from None
    members = charter.regime_members("arms")
    if members == ():
        raise InvalidInput.field("--charter", f"{charter.id} has no arms regime")
    errors: list[FieldError] = []
    returns: dict[tuple[str, int], Filed] = {}
    where: dict[str, int] = {}
    for n, raw in enumerate(head.returns, start=1):
        member = str(raw.get("member", "")) if isinstance(raw, Mapping) else ""
        try:
            ret = FileReturn.model_validate(raw)
        except ValidationError as exc:
            errors.extend(_named(field_errors(exc), n, member))
            continue
        own: list[FieldError] = []
        if members is not None and ret.member not in members:
            own.append(
                FieldError("member", f"{ret.member} is not a member of {charter.id}'s arms regime")
            )
        if ret.year != head.year:
            own.append(FieldError("year", f"must be {head.year}, the year the file judges"))
        if ret.member in where:
            own.append(
                FieldError(
                    "member", f"{ret.member} already has a return (return {where[ret.member]})"
                )
            )
        if ret.nil and (ret.exports or ret.imports):
            own.append(FieldError("nil", "a nil return lists no exports or imports"))
        if not ret.nil and not (ret.exports or ret.imports):
            own.append(FieldError("nil", "must be true for a return with no lines"))
        for i, x in enumerate(ret.exports):
            if x.to == ret.member:
                own.append(FieldError(f"exports[{i}].to", "must be another state"))
        for i, y in enumerate(ret.imports):
            if y.from_ == ret.member:
                own.append(FieldError(f"imports[{i}].from", "must be another state"))
        if own:
            errors.extend(_named(own, n, ret.member))
            continue
        where[ret.member] = n
        returns[(ret.member, ret.year)] = Filed(
            member=ret.member,
            year=ret.year,
            first_at=_instant(ret.submitted),
            nil=ret.nil,
            exports=summed((x.to, x.category, x.units) for x in ret.exports),
            imports=summed((x.from_, x.category, x.units) for x in ret.imports),
            label=f"return {n}",
        )
    if errors:
        raise InvalidInput(errors)
    return ArmsFile(head.year, _instant(head.as_of) if head.as_of is not None else None, returns)


def context_of(f: ArmsFile, charter: Charter, as_of: datetime) -> ArmsContext:
    """The rules' context over a file's returns."""
    regime = charter.regime("arms")
    if not isinstance(regime, ArmsRegime):
        raise InvalidInput.field("--charter", f"{charter.id} has no arms regime")
    named: dict[tuple[int, str], set[str]] = {}
    for filed in f.returns.values():
        for other in filed.counterparts:
            named.setdefault((filed.year, other), set()).add(filed.member)
    return ArmsContext(
        regime=regime,
        as_of=as_of,
        returns=f.returns,
        named_by=named,
        years=(f.year,),
        members=charter.regime_members("arms"),
        member_name=charter.member_name,
    )


def judge(ctx: ArmsContext) -> list[FindingDraft]:
    """Returns sent on time, and every transfer as both sides report it."""
    return [*check_returns(ctx), *check_mirror(ctx)]


def row_of(f: FindingDraft) -> dict[str, Any]:
    """A finding as the issue's output row."""
    row: dict[str, Any] = {"flag": f.flag, "members": list(f.members)}
    if "category" in f.details:
        row["category"] = f.details["category"]
    row["year"] = f.details["year"]
    return row


def assess_text(
    text: str, charter: Charter, as_of: datetime | None, default: datetime
) -> list[FindingDraft]:
    """A file's text judged as of ``as_of``, else the file's own day, else ``default``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.field(
            "file", f"is not valid JSON ({exc.msg}, line {exc.lineno})"
        ) from None
    f = read(data, charter)
    return judge(context_of(f, charter, as_of or f.as_of or default))


def assess_path(
    path: Path, charter: Charter, as_of: datetime | None, default: datetime
) -> list[FindingDraft]:
    """A file judged."""
    return assess_text(path.read_text(encoding="utf-8"), charter, as_of, default)
