"""File assessment: JSON or CSV in, one verdict per activity out, nothing stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cosec.charters import load_charter
from cosec.errors import InvalidInput
from cosec.mechanisms.notifications import OBLIGATIONS
from cosec.mechanisms.notifications.assess import (
    activities_from_rows,
    assess,
    parse_rows,
    read_rows,
    validate_rows,
)

AS_OF = datetime(2027, 12, 31, tzinfo=UTC)
EAS = load_charter("eas-2026")


def verdicts(text: str, *, json_format: bool = False, charter: str = "eas-2026") -> dict[str, dict]:
    c = load_charter(charter)
    rows = validate_rows(parse_rows(text, json_format=json_format), c)
    results = assess(activities_from_rows(rows), charter=c, obligations=OBLIGATIONS, as_of=AS_OF)
    return {r.activity.designation: r.as_dict() for r in results}


CSV = """designation,states,start,end,notified_on,troops,battle_tanks,alert,lat,lon
At threshold,CHN,2027-05-01,2027-05-05,2027-03-20,9000,,,,
One below,CHN,2027-05-01,2027-05-05,2027-04-30,8999,,,,
Late by a day,JPN,2027-05-01,2027-05-05,2027-03-21,,250,,,
Snap,RUS,2027-08-01,2027-08-04,2027-08-01,14000,,true,,
"""


def test_two_booleans_judge_each_activity_alone() -> None:
    v = verdicts(CSV)
    assert v["At threshold"]["notification_required"] is True
    assert v["At threshold"]["notify_by"] == "2027-03-20"
    assert v["At threshold"]["flags"] == []
    assert v["One below"]["notification_required"] is False
    assert v["One below"]["flags"] == ["near_threshold"]
    assert v["Late by a day"]["flags"] == ["late"]
    assert v["Snap"]["observation_required"] is True  # 4 days: longer than 72 h
    assert v["Snap"]["flags"] == []


def test_json_and_csv_give_the_same_verdicts() -> None:
    rows = [
        {
            "designation": "At threshold",
            "states": ["CHN"],
            "start": "2027-05-01",
            "end": "2027-05-05",
            "notified_on": "2027-03-20",
            "troops": 9000,
        },
        {
            "designation": "One below",
            "states": "CHN",
            "start": "2027-05-01",
            "end": "2027-05-05",
            "notified_on": "2027-04-30",
            "troops": 8999,
        },
    ]
    by_json = verdicts(json.dumps(rows), json_format=True)
    by_csv = verdicts(CSV)
    for name in by_json:
        assert by_json[name] == by_csv[name]


def test_amendment_rows_fold_into_history() -> None:
    text = """designation,states,start,end,notified_on,troops,amends
Garuda,IDN,2027-08-03,2027-08-14,2027-06-20,8000,
Garuda,IDN,2027-08-03,2027-08-14,2027-08-30,9600,Garuda
"""
    v = verdicts(text)
    assert list(v) == ["Garuda"]
    assert v["Garuda"]["flags"] == ["grew_after_event"]


def test_split_and_not_notified_flags() -> None:
    text = """designation,states,start,end,notified_on,troops,lat,lon
Cobra North,THA,2027-02-20,2027-02-26,2027-01-05,5000,15.0,101.0
Cobra South,THA,2027-02-24,2027-03-01,2027-01-05,5000,13.6,100.6
Unnotified,VNM,2027-04-01,2027-04-05,,10000,,
"""
    v = verdicts(text)
    assert v["Cobra North"]["flags"] == ["split_suspected"]
    assert v["Cobra South"]["flags"] == ["split_suspected"]
    assert v["Unnotified"]["flags"] == ["not_notified"]


def test_bad_rows_are_reported_by_number_and_field() -> None:
    text = """designation,states,start,end,troops
Fine,CHN,2027-05-01,2027-05-05,100
Negative,CHN,2027-05-01,2027-05-05,-1
Backwards,CHN,2027-05-05,2027-05-01,1
Stranger,XXX,2027-05-01,2027-05-05,1
"""
    with pytest.raises(InvalidInput) as exc:
        validate_rows(parse_rows(text, json_format=False), EAS)
    assert {str(e) for e in exc.value.errors} == {
        "row 2.troops: must not be negative",
        "row 3.end: end must not be before start",
        "row 4.states: XXX is not a member of the regime",
    }


def test_unknown_column_and_ragged_rows() -> None:
    with pytest.raises(InvalidInput, match="unknown column"):
        parse_rows("designation,states,start,end,tropps\n", json_format=False)
    with pytest.raises(InvalidInput, match=r"row 1: has more cells than columns"):
        parse_rows(
            "designation,states,start,end\nA,CHN,2027-01-01,2027-01-02,9\n", json_format=False
        )


def test_vienna_accepts_any_state_code_eas_does_not() -> None:
    text = "designation,states,start,end,troops\nZapad,RUS;BLR,2027-09-14,2027-09-20,12700\n"
    assert verdicts(text, charter="vienna-2011")["Zapad"]["notification_required"] is True
    with pytest.raises(InvalidInput, match="BLR is not a member"):
        verdicts(text)


def test_read_rows_from_files(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text("{not json")
    with pytest.raises(InvalidInput, match="not valid JSON"):
        read_rows(f)
    with pytest.raises(InvalidInput, match="cannot read"):
        read_rows(tmp_path / "missing.csv")
