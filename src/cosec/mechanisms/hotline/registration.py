"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Audience, Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.mechanisms.hotline import about
from cosec.mechanisms.hotline import checks as _c
from cosec.mechanisms.hotline import obligations as _o
from cosec.mechanisms.hotline import records as _r
from cosec.mechanisms.hotline.obligations import HotlineContext
from cosec.mechanisms.hotline.regime import HotlineRegime

OBLIGATIONS: tuple[Obligation[HotlineContext], ...] = (
    Obligation(
        "hotline.acknowledge",
        "Acknowledge a hotline message within its precedence's deadline",
        ("ack_overdue", "ack_late"),
        ("ack_minutes",),
        _o.check_acknowledge,
    ),
    Obligation(
        "hotline.response_time",
        "Acknowledge promptly over the year (drills included)",
        ("slow_to_acknowledge",),
        ("ack_minutes", "slow_ack_fraction", "slow_ack_min_messages"),
        _o.check_response_time,
    ),
    Obligation(
        "hotline.contacts",
        "Keep a chain of hotline contacts on file",
        ("contacts_missing",),
        ("contacts_within_days",),
        _o.check_contacts,
    ),
)

RECORD_KINDS = (
    RecordKind(
        "hotline.message",
        _r.HotlineMessage,
        title="Hotline message",
        submitted_by=("member", "secretariat"),
        check=_c.check_message,
        parties=lambda p: (p.to,),
        href="/hotline/messages/{id}",
        label=lambda p: f"{p.precedence}: {p.subject}",
    ),
    RecordKind(
        "hotline.ack",
        _r.HotlineAck,
        title="Acknowledgement of a hotline message",
        refers_to=("hotline.message",),
        ref_field="message_id",
        inherits_audience=True,
        check=_c.check_ack,
    ),
    RecordKind(
        "hotline.escalation",
        _r.HotlineEscalation,
        title="Escalation of an unacknowledged hotline message",
        submitted_by=("secretariat",),
        refers_to=("hotline.message",),
        ref_field="message_id",
        inherits_audience=True,
        check=_c.check_escalation,
    ),
    RecordKind(
        "hotline.contacts",
        _r.HotlineContacts,
        title="Chain of hotline contacts",
        audience_from=lambda check: (Audience.REGIME.value, ()),
        label=lambda p: " → ".join(c.name for c in p.contacts),
    ),
)

mechanism: Mechanism[HotlineRegime, HotlineContext] = Mechanism(
    name="hotline",
    title=about.TITLE,
    regime_model=HotlineRegime,
    record_kinds=RECORD_KINDS,
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.hotline.projection:new_projection"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.hotline.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.hotline.web:router"),
        templates="cosec.mechanisms.hotline",
        nav=(NavEntry("/hotline", "Hotline", 25),),
        overview=Ref("cosec.mechanisms.hotline.web:overview"),
        demo=Ref("cosec.mechanisms.hotline.demo:part"),
        actions=Ref("cosec.mechanisms.hotline.actions:actions"),
        startup=Ref("cosec.mechanisms.hotline.live:startup"),
        report=Ref("cosec.mechanisms.hotline.reporting:report_figures"),
    ),
)
