"""The shipped charters' decisions regimes name only bodies they have, and every member of
a rotation is a member of the charter."""

from __future__ import annotations

import pytest

from cosec.charters import load_profile
from cosec.mechanisms.decisions.bodies import bodies, regime_of
from cosec.mechanisms.decisions.regime import DecisionsRegime


@pytest.mark.parametrize("profile", ["eas-2026", "korean-peninsula"])
def test_the_regime_names_bodies_and_members_of_its_charter(profile: str) -> None:
    charter = load_profile(profile)
    regime = charter.regime("decisions")
    assert isinstance(regime, DecisionsRegime)
    known = bodies(charter)
    assert set(regime.rules) <= set(known)
    assert set(regime.binding_bodies) <= set(known)
    assert set(regime.chair_order) <= set(charter.member_codes)
    assert all(known[b].rule is not None for b in regime.binding_bodies)


def test_working_groups_of_both_profiles_decide() -> None:
    eas = bodies(load_profile("eas-2026"))
    six = bodies(load_profile("korean-peninsula"))
    groups = {b.id: b.rule for b in [*eas.values(), *six.values()] if b.kind == "working_group"}
    assert groups == {
        "wg-csbm": "consensus",
        "wg-maritime": "consensus",
        "wg-korea": "consensus",
        "wg-neapsm": "consensus",
        "wg-kppm": "consensus",
    }  # each body's own decision_rule; a proposal names another rule when it needs one


def test_a_charter_without_the_regime_has_the_defaults() -> None:
    vienna = load_profile("vienna-2011")
    assert regime_of(vienna) == DecisionsRegime()
