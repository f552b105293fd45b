"""A person's second factor: enrolled once, sealed in the store, asked at every sign-in.

On both stores: the secret is never stored in clear and opens only under the server's
key and for its own person; a person with a second factor signs in with key and code (a
wrong or replayed code is refused and counted like a wrong key), and their key alone
opens neither the pages nor the API.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cosec.access import people, totp
from cosec.access import service as users
from cosec.access.tables import PersonRow
from cosec.access.totp import ServerSecret
from cosec.ledger.keys import generate_signer
from cosec.principals import Duty
from tests.conftest import World
from tests.drafts.support import browser, person, text, web


def server(world: World) -> ServerSecret:
    return ServerSecret.from_key(world.ledger.identity.signer.private_key)


def enrol(world: World, name: str) -> str:
    with world.session() as s:
        done = people.enrol_totp(
            s,
            principal=users.get(s, name=name),
            server=server(world),
            now=world.clock.now(),
            confirmed=True,
        )
    assert done.uri.startswith(f"otpauth://totp/cosec:{name}?secret={done.secret}")
    return done.secret


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with web(world) as c:
        yield c


def login_token(client: TestClient) -> str:
    found = re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text)
    assert found
    return found.group(1)


def test_the_secret_is_sealed_and_opens_for_its_person_only(world: World) -> None:
    person(world, "li", "CHN", Duty.DRAFTER)
    person(world, "wang", "CHN", Duty.APPROVER)
    secret = enrol(world, "li")
    with world.session(write=False) as s:
        rows = {r.principal_id: r for r in s.scalars(select(PersonRow))}
        li = users.get(s, name="li")
        wang = users.get(s, name="wang")
    assert li.id is not None
    assert wang.id is not None
    sealed = rows[li.id].totp_secret
    assert sealed is not None
    assert secret not in sealed
    assert totp.unseal(sealed, principal_id=li.id, server=server(world)) == secret
    assert totp.unseal(sealed, principal_id=wang.id, server=server(world)) is None
    other = ServerSecret.from_key(generate_signer("other.log").private_key)
    assert totp.unseal(sealed, principal_id=li.id, server=other) is None


def test_signing_in_asks_for_the_code_and_a_code_counts_once(
    world: World, client: TestClient
) -> None:
    key = person(world, "li", "CHN", Duty.DRAFTER)
    secret = enrol(world, "li")
    first = client.post("/login", data={"key": key, "login_token": login_token(client)})
    assert first.status_code == 200
    assert "Code from your authenticator app" in first.text
    assert "cosec_session" not in first.cookies
    pending = first.cookies["cosec_login_pending"]
    token = re.search(r'name="login_token" value="([^"]+)"', first.text)
    assert token

    wrong = client.post("/login/code", data={"code": "000000", "login_token": token.group(1)})
    assert wrong.status_code == 401
    assert "this code is wrong" in wrong.text
    token = re.search(r'name="login_token" value="([^"]+)"', wrong.text)
    assert token
    code = totp.code_at(secret, world.clock.now())
    ok = client.post(
        "/login/code",
        data={"code": code, "login_token": token.group(1)},
        follow_redirects=False,
    )
    assert ok.status_code == 303, ok.text
    session = ok.cookies["cosec_session"]
    assert "li" in client.get("/drafts", headers={"Cookie": f"cosec_session={session}"}).text

    client.cookies.clear()  # the same code again, on a fresh sign-in: refused
    again = client.post("/login", data={"key": key, "login_token": login_token(client)})
    token = re.search(r'name="login_token" value="([^"]+)"', again.text)
    assert token
    replay = client.post("/login/code", data={"code": code, "login_token": token.group(1)})
    assert replay.status_code == 401
    token = re.search(r'name="login_token" value="([^"]+)"', replay.text)
    assert token
    world.clock.set(world.clock.now() + timedelta(seconds=30))
    later = client.post(
        "/login/code",
        data={"code": totp.code_at(secret, world.clock.now()), "login_token": token.group(1)},
        follow_redirects=False,
    )
    assert later.status_code == 303
    assert pending != later.cookies.get("cosec_login_pending")


def test_a_pending_sign_in_cannot_be_forged_or_kept(world: World, client: TestClient) -> None:
    key = person(world, "li", "CHN", Duty.DRAFTER)
    person(world, "wang", "CHN", Duty.APPROVER)
    secret = enrol(world, "li")
    first = client.post("/login", data={"key": key, "login_token": login_token(client)})
    token = re.search(r'name="login_token" value="([^"]+)"', first.text)
    assert token
    pending = first.cookies["cosec_login_pending"]
    form_cookie = first.cookies["cosec_login"]
    client.cookies.clear()

    def send(cookie: str) -> int:
        code = totp.code_at(secret, world.clock.now())
        r = client.post(
            "/login/code",
            data={"code": code, "login_token": token.group(1)},
            headers={"Cookie": f"cosec_login={form_cookie}; cosec_login_pending={cookie}"},
            follow_redirects=False,
        )
        return r.status_code

    principal_id, rest = pending.split(".", 1)
    assert send(f"{int(principal_id) + 1}.{rest}") == 403  # another person: the MAC breaks
    world.clock.set(world.clock.now() + timedelta(minutes=6))
    assert send(pending) == 403  # five minutes passed
    world.clock.set(world.clock.now() - timedelta(minutes=6))
    assert send(pending) == 303


def test_wrong_codes_are_rate_limited_like_wrong_keys(world: World, client: TestClient) -> None:
    key = person(world, "li", "CHN", Duty.DRAFTER)
    enrol(world, "li")
    first = client.post("/login", data={"key": key, "login_token": login_token(client)})
    statuses = []
    page = first
    for _ in range(12):
        token = re.search(r'name="login_token" value="([^"]+)"', page.text)
        assert token, page.text
        page = client.post("/login/code", data={"code": "123456", "login_token": token.group(1)})
        statuses.append(page.status_code)
        if page.status_code == 429:
            break
    assert statuses[-1] == 429, statuses
    assert set(statuses[:-1]) == {401}


def test_a_person_with_a_second_factor_cannot_use_the_key_alone(
    world: World, client: TestClient
) -> None:
    key = person(world, "zhao", "CHN", Duty.READER)
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/v1/notifications", headers=headers).status_code == 200
    enrol(world, "zhao")
    refused = client.get("/v1/notifications", headers=headers)
    assert refused.status_code == 401
    assert "second factor" in refused.json()["message"]


def test_a_person_enrolling_in_the_web_is_asked_for_codes_once_confirmed(world: World) -> None:
    person(world, "li", "CHN", Duty.DRAFTER)
    with world.session() as s:
        li = users.get(s, name="li")
        done = people.enrol_totp(
            s, principal=li, server=server(world), now=world.clock.now(), confirmed=False
        )
        assert not people.needs_code(s, li.id)
        with pytest.raises(Exception, match="code"):
            people.confirm_totp(
                s, principal=li, code="000000", server=server(world), now=world.clock.now()
            )
        people.confirm_totp(
            s,
            principal=li,
            code=totp.code_at(done.secret, world.clock.now()),
            server=server(world),
            now=world.clock.now(),
        )
        assert people.needs_code(s, li.id)


def test_a_person_sets_up_their_own_second_factor_in_the_web(
    world: World, client: TestClient
) -> None:
    li = browser(client, person(world, "li", "CHN", Duty.DRAFTER))
    page = li.get("/people/li")
    assert 'action="/people/li/totp"' in page.text
    assert li.post("/people/wang/totp").status_code == 403  # only one's own
    shown = li.post("/people/li/totp")
    assert shown.status_code == 200
    secret = re.search(r'data-testid="secret">([A-Z2-7]+)<', shown.text)
    assert secret
    assert "off" not in text(li.get("/people/li")).split("Second factor")[1][:12]
    wrong = li.post("/people/li/totp/confirm", {"code": "000000"})
    assert wrong.status_code == 422
    assert secret.group(1) not in wrong.text  # shown once only
    code = totp.code_at(secret.group(1), world.clock.now())
    assert li.post("/people/li/totp/confirm", {"code": code}).status_code == 303
    assert "Second factor on" in text(li.get("/people/li"))
    assert li.post("/people/li/totp").status_code == 409  # replaced by the secretariat only
