"""The shipped feature registry (``data/registry-v1.toml``): claimants, holders, baselines.

>>> f = registry("registry-v1")["mischief-reef"]
>>> f.occupant, f.baseline_on(date(2025, 11, 1)).area_ha
('CHN', 558.0)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from cosec.mechanisms.statusquo.facts import FeatureInfo, State
from cosec.mechanisms.statusquo.records import Baseline


@dataclass(frozen=True, slots=True)
class RegistryFeature:
    """A feature as the shipped registry lists it, with its dated baselines."""

    id: str
    name: str
    group: str
    claimants: tuple[str, ...]
    occupant: str | None
    baselines: tuple[Baseline, ...]
    """Oldest first."""
    note: str
    registry: str

    def baseline_on(self, day: date) -> Baseline:
        """The latest baseline on or before ``day`` (the earliest if all are later)."""
        chosen = self.baselines[0]
        for b in self.baselines:
            if b.as_of <= day:
                chosen = b
        return chosen

    def info(self, status_quo_date: date) -> FeatureInfo:
        """The registry entry as the rules read it under a status-quo date."""
        b = self.baseline_on(status_quo_date)
        return FeatureInfo(
            id=self.id,
            name=self.name,
            group=self.group,
            claimants=self.claimants,
            occupant=self.occupant,
            baseline=state_of(b),
            baseline_as_of=b.as_of,
            baseline_source=b.source,
            registry=self.registry,
            note=self.note,
        )


def state_of(b: Baseline) -> State:
    """A baseline as a :class:`State` (kinds with a zero count dropped)."""
    return State(
        area_ha=b.area_ha,
        facilities=MappingProxyType({k: v for k, v in b.facilities.items() if v}),
        deployments=MappingProxyType({k: v for k, v in b.deployments.items() if v}),
    )


@cache
def registry(name: str = "registry-v1") -> dict[str, RegistryFeature]:
    """The features of a shipped registry, by id."""
    text = (files("cosec.mechanisms.statusquo") / "data" / f"{name}.toml").read_text(
        encoding="utf-8"
    )
    data = tomllib.loads(text)
    out: dict[str, RegistryFeature] = {}
    for f in data["feature"]:
        baselines = tuple(
            sorted((Baseline.model_validate(b) for b in f["baseline"]), key=lambda b: b.as_of)
        )
        out[f["id"]] = RegistryFeature(
            id=f["id"],
            name=f["name"],
            group=f.get("group", ""),
            claimants=tuple(f["claimants"]),
            occupant=f.get("occupant") or None,
            baselines=baselines,
            note=f.get("note", ""),
            registry=name,
        )
    return out
