"""The arms rules on cases built from domain §5: returns by 31 May of the next year
[checked], expenditure by 30 April [recalled], mirror checks [design]."""

from __future__ import annotations

from dataclasses import replace

from cosec.kit import Severity
from cosec.mechanisms.arms.context import Spent
from cosec.mechanisms.arms.obligations import check_expenditure, check_mirror, check_returns
from tests.mechanisms.arms.helpers import EAS, context, filed


def _flags(found: list) -> list[tuple[str, tuple[str, ...]]]:  # type: ignore[type-arg]
    return sorted((f.flag, f.members) for f in found)


def test_a_return_sent_on_the_last_minute_of_31_may_is_on_time_and_one_later_is_late() -> None:
    on_time = filed("CHN", sent="2026-05-31 23:59")
    late = filed("IDN", sent="2026-06-01 00:00")
    found = list(check_returns(context(on_time, late, members=("CHN", "IDN"))))
    assert _flags(found) == [("return_late", ("IDN",))]
    assert found[0].severity is Severity.LOW
    assert found[0].summary == (
        "Indonesia sent its return of arms transfers for 2025 on 01 June 2026, after "
        "31 May 2026, the day it was due."
    )
    assert found[0].subjects == ("return:IDN:2025",)


def test_no_return_is_judged_before_the_day_has_passed_then_every_silent_member_is_missing() -> (
    None
):
    assert list(check_returns(context(as_of="2026-05-31 23:59"))) == []
    found = list(check_returns(context(filed("CHN"), as_of="2026-06-01 00:00")))
    assert len(found) == len(EAS.member_codes) - 1
    assert {f.flag for f in found} == {"return_missing"}
    assert all(f.severity is Severity.MEDIUM for f in found)
    assert "CHN" not in {m for f in found for m in f.members}


def test_a_nil_return_counts_as_filed() -> None:
    nil = filed("CHN")
    assert nil.nil
    assert list(check_returns(context(nil, members=("CHN",)))) == []


def test_expenditure_is_due_by_30_april() -> None:
    def spent(when: str) -> Spent:
        return Spent("CHN", 2025, filed("CHN", sent=when).first_at, "simplified", "CNY", 1.0, (5,))

    on_time = context(spent=(spent("2026-04-30 23:00"),), members=("CHN",), as_of="2026-05-02")
    assert list(check_expenditure(on_time)) == []
    late = context(spent=(spent("2026-05-01 00:00"),), members=("CHN",), as_of="2026-05-02")
    assert _flags(list(check_expenditure(late))) == [("return_late", ("CHN",))]
    assert list(check_expenditure(context(members=("CHN",), as_of="2026-04-30 23:00"))) == []
    missing = list(check_expenditure(context(members=("CHN",), as_of="2026-05-01")))
    assert [(f.flag, f.subjects) for f in missing] == [
        ("return_missing", ("expenditure:CHN:2025",))
    ]


def test_both_report_the_same_units_is_no_finding() -> None:
    chn = filed("CHN", exports=(("IDN", "I", 12),))
    idn = filed("IDN", imports=(("CHN", "I", 12),))
    assert list(check_mirror(context(chn, idn))) == []


def test_different_units_are_a_mismatch_with_both_figures_exporter_first() -> None:
    chn = filed("CHN", exports=(("IDN", "I", 12),), rid=3)
    idn = filed("IDN", imports=(("CHN", "I", 10),), rid=4)
    (f,) = check_mirror(context(chn, idn))
    assert (f.flag, f.members, f.severity) == ("mirror_mismatch", ("CHN", "IDN"), Severity.LOW)
    assert f.details == {
        "year": 2025,
        "category": "I",
        "exporter": "CHN",
        "importer": "IDN",
        "exported": 12,
        "imported": 10,
    }
    assert f.evidence == (3, 4)
    assert f.summary == (
        "China reports exporting 12 items of battle tanks (category I) to Indonesia in 2025; "
        "Indonesia reports importing 10."
    )


def test_lines_for_the_same_counterpart_and_category_are_summed() -> None:
    chn = filed("CHN", exports=(("IDN", "I", 7), ("IDN", "I", 5)))
    idn = filed("IDN", imports=(("CHN", "I", 12),))
    assert list(check_mirror(context(chn, idn))) == []


def test_one_side_silent_is_import_or_export_unreported() -> None:
    chn = filed("CHN", exports=(("IDN", "IV", 2),))
    idn = filed("IDN", imports=(("CHN", "VI", 1),))
    found = list(check_mirror(context(chn, idn)))
    assert sorted((f.flag, f.members, f.details["category"]) for f in found) == [
        ("export_unreported", ("CHN", "IDN"), "VI"),
        ("import_unreported", ("CHN", "IDN"), "IV"),
    ]
    assert all(f.severity is Severity.MEDIUM for f in found)


def test_a_nil_return_is_checked_against_the_other_side() -> None:
    chn = filed("CHN", exports=(("IDN", "SALW", 500),))
    found = list(check_mirror(context(chn, filed("IDN"))))
    assert _flags(found) == [("import_unreported", ("CHN", "IDN"))]


def test_no_check_with_a_member_that_filed_nothing_or_a_state_outside_the_regime() -> None:
    chn = filed("CHN", exports=(("IDN", "I", 12), ("FRA", "IV", 2)))
    assert list(check_mirror(context(chn))) == []
    fra = filed("FRA", imports=(("CHN", "IV", 1),))
    assert list(check_mirror(context(chn, fra))) == []
    outside = context(chn, filed("IDN", imports=(("CHN", "I", 1),)), members=("CHN", "RUS"))
    assert list(check_mirror(outside)) == []


def test_transfers_both_ways_are_two_findings() -> None:
    chn = filed("CHN", exports=(("IDN", "I", 1),), imports=(("IDN", "I", 2),))
    idn = filed("IDN", exports=(("CHN", "I", 3),), imports=(("CHN", "I", 4),))
    found = list(check_mirror(context(chn, idn)))
    assert sorted((f.members, f.details["exported"], f.details["imported"]) for f in found) == [
        (("CHN", "IDN"), 1, 4),
        (("IDN", "CHN"), 3, 2),
    ]
    assert len({f.key for f in found}) == 2


def test_a_focus_judges_every_finding_that_touches_it() -> None:
    chn = filed("CHN", exports=(("IDN", "I", 12),))
    idn = filed("IDN", imports=(("CHN", "I", 10), ("JPN", "III", 4)))
    jpn = filed("JPN", exports=(("USA", "IV", 1),))
    usa = filed("USA")
    everything = list(check_mirror(context(chn, idn, jpn, usa)))
    assert len(everything) == 3
    on_chn = list(check_mirror(context(chn, idn, jpn, usa, focus=frozenset({"return:CHN:2025"}))))
    assert [f.key for f in on_chn] == [f.key for f in everything if "CHN" in f.members]
    on_usa = list(check_mirror(context(chn, idn, jpn, usa, focus=frozenset({"return:USA:2025"}))))
    assert [f.members for f in on_usa] == [("JPN", "USA")]


def test_returns_of_another_year_are_checked_only_with_that_year() -> None:
    chn = filed("CHN", exports=(("IDN", "I", 12),))
    idn = replace(filed("IDN", imports=(("CHN", "I", 12),)), year=2024)
    found = list(check_mirror(context(chn, idn)))
    assert found == []  # IDN filed nothing for 2025: no mirror check
