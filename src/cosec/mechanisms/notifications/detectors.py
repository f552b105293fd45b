"""Detectors of evasion that no notification regime has, as pure functions.

Reporting on Zapad 2017/2021 and Kavkaz 2016 shows how regimes are evaded: figures
declared just under a threshold, one activity split into several below the thresholds
(by territory or by name), and totals that grow after the event. These detectors flag
the pattern; they do not prove intent, and their findings say so by being ``low`` or
``medium``. Parameters come from the charter's ``detectors`` table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.notifications.context import NotificationContext
from cosec.mechanisms.notifications.grouping import Together
from cosec.mechanisms.notifications.obligations import FIGURE_WORDS, reached
from cosec.mechanisms.notifications.records import THRESHOLD_FIGURES, Figures
from cosec.mechanisms.notifications.regime import Thresholds


def near(figures: Figures, thresholds: Thresholds, margin: float) -> list[tuple[str, int, int]]:
    """Figures in ``[threshold × (1 − margin), threshold)``: just under a threshold.

    >>> near(Figures(troops=8600), Thresholds(troops=9000), 0.05)
    [('troops', 8600, 9000)]
    """
    return [
        (f, v, t)
        for f, t in thresholds.items()
        if t * (1 - margin) <= (v := getattr(figures, f)) < t
    ]


def check_near_threshold(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.near_threshold``: a declared figure sits just under a threshold."""
    for a in ctx.judged():
        regime = ctx.regime_for(a)
        margin = regime.detectors.near_threshold_margin
        for kind, thresholds in (("notification", regime.notify), ("observation", regime.observe)):
            hits = near(a.figures, thresholds, margin)
            if not hits:
                continue
            figure, value, threshold = hits[0]
            yield FindingDraft(
                obligation="notification.near_threshold",
                flag="near_threshold",
                severity=Severity.LOW,
                members=a.states,
                subjects=(a.key,),
                aspect=kind,
                evidence=a.evidence,
                summary=(
                    f"{ctx.names(a.states)} declared {value:,} {FIGURE_WORDS[figure]} for "
                    f"{a.designation}, just under the {kind} threshold of {threshold:,}."
                ),
                details={"kind": kind, "figures": [list(h) for h in hits], "margin": margin},
            )


def _total(figures: Iterable[tuple[int, ...]]) -> dict[str, int]:
    """A group's figures (each activity's, in the order of ``THRESHOLD_FIGURES``) added up.
    A plain mapping, not :class:`Figures`: a sum is not a declaration, and each figure's
    bound (a declaration's) is exceeded by a large enough group."""
    return dict(zip(THRESHOLD_FIGURES, map(sum, zip(*figures, strict=True)), strict=True))


def _listed(designations: Sequence[str], shown: int = 5) -> str:
    """``A, B, C and 12 more``: a list a sentence can hold, however long the group."""
    if len(designations) <= shown:
        return ", ".join(designations)
    return f"{', '.join(designations[:shown])} and {len(designations) - shown:,} more"


def check_split(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.split_suspected``: parts below a threshold that together reach it.

    Judged around each activity: its group is itself and the activities assessed together
    with it (:mod:`~cosec.mechanisms.notifications.grouping`); a group is reported around
    the activity that leads it, and the finding is that activity's (its subject), so the
    finding stays the same finding while the group around it changes."""
    d = ctx.regime.detectors
    together = ctx.together or Together.of(ctx.all, d.split_window_days, d.split_distance_km)
    kinds = (("notification", ctx.regime.notify), ("observation", ctx.regime.observe))

    # An activity is in the group of each of its partners: read it once. Most groups are
    # settled by what their members reach alone (no sum), and the few whose sum reaches a
    # threshold are asked whether they are the ones to report.
    figures: dict[str, tuple[int, ...]] = {}
    alone: dict[str, tuple[bool, ...]] = {}

    def figures_of(key: str) -> tuple[int, ...]:
        if (f := figures.get(key)) is None:
            a = ctx.all.by_key[key]
            f = figures[key] = tuple(getattr(a.figures, n) for n in THRESHOLD_FIGURES)
        return f

    def reaches_alone(key: str) -> tuple[bool, ...]:
        if (r := alone.get(key)) is None:
            a = ctx.all.by_key[key]
            r = alone[key] = tuple(bool(reached(a.figures, t)) for _, t in kinds)
        return r

    for a in ctx.judged():
        keys = together.group(a.key)
        if len(keys) < 2:
            continue
        open_kinds = [i for i in range(len(kinds)) if not any(reaches_alone(k)[i] for k in keys)]
        if not open_kinds:
            continue
        total = _total(figures_of(k) for k in keys)
        reach = next(
            (
                (kinds[i][0], hits)
                for i in open_kinds
                if (hits := [(f, total[f], t) for f, t in kinds[i][1].items() if total[f] >= t])
            ),
            None,
        )
        if reach is None or not together.leads(a.key):
            continue
        kind, together_reach = reach
        group = sorted((ctx.all.by_key[k] for k in keys), key=lambda a: (a.start, a.key))
        figure, value, threshold = together_reach[0]
        members = tuple(sorted({s for b in group for s in b.states}))
        names = _listed([b.designation for b in group])
        yield FindingDraft(
            obligation="notification.split_suspected",
            flag="split_suspected",
            severity=Severity.MEDIUM,
            members=members,
            subjects=(a.key,),
            evidence=tuple(e for b in group for e in b.evidence),
            summary=(
                f"{names} ({ctx.names(members)}) together have {value:,} "
                f"{FIGURE_WORDS[figure]}, reaching the {kind} threshold of {threshold:,}, "
                f"though each was declared below it."
            ),
            details={
                "kind": kind,
                "around": a.key,
                "activities": [b.key for b in group],
            },
        )


def check_grew_after_event(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.grew_after_event``: figures raised by an amendment after the end."""
    for a in ctx.judged():
        during = [c for c in a.history if c.on <= a.end]
        after = [c for c in a.history if c.on > a.end]
        if not during or not after:
            continue
        before, last = during[-1].figures, after[-1].figures
        grown = [f for f in last.exceeds(before) if f in THRESHOLD_FIGURES]
        if not grown:
            continue
        regime = ctx.regime_for(a)
        crossed = [h for h in reached(last, regime.notify) if before.get(h[0]) < h[2]]
        f = grown[0]
        yield FindingDraft(
            obligation="notification.grew_after_event",
            flag="grew_after_event",
            severity=Severity.HIGH if crossed else Severity.MEDIUM,
            members=a.states,
            subjects=(a.key,),
            evidence=a.evidence + tuple(c.record_id for c in after if c.record_id),
            summary=(
                f"{ctx.names(a.states)} raised the declared {FIGURE_WORDS[f]} of "
                f"{a.designation} from {before.get(f):,} to {last.get(f):,} after it ended"
                + (f", above the notification threshold of {crossed[0][2]:,}." if crossed else ".")
            ),
            details={"grown": grown, "crossed": [list(h) for h in crossed]},
        )
