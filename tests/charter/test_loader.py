"""Charters load from TOML, validate everything, and report FILE: key.path: rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cosec.charters import available_profiles, load_charter, parse_charter, profile_path
from cosec.errors import CharterError

PROFILES = [
    "eas-2026",
    "korean-peninsula",
    "lancang-mekong",
    "scs-coc",
    "us-china-2014",
    "vienna-2011",
]
EAS_MEMBERS = [
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
]


def test_every_profile_ships_and_loads() -> None:
    assert available_profiles() == PROFILES
    for pid in PROFILES:
        c = load_charter(pid)
        assert c.id == pid


def test_eas_has_the_18_summit_states_and_its_bodies() -> None:
    c = load_charter("eas-2026")
    assert sorted(c.member_codes) == sorted(EAS_MEMBERS)
    assert {b.kind for b in c.bodies} >= {"summit", "council", "secretariat", "working_group"}
    assert c.regime("notification") is not None


def test_profile_memberships() -> None:
    assert set(load_charter("us-china-2014").member_codes) == {"CHN", "USA"}
    assert set(load_charter("korean-peninsula").member_codes) == {
        "CHN",
        "USA",
        "KOR",
        "PRK",
        "JPN",
        "RUS",
    }
    assert set(load_charter("scs-coc").member_codes) == {"CHN", *EAS_MEMBERS[:10]}
    assert set(load_charter("lancang-mekong").member_codes) == {"CHN", "LAO", "MMR", "THA"}
    vienna = load_charter("vienna-2011")
    assert vienna.any_state
    assert vienna.is_member("DEU")
    assert not vienna.is_member("de")


def test_every_recalled_or_design_figure_is_marked() -> None:
    """Numbers in regime tables carry a [checked], [recalled] or [design] comment."""
    for pid in PROFILES:
        in_regime = False
        for line in profile_path(pid).read_text().splitlines():
            if line.startswith("[regimes.") or line.startswith("[[regimes."):
                in_regime = True
            if in_regime and re.match(r"^\s*\w+\s*=\s*[\d{]", line):
                assert re.search(r"\[(checked|recalled|design)\]", line), f"{pid}: {line}"


def _eas_text() -> str:
    return profile_path("eas-2026").read_text()


def test_error_names_file_key_path_and_rule() -> None:
    text = _eas_text().replace("troops = 9000 ", "troops = -5 ")
    with pytest.raises(CharterError) as exc:
        parse_charter(text, source="eas.toml")
    assert (
        str(exc.value) == "eas.toml: regimes.notification.notify.troops: must be a positive integer"
    )


def test_unknown_keys_are_errors_everywhere() -> None:
    text = (
        _eas_text()
        .replace("lead_time_days = 42", "lead_time_dayz = 42")
        .replace('title = "Charter of', 'titel = "x"\ntitle = "Charter of')
    )
    with pytest.raises(CharterError) as exc:
        parse_charter(text, source="eas.toml")
    locs = {e.loc for e in exc.value.errors}
    assert locs == {"titel", "regimes.notification.lead_time_dayz"}
    assert all(e.rule.startswith("unknown key") for e in exc.value.errors)


def test_every_problem_is_reported_at_once() -> None:
    text = (
        _eas_text()
        .replace('code = "NZL"', 'code = "nz"')
        .replace("max_activities = 6 ", "max_activities = -1 ")
        .replace('members = "all"\ndefault_audience', 'members = ["CHN", "XYZ"]\ndefault_audience')
    )
    with pytest.raises(CharterError) as exc:
        parse_charter(text, source="eas.toml")
    messages = {str(e) for e in exc.value.errors}
    assert (
        "members[14].code: must be an ISO 3166-1 alpha-3 code (three capital letters)" in messages
    )
    assert "regimes.notification.constraints[1].max_activities: must not be negative" in messages


def test_regime_members_must_be_charter_members() -> None:
    text = _eas_text().replace(
        '[regimes.notification]\nmembers = "all"',
        '[regimes.notification]\nmembers = ["CHN", "PRK"]',
    )
    with pytest.raises(CharterError) as exc:
        parse_charter(text, source="eas.toml")
    assert [str(e) for e in exc.value.errors] == [
        "regimes.notification.members[1]: PRK is not a charter member"
    ]


def test_unknown_mechanism_and_obligation() -> None:
    text = _eas_text() + '\n[regimes.telepathy]\nmembers = "all"\n'
    with pytest.raises(CharterError, match=r"regimes\.telepathy: unknown mechanism"):
        parse_charter(text)
    text = _eas_text().replace(
        'default_audience = "regime"\nlead_time_days',
        'obligations = ["notification.psychic"]\ndefault_audience = "regime"\nlead_time_days',
    )
    with pytest.raises(CharterError, match=r"obligations\[0\]: unknown obligation"):
        parse_charter(text)


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("id = ")
    with pytest.raises(CharterError, match=r"bad\.toml: not valid TOML"):
        load_charter(bad)
    with pytest.raises(CharterError, match="no such profile"):
        load_charter("atlantis-2030")
