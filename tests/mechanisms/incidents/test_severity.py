"""The severity rule (L1-L4) at every edge of the published figures (../shared/domain §3):
sea 457 m unsafe and 183 m dangerous, air 152 m and 30 m; "below" is strict."""

from __future__ import annotations

import pytest

from cosec.charters import load_profile
from cosec.mechanisms.incidents.regime import IncidentRegime
from cosec.mechanisms.incidents.severity import Facts, rate

EAS = load_profile("eas-2026").regime("incident")
assert isinstance(EAS, IncidentRegime)


@pytest.mark.parametrize(
    ("domain", "distance", "level"),
    [
        ("sea", 182.9, "L2"),
        ("sea", 183.0, "L3"),
        ("sea", 456.9, "L3"),
        ("sea", 457.0, "L4"),
        ("air", 29.9, "L2"),
        ("air", 30.0, "L3"),
        ("air", 151.9, "L3"),
        ("air", 152.0, "L4"),
        ("sea", 0.0, "L2"),
    ],
)
def test_distance_sets_the_level_strictly_below_each_threshold(
    domain: str, distance: float, level: str
) -> None:
    assert rate(Facts(domain, distance), EAS).level == level


def test_contact_casualties_or_damage_make_l1_whatever_the_distance() -> None:
    for facts in (
        Facts("sea", 900.0, contact=True),
        Facts("air", None, casualties=1),
        Facts("sea", None, damage=True),
    ):
        assert rate(facts, EAS).level == "L1"
    both = rate(Facts("sea", 10.0, ("ramming",), contact=True, casualties=2, damage=True), EAS)
    assert both.reasons == ("contact between the units", "2 casualties", "damage")


def test_a_prohibited_act_is_l2_with_harm_and_l3_without() -> None:
    harmed = rate(Facts("air", 5_000.0, ("laser_illumination",), harm=True), EAS)
    assert harmed.level == "L2"
    assert harmed.reasons == ("a prohibited act that caused harm: laser_illumination",)
    unharmed = rate(Facts("sea", None, ("fire_control_radar",)), EAS)
    assert unharmed.level == "L3"
    assert unharmed.reasons == ("a prohibited act without harm: fire_control_radar",)


def test_conduct_only_is_l4_even_with_harm_claimed() -> None:
    rated = rate(Facts("sea", 2_000.0, ("uncivil_communication",), harm=True), EAS)
    assert rated.level == "L4"
    assert rated.reasons == ("communication or professionalism only: uncivil_communication",)
    assert rate(Facts("sea"), EAS).level == "L4"


def test_reasons_name_every_fact_that_sets_the_level() -> None:
    rated = rate(Facts("sea", 100.0, ("aim_weapons",), harm=True), EAS)
    assert rated.level == "L2"
    assert rated.reasons == (
        "closest distance 100 m, below the dangerous distance of 183 m at sea",
        "a prohibited act that caused harm: aim_weapons",
    )


def test_the_charter_carries_the_rule() -> None:
    closer = IncidentRegime.model_validate(
        {
            "unsafe_distance_m": {"sea": 300.0, "air": 152.0},
            "dangerous_distance_m": {"sea": 100.0, "air": 30.0},
        }
    )
    assert rate(Facts("sea", 150.0), EAS).level == "L2"
    assert rate(Facts("sea", 150.0), closer).level == "L3"
    scs = load_profile("scs-coc").regime("incident")
    assert isinstance(scs, IncidentRegime)
    assert "blocking_resupply" in scs.acts
    assert "blocking_resupply" not in EAS.acts


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"dangerous_distance_m": {"sea": 500.0, "air": 30.0}}, "must be below"),
        ({"conduct_acts": ["shouting"]}, "not in the list"),
        ({"extra_acts": ["x", "x"]}, "must not repeat"),
        ({"report_within_hours": "72"}, "valid integer"),
    ],
)
def test_a_bad_regime_is_refused(change: dict[str, object], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        IncidentRegime.model_validate(change)
