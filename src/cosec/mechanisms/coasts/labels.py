"""The words this mechanism gives the core's pages, marked for its catalog: its title, its
record kinds' and obligations' titles (record, overview, finding and charter pages), the
labels and meanings of its records' fields (a record's table, the review before signing)
and of its regime's parameters (the charter page). The core translates them where it
shows them (``|tr``); they are written here as the core makes them from the models, and a
test fails when one of them has no translation. Nothing imports this module."""

from __future__ import annotations

from cosec.plugin.web import N_

TITLES = (
    N_("Exercises and reconnaissance along other members' coasts"),
    N_("Each stay along another member's coast is on the record"),
    N_("Less presence along other members' coasts than the year before"),
    N_("Notified activities away from other members' coasts"),
)
"""The mechanism's, its record kinds' and its obligations' titles."""

RECORD_FIELDS: tuple[str, ...] = ()
"""The labels and meanings of its records' fields."""

REGIME_FIELDS = (
    N_("Distance nm"),
    N_("Split gap hours"),
    N_("Unit kinds"),
    N_(
        "Within this distance of another member's coast (12 nm territorial sea "
        "plus the 12 nm contiguous zone, UNCLOS arts. 3 and 33)."
    ),
    N_("A stay is split where reports stop for longer than this."),
    N_("Kinds of state unit whose presence counts."),
)
"""The labels and meanings of its regime's parameters (those of every regime are the core's)."""
