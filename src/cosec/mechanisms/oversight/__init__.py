"""Oversight of North Korea's nuclear and missile programmes and of the sanctions: the
versioned list of designated vessels and entities, the programme's tests and launches, the
tracks' ship-to-ship meetings, dark periods and coast approaches judged against the list in
force at the time, and the refined-petroleum cap."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cosec.mechanisms.oversight.registration import OBLIGATIONS, mechanism

__all__ = ["OBLIGATIONS", "mechanism"]


def __getattr__(name: str) -> object:
    """The registration's names, imported on first use (``cosec --help`` reads only
    :mod:`cosec.mechanisms.oversight.about`, not the records)."""
    if name in __all__:
        from cosec.mechanisms.oversight import registration

        return getattr(registration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
