"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Interfaces, Mechanism, NavEntry, Obligation, Ref
from cosec.mechanisms.coasts import about
from cosec.mechanisms.coasts import obligations as _o
from cosec.mechanisms.coasts.episodes import CoastsContext
from cosec.mechanisms.coasts.regime import CoastsRegime

OBLIGATIONS: tuple[Obligation[CoastsContext], ...] = (
    Obligation(
        "coasts.presence",
        "Each stay along another member's coast is on the record",
        ("presence",),
        ("distance_nm", "split_gap_hours", "unit_kinds"),
        _o.check_presence,
    ),
    Obligation(
        "coasts.less_presence",
        "Less presence along other members' coasts than the year before",
        ("presence_grew",),
        ("distance_nm", "split_gap_hours", "unit_kinds"),
        _o.check_presence_grew,
    ),
    Obligation(
        "coasts.activity_area",
        "Notified activities away from other members' coasts",
        ("activity_near_coast",),
        ("distance_nm",),
        _o.check_activity,
    ),
)

mechanism: Mechanism[CoastsRegime, CoastsContext] = Mechanism(
    name="coasts",
    title=about.TITLE,
    regime_model=CoastsRegime,
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.coasts.measure:new_projection"),
    reads=("evidence.analysis", "fleet.unit", "notification.prior"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.coasts.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.coasts.web:router"),
        templates="cosec.mechanisms.coasts",
        nav=(NavEntry("/coasts", "Coasts", 32),),
        overview=Ref("cosec.mechanisms.coasts.web:overview"),
        demo=Ref("cosec.mechanisms.coasts.demo:part"),
    ),
)
