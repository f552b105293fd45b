"""The words this mechanism gives the core's pages, marked for its catalog: its title, its
record kinds' and obligations' titles (record, overview, finding and charter pages), the
labels and meanings of its records' fields (a record's table, the review before signing)
and of its regime's parameters (the charter page). The core translates them where it
shows them (``|tr``); they are written here as the core makes them from the models, and a
test fails when one of them has no translation. Nothing imports this module."""

from __future__ import annotations

from cosec.plugin.web import N_

TITLES = (
    N_("Status quo in disputed waters"),
    N_("Feature in the registry"),
    N_("Change on a feature"),
    N_("Observation of a feature"),
    N_("Public good offered"),
    N_("Public good joined"),
    N_("No further reclamation on a feature"),
    N_("No new facility on a feature"),
    N_("No offensive deployment on a feature"),
    N_("Report changes on a feature within the days set"),
    N_("No state vessel near a feature another member holds"),
)
"""The mechanism's, its record kinds' and its obligations' titles."""

RECORD_FIELDS = (
    N_("Feature"),
    N_("Name"),
    N_("Group"),
    N_("Latitude"),
    N_("Longitude"),
    N_("Claimants"),
    N_("Occupant"),
    N_("Baseline"),
    N_("As of"),
    N_("Area ha"),
    N_("Facilities"),
    N_("Deployments"),
    N_("Source"),
    N_("Note"),
    N_("On"),
    N_("Description"),
    N_("Entry id"),
    N_("Imagery date"),
    N_("Member"),
    N_("Kind"),
    N_("Open to"),
    N_("Good id"),
    N_("Contribution"),
    N_("Who holds it (None: nobody does)."),
    N_("The day the change was made (completed)."),
    N_("The area after the change, if it changed."),
    N_("Counts after the change of the facility kinds it touched."),
    N_("Counts after the change of the deployment kinds it touched."),
    N_("The statusquo.feature record listing the feature, when the shipped registry does not."),
    N_("Area measured above high water, hectares (None: not measured)."),
    N_("Counts of the facility kinds seen (kinds not named were not assessed)."),
    N_("The imagery and who measured it (Sentinel-2 L2A, 14 Mar 2026; secretariat)."),
    N_("Who made what is seen, when not the feature's occupant."),
    N_("Members invited to join (empty: every member of the regime)."),
    N_("What it brings (crews, data, funds), if anything."),
)
"""The labels and meanings of its records' fields."""

REGIME_FIELDS = (
    N_("Status quo date"),
    N_("Registry"),
    N_("Reclamation tolerance ha"),
    N_("Report within days"),
    N_("Offensive deployments"),
    N_("Approach nm"),
    N_("Public good facilities"),
    N_("The day whose state of each feature is its baseline: what members promise to keep."),
    N_("The shipped feature registry (data/<registry>.toml) the baselines come from."),
    N_("An area larger than the baseline by more than this (>) is reclamation."),
    N_(
        "A change the secretariat observes must have been reported within this "
        "many days of its imagery date."
    ),
    N_("Deployment kinds the charter counts as offensive."),
    N_("Another member's state vessel within this distance of an occupied feature."),
    N_(
        "Facility kinds that are no new facility when they are a public good another member joined."
    ),
)
"""The labels and meanings of its regime's parameters (those of every regime are the core's)."""
