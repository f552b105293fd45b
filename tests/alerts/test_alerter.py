"""E-mail alerts through a real SMTP server (aiosmtpd): what is sent, to whom, once."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from cosec.access import service as users
from cosec.alerts import preferences
from cosec.alerts.alerter import DEADLINE, FINDING_REASON, FLASH, reasons_for, send_due
from cosec.alerts.config import MailConfig
from cosec.alerts.mailer import SmtpMailer
from cosec.alerts.tables import SentAlertRow
from cosec.errors import InvalidInput
from cosec.inbox.service import Item
from cosec.principals import Principal
from tests.alerts.conftest import PASSWORD, USER, SmtpServer
from tests.conftest import World
from tests.inbox.support import activity, send

PUBLIC_URL = "https://cosec.example.org"


def config_for(server: SmtpServer, **extra: object) -> MailConfig:
    return MailConfig(
        host=server.host,
        port=server.port,
        sender="alerts@cosec.example.org",
        public_url=PUBLIC_URL,
        timeout_seconds=10,
        **extra,  # type: ignore[arg-type]
    )


def subscribe(world: World, who: Principal, email: str, **kinds: bool) -> None:
    assert who.id is not None
    with world.session() as s:
        preferences.update(
            s,
            principal_id=who.id,
            clock=world.clock,
            email=email,
            findings=kinds.get("findings", True),
            deadlines=kinds.get("deadlines", True),
            flash=kinds.get("flash", True),
        )


def run(world: World, config: MailConfig) -> tuple[int, int]:
    report = send_due(world.factory, clock=world.clock, mailer=SmtpMailer(config), config=config)
    return report.sent, report.failed


def request(world: World, asker: Principal, respondent: str) -> int:
    return send(
        world,
        asker,
        "notification.explanation_request",
        {"respondent": respondent, "concern": "Naval manoeuvres off Hainan"},
    )


def only_reply_alerts(messages: list[EmailMessage]) -> list[EmailMessage]:
    return [m for m in messages if "request for explanation" in str(m["Subject"])]


def test_a_reply_due_within_48_hours_is_mailed_once_with_a_link(
    world: World, smtp: SmtpServer
) -> None:
    chn, _ = world.user("chn", member="CHN")
    rus, _ = world.user("rus", member="RUS")
    subscribe(world, rus, "poc@mid.example.ru", findings=False)
    rid = request(world, chn, "RUS")

    sent, failed = run(world, config_for(smtp))
    assert (sent, failed) == (1, 0)  # the reply only: its calendars are older than the opt-in
    (msg,) = smtp.received.messages
    assert smtp.received.recipients == [["poc@mid.example.ru"]]
    assert msg["To"] == "poc@mid.example.ru"
    assert msg["From"] == "alerts@cosec.example.org"
    assert msg["Subject"].startswith("[cosec] Due in 2 days: Reply to request for explanation")
    body = msg.get_content()
    assert f"{PUBLIC_URL}/records/{rid}" in body
    assert "For: Russia (RUS)" in body

    assert run(world, config_for(smtp)) == (0, 0)  # a restart sends nothing again
    world.clock.set(world.clock.now() + timedelta(hours=60))  # overdue now: still once
    assert run(world, config_for(smtp)) == (0, 0)
    assert len(smtp.received.messages) == 1


def test_a_user_who_reads_chinese_gets_the_alert_in_chinese(world: World, smtp: SmtpServer) -> None:
    chn, _ = world.user("chn", member="CHN")
    rus, _ = world.user("rus", member="RUS")
    subscribe(world, rus, "poc@mid.example.ru", findings=False)
    assert rus.id is not None
    with world.session() as s:
        p = preferences.get(s, principal_id=rus.id)
        preferences.update(
            s,
            principal_id=rus.id,
            clock=world.clock,
            email=p.email,
            findings=p.findings,
            deadlines=p.deadlines,
            flash=p.flash,
            language="zh",
        )
    rid = request(world, chn, "RUS")

    assert run(world, config_for(smtp)) == (1, 0)
    (msg,) = smtp.received.messages
    # The words are Chinese; what a mechanism wrote (the item's title) stays as written.
    assert msg["Subject"].startswith("[cosec] 2 天后到期：Reply to request for explanation")
    body = msg.get_content()
    assert "涉及：Russia (RUS)" in body
    assert f"处理链接：{PUBLIC_URL}/records/{rid}" in body
    assert "年" in body  # the deadline written as Chinese writes a date


def test_an_unknown_language_is_refused_naming_the_field(world: World) -> None:
    rus, _ = world.user("rus", member="RUS")
    subscribe(world, rus, "poc@mid.example.ru")
    assert rus.id is not None
    with world.session() as s, pytest.raises(InvalidInput) as caught:
        preferences.update(
            s,
            principal_id=rus.id,
            clock=world.clock,
            email="poc@mid.example.ru",
            findings=True,
            deadlines=True,
            flash=True,
            language="fr",
        )
    assert caught.value.errors[0].loc == "language"
    with world.session() as s:
        assert preferences.get(s, principal_id=rus.id).language == "en"


def test_a_deadline_further_than_the_window_waits_until_it_comes_close(
    world: World, smtp: SmtpServer
) -> None:
    chn, _ = world.user("chn", member="CHN")
    usa, _ = world.user("usa", member="USA")
    subscribe(world, usa, "poc@state.example.gov", findings=False)
    nid = send(world, chn, "notification.prior", activity(world, 10, 15_000))
    send(world, chn, "notification.invitation", {"notification_id": nid, "invited": ["USA"]})
    assert run(world, config_for(smtp)) == (0, 0)  # the activity starts in 10 days
    world.clock.set(world.clock.now() + timedelta(days=9))
    assert run(world, config_for(smtp)) == (1, 0)
    (msg,) = smtp.received.messages
    assert "invitation to observe Strait Thunder" in msg["Subject"]
    assert f"{PUBLIC_URL}/notifications/{nid}" in msg.get_content()


def test_a_new_finding_about_ones_state_is_mailed_and_older_ones_are_not(
    world: World, smtp: SmtpServer
) -> None:
    chn, _ = world.user("chn", member="CHN")
    send(world, chn, "notification.prior", activity(world, 10, name="Before"))  # late: a finding
    subscribe(world, chn, "poc@mfa.example.cn", deadlines=False)
    assert run(world, config_for(smtp)) == (0, 0)  # it was open before CHN asked

    world.clock.set(world.clock.now() + timedelta(minutes=5))
    send(world, chn, "notification.prior", activity(world, 12, name="After"))
    sent, _ = run(world, config_for(smtp))
    assert sent >= 1
    subjects = [str(m["Subject"]) for m in smtp.received.messages]
    late = [s for s in subjects if "After" in s and "12 days before" in s]
    assert len(late) == 1
    assert late[0].startswith("[cosec] New finding (")
    assert all("Before" not in s for s in subjects)
    links = [m.get_content() for m in smtp.received.messages]
    assert all(f"{PUBLIC_URL}/findings/" in body for body in links)


def test_a_send_that_dies_before_it_is_recorded_is_sent_again_after_the_lease(
    world: World, smtp: SmtpServer
) -> None:
    chn, _ = world.user("chn", member="CHN")
    rus, _ = world.user("rus", member="RUS")
    subscribe(world, rus, "poc@mid.example.ru", findings=False)
    request(world, chn, "RUS")
    config = config_for(smtp)

    class DiesAfterSending(SmtpMailer):
        def send(self, message: EmailMessage) -> None:
            super().send(message)
            raise KeyboardInterrupt  # the process is killed before it records the send

    with pytest.raises(KeyboardInterrupt):
        send_due(world.factory, clock=world.clock, mailer=DiesAfterSending(config), config=config)
    assert len(smtp.received.messages) == 1
    world.clock.set(world.clock.now() + timedelta(minutes=5))  # the claim still holds
    assert run(world, config) == (0, 0)
    world.clock.set(world.clock.now() + timedelta(minutes=6))  # the lease ran out: again
    assert run(world, config) == (1, 0)
    assert len(smtp.received.messages) == 2  # at least once
    world.clock.set(world.clock.now() + timedelta(hours=1))
    assert run(world, config) == (0, 0)  # and recorded now


def test_a_failed_send_is_tried_again_then_given_up(world: World, smtp: SmtpServer) -> None:
    chn, _ = world.user("chn", member="CHN")
    rus, _ = world.user("rus", member="RUS")
    subscribe(world, rus, "poc@mid.example.ru", findings=False)
    request(world, chn, "RUS")
    down = MailConfig(host="127.0.0.1", port=1, public_url=PUBLIC_URL, max_attempts=2)

    assert run(world, down) == (0, 1)
    with world.session(write=False) as s:
        (row,) = s.scalars(select(SentAlertRow)).all()
        assert row.sent_at is None
        assert row.attempts == 1
        assert row.last_error
    world.clock.set(world.clock.now() + timedelta(minutes=11))
    assert run(world, down) == (0, 1)
    world.clock.set(world.clock.now() + timedelta(minutes=11))
    assert run(world, config_for(smtp, max_attempts=2)) == (0, 0)  # given up after 2
    assert smtp.received.messages == []


def test_starttls_then_login_when_configured(world: World, smtp_tls: SmtpServer) -> None:
    chn, _ = world.user("chn", member="CHN")
    rus, _ = world.user("rus", member="RUS")
    subscribe(world, rus, "poc@mid.example.ru", findings=False)
    request(world, chn, "RUS")
    assert run(world, config_for(smtp_tls, user=USER, password=PASSWORD)) == (0, 1)  # no TLS
    world.clock.set(world.clock.now() + timedelta(minutes=11))
    assert run(world, config_for(smtp_tls, starttls=True)) == (0, 1)  # no login
    world.clock.set(world.clock.now() + timedelta(minutes=11))
    right = config_for(smtp_tls, starttls=True, user=USER, password=PASSWORD)
    assert run(world, right) == (1, 0)
    assert len(smtp_tls.received.messages) == 1


def test_no_alerts_for_a_user_whose_keys_are_revoked_or_who_turned_them_off(
    world: World, smtp: SmtpServer
) -> None:
    chn, _ = world.user("chn", member="CHN")
    rus, _ = world.user("rus", member="RUS")
    kor, _ = world.user("kor-poc", member="RUS")
    subscribe(world, rus, "poc@mid.example.ru", findings=False)
    subscribe(world, kor, "other@mid.example.ru", findings=False, deadlines=False, flash=False)
    with world.session() as s:
        users.revoke(s, ref="rus", clock=world.clock)
    request(world, chn, "RUS")
    assert run(world, config_for(smtp)) == (0, 0)
    assert smtp.received.messages == []


def _item(**kw: object) -> Item:
    base: dict[str, object] = {
        "key": "x:1",
        "source": "x",
        "members": ("CHN",),
        "title": "t",
        "href": "/x",
        "kind": "message",
    }
    return Item(**(base | kw))  # type: ignore[arg-type]


def test_why_an_item_is_worth_a_message(world: World) -> None:
    now = world.clock.now()
    window = timedelta(hours=48)
    prefs = preferences.Preferences("a@b.example", True, True, True, since=now)
    flash = _item(flash=True, since=now + timedelta(minutes=1), due=now + timedelta(hours=1))
    assert reasons_for(flash, prefs, now, window) == [FLASH]  # once, not also as a deadline
    off = preferences.Preferences("a@b.example", True, True, False, since=now)
    assert reasons_for(flash, off, now, window) == [DEADLINE]
    old = _item(kind="finding", since=now - timedelta(days=1))
    new = _item(kind="finding", since=now + timedelta(seconds=1))
    assert reasons_for(old, prefs, now, window) == []
    assert reasons_for(new, prefs, now, window) == [FINDING_REASON]
    far = _item(due=now + timedelta(hours=49))
    assert reasons_for(far, prefs, now, window) == []
    assert reasons_for(far, prefs, now + timedelta(hours=2), window) == [DEADLINE]
