"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Audience, Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.mechanisms.notifications import about
from cosec.mechanisms.notifications import checks as _c
from cosec.mechanisms.notifications import detectors as _d
from cosec.mechanisms.notifications import obligations as _o
from cosec.mechanisms.notifications import records as _r
from cosec.mechanisms.notifications.context import NotificationContext
from cosec.mechanisms.notifications.regime import NotificationRegime

OBLIGATIONS: tuple[Obligation[NotificationContext], ...] = (
    Obligation(
        "notification.required",
        "Notify every activity that reaches a threshold",
        ("not_notified",),
        ("notify", "lead_time_days"),
        _o.check_notified,
    ),
    Obligation(
        "notification.lead_time",
        "Notify at least the lead time before the start",
        ("late",),
        ("notify", "lead_time_days"),
        _o.check_lead_time,
    ),
    Obligation(
        "notification.observation",
        "Invite observers to large activities",
        ("observers_not_invited",),
        ("observe", "alert_observation_hours"),
        _o.check_observation,
    ),
    Obligation(
        "notification.calendar",
        "List notifiable activities in the annual calendar",
        ("calendar_missing", "calendar_late", "calendar_overdue"),
        ("notify", "calendar_due"),
        _o.check_calendar,
    ),
    Obligation(
        "notification.constraints",
        "Keep within the constraining provisions",
        ("exceeds_constraint",),
        ("constraints",),
        _o.check_constraints,
    ),
    Obligation(
        "notification.explanation_reply",
        "Answer a request for explanation in time",
        ("reply_overdue", "reply_late"),
        ("explanation_reply_hours",),
        _o.check_explanations,
    ),
    Obligation(
        "notification.near_threshold",
        "Figures declared just under a threshold",
        ("near_threshold",),
        ("notify", "observe", "detectors.near_threshold_margin"),
        _d.check_near_threshold,
        detector=True,
    ),
    Obligation(
        "notification.split_suspected",
        "One activity split below the thresholds",
        ("split_suspected",),
        ("notify", "observe", "detectors.split_window_days", "detectors.split_distance_km"),
        _d.check_split,
        detector=True,
    ),
    Obligation(
        "notification.grew_after_event",
        "Figures raised after the activity ended",
        ("grew_after_event",),
        ("notify",),
        _d.check_grew_after_event,
        detector=True,
    ),
)

RECORD_KINDS = (
    RecordKind(
        "notification.prior",
        _r.PriorNotification,
        title="Prior notification",
        check=_c.check_prior,
        parties=lambda p: p.states,
        href="/notifications/{id}",
        label=lambda p: p.designation,
    ),
    RecordKind(
        "notification.amendment",
        _r.NotificationAmendment,
        title="Amendment",
        refers_to=("notification.prior",),
        ref_field="notification_id",
        inherits_audience=True,
        check=_c.check_amendment,
    ),
    RecordKind(
        "notification.withdrawal",
        _r.NotificationWithdrawal,
        title="Withdrawal of a notification",
        refers_to=("notification.prior",),
        ref_field="notification_id",
        inherits_audience=True,
        check=_c.check_withdrawal,
    ),
    RecordKind(
        "notification.calendar", _r.AnnualCalendar, title="Annual calendar", check=_c.check_calendar
    ),
    RecordKind(
        "notification.invitation",
        _r.ObservationInvitation,
        title="Observation invitation",
        refers_to=("notification.prior",),
        ref_field="notification_id",
        inherits_audience=True,
        check=_c.check_invitation,
        parties=lambda p: p.invited,
    ),
    RecordKind(
        "notification.invitation_reply",
        _r.ObservationReply,
        title="Reply to an observation invitation",
        refers_to=("notification.invitation",),
        ref_field="invitation_id",
        inherits_audience=True,
        check=_c.check_invitation_reply,
    ),
    RecordKind(
        "notification.explanation_request",
        _r.ExplanationRequest,
        title="Request for explanation of unusual military activity",
        check=_c.check_explanation_request,
        parties=lambda p: (p.respondent,),
    ),
    RecordKind(
        "notification.explanation_reply",
        _r.ExplanationReply,
        title="Reply to a request for explanation",
        refers_to=("notification.explanation_request",),
        ref_field="request_id",
        inherits_audience=True,
        check=_c.check_explanation_reply,
    ),
    RecordKind(
        "notification.observed",
        _r.ObservedActivity,
        title="Activity observed by the secretariat",
        default_audience=Audience.SECRETARIAT,
        submitted_by=("secretariat",),
        check=_c.check_observed,
    ),
)

mechanism: Mechanism[NotificationRegime, NotificationContext] = Mechanism(
    name="notification",
    title=about.TITLE,
    regime_model=NotificationRegime,
    record_kinds=RECORD_KINDS,
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.notifications.projection:new_projection"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.notifications.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.notifications.web:router"),
        templates="cosec.mechanisms.notifications",
        nav=(
            NavEntry("/notifications", "Notifications", 10),
            NavEntry("/calendar", "Calendar", 11),
        ),
        overview=Ref("cosec.mechanisms.notifications.web:overview"),
        cautions=Ref("cosec.mechanisms.notifications.cautions:cautions"),
        demo=Ref("cosec.mechanisms.notifications.demo:part"),
        actions=Ref("cosec.mechanisms.notifications.actions:actions"),
        report=Ref("cosec.mechanisms.notifications.reporting:report_figures"),
        calendar=Ref("cosec.mechanisms.notifications.reporting:calendar_events"),
    ),
)
