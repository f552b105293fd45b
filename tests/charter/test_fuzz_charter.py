"""Fuzzing the charter parser: TOML text and parsed documents, mutated from every profile.

The property: ``parse_charter`` and ``validate_charter`` return a valid charter or raise
:class:`~cosec.errors.CharterError` naming the key and the rule, never another exception,
and never accept a charter that breaks a rule ``docs/charters.md`` states: unique member
codes, body and forum ids; members of bodies and regimes listed once and members of the
charter; a chair that is ``rotating`` or a member; known, unrepeated obligation ids; a log
policy the server can use; booleans and counts given as such, not as strings or numbers.
An accepted charter dumps to JSON and validates again to itself.

Every input Hypothesis found failing is kept as an ``@example`` of the property it broke,
and failed before the fix.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cosec.charter.models import MAX_CLOCK_SKEW_SECONDS, MAX_WITNESSES, Charter, RegimeBase
from cosec.charters import (
    MAX_CHARTER_BYTES,
    available_profiles,
    parse_charter,
    profile_path,
    validate_charter,
)
from cosec.errors import CharterError
from cosec.registry import mechanisms
from tests.ledger.fuzzing import FUZZ, TRICKY, mutated, mutated_json, nested

PROFILES = {pid: profile_path(pid).read_text(encoding="utf-8") for pid in available_profiles()}
PARSED = {pid: tomllib.loads(text) for pid, text in PROFILES.items()}
EAS = PARSED["eas-2026"]

TOML_VALUES = [
    "9" * 5000,
    "99999999999999999999",
    "-1",
    "0",
    "1",
    "1.5",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "true",
    '"true"',
    '"off"',
    '"2"',
    '""',
    '"é\\u202e"',
    '"\\u0000"',
    '"\\ud800"',
    "[" * 3000 + "]" * 3000,
    "{a=" * 1000 + "1" + "}" * 1000,
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "[]",
    "{}",
    '["CHN", "CHN"]',
    '["CHN", "XXX"]',
    '"all"',
    '"rotating"',
    '"whoever"',
    '"CHN"',
    '"١١-١٥"',
    '[1, "a"]',
]
"""TOML values that once broke a parser, or break a rule of charters.md."""
_ASSIGNMENT = re.compile(r"^(\s*[\w.-]+\s*=\s*)(.*)$")


@st.composite
def retyped_toml(draw: st.DrawFn, text: str) -> str:
    """``text`` with the values of one to three ``key = value`` lines replaced."""
    lines = text.split("\n")
    assignments = [i for i, line in enumerate(lines) if _ASSIGNMENT.match(line)]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.sampled_from(assignments))
        head = _ASSIGNMENT.match(lines[i])
        assert head is not None
        lines[i] = head.group(1) + draw(
            st.sampled_from(TOML_VALUES) | st.sampled_from(TRICKY).map(json.dumps)
        )
    return "\n".join(lines)


TOML_TEXT = (
    st.text(max_size=200)
    | st.sampled_from(sorted(PROFILES)).flatmap(lambda pid: retyped_toml(PROFILES[pid]))
    | st.sampled_from(sorted(PROFILES)).flatmap(
        lambda pid: mutated(PROFILES[pid].encode()).map(lambda b: b.decode("utf-8", "replace"))
    )
)
TOML_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from([*TRICKY, "all", "rotating", "CHN", "PRK", "XXX", "\ud800", "١١-١٥"]),
    st.dates(),
    st.datetimes(),
    st.times(),
)
TOML_LIKE = st.recursive(
    TOML_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
) | st.sampled_from([["CHN", "CHN"], ["CHN", "XXX"], ("JPN",), nested(3000)])
DOCUMENTS = st.sampled_from(sorted(PARSED)).flatmap(
    lambda pid: mutated_json(PARSED[pid], TOML_LIKE)
)


def _body(**changes: Any) -> dict[str, Any]:
    return {**EAS, "bodies": [{**EAS["bodies"][0], **changes}]}


def _regime(**changes: Any) -> dict[str, Any]:
    return {**EAS, "regimes": {"notification": {**EAS["regimes"]["notification"], **changes}}}


def check_charter(charter: Charter) -> None:
    """Every rule of ``docs/charters.md`` holds, and the charter validates again to itself."""
    codes = charter.member_codes
    assert len(set(codes)) == len(codes)
    known = set(codes)

    def members_ok(members: object) -> None:
        if members != "all":
            assert isinstance(members, tuple)
            assert len(set(members)) == len(members)
            assert charter.any_state or set(members) <= known

    for ids in ([b.id for b in charter.bodies], [f.id for f in charter.forums]):
        assert len(set(ids)) == len(ids)
    for body in charter.bodies:
        members_ok(body.members)
        chair = body.chair
        assert chair in (None, "rotating") or re.fullmatch(r"[A-Z]{3}", chair)
        assert chair in (None, "rotating") or charter.any_state or chair in known
    installed = mechanisms()
    for name, regime in charter.regimes.items():
        assert isinstance(regime, installed[name].regime_model)
        assert isinstance(regime, RegimeBase)
        members_ok(regime.members)
        if regime.obligations is not None:
            assert len(set(regime.obligations)) == len(regime.obligations)
            assert set(regime.obligations) <= {o.id for o in installed[name].obligations}
    for flag in (charter.any_state, *(r.binding for r in charter.regimes.values())):
        assert type(flag) is bool
    log = charter.log
    assert type(log.witnesses_required) is int
    assert 0 <= log.witnesses_required <= MAX_WITNESSES
    assert type(log.max_clock_skew_seconds) is int
    skew = timedelta(seconds=log.max_clock_skew_seconds)
    assert datetime(1970, 1, 2, tzinfo=UTC) - skew < datetime(9999, 12, 30, tzinfo=UTC) + skew
    json.dumps(charter.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")
    assert validate_charter(charter.model_dump()) == charter


@pytest.mark.parametrize("pid", sorted(PROFILES))
def test_every_profile_keeps_every_rule(pid: str) -> None:
    check_charter(parse_charter(PROFILES[pid], source=f"{pid}.toml"))


@FUZZ
@given(TOML_TEXT)
@example("a = " + "9" * 5000)
@example("a = " + "[" * 3000 + "]" * 3000)
@example("a = " + "{b=" * 1000 + "1" + "}" * 1000)
def test_charter_text_parses_or_is_refused(text: str) -> None:
    try:
        charter = parse_charter(text, source="fuzz.toml")
    except CharterError as exc:
        assert str(exc).startswith("fuzz.toml: ")  # noqa: PT017 (names the file)
        return
    check_charter(charter)


def test_charter_text_beyond_the_limit_is_refused_before_parsing() -> None:
    text = PROFILES["eas-2026"] + "#" * MAX_CHARTER_BYTES
    with pytest.raises(CharterError, match=r"fuzz\.toml: has \d+ characters, at most \d+ bytes"):
        parse_charter(text, source="fuzz.toml")


@FUZZ
@given(DOCUMENTS)
@example([("id", "x")])
@example({**EAS, "log": {"max_clock_skew_seconds": 10**30}})
@example({**EAS, "log": {"witnesses_required": 10**30}})
@example({**EAS, "bodies": [EAS["bodies"][0], EAS["bodies"][0]]})
@example({**EAS, "forums": [EAS["forums"][0], EAS["forums"][0]]})
@example(_body(members=["CHN", "CHN"]))
@example(_body(chair="whoever"))
@example(_body(chair="PRK"))
@example(_regime(members=["CHN", "CHN"]))
@example(_regime(obligations=["notification.lead_time"] * 2))
def test_charter_document_validates_or_is_refused(document: Any) -> None:
    try:
        charter = validate_charter(document, source="fuzz.toml")
    except CharterError as exc:
        assert str(exc).startswith("fuzz.toml: ")  # noqa: PT017 (names the file)
        return
    check_charter(charter)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (_body(chair="whoever"), "bodies[0].chair: must be 'rotating' or a member code"),
        (_body(chair="PRK"), "bodies[0].chair: PRK is not a charter member"),
        (_body(members=["CHN", "CHN"]), "bodies[0].members[1]: CHN is listed twice"),
        ({**EAS, "bodies": [EAS["bodies"][0]] * 2}, "bodies[1].id: summit is used twice"),
        ({**EAS, "forums": [EAS["forums"][0]] * 2}, "forums[1].id: arf is used twice"),
        (_regime(members=["CHN", "CHN"]), "regimes.notification.members[1]: CHN is listed twice"),
        (
            _regime(obligations=["notification.lead_time"] * 2),
            "regimes.notification.obligations[1]: notification.lead_time is listed twice",
        ),
        ({**EAS, "any_state": "off"}, "any_state: must be true or false"),
        (_regime(binding="no"), "regimes.notification.binding: must be true or false"),
        (
            {**EAS, "log": {"witnesses_required": True}},
            "log.witnesses_required: must be an integer",
        ),
        (
            {**EAS, "log": {"witnesses_required": 100}},
            f"log.witnesses_required: must be at most {MAX_WITNESSES}",
        ),
        (
            {**EAS, "log": {"max_clock_skew_seconds": 10**30}},
            f"log.max_clock_skew_seconds: must be at most {MAX_CLOCK_SKEW_SECONDS}",
        ),
        (
            {**EAS, "log": {"max_clock_skew_seconds": "5"}},
            "log.max_clock_skew_seconds: must be an integer",
        ),
        ([1, 2], "must be a table of charter keys"),
    ],
)
def test_charter_rules_name_the_key_and_the_rule(document: Any, message: str) -> None:
    with pytest.raises(CharterError) as exc:
        validate_charter(document, source="fuzz.toml")
    assert message in [str(e) for e in exc.value.errors]


def test_a_member_code_is_three_capitals_and_nothing_after() -> None:
    vienna = parse_charter(PROFILES["vienna-2011"])
    assert vienna.is_member("DEU")
    assert not vienna.is_member("DEU\n")


def test_toml_native_types_still_load() -> None:
    """Strictness is about strings and numbers posing as flags and counts, not dates."""
    charter = validate_charter({**EAS, "effective_from": date(2026, 1, 1)})
    assert charter.effective_from == date(2026, 1, 1)
    with pytest.raises(CharterError, match="effective_from"):
        validate_charter({**EAS, "effective_from": time(7, 32)})
