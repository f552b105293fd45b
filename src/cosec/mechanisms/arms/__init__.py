"""The annual information exchange: arms transfers by UN Register category, military
expenditure, deadlines, mirror checks between exporters' and importers' returns, and each
member's transparency index (domain §5; docs/arms.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cosec.mechanisms.arms.registration import OBLIGATIONS, RECORD_KINDS, mechanism

__all__ = ["OBLIGATIONS", "RECORD_KINDS", "mechanism"]


def __getattr__(name: str) -> object:
    """The registration's names, imported on first use (``cosec --help`` reads only
    :mod:`cosec.mechanisms.arms.about`, not the records)."""
    if name in __all__:
        from cosec.mechanisms.arms import registration

        return getattr(registration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
