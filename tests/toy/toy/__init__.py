"""The toy mechanism: members file a yearly report by 31 March; a late one is a finding.

Copy this package to start a mechanism (docs/mechanisms.md): it has every part a
mechanism has, each a few lines, and touches nothing outside itself.
"""

from cosec.kit import Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref, RegimeBase
from tests.toy.toy import records as r
from tests.toy.toy.obligations import ToyContext, check_on_time


class ToyRegime(RegimeBase):
    """What a charter sets for the toy: the day reports are due."""

    due_month: int = 3
    due_day: int = 31


mechanism: Mechanism[ToyRegime, ToyContext] = Mechanism(
    name="toy",
    title="Toy reports, filed each year",
    regime_model=ToyRegime,
    record_kinds=(
        RecordKind("toy.report", r.ToyReport, title="Toy report", label=lambda p: str(p.year)),
    ),
    obligations=(
        Obligation(
            "toy.on_time", "File the yearly report on time", ("late",), ("due_day",), check_on_time
        ),
    ),
    projection=Ref("tests.toy.toy.obligations:ToyProjection"),
    interfaces=Interfaces(
        api=Ref("tests.toy.toy.api:router"),
        cli=Ref("tests.toy.toy.cli:app"),
        command="toy",
        web=Ref("tests.toy.toy.web:router"),
        templates="tests.toy.toy",
        nav=(NavEntry("/toy", "Toy", 70),),
    ),
)
