"""Joint law-enforcement patrols (the Lancang-Mekong model): patrol plans and reports,
law-enforcement cases shared with the regime's members, and the duties to patrol, to
report and to share in time."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cosec.mechanisms.patrols.registration import OBLIGATIONS, RECORD_KINDS, mechanism

__all__ = ["OBLIGATIONS", "RECORD_KINDS", "mechanism"]


def __getattr__(name: str) -> object:
    """The registration's names, imported on first use (``cosec --help`` reads only
    :mod:`cosec.mechanisms.patrols.about`, not the records)."""
    if name in __all__:
        from cosec.mechanisms.patrols import registration

        return getattr(registration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
