"""A signed envelope is read as sent: JSON that repeats a key is refused, not merged."""

from __future__ import annotations

from tests.api.support import Api


def test_an_envelope_that_repeats_a_key_is_refused(api: Api) -> None:
    signer = api.world.member_key("CHN")
    text = api.world.signed_notification(signer, 1).to_json()
    repeated = b'{"member":"USA",' + text[1:]
    before = api.state()
    r = api.client.post(
        "/v1/log/envelopes",
        content=repeated,
        headers=api.auth("CHN") | {"Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert "member" in r.text
    assert api.state() == before
    ok = api.client.post(
        "/v1/log/envelopes",
        content=text,
        headers=api.auth("CHN") | {"Content-Type": "application/json"},
    )
    assert ok.status_code == 201, ok.text
