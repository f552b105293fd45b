"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Audience, Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.mechanisms.oversight import about
from cosec.mechanisms.oversight import checks as _c
from cosec.mechanisms.oversight import obligations as _o
from cosec.mechanisms.oversight import records as _r
from cosec.mechanisms.oversight.events import OversightContext
from cosec.mechanisms.oversight.regime import OversightRegime

TRACK_KEYS = ("watch_zone",)

OBLIGATIONS: tuple[Obligation[OversightContext], ...] = (
    Obligation(
        _o.STS_DESIGNATED,
        "No ship-to-ship transfer with a designated vessel",
        ("sts_designated",),
        (),
        _o.check_sts_designated,
        detector=True,
    ),
    Obligation(
        _o.STS_WATCH_ZONE,
        "Ship-to-ship meetings in the watch zone are looked at",
        ("sts_watch_zone",),
        TRACK_KEYS,
        _o.check_sts_watch_zone,
        detector=True,
    ),
    Obligation(
        _o.DARK,
        "No switching off AIS in the watch zone",
        ("dark_in_watch_zone",),
        TRACK_KEYS,
        _o.check_dark,
        detector=True,
    ),
    Obligation(
        _o.APPROACH,
        "Approaches to the DPRK coast are looked at",
        ("dprk_coast_approach",),
        ("coast_state", "coast_approach_nm", "approach_gap_hours"),
        _o.check_approach,
        detector=True,
    ),
    Obligation(
        _o.PETROLEUM,
        "Refined petroleum to the DPRK within the yearly cap",
        ("petroleum_threshold", "petroleum_cap_reached"),
        ("petroleum_cap_barrels", "petroleum_thresholds"),
        _o.check_petroleum,
    ),
)

mechanism: Mechanism[OversightRegime, OversightContext] = Mechanism(
    name="oversight",
    title=about.TITLE,
    regime_model=OversightRegime,
    record_kinds=(
        RecordKind(
            "oversight.designation",
            _r.Designation,
            title="Designation on the list",
            default_audience=Audience.PUBLIC,
            submitted_by=("secretariat",),
            check=_c.check_designation,
            label=lambda p: f"{p.name} ({p.mmsi or p.imo or p.subject})",
        ),
        RecordKind(
            "oversight.delisting",
            _r.Delisting,
            title="Delisting",
            submitted_by=("secretariat",),
            refers_to=("oversight.designation",),
            ref_field="designation_id",
            inherits_audience=True,
            check=_c.check_delisting,
            label=lambda p: f"delisted on {p.delisted_on:%d %B %Y}",
        ),
        RecordKind(
            "oversight.event",
            _r.ProgrammeEvent,
            title="Nuclear test or missile launch",
            default_audience=Audience.PUBLIC,
            submitted_by=("secretariat",),
            check=_c.check_event,
            label=lambda p: p.label,
        ),
        RecordKind(
            "oversight.petroleum_transfer",
            _r.PetroleumTransfer,
            title="Refined petroleum transferred to the DPRK",
            check=_c.check_petroleum,
            label=lambda p: f"{p.barrels:,} barrels in {p.month}",
        ),
    ),
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.oversight.projection:new_projection"),
    reads=("evidence.analysis", "fleet.unit"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.oversight.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.oversight.web:router"),
        templates="cosec.mechanisms.oversight",
        nav=(NavEntry("/oversight", "Oversight", 34),),
        overview=Ref("cosec.mechanisms.oversight.web:overview"),
        demo=Ref("cosec.mechanisms.oversight.demo:part"),
        cautions=Ref("cosec.mechanisms.oversight.cautions:cautions"),
    ),
)
