"""Charters as data: the mechanism's members, bodies and rules, loaded from TOML."""

from cosec.charter.loader import available_profiles, load_charter, load_profile, parse_charter
from cosec.charter.models import Body, Charter, Member, RegimeBase

__all__ = [
    "Body",
    "Charter",
    "Member",
    "RegimeBase",
    "available_profiles",
    "load_charter",
    "load_profile",
    "parse_charter",
]
