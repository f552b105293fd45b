"""POST /v1/log/envelopes/batch: a member's system sends a window of envelopes at once.

Each envelope is answered on its own, in order; a line that is not an envelope refuses the
whole batch and changes nothing.
"""

from __future__ import annotations

import base64
from typing import Any

from cosec.ledger.envelope import MAX_BATCH_ENVELOPES, Envelope
from tests.api.support import Api

NDJSON = {"Content-Type": "application/x-ndjson"}


def _batch(api: Api, who: str, lines: list[bytes]) -> tuple[int, dict[str, Any]]:
    r = api.client.post(
        "/v1/log/envelopes/batch", content=b"\n".join(lines), headers=api.auth(who) | NDJSON
    )
    return r.status_code, r.json()


def _signed(api: Api, member: str, seqs: range) -> list[Envelope]:
    signer = api.world.member_key(member)
    return [api.world.signed_notification(signer, seq, troops=100 + seq) for seq in seqs]


def test_a_batch_is_logged_in_order_and_each_envelope_answered(api: Api) -> None:
    envelopes = _signed(api, "CHN", range(1, 6))
    records_before, _ = api.state()
    status, body = _batch(api, "CHN", [e.to_json() for e in envelopes])
    assert status == 200, body
    assert body["accepted"] == 5
    results = body["results"]
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5]
    assert all(r["status"] == 201 for r in results)
    indexes = [r["index"] for r in results]
    assert indexes == sorted(indexes)
    assert len(set(indexes)) == 5
    # The signed checkpoint covers every entry, and each entry's leaf is the one logged.
    size = int(body["checkpoint"].split("\n")[1])
    assert size > max(indexes)
    for r in results:
        receipt = api.ok(api.get(f"/v1/log/receipts/{r['index']}"))
        assert base64.b64decode(r["leaf"]) == base64.b64decode(receipt["leaf"])
    records_after, _ = api.state()
    assert len(records_after) == len(records_before) + 5
    seq = api.ok(api.get("/v1/log/next-seq", "CHN", member="CHN"))
    assert seq["next_seq"] == 6


def test_a_line_that_is_not_an_envelope_refuses_the_batch_and_changes_nothing(api: Api) -> None:
    good = [e.to_json() for e in _signed(api, "CHN", range(1, 4))]
    repeated = b'{"member":"USA",' + good[1][1:]  # a duplicate key on line 2
    before = api.state()
    status, body = _batch(api, "CHN", [good[0], repeated, good[2], b"not json"])
    assert status == 422, body
    locs = [e["loc"] for e in body["errors"]]
    assert any(loc.startswith("line 2") for loc in locs), locs
    assert any(loc.startswith("line 4") for loc in locs), locs
    assert not any(loc.startswith(("line 1", "line 3")) for loc in locs), locs
    assert api.state() == before
    # Sent again without the bad lines, the same envelopes go in.
    status, body = _batch(api, "CHN", good)
    assert status == 200, body
    assert body["accepted"] == 3


def test_an_empty_or_oversized_batch_is_refused(api: Api) -> None:
    before = api.state()
    status, body = _batch(api, "CHN", [b"", b"  "])
    assert status == 422, body
    assert body["errors"][0]["loc"] == "body"
    one = _signed(api, "CHN", range(1, 2))[0].to_json()
    status, body = _batch(api, "CHN", [one] * (MAX_BATCH_ENVELOPES + 1))
    assert status == 422, body
    assert f"at most {MAX_BATCH_ENVELOPES}" in body["errors"][0]["rule"]
    assert api.state() == before


def test_a_refused_envelope_is_answered_with_its_error_and_the_others_stand(api: Api) -> None:
    envelopes = [e.to_json() for e in _signed(api, "CHN", range(1, 4))]
    # Line 2 repeats sequence number 1 (a replay): refused; line 3 then skips a number.
    replay = _signed(api, "CHN", range(1, 2))[0].to_json()
    status, body = _batch(api, "CHN", [envelopes[0], replay, envelopes[1]])
    assert status == 200, body
    first, second, third = body["results"]
    assert first["status"] == 201
    assert second["status"] == 409, second
    assert "seq" in second["error"]["message"], second
    assert third["status"] == 201, third  # seq 2 follows seq 1: in order
    assert body["accepted"] == 2


def test_a_member_cannot_batch_another_members_envelopes(api: Api) -> None:
    theirs = [e.to_json() for e in _signed(api, "USA", range(1, 3))]
    before = api.state()
    status, body = _batch(api, "CHN", theirs)
    assert status == 200, body
    assert body["accepted"] == 0
    assert all(r["status"] == 403 for r in body["results"]), body
    assert api.state() == before
    status, body = _batch(api, "PUBLIC", theirs)
    assert status == 401, body
    assert api.state() == before
