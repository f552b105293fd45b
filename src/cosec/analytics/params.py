"""Parameters of each event kind, with their defaults and their sources.

Defaults follow Global Fishing Watch's published definitions where one exists (marked
[checked] in ../shared/domain/README.md §7) and are our own design otherwise. Every
parameter is validated on construction; a bad value raises
:class:`~cosec.errors.InvalidInput` naming the field and the rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from cosec.errors import FieldError, InvalidInput

NM = 1852.0
HOUR = 3600.0

EventKind = Literal["encounters", "rendezvous", "gaps", "loitering", "near-coast"]
EVENT_KINDS: tuple[EventKind, ...] = ("encounters", "rendezvous", "gaps", "loitering", "near-coast")


def _check(obj: object, rules: list[tuple[str, bool, str]]) -> None:
    errors = [FieldError(name, rule) for name, ok, rule in rules if not ok]
    if errors:
        raise InvalidInput(errors, source=type(obj).__name__)


@dataclass(frozen=True, slots=True)
class EncounterParams:
    """Close encounters: continuous CPA below ``max_distance_m``.

    ``max_gap_s``: a track is not interpolated across a longer reporting gap.
    ``cell_m``: bucket cell size (tuning only; results do not depend on it).
    """

    max_distance_m: float = 500.0
    max_gap_s: float = 1 * HOUR
    cell_m: float | None = None

    def __post_init__(self) -> None:
        _check(
            self,
            [
                ("max_distance_m", self.max_distance_m > 0, "must be positive"),
                ("max_distance_m", self.max_distance_m <= 100_000, "must be at most 100000 m"),
                ("max_gap_s", self.max_gap_s > 0, "must be positive"),
                ("cell_m", self.cell_m is None or self.cell_m > 0, "must be positive"),
            ],
        )


@dataclass(frozen=True, slots=True)
class RendezvousParams:
    """Ship-to-ship meetings, Global Fishing Watch's definition [checked]: within
    ``max_distance_m`` for at least ``min_duration_s`` at median speeds below
    ``max_median_speed_kn``, at least ``min_anchorage_distance_m`` from an anchorage;
    episodes less than ``join_gap_s`` apart merge.

    ``anchorages``: (lat, lon) pairs; when None they are derived from the data: cells of
    ``anchorage_cell_deg`` where at least ``anchorage_min_vessels`` distinct vessels
    reported a speed below 0.5 kn (GFW derives its anchorages the same way, over years).
    """

    max_distance_m: float = 500.0
    min_duration_s: float = 2 * HOUR
    max_median_speed_kn: float = 2.0
    join_gap_s: float = 4 * HOUR
    min_anchorage_distance_m: float = 10_000.0
    max_gap_s: float = 1 * HOUR
    anchorages: tuple[tuple[float, float], ...] | None = None
    anchorage_min_vessels: int = 20
    anchorage_cell_deg: float = 0.01

    def __post_init__(self) -> None:
        _check(
            self,
            [
                ("max_distance_m", 0 < self.max_distance_m <= 100_000, "must be in (0, 100000]"),
                ("min_duration_s", self.min_duration_s >= 0, "must not be negative"),
                ("max_median_speed_kn", self.max_median_speed_kn > 0, "must be positive"),
                ("join_gap_s", self.join_gap_s >= 0, "must not be negative"),
                (
                    "min_anchorage_distance_m",
                    self.min_anchorage_distance_m >= 0,
                    "must not be negative",
                ),
                ("max_gap_s", self.max_gap_s > 0, "must be positive"),
                ("anchorage_min_vessels", self.anchorage_min_vessels >= 1, "must be at least 1"),
                ("anchorage_cell_deg", self.anchorage_cell_deg > 0, "must be positive"),
            ],
        )


@dataclass(frozen=True, slots=True)
class GapParams:
    """AIS gaps, Global Fishing Watch [checked]: no report for ``min_gap_s`` (6 h) or
    more; a suspected deliberate switch-off: ``switch_off_gap_s`` (12 h) or more,
    starting more than ``switch_off_min_shore_m`` (50 nm) from shore, where reception is
    good: at least ``min_reports_before`` reports in the ``reception_window_s`` before
    the gap (our proxy for GFW's reception model; 14 in 12 h [design])."""

    min_gap_s: float = 6 * HOUR
    switch_off_gap_s: float = 12 * HOUR
    switch_off_min_shore_m: float = 50 * NM
    reception_window_s: float = 12 * HOUR
    min_reports_before: int = 14

    def __post_init__(self) -> None:
        _check(
            self,
            [
                ("min_gap_s", self.min_gap_s > 0, "must be positive"),
                (
                    "switch_off_gap_s",
                    self.switch_off_gap_s >= self.min_gap_s,
                    "must be at least min_gap_s",
                ),
                (
                    "switch_off_min_shore_m",
                    self.switch_off_min_shore_m >= 0,
                    "must not be negative",
                ),
                ("reception_window_s", self.reception_window_s > 0, "must be positive"),
                ("min_reports_before", self.min_reports_before >= 0, "must not be negative"),
            ],
        )


@dataclass(frozen=True, slots=True)
class LoiteringParams:
    """Loitering, Global Fishing Watch [checked]: average speed below ``max_speed_kn``
    (2 kn) at least ``min_shore_distance_m`` (20 nm) from shore; events shorter than
    ``min_duration_s`` (1 h [design]) are not reported."""

    max_speed_kn: float = 2.0
    min_shore_distance_m: float = 20 * NM
    min_duration_s: float = 1 * HOUR
    max_gap_s: float = 1 * HOUR

    def __post_init__(self) -> None:
        _check(
            self,
            [
                ("max_speed_kn", self.max_speed_kn > 0, "must be positive"),
                ("min_shore_distance_m", self.min_shore_distance_m >= 0, "must not be negative"),
                ("min_duration_s", self.min_duration_s >= 0, "must not be negative"),
                ("max_gap_s", self.max_gap_s > 0, "must be positive"),
            ],
        )


@dataclass(frozen=True, slots=True)
class NearCoastParams:
    """Time spent within ``within_m`` of the coast of ``states`` (ADM0_A3 codes) or of
    listed ``features`` (ids or names in the feature file). ``dependencies`` adds the
    units a state is sovereign of."""

    states: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    within_m: float = 12 * NM
    max_gap_s: float = 1 * HOUR
    dependencies: bool = False

    def __post_init__(self) -> None:
        _check(
            self,
            [
                ("states", bool(self.states) or bool(self.features), "name a state or a feature"),
                ("within_m", 0 < self.within_m <= 500 * NM, "must be in (0, 500 nm]"),
                ("max_gap_s", self.max_gap_s > 0, "must be positive"),
            ],
        )


Params = EncounterParams | RendezvousParams | GapParams | LoiteringParams | NearCoastParams

PARAMS_OF: dict[str, type[Any]] = {
    "encounters": EncounterParams,
    "rendezvous": RendezvousParams,
    "gaps": GapParams,
    "loitering": LoiteringParams,
    "near-coast": NearCoastParams,
}


def params_for(kind: str, values: Mapping[str, Any] | Params | None = None) -> Params:
    """Parameters of an event kind from a mapping (unknown keys are an input error)."""
    if kind not in PARAMS_OF:
        raise InvalidInput.field("kind", f"must be one of {', '.join(EVENT_KINDS)}")
    cls = PARAMS_OF[kind]
    if values is None:
        return cls()  # type: ignore[no-any-return]
    if isinstance(values, cls):
        return values  # type: ignore[no-any-return]
    if not isinstance(values, Mapping):
        raise InvalidInput.field("params", f"must be a mapping or {cls.__name__}")
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise InvalidInput.field(unknown[0], "unknown parameter", source=cls.__name__)
    data = dict(values)
    for key in ("states", "features"):
        if key in data and data[key] is not None:
            data[key] = tuple(data[key])
    if data.get("anchorages") is not None:
        data["anchorages"] = tuple((float(a), float(b)) for a, b in data["anchorages"])
    return cls(**data)  # type: ignore[no-any-return]


def describe(params: Params) -> dict[str, Any]:
    """Parameters as plain data, for a results file's metadata."""
    out = dataclasses.asdict(params)
    if out.get("anchorages") is not None:
        out["anchorages"] = f"{len(out['anchorages'])} given"
    return out
