"""The oversight rules on files, with no database: a designated list and the events
measured on a positions file (by :mod:`.measure`) judged by the same obligations.

``LIST.csv`` has the columns ``mmsi,imo,name,listed_on,source``: ``mmsi`` a 9-digit MMSI
(blank for a vessel known only by its IMO number, which AIS tracks cannot match), ``imo``
a 7-digit IMO number with a valid check digit (blank if unknown; one of the two is
needed), ``name`` the vessel's name, ``listed_on`` the day it was listed (YYYY-MM-DD),
``source`` who listed it (``UN 1718 Committee``, a member's national list). One
:class:`InvalidInput` names every bad row and field (``row 3.listed_on``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cosec.kit import (
    Charter,
    FieldError,
    FindingDraft,
    InvalidInput,
    Obligation,
    field_errors,
    flag_of_mmsi,
)
from cosec.mechanisms.oversight.events import OversightContext, SeenEvent
from cosec.mechanisms.oversight.lists import DesignatedList, Listing
from cosec.mechanisms.oversight.records import Designation
from cosec.mechanisms.oversight.regime import OversightRegime

MECHANISM = "oversight"
LIST_COLUMNS = ("mmsi", "imo", "name", "listed_on", "source")
MAX_ROWS = 100_000


def regime_of(charter: Charter) -> OversightRegime:
    """The charter's oversight regime (an input error if it has none)."""
    regime = charter.regime(MECHANISM)
    if not isinstance(regime, OversightRegime):
        raise InvalidInput.field("--charter", f"{charter.id} has no oversight regime")
    return regime


def read_list(path: Path) -> DesignatedList:
    """The designations of a list file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput.field("--designated", f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput.field("--designated", f"{path} is not UTF-8 text") from exc
    return parse_list(text)


def parse_rows(text: str) -> list[tuple[int, Designation]]:
    """The rows of a list CSV as designations, numbered from 1 after the header; one
    :class:`InvalidInput` naming every bad row."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or ()]
    missing = [c for c in LIST_COLUMNS if c not in header]
    if missing:
        raise InvalidInput.field(
            "--designated",
            f"needs the columns {', '.join(LIST_COLUMNS)}; missing {', '.join(missing)}",
        )
    out: list[tuple[int, Designation]] = []
    errors: list[FieldError] = []
    for n, raw in enumerate(reader, start=1):
        if n > MAX_ROWS:
            errors.append(FieldError("--designated", f"has more than {MAX_ROWS} rows"))
            break
        if None in raw:
            errors.append(FieldError(f"row {n}", "has more cells than columns"))
            continue
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        data = {c: row.get(c, "") for c in LIST_COLUMNS}
        try:
            out.append((n, Designation.model_validate(data | {"subject": "vessel"})))
        except ValidationError as exc:
            errors.extend(field_errors(exc, (f"row {n}",)))
    if errors:
        raise InvalidInput(errors)
    return out


def parse_list(text: str) -> DesignatedList:
    """A list CSV as a designated list (keys: row numbers)."""
    listed = DesignatedList()
    for n, d in parse_rows(text):
        listed.add(
            Listing(
                key=n,
                name=d.name,
                mmsi=d.mmsi,
                imo=d.imo,
                listed_on=d.listed_on,
                source=d.source,
                from_file=True,
            )
        )
    return listed


def judge(
    events: Sequence[SeenEvent],
    listed: DesignatedList,
    *,
    charter: Charter,
    obligations: Sequence[Obligation[OversightContext]],
    as_of: datetime,
    flag_of: Callable[[str, datetime], str | None] | None = None,
) -> list[FindingDraft]:
    """The oversight findings of measured events under a list."""
    regime = regime_of(charter)
    ctx = OversightContext(
        regime=regime,
        as_of=as_of,
        listed=listed,
        events=events,
        members=charter.regime_members(MECHANISM),
        member_name=charter.member_name,
        flag_of=flag_of or (lambda v, _t: flag_of_mmsi(v)),
    )
    enabled = set(regime.obligations) if regime.obligations is not None else None
    found = [
        d for ob in obligations if enabled is None or ob.id in enabled for d in ob.evaluate(ctx)
    ]
    return sorted(found, key=lambda f: (f.details.get("start", ""), f.flag, f.subjects))


FINDING_COLUMNS = (
    "flag",
    "vessels",
    "start",
    "end",
    "hours",
    "lat",
    "lon",
    "in_watch_zone",
    "severity",
    "designated",
    "listed_later",
    "summary",
)
TABLE_COLUMNS = ("flag", "vessels", "start", "hours", "lat", "lon", "severity")


def _z(text: Any) -> str:
    return str(text).replace("+00:00", "Z")


def finding_row(f: FindingDraft) -> dict[str, Any]:
    """A finding as ``cosec oversight assess`` prints it (JSON: lists kept as lists)."""
    d = f.details
    return {
        "flag": f.flag,
        "vessels": [int(v) for v in d.get("vessels", ())],
        "start": _z(d.get("start", "")),
        "end": _z(d.get("end", "")),
        "hours": d.get("hours"),
        "lat": d.get("lat"),
        "lon": d.get("lon"),
        "in_watch_zone": d.get("in_watch_zone"),
        "severity": f.severity.value,
        "obligation": f.obligation,
        "designated": d.get("designated", []),
        "listed_later": d.get("listed_later", []),
        "min_distance_m": d.get("min_distance_m"),
        "members": list(f.members),
        "summary": f.summary,
    }
