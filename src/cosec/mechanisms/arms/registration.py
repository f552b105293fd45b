"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.mechanisms.arms import about
from cosec.mechanisms.arms import checks as _c
from cosec.mechanisms.arms import obligations as _o
from cosec.mechanisms.arms import records as _r
from cosec.mechanisms.arms.context import ArmsContext
from cosec.mechanisms.arms.regime import ArmsRegime

OBLIGATIONS: tuple[Obligation[ArmsContext], ...] = (
    Obligation(
        "arms.returns_on_time",
        "Send the year's return of arms transfers by its day",
        ("return_missing", "return_late"),
        ("returns_due",),
        _o.check_returns,
    ),
    Obligation(
        "arms.expenditure_on_time",
        "Send the year's report of military expenditure by its day",
        ("return_missing", "return_late"),
        ("expenditure_due",),
        _o.check_expenditure,
    ),
    Obligation(
        "arms.mirror",
        "Report each transfer as the other side does",
        ("mirror_mismatch", "import_unreported", "export_unreported"),
        (),
        _o.check_mirror,
    ),
)


def _return_label(p: _r.ArmsReturn) -> str:
    return f"Return for {p.year}" + (" (nil)" if p.nil else "")


RECORD_KINDS = (
    RecordKind(
        "arms.return",
        _r.ArmsReturn,
        title="Annual return of arms transfers",
        check=_c.check_return,
        href="/arms/returns/{id}",
        label=_return_label,
    ),
    RecordKind(
        "arms.expenditure",
        _r.Expenditure,
        title="Report of military expenditure",
        check=_c.check_expenditure,
        label=lambda p: f"Military expenditure for {p.year}",
    ),
)

mechanism: Mechanism[ArmsRegime, ArmsContext] = Mechanism(
    name="arms",
    title=about.TITLE,
    regime_model=ArmsRegime,
    record_kinds=RECORD_KINDS,
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.arms.projection:new_projection"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.arms.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.arms.web:router"),
        templates="cosec.mechanisms.arms",
        nav=(NavEntry("/arms", "Arms", 40),),
        overview=Ref("cosec.mechanisms.arms.web:overview"),
        demo=Ref("cosec.mechanisms.arms.demo:part"),
        actions=Ref("cosec.mechanisms.arms.actions:actions"),
        cautions=Ref("cosec.mechanisms.arms.cautions:cautions"),
        report=Ref("cosec.mechanisms.arms.reporting:report_figures"),
    ),
)
