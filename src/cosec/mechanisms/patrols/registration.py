"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.mechanisms.patrols import about
from cosec.mechanisms.patrols import checks as _c
from cosec.mechanisms.patrols import obligations as _o
from cosec.mechanisms.patrols import records as _r
from cosec.mechanisms.patrols.obligations import PatrolContext
from cosec.mechanisms.patrols.regime import PatrolsRegime

OBLIGATIONS: tuple[Obligation[PatrolContext], ...] = (
    Obligation(
        "patrols.report_on_time",
        "Report every joint patrol within the window",
        ("report_overdue", "report_late"),
        ("report_within_days",),
        _o.check_report_on_time,
    ),
    Obligation(
        "patrols.case_shared",
        "Share every law-enforcement case within the window",
        ("case_late",),
        ("case_within_hours",),
        _o.check_case_shared,
    ),
    Obligation(
        "patrols.participation",
        "Take part in the yearly minimum of joint patrols",
        ("too_few_patrols",),
        ("min_patrols_per_year", "first_year"),
        _o.check_participation,
    ),
)

RECORD_KINDS = (
    RecordKind(
        "patrols.plan",
        _r.PatrolPlan,
        title="Joint patrol plan",
        check=_c.check_plan,
        parties=lambda p: p.participants,
        href="/patrols/{id}",
        label=lambda p: p.title,
    ),
    RecordKind(
        "patrols.report",
        _r.PatrolReport,
        title="Joint patrol report",
        refers_to=("patrols.plan",),
        ref_field="plan_id",
        inherits_audience=True,
        check=_c.check_report,
    ),
    RecordKind(
        "patrols.case",
        _r.LawEnforcementCase,
        title="Law-enforcement case",
        check=_c.check_case,
        href="/patrols/cases/{id}",
        label=lambda p: p.title,
    ),
)

mechanism: Mechanism[PatrolsRegime, PatrolContext] = Mechanism(
    name="patrols",
    title=about.TITLE,
    regime_model=PatrolsRegime,
    record_kinds=RECORD_KINDS,
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.patrols.projection:new_projection"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.patrols.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.patrols.web:router"),
        templates="cosec.mechanisms.patrols",
        nav=(NavEntry("/patrols", "Patrols", 45),),
        overview=Ref("cosec.mechanisms.patrols.web:overview"),
        demo=Ref("cosec.mechanisms.patrols.demo:part"),
        actions=Ref("cosec.mechanisms.patrols.actions:actions"),
        cautions=Ref("cosec.mechanisms.patrols.cautions:cautions"),
    ),
)
