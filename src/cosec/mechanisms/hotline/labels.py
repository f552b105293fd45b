"""The words this mechanism gives the core's pages, marked for its catalog: its title, its
record kinds' and obligations' titles (record, overview, finding and charter pages), the
labels and meanings of its records' fields (a record's table, the review before signing)
and of its regime's parameters (the charter page). The core translates them where it
shows them (``|tr``); they are written here as the core makes them from the models, and a
test fails when one of them has no translation. Nothing imports this module."""

from __future__ import annotations

from cosec.plugin.web import N_

TITLES = (
    N_("The crisis hotline: messages, acknowledgements, escalations"),
    N_("Hotline message"),
    N_("Acknowledgement of a hotline message"),
    N_("Escalation of an unacknowledged hotline message"),
    N_("Chain of hotline contacts"),
    N_("Acknowledge a hotline message within its precedence's deadline"),
    N_("Acknowledge promptly over the year (drills included)"),
    N_("Keep a chain of hotline contacts on file"),
)
"""The mechanism's, its record kinds' and its obligations' titles."""

RECORD_FIELDS = (
    N_("To"),
    N_("Precedence"),
    N_("Subject"),
    N_("Text"),
    N_("Drill"),
    N_("Reply to"),
    N_("Message id"),
    N_("Note"),
    N_("Step"),
    N_("Missed deadline"),
    N_("To member"),
    N_("To role"),
    N_("To name"),
    N_("Next deadline"),
    N_("Contacts"),
    N_("Role"),
    N_("Name"),
    N_("Phone"),
    N_("Email"),
    N_("A test of the line: judged and measured like any message, marked as a drill."),
    N_("The message this one answers, if any."),
    N_("1 for the first escalation (the second contact of the chain), and so on."),
    N_("The addressee, or SEC when it reaches the secretariat."),
    N_("When the next step falls due if the message is still not acknowledged."),
    N_("A post or a person: Duty officer, Joint Staff operations centre."),
)
"""The labels and meanings of its records' fields."""

REGIME_FIELDS = (
    N_("Ack minutes"),
    N_("Contacts within days"),
    N_("Slow ack fraction"),
    N_("Slow ack min messages"),
    N_("Each escalation step gives the next contact the same time again."),
    N_(
        "A member keeps its chain of contacts on file from this many days after "
        "the charter takes effect."
    ),
    N_(
        "A member whose median acknowledgement time in a year is more than this "
        "share of the deadline is slow to acknowledge..."
    ),
    N_("...once it has acknowledged at least this many messages that year."),
)
"""The labels and meanings of its regime's parameters (those of every regime are the core's)."""
