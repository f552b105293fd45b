"""The versioned list of disputed maritime features (``data/features-v1.toml``).

>>> f = load_features()["scarborough-shoal"]
>>> f.name, f.lat, f.lon
('Scarborough Shoal', 15.15, 117.76)
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from cosec.errors import InvalidInput

FEATURES_FILE = "features-v1.toml"


@dataclass(frozen=True, slots=True)
class Feature:
    """A named feature at a point; ``precision_deg`` says how well the point is known."""

    id: str
    name: str
    group: str
    lat: float
    lon: float
    precision_deg: float
    version: int


@cache
def load_features(filename: str = FEATURES_FILE) -> dict[str, Feature]:
    """The features of a list shipped in ``cosec.geo.data``, by id."""
    text = files("cosec.geo.data").joinpath(filename).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    version = int(data["version"])
    precision = float(data["precision_deg"])
    return {
        f["id"]: Feature(
            id=f["id"],
            name=f["name"],
            group=f["group"],
            lat=float(f["lat"]),
            lon=float(f["lon"]),
            precision_deg=precision,
            version=version,
        )
        for f in data["feature"]
    }


def find_features(names: Sequence[str]) -> list[Feature]:
    """Features by id or by name (case-insensitive); unknown ones are an input error."""
    known = load_features()
    by_name = {f.name.lower(): f for f in known.values()}
    out = []
    for name in names:
        key = name.strip().lower()
        feature = known.get(key) or by_name.get(key)
        if feature is None:
            raise InvalidInput.field(
                "feature", f"unknown feature {name!r} (known: {', '.join(sorted(known))})"
            )
        out.append(feature)
    return out
