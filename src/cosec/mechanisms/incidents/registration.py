"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.mechanisms.incidents import about
from cosec.mechanisms.incidents import checks as _c
from cosec.mechanisms.incidents import obligations as _o
from cosec.mechanisms.incidents import records as _r
from cosec.mechanisms.incidents.context import IncidentContext
from cosec.mechanisms.incidents.regime import IncidentRegime

OBLIGATIONS: tuple[Obligation[IncidentContext], ...] = (
    Obligation(
        "incident.report_on_time",
        "Report an unsafe encounter within the window",
        ("report_late",),
        ("report_within_hours", "unsafe_distance_m", "dangerous_distance_m"),
        _o.check_report_on_time,
    ),
    Obligation(
        "incident.unreported",
        "Report every unsafe encounter the tracks show",
        ("unreported_encounter",),
        ("report_within_hours", "unsafe_distance_m", "match_window_hours"),
        _o.check_unreported,
    ),
    Obligation(
        "incident.reply",
        "Reply to a report with your own account in time",
        ("reply_overdue", "reply_late"),
        ("reply_within_days",),
        _o.check_reply,
    ),
    Obligation(
        "incident.contradicted",
        "Declare the closest distance the tracks show",
        ("report_contradicted",),
        ("contradiction_min_m", "contradiction_fraction", "match_window_hours"),
        _o.check_contradicted,
    ),
    Obligation(
        "incident.repeat_offender",
        "No unit in repeated serious incidents",
        ("repeat_offender",),
        ("repeat_offender_incidents", "repeat_offender_levels"),
        _o.check_repeat_offender,
    ),
)

RECORD_KINDS = (
    RecordKind(
        "incident.report",
        _r.IncidentReport,
        title="Incident report",
        check=_c.check_report,
        parties=lambda p: (p.other_member,),
        href="/incidents/{id}",
        label=lambda p: p.title,
    ),
    RecordKind(
        "incident.reply",
        _r.IncidentReply,
        title="Reply to an incident report",
        refers_to=("incident.report",),
        ref_field="report_id",
        inherits_audience=True,
        check=_c.check_reply,
    ),
    RecordKind(
        "incident.assessment",
        _r.IncidentAssessment,
        title="Proposed joint assessment of an incident",
        refers_to=("incident.report",),
        ref_field="report_id",
        inherits_audience=True,
        check=_c.check_assessment,
    ),
    RecordKind(
        "incident.endorsement",
        _r.IncidentEndorsement,
        title="Endorsement of a joint assessment",
        refers_to=("incident.assessment",),
        ref_field="assessment_id",
        inherits_audience=True,
        check=_c.check_endorsement,
    ),
)

mechanism: Mechanism[IncidentRegime, IncidentContext] = Mechanism(
    name="incident",
    title=about.TITLE,
    regime_model=IncidentRegime,
    record_kinds=RECORD_KINDS,
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.incidents.projection:new_projection"),
    reads=("evidence.analysis", "fleet.unit"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.incidents.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.incidents.web:router"),
        templates="cosec.mechanisms.incidents",
        nav=(NavEntry("/incidents", "Incidents", 20),),
        overview=Ref("cosec.mechanisms.incidents.web:overview"),
        demo=Ref("cosec.mechanisms.incidents.demo:part"),
        actions=Ref("cosec.mechanisms.incidents.actions:actions"),
    ),
)
