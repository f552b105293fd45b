"""``cosec decisions assess FILE --charter ID --format json``: the §11 rules on a file, the
output the issue specifies, and exit 2 naming the proposal and the field on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cosec.charters import profile_path
from cosec.cli.main import app as cli

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


def run(tmp_path: Path, doc: Any, *args: str) -> tuple[int, str, str]:
    file = tmp_path / "proposals.json"
    file.write_text(json.dumps(doc))
    done = CliRunner().invoke(cli, ["decisions", "assess", str(file), *args])
    return done.exit_code, done.stdout, done.stderr


def ballot(yes: int, no: int = 0, abstain: int = 0) -> dict[str, str]:
    order = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    return dict(zip(EAS, order, strict=False))


def test_each_rule_at_its_edge_under_eas_2026(tmp_path: Path) -> None:
    doc = {
        "proposals": [
            {"id": "quorum", "body": "council", "votes": ballot(10)},
            {"id": "no-quorum", "body": "council", "votes": ballot(9)},
            {"id": "blocked", "body": "summit", "votes": ballot(16, 1, 1)},
            {
                "id": "two-thirds",
                "body": "wg-csbm",
                "rule": "qualified_majority",
                "votes": ballot(12, 6),
            },
            {
                "id": "one-short",
                "body": "wg-csbm",
                "rule": "qualified_majority",
                "votes": ballot(11, 7),
            },
            {
                "id": "parties",
                "body": "wg-maritime",
                "rule": "consensus_minus_parties",
                "parties": ["CHN", "PHL"],
                "votes": dict.fromkeys(EAS, "yes") | {"CHN": "no", "PHL": "no"},
            },
            {
                "id": "majority",
                "body": "council",
                "rule": "simple_majority",
                "votes": ballot(6, 5, 0) | dict.fromkeys(EAS[11:], "abstain"),
            },
        ]
    }
    code, out, err = run(tmp_path, doc, "--charter", "eas-2026", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows[0] == {
        "id": "quorum",
        "outcome": "adopted",
        "yes": 10,
        "no": 0,
        "abstain": 0,
        "present": 10,
        "rule": "consensus",
    }
    assert [(r["id"], r["outcome"], r["rule"]) for r in rows] == [
        ("quorum", "adopted", "consensus"),
        ("no-quorum", "no_quorum", "consensus"),
        ("blocked", "rejected", "consensus"),
        ("two-thirds", "adopted", "qualified_majority"),
        ("one-short", "rejected", "qualified_majority"),
        ("parties", "adopted", "consensus_minus_parties"),
        ("majority", "adopted", "simple_majority"),
    ]
    assert (rows[5]["no"], rows[6]["present"]) == (2, 18)


def test_the_body_decision_rule_applies_when_the_proposal_names_none(tmp_path: Path) -> None:
    # wg-csbm decides by consensus in eas-2026's [[bodies]]: 12 yes and 6 no is rejected;
    # a body whose decision_rule is two_thirds decides by qualified_majority.
    doc = {"proposals": [{"id": "W1", "body": "wg-csbm", "votes": ballot(12, 6)}]}
    code, out, _ = run(tmp_path, doc, "--format", "json")
    assert (code, json.loads(out)[0]["outcome"], json.loads(out)[0]["rule"]) == (
        0,
        "rejected",
        "consensus",
    )
    text = profile_path("eas-2026").read_text(encoding="utf-8")
    text = text.replace(
        'id = "wg-csbm"\nname = "Working Group on Confidence- and Security-Building Measures"\n'
        'kind = "working_group"\ndecision_rule = "consensus"',
        'id = "wg-csbm"\nname = "Working Group on Confidence- and Security-Building Measures"\n'
        'kind = "working_group"\ndecision_rule = "two_thirds"',
    )
    assert 'decision_rule = "two_thirds"' in text
    charter = tmp_path / "eas.toml"
    charter.write_text(text, encoding="utf-8")
    code, out, err = run(tmp_path, doc, "--charter", str(charter), "--format", "json")
    assert code == 0, err
    assert (json.loads(out)[0]["outcome"], json.loads(out)[0]["rule"]) == (
        "adopted",
        "qualified_majority",
    )


def test_integer_ids_parties_outside_the_body_and_null_options(tmp_path: Path) -> None:
    # A party that is not a member casts no vote: §11 has nothing to refuse; its id is
    # printed back as given; null rule and parties are the defaults.
    doc = {
        "proposals": [
            {"id": 7, "body": "summit", "rule": None, "parties": ["PRK"], "votes": ballot(10)},
            {"id": "8", "body": "summit", "parties": None, "votes": ballot(10, 1)},
        ]
    }
    code, out, err = run(tmp_path, doc, "--format", "json")
    assert code == 0, err
    assert [(r["id"], r["outcome"], r["rule"]) for r in json.loads(out)] == [
        (7, "adopted", "consensus"),
        ("8", "rejected", "consensus"),
    ]


def test_csv_and_table_formats(tmp_path: Path) -> None:
    doc = {"proposals": [{"id": "P1", "body": "council", "votes": ballot(10, 1)}]}
    code, out, _ = run(tmp_path, doc, "--format", "csv")
    assert (code, out.splitlines()) == (
        0,
        ["id,outcome,yes,no,abstain,present,rule", "P1,rejected,10,1,0,11,consensus"],
    )


@pytest.mark.parametrize(
    ("proposal", "field", "says"),
    [
        (
            {"id": "P9", "body": "council", "votes": {"PRK": "yes"}},
            "proposal P9.votes.PRK",
            "PRK is not a member of the council",
        ),
        (
            {"id": "P9", "body": "council", "votes": {"CHN": "maybe"}},
            "proposal P9.votes.CHN",
            "'maybe' is not yes, no or abstain",
        ),
        (
            {"id": "P9", "body": "politburo", "votes": {}},
            "proposal P9.body",
            "'politburo' is not a body",
        ),
        (
            {"id": "P9", "body": "council", "rule": "unanimity", "votes": {}},
            "proposal P9.rule",
            "'unanimity' is not a decision rule",
        ),
        (
            {"id": "P9", "body": "secretariat", "votes": {}},
            "proposal P9.body",
            "takes no decisions",
        ),
        (
            {"id": "P9", "body": "council", "parties": ["prk"], "votes": {}},
            "proposal P9.parties[0]",
            "'prk' is not a member code",
        ),
        ({"id": "P9", "body": "council"}, "proposal P9.votes", "must be"),
        ({"body": "council", "votes": {}}, "proposals[0].id", "non-empty"),
        ({"id": True, "body": "council", "votes": {}}, "proposals[0].id", "or an integer"),
    ],
)
def test_bad_input_exits_2_naming_the_proposal_and_the_field(
    tmp_path: Path, proposal: dict[str, Any], field: str, says: str
) -> None:
    code, out, err = run(tmp_path, {"proposals": [proposal]}, "--format", "json")
    assert code == 2
    assert out == ""
    assert f"{field}: " in err
    assert says in err


def test_a_vote_from_outside_a_body_with_its_own_members(tmp_path: Path) -> None:
    # A charter whose working group has five of the six parties: the sixth may not vote.
    text = profile_path("korean-peninsula").read_text(encoding="utf-8")
    text = text.replace(
        'id = "wg-kppm"\n', 'id = "wg-kppm"\nmembers = ["CHN", "USA", "KOR", "JPN", "RUS"]\n'
    )
    charter = tmp_path / "six.toml"
    charter.write_text(text)
    doc = {
        "proposals": [
            {"id": "K1", "body": "wg-kppm", "votes": {"CHN": "yes", "USA": "yes", "PRK": "yes"}}
        ]
    }
    code, _, err = run(tmp_path, doc, "--charter", str(charter))
    assert code == 2
    assert "proposal K1.votes.PRK: PRK is not a member of the wg-kppm" in err
    ok = {
        "proposals": [
            {"id": "K2", "body": "wg-kppm", "votes": {"CHN": "yes", "USA": "yes", "KOR": "yes"}}
        ]
    }
    code, out, err = run(tmp_path, ok, "--charter", str(charter), "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0]["outcome"] == "adopted"  # 3 of 5 is a quorum


def test_a_file_that_is_not_json_or_not_proposals(tmp_path: Path) -> None:
    file = tmp_path / "bad.json"
    file.write_text("{not json")
    done = CliRunner().invoke(cli, ["decisions", "assess", str(file)])
    assert done.exit_code == 2
    code, _, err = run(tmp_path, [{"id": "x"}])
    assert code == 2
    assert "proposals: " in err
