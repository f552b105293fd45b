"""The words this mechanism gives the core's pages, marked for its catalog: its title, its
record kinds' and obligations' titles (record, overview, finding and charter pages), the
labels and meanings of its records' fields (a record's table, the review before signing)
and of its regime's parameters (the charter page). The core translates them where it
shows them (``|tr``); they are written here as the core makes them from the models, and a
test fails when one of them has no translation. Nothing imports this module."""

from __future__ import annotations

from cosec.plugin.web import N_

TITLES = (
    N_("Code of safe conduct at sea and in the air"),
    N_("Incident report"),
    N_("Reply to an incident report"),
    N_("Proposed joint assessment of an incident"),
    N_("Endorsement of a joint assessment"),
    N_("Report an unsafe encounter within the window"),
    N_("Report every unsafe encounter the tracks show"),
    N_("Reply to a report with your own account in time"),
    N_("Declare the closest distance the tracks show"),
    N_("No unit in repeated serious incidents"),
)
"""The mechanism's, its record kinds' and its obligations' titles."""

RECORD_FIELDS = (
    N_("Min distance m"),
    N_("Acts"),
    N_("Contact"),
    N_("Casualties"),
    N_("Damage"),
    N_("Harm"),
    N_("Title"),
    N_("Domain"),
    N_("Occurred at"),
    N_("Latitude"),
    N_("Longitude"),
    N_("Other member"),
    N_("Own units"),
    N_("Identifier"),
    N_("Hull number"),
    N_("Name"),
    N_("Type"),
    N_("Other units"),
    N_("Communications"),
    N_("Cues phrases"),
    N_("Narrative"),
    N_("Reported by"),
    N_("Attachments"),
    N_("Sha256"),
    N_("Report id"),
    N_("Statement"),
    N_("Assessment id"),
    N_("Note"),
    N_("The closest distance between the units, in metres, as this account has it."),
    N_("The units touched (a collision, a bump, a ramming)."),
    N_("A prohibited act harmed people or equipment (an injured crew, a blinded pilot)."),
    N_("The member whose units were involved."),
    N_("destroyer, J-11 fighter..."),
    N_("The point of contact to call back (name, post, telephone)."),
    N_("The agreed account, in words."),
)
"""The labels and meanings of its records' fields."""

REGIME_FIELDS = (
    N_("Unsafe distance m"),
    N_("Sea"),
    N_("Air"),
    N_("Dangerous distance m"),
    N_("Report within hours"),
    N_("Reply within days"),
    N_("Extra acts"),
    N_("Conduct acts"),
    N_("Contradiction min m"),
    N_("Contradiction fraction"),
    N_("Match window hours"),
    N_("Match distance km"),
    N_("Repeat offender incidents"),
    N_("Repeat offender levels"),
    N_("Closer than this (<) is an unsafe encounter: 500 yd at sea, 500 ft in the air."),
    N_("Closer than this (<) is a dangerous one: 200 yd at sea, 100 ft in the air."),
    N_("Prohibited acts this charter adds to the standard list."),
    N_("Acts of communication or professionalism only: alone, they make an incident L4."),
    N_(
        "A declared distance is contradicted when it differs from the tracks' CPA"
        " by more than max(contradiction_min_m, contradiction_fraction × CPA)."
    ),
    N_("A report and a tracked encounter are the same event when their times are this close..."),
    N_("...and, for a report that names no unit the tracks know, their positions this close."),
)
"""The labels and meanings of its regime's parameters (those of every regime are the core's)."""
