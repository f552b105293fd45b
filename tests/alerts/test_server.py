"""The server's alerter: started with the app when SMTP is set, woken by each evaluation."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cosec.principals import Role
from cosec.server.app import create_app
from tests.alerts.conftest import SmtpServer
from tests.alerts.test_alerter import PUBLIC_URL, config_for
from tests.conftest import World


def test_the_server_mails_a_new_deadline_once_the_evaluation_has_run(
    sqlite_world: World, smtp: SmtpServer
) -> None:
    world = sqlite_world
    chn_key = world.user("chn", Role.MEMBER, "CHN")[1]
    rus_key = world.user("rus", Role.MEMBER, "RUS")[1]
    config = config_for(smtp, tick_seconds=3600)  # only an evaluation wakes it in this test
    app = create_app(world.factory, ledger=world.ledger, clock=world.clock, mail=config)
    with TestClient(app) as client:
        r = client.put(
            "/v1/inbox/alerts",
            headers={"Authorization": f"Bearer {rus_key}"},
            json={"email": "poc@mid.example.ru", "findings": False},
        )
        assert r.status_code == 200, r.text
        r = client.post(
            "/v1/explanation-requests",
            headers={"Authorization": f"Bearer {chn_key}"},
            json={"payload": {"respondent": "RUS", "concern": "Drills near the strait"}},
        )
        assert r.status_code == 201, r.text
        rid = r.json()["id"]
        assert smtp.received.wait_for(1), "no alert after the evaluation"
    (msg,) = smtp.received.messages
    assert msg["To"] == "poc@mid.example.ru"
    assert "Reply to request for explanation" in msg["Subject"]
    assert f"{PUBLIC_URL}/records/{rid}" in msg.get_content()


def test_without_an_smtp_host_the_server_sends_nothing(sqlite_world: World) -> None:
    app = create_app(sqlite_world.factory, ledger=sqlite_world.ledger, clock=sqlite_world.clock)
    with TestClient(app):
        assert not hasattr(app.state, "alerter")
        assert app.state.committer.after_evaluation == []
