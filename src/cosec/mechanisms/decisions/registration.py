"""The mechanism's registration: its record kinds, obligations, projection and interfaces.

The package exports it as ``mechanism`` (the entry point), importing this on first use.
"""

from cosec.kit import Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.mechanisms.decisions import about
from cosec.mechanisms.decisions import checks as _c
from cosec.mechanisms.decisions import records as _r
from cosec.mechanisms.decisions.obligations import DecisionsContext, check_implementation
from cosec.mechanisms.decisions.regime import DecisionsRegime

_FOLLOWS = {
    "refers_to": ("decisions.proposal",),
    "ref_field": "proposal_id",
    "inherits_audience": True,
}

RECORD_KINDS = (
    RecordKind(
        "decisions.meeting",
        _r.Meeting,
        title="Meeting of a body",
        submitted_by=("secretariat",),
        check=_c.check_meeting,
        href="/decisions/meetings/{id}",
        label=lambda p: p.title,
    ),
    RecordKind(
        "decisions.proposal",
        _r.Proposal,
        title="Proposal",
        submitted_by=("member", "secretariat"),
        check=_c.check_proposal,
        parties=lambda p: p.parties,
        href="/decisions/proposals/{id}",
        label=lambda p: p.title,
    ),
    RecordKind(
        "decisions.table",
        _r.Tabling,
        title="Proposal tabled at a meeting",
        submitted_by=("secretariat",),
        check=_c.check_table,
        **_FOLLOWS,  # type: ignore[arg-type]
    ),
    RecordKind(
        "decisions.vote",
        _r.Vote,
        title="Vote on a proposal",
        check=_c.check_vote,
        label=lambda p: f"{p.vote} ({p.representative})",
        **_FOLLOWS,  # type: ignore[arg-type]
    ),
    RecordKind(
        "decisions.close",
        _r.Closing,
        title="Vote closed",
        submitted_by=("secretariat",),
        check=_c.check_close,
        **_FOLLOWS,  # type: ignore[arg-type]
    ),
    RecordKind(
        "decisions.withdraw",
        _r.Withdrawal,
        title="Proposal withdrawn",
        submitted_by=("member", "secretariat"),
        check=_c.check_withdraw,
        **_FOLLOWS,  # type: ignore[arg-type]
    ),
    RecordKind(
        "decisions.task_done",
        _r.TaskDone,
        title="Implementation task carried out",
        check=_c.check_task_done,
        label=lambda p: f"task {p.task} done on {p.done_on:%d %B %Y}",
        **_FOLLOWS,  # type: ignore[arg-type]
    ),
)

OBLIGATIONS: tuple[Obligation[DecisionsContext], ...] = (
    Obligation(
        "decisions.implementation",
        "Carry out each task of a binding decision by its deadline",
        ("task_overdue", "task_late"),
        ("binding_bodies", "task_grace_days"),
        check_implementation,
    ),
)

mechanism: Mechanism[DecisionsRegime, DecisionsContext] = Mechanism(
    name="decisions",
    title=about.TITLE,
    regime_model=DecisionsRegime,
    record_kinds=RECORD_KINDS,
    obligations=OBLIGATIONS,
    projection=Ref("cosec.mechanisms.decisions.projection:new_projection"),
    interfaces=Interfaces(
        api=Ref("cosec.mechanisms.decisions.api:router"),
        cli=Ref(about.CLI),
        command=about.COMMAND,
        web=Ref("cosec.mechanisms.decisions.web:router"),
        templates="cosec.mechanisms.decisions",
        nav=(NavEntry("/decisions", "Decisions", 60),),
        overview=Ref("cosec.mechanisms.decisions.web:overview"),
        demo=Ref("cosec.mechanisms.decisions.demo:part"),
        cautions=Ref("cosec.mechanisms.decisions.cautions:cautions"),
        actions=Ref("cosec.mechanisms.decisions.actions:actions"),
    ),
)
