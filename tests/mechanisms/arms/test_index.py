"""The transparency index and the year-over-year figures, from the rules' context; the
regime's days and weights."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pydantic import ValidationError

from cosec.mechanisms.arms.context import Spent
from cosec.mechanisms.arms.index import index_of, transparency, year_over_year
from cosec.mechanisms.arms.regime import ArmsRegime, IndexWeights
from tests.mechanisms.arms.helpers import REGIME, at, context, filed


def _spent(member: str, year: int, total: float, when: str, currency: str = "CNY") -> Spent:
    return Spent(member, year, at(when), "simplified", currency, total, (9,))


def test_the_index_weighs_on_time_complete_and_agreement() -> None:
    chn = filed("CHN", exports=(("KHM", "I", 20), ("MMR", "IV", 4)), sent="2026-06-02 09:00")
    khm = filed("KHM", imports=(("CHN", "I", 18),))
    mmr = filed("MMR", imports=(("CHN", "IV", 4),))
    ctx = context(chn, khm, mmr, spent=(_spent("CHN", 2025, 1.0, "2026-04-01"),))
    t = transparency(ctx, "CHN")
    assert (t.due, t.sent, t.on_time, t.checked, t.agreeing) == (2, 2, 1, 2, 1)
    assert index_of(t, ctx) == pytest.approx(round(100 * (0.5 + 1 + 0.5) / 3, 1))
    weighted = replace(
        ctx,
        regime=REGIME.model_copy(
            update={"index_weights": IndexWeights(on_time=2.0, complete=0.0, agreement=1.0)}
        ),
    )
    assert index_of(t, weighted) == pytest.approx(round(100 * (2 * 0.5 + 0.5) / 3, 1))


def test_with_nothing_due_and_nothing_checked_there_is_no_index() -> None:
    ctx = context(filed("CHN"), as_of="2026-04-01 00:00")
    t = transparency(ctx, "CHN")
    assert (t.due, t.checked) == (0, 0)
    assert index_of(t, ctx) is None


def test_year_over_year_changes() -> None:
    old = filed("CHN", year=2024, exports=(("KHM", "I", 10),), imports=(("RUS", "V", 2),))
    new = filed("CHN", exports=(("KHM", "I", 20), ("MMR", "IV", 4)))
    spent = (_spent("CHN", 2024, 100.0, "2025-04-01"), _spent("CHN", 2025, 110.0, "2026-04-01"))
    years = year_over_year(context(old, new, spent=spent), "CHN")
    assert [(y.year, y.exported, y.imported, y.exports) for y in years] == [
        (2024, 10, 2, {"I": 10}),
        (2025, 24, 0, {"I": 20, "IV": 4}),
    ]
    assert (years[1].exports_change, years[1].imports_change) == (14, -2)
    assert years[1].expenditure_change == pytest.approx(0.10)
    other = (spent[0], _spent("CHN", 2025, 110.0, "2026-04-01", currency="USD"))
    assert year_over_year(context(old, new, spent=other), "CHN")[1].expenditure_change is None


@pytest.mark.parametrize(
    ("day", "says"),
    [
        ("02-29", "a day every year has"),
        ("13-01", "a day every year has"),
        ("04-31", "a day"),
        ("5-31", "should match pattern"),
    ],
)
def test_a_due_day_every_year_has_is_required(day: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        ArmsRegime(returns_due=day)


def test_the_due_day_is_the_end_of_that_day_of_the_next_year() -> None:
    assert REGIME.due(2025) == at("2026-05-31 23:59:59.999999")
    assert REGIME.due(2025, "expenditure") == at("2026-04-30 23:59:59.999999")
    assert ArmsRegime(expenditure_due=None).due(2025, "expenditure") is None
