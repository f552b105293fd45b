"""The presence rules on files, with no database: the vessels file, and the episodes
measured on a positions file (by :mod:`.measure`) judged by the same obligations.

``VESSELS.csv`` has the columns ``mmsi,member,kind,name``: ``mmsi`` a ship's 9-digit MMSI
(or an aircraft's 6-hex-digit ICAO address), ``member`` a member of the charter's regime
(blank: the flag its MMSI's first three digits give), ``kind`` ``navy``, ``coast_guard``
or ``other_government``, ``name`` free text. Every bad row is named in one error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from cosec.kit import Charter, FieldError, FindingDraft, InvalidInput, Obligation, flag_of_mmsi
from cosec.mechanisms.coasts.episodes import CoastsContext, Episode, Unit, totals
from cosec.mechanisms.coasts.regime import CoastsRegime

MECHANISM = "coasts"
VESSEL_COLUMNS = ("mmsi", "member", "kind", "name")
KINDS = ("navy", "coast_guard", "other_government")


def regime_of(charter: Charter) -> CoastsRegime:
    """The charter's presence regime (an input error if it has none)."""
    regime = charter.regime(MECHANISM)
    if not isinstance(regime, CoastsRegime):
        raise InvalidInput.field("--charter", f"{charter.id} has no coasts regime")
    return regime


def read_vessels(path: Path, charter: Charter) -> dict[str, Unit]:
    """The state units of a vessels file, by MMSI (or ICAO address)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput.field("--vessels", f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput.field("--vessels", f"{path} is not UTF-8 text") from exc
    return parse_vessels(text, charter)


def parse_vessels(text: str, charter: Charter) -> dict[str, Unit]:
    """The units of a vessels CSV; one :class:`InvalidInput` naming every bad row."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or ()]
    missing = [c for c in VESSEL_COLUMNS[:3] if c not in header]
    if missing:
        raise InvalidInput.field(
            "--vessels",
            f"needs the columns {', '.join(VESSEL_COLUMNS)}; missing {', '.join(missing)}",
        )
    members = charter.regime_members(MECHANISM)
    units: dict[str, Unit] = {}
    errors: list[FieldError] = []
    for n, raw in enumerate(reader, start=1):
        if None in raw:
            errors.append(FieldError(f"row {n}", "has more cells than columns"))
            continue
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items()}
        ident = row.get("mmsi", "").lower()
        member = row.get("member", "").upper()
        kind = row.get("kind", "").lower()
        if not (len(ident) == 9 and ident.isdigit()) and not (
            len(ident) == 6 and all(c in "0123456789abcdef" for c in ident)
        ):
            errors.append(
                FieldError(f"row {n}.mmsi", "must be a 9-digit MMSI or a 6-hex-digit ICAO address")
            )
            continue
        if not member:
            member = flag_of_mmsi(ident) or ""
            if not member:
                errors.append(
                    FieldError(f"row {n}.member", "is blank and the MMSI gives no known flag")
                )
                continue
        if members is not None and member not in members:
            errors.append(
                FieldError(f"row {n}.member", f"{member} is not a member of the {MECHANISM} regime")
            )
        if kind not in KINDS:
            errors.append(FieldError(f"row {n}.kind", f"must be one of {', '.join(KINDS)}"))
        if ident in units:
            errors.append(FieldError(f"row {n}.mmsi", f"{ident} is listed twice"))
        if len(row.get("name", "")) > 200:
            errors.append(FieldError(f"row {n}.name", "must be at most 200 characters"))
        units[ident] = Unit(member=member, kind=kind, name=row.get("name", ""))
    if errors:
        raise InvalidInput(errors)
    if not units:
        raise InvalidInput.field("--vessels", "lists no vessels")
    return units


def judge(
    episodes: Sequence[Episode],
    *,
    charter: Charter,
    obligations: Sequence[Obligation[CoastsContext]],
    as_of: datetime,
) -> list[FindingDraft]:
    """The presence findings of measured episodes."""
    regime = regime_of(charter)
    ctx = CoastsContext(
        regime_distance_nm=regime.distance_nm,
        as_of=as_of,
        episodes=episodes,
        years=totals(episodes),
        member_name=charter.member_name,
        since=charter.effective_from,
    )
    enabled = set(regime.obligations) if regime.obligations is not None else None
    return [
        d for ob in obligations if enabled is None or ob.id in enabled for d in ob.evaluate(ctx)
    ]


EPISODE_COLUMNS = (
    "member",
    "coastal_state",
    "mmsi",
    "start",
    "end",
    "duration_h",
    "min_distance_nm",
)


def episode_rows(episodes: Sequence[Episode]) -> list[dict[str, Any]]:
    """The episodes as ``cosec coasts assess`` prints them."""
    return [e.as_row() for e in episodes]
