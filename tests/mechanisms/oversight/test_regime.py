"""The charter's oversight parameters: the shipped profiles' figures, a watch zone of any
shape, thresholds that rise."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cosec.charters import load_profile
from cosec.mechanisms.oversight.regime import OversightRegime
from cosec.mechanisms.oversight.zone import inside


@pytest.mark.parametrize("profile", ["korean-peninsula", "eas-2026"])
def test_the_profiles_carry_the_domain_figures(profile: str) -> None:
    charter = load_profile(profile)
    regime = charter.regime("oversight")
    assert isinstance(regime, OversightRegime)
    assert regime.petroleum_cap_barrels == 500_000
    assert regime.petroleum_thresholds == (0.75, 0.9, 1.0)
    assert regime.coast_state == "PRK"
    assert regime.approach_m == pytest.approx(12 * 1852)
    assert regime.watch_zone == ((29.0, 119.0), (29.0, 131.0), (41.0, 131.0), (41.0, 119.0))
    bodies = {b.id for b in charter.bodies}
    assert regime.reading_bodies
    assert set(regime.reading_bodies) <= bodies


def test_a_watch_zone_of_any_shape() -> None:
    triangle = ((30.0, 120.0), (30.0, 130.0), (40.0, 120.0))
    assert inside(triangle, [31.0, 39.0, 35.0], [121.0, 129.0, 125.0]).tolist() == [
        True,
        False,
        True,
    ]


def test_thresholds_rise_each_once() -> None:
    with pytest.raises(ValidationError, match="must rise"):
        OversightRegime(petroleum_thresholds=(0.9, 0.75))
    with pytest.raises(ValidationError):
        OversightRegime(watch_zone=((30.0, 120.0), (31.0, 121.0)))
