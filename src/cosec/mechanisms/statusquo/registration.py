"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Audience, Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.mechanisms.statusquo import about
from cosec.mechanisms.statusquo import checks as _c
from cosec.mechanisms.statusquo import obligations as _o
from cosec.mechanisms.statusquo import records as _r
from cosec.mechanisms.statusquo.facts import StatusQuoContext
from cosec.mechanisms.statusquo.regime import StatusQuoRegime

OBLIGATIONS: tuple[Obligation[StatusQuoContext], ...] = (
    Obligation(
        "statusquo.reclamation",
        "No further reclamation on a feature",
        ("reclamation",),
        ("status_quo_date", "reclamation_tolerance_ha"),
        _o.check_reclamation,
    ),
    Obligation(
        "statusquo.construction",
        "No new facility on a feature",
        ("new_facility",),
        ("status_quo_date", "public_good_facilities"),
        _o.check_new_facility,
    ),
    Obligation(
        "statusquo.deployment",
        "No offensive deployment on a feature",
        ("offensive_deployment",),
        ("status_quo_date", "offensive_deployments"),
        _o.check_offensive_deployment,
    ),
    Obligation(
        "statusquo.reporting",
        "Report changes on a feature within the days set",
        ("unreported_change",),
        ("status_quo_date", "report_within_days", "reclamation_tolerance_ha"),
        _o.check_reported,
    ),
    Obligation(
        "statusquo.approach",
        "No state vessel near a feature another member holds",
        ("feature_approach",),
        ("approach_nm",),
        _o.check_approach,
    ),
)

RECORD_KINDS = (
    RecordKind(
        _r.KIND_FEATURE,
        _r.FeatureEntry,
        title="Feature in the registry",
        default_audience=Audience.PUBLIC,
        submitted_by=("secretariat",),
        check=_c.check_feature,
        href="/features/{id}",
        label=lambda p: p.name,
    ),
    RecordKind(
        _r.KIND_CHANGE,
        _r.FeatureChange,
        title="Change on a feature",
        check=_c.check_change,
        label=lambda p: f"{p.feature} on {p.on:%d %B %Y}",
    ),
    RecordKind(
        _r.KIND_OBSERVATION,
        _r.FeatureObservation,
        title="Observation of a feature",
        submitted_by=("secretariat",),
        check=_c.check_observation,
        label=lambda p: f"{p.feature}, imagery of {p.imagery_date:%d %B %Y}",
    ),
    RecordKind(
        _r.KIND_GOOD,
        _r.PublicGood,
        title="Public good offered",
        default_audience=Audience.PUBLIC,
        check=_c.check_good,
        label=lambda p: p.name,
    ),
    RecordKind(
        _r.KIND_JOIN,
        _r.PublicGoodJoin,
        title="Public good joined",
        refers_to=(_r.KIND_GOOD,),
        ref_field="good_id",
        inherits_audience=True,
        check=_c.check_join,
    ),
)

mechanism: Mechanism[StatusQuoRegime, StatusQuoContext] = Mechanism(
    name="statusquo",
    title=about.TITLE,
    regime_model=StatusQuoRegime,
    record_kinds=RECORD_KINDS,
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.statusquo.projection:new_projection"),
    reads=("evidence.analysis", "fleet.unit"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.statusquo.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.statusquo.web:router"),
        templates="cosec.mechanisms.statusquo",
        nav=(NavEntry("/features", "Status quo", 30),),
        overview=Ref("cosec.mechanisms.statusquo.web:overview"),
        demo=Ref("cosec.mechanisms.statusquo.demo:part"),
    ),
)
