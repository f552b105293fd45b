"""The rules of the domain reference §11 at every edge: the quorum exactly and one below,
two-thirds exactly and one below, consensus blocked by one no and not by abstentions, the
parties' objections under consensus minus the parties (counted for the quorum)."""

from __future__ import annotations

import pytest

from cosec.mechanisms.decisions.kernel import decide

EAS = (
    "BRN",
    "KHM",
    "IDN",
    "LAO",
    "MYS",
    "MMR",
    "PHL",
    "SGP",
    "THA",
    "VNM",
    "AUS",
    "CHN",
    "IND",
    "JPN",
    "NZL",
    "KOR",
    "RUS",
    "USA",
)
SIX = ("CHN", "USA", "KOR", "PRK", "JPN", "RUS")


def votes(
    yes: int = 0, no: int = 0, abstain: int = 0, members: tuple[str, ...] = EAS
) -> dict[str, str]:
    order = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    assert len(order) <= len(members)
    return dict(zip(members, order, strict=False))


@pytest.mark.parametrize(
    "rule", ["consensus", "consensus_minus_parties", "qualified_majority", "simple_majority"]
)
def test_the_quorum_is_more_than_half_of_the_members_present(rule: str) -> None:
    # 18 members: 10 present make a quorum, 9 (exactly half) do not, whatever the votes.
    assert decide(rule, EAS, votes(yes=10)).outcome == "adopted"
    short = decide(rule, EAS, votes(yes=9))
    assert (short.outcome, short.present, short.yes) == ("no_quorum", 9, 9)
    # 6 members: 4 present make a quorum, 3 do not.
    assert decide(rule, SIX, votes(yes=4, members=SIX)).outcome == "adopted"
    assert decide(rule, SIX, votes(yes=3, members=SIX)).outcome == "no_quorum"


def test_abstentions_count_for_the_quorum() -> None:
    t = decide("consensus", EAS, votes(yes=1, abstain=9))
    assert (t.outcome, t.present, t.abstain) == ("adopted", 10, 9)
    assert decide("consensus", EAS, votes(abstain=10)).outcome == "rejected"  # no yes at all


def test_consensus_is_blocked_by_one_no_and_not_by_abstentions() -> None:
    assert decide("consensus", EAS, votes(yes=17, abstain=1)).outcome == "adopted"
    blocked = decide("consensus", EAS, votes(yes=17, no=1))
    assert (blocked.outcome, blocked.no, blocked.blocking) == ("rejected", 1, ("USA",))


def test_consensus_minus_parties_ignores_the_parties_objections_only() -> None:
    ballot = dict.fromkeys(EAS, "yes") | {"CHN": "no", "PHL": "no"}
    both = decide("consensus_minus_parties", EAS, ballot, parties=("CHN", "PHL"))
    assert (both.outcome, both.no, both.blocking) == ("adopted", 2, ())
    one = decide("consensus_minus_parties", EAS, ballot, parties=("CHN",))
    assert (one.outcome, one.blocking) == ("rejected", ("PHL",))
    plain = decide("consensus", EAS, ballot, parties=("CHN", "PHL"))
    assert plain.outcome == "rejected"  # under plain consensus the parties block too


def test_the_parties_no_votes_still_count_for_the_quorum() -> None:
    # 10 present of 18, 9 of them parties voting no and one yes: a quorum, and adopted.
    parties = EAS[1:10]
    ballot = {EAS[0]: "yes"} | dict.fromkeys(parties, "no")
    t = decide("consensus_minus_parties", EAS, ballot, parties=parties)
    assert (t.outcome, t.present, t.no) == ("adopted", 10, 9)
    # one fewer party present: no quorum.
    fewer = {EAS[0]: "yes"} | dict.fromkeys(parties[:8], "no")
    assert decide("consensus_minus_parties", EAS, fewer, parties=parties).outcome == "no_quorum"


def test_consensus_minus_parties_still_needs_a_yes() -> None:
    ballot = dict.fromkeys(EAS[:10], "abstain") | {"CHN": "no"}
    assert decide("consensus_minus_parties", EAS, ballot, parties=("CHN",)).outcome == "rejected"


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "outcome"),
    [
        (12, 6, 0, "adopted"),  # 12 of 18: exactly two-thirds
        (11, 7, 0, "rejected"),  # 11 of 18: one short
        (2, 1, 7, "adopted"),  # abstentions not counted: 2 of 3 is two-thirds
        (1, 1, 8, "rejected"),  # 1 of 2
        (10, 5, 3, "adopted"),  # exactly two-thirds again
        (9, 5, 4, "rejected"),  # 9 of 14: short of two-thirds (9.33)
        (0, 0, 10, "rejected"),  # two-thirds of nothing is not enough: at least one yes
        (1, 0, 9, "adopted"),
    ],
)
def test_qualified_majority_at_two_thirds(yes: int, no: int, abstain: int, outcome: str) -> None:
    t = decide("qualified_majority", EAS, votes(yes, no, abstain))
    assert (t.outcome, t.yes, t.no, t.abstain) == (outcome, yes, no, abstain)


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "outcome"),
    [
        (6, 5, 0, "adopted"),
        (5, 5, 0, "rejected"),
        (5, 6, 0, "rejected"),
        (1, 0, 9, "adopted"),
        (0, 0, 10, "rejected"),
    ],
)
def test_simple_majority_is_more_yes_than_no(yes: int, no: int, abstain: int, outcome: str) -> None:
    assert decide("simple_majority", EAS, votes(yes, no, abstain)).outcome == outcome


def test_the_tally_prints_as_the_issue_asks() -> None:
    t = decide("consensus", SIX, votes(yes=3, abstain=1, members=SIX))
    assert t.as_json("P1") == {
        "id": "P1",
        "outcome": "adopted",
        "yes": 3,
        "no": 0,
        "abstain": 1,
        "present": 4,
        "rule": "consensus",
    }
    assert t.quorum == 4


def test_strangers_odd_votes_and_unknown_rules_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="not members"):
        decide("consensus", SIX, {"PHL": "yes"})
    with pytest.raises(ValueError, match="other than"):
        decide("consensus", SIX, {"CHN": "maybe"})
    with pytest.raises(ValueError, match="unknown decision rule"):
        decide("unanimity", SIX, votes(yes=4, members=SIX))
