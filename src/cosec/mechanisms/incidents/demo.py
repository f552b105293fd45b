"""The incidents' part of the demo year (being built)."""

from cosec.kit import DemoPart


def part() -> DemoPart:
    """Nothing yet."""
    return DemoPart()
