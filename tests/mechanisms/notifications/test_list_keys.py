"""The list of notifications sorts, filters and pages by keys read from a few columns,
building views for the page's rows only: every sort, direction and filter gives the
very page that building every notification's view gives (the reference, kept here)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from cosec import deployment as deployment_service
from cosec.mechanisms.notifications import listing, service
from cosec.principals import Principal, Role
from cosec.store.tables import RecordPartyRow, RecordRow
from tests.conftest import World

STATES = ("CHN", "USA", "JPN", "KOR")


def _add(
    s: Any, d: Any, rid: int, kind: str, payload: dict[str, Any], at: datetime, **kw: Any
) -> None:
    submitter = kw.pop("submitter", "CHN")
    audience = kw.pop("audience", "regime")
    s.add(
        RecordRow(
            id=rid,
            kind=kind,
            schema_version=1,
            mechanism="notification",
            submitter=submitter,
            principal_id=None,
            audience=audience,
            charter_id=d.current.id,
            charter_version=d.current.version,
            submitted_at=at,
            payload=payload,
            payload_sha256="0" * 64,
            **kw,
        )
    )
    s.flush()


def _store(world: World, n: int = 300, *, extra_field: bool = False) -> None:
    """``n`` notifications of several states and years, some amended (one amendment
    would end the activity before its start), some withdrawn before or after their start,
    some addressed to parties only, and a few whose keys no longer read (with
    ``extra_field``, a few more whose keys read but which, as a whole, no longer validate)."""
    rnd = random.Random(14)
    with world.session() as s:
        d = deployment_service.load(s)
        rid = 10_000
        for i in range(n):
            rid += 1
            start = date(2024, 1, 1) + timedelta(days=rnd.randrange(4 * 365))
            at = datetime.combine(
                start - timedelta(days=rnd.randrange(1, 80)), datetime.min.time(), UTC
            )
            states = rnd.sample(STATES, rnd.randint(1, 2))
            payload: dict[str, Any] = {
                "designation": rnd.choice(["Sea Wall", "strait thunder", "Iron Fist", "Zeta"]),
                "states": states,
                "start": start.isoformat(),
                "end": (start + timedelta(days=rnd.randrange(0, 20))).isoformat(),
                "alert": rnd.random() < 0.2,
                "figures": {
                    "troops": rnd.choice([0, 500, 9_000, 13_000, 40_000]),
                    "battle_tanks": rnd.choice([0, 100, 400]),
                },
            }
            if extra_field and i % 97 == 5:
                payload["bogus"] = 1  # keys read; the record as a whole no longer validates
            if i % 89 == 7:
                payload["states"] = []  # its keys no longer read
            audience = "parties" if i % 7 == 0 else "regime"
            _add(
                s, d, rid, "notification.prior", payload, at, submitter=states[0], audience=audience
            )
            if audience == "parties":
                s.add(RecordPartyRow(record_id=rid, member="JPN"))
            prior = rid
            for _ in range(rnd.choice([0, 0, 1, 2])):
                rid += 1
                change: dict[str, Any] = {"notification_id": prior, "reason": "changed"}
                shift = timedelta(days=rnd.randrange(-30, 30))
                if rnd.random() < 0.6:
                    change["start"] = (start + shift).isoformat()
                if rnd.random() < 0.3:
                    change["end"] = (
                        start + shift + timedelta(days=rnd.randrange(-3, 9))
                    ).isoformat()
                if rnd.random() < 0.5 or len(change) == 2:
                    change["figures"] = {"troops": rnd.choice([100, 12_000, 30_000])}
                at += timedelta(days=rnd.randrange(0, 20))
                _add(
                    s,
                    d,
                    rid,
                    "notification.amendment",
                    change,
                    at,
                    refers_to=prior,
                    submitter=states[0],
                    audience=audience,
                )
            if rnd.random() < 0.15:
                rid += 1
                at += timedelta(days=rnd.randrange(0, 60))
                withdrawal = {"notification_id": prior, "reason": "called off"}
                _add(
                    s,
                    d,
                    rid,
                    "notification.withdrawal",
                    withdrawal,
                    at,
                    refers_to=prior,
                    submitter=states[0],
                    audience=audience,
                )
            if rnd.random() < 0.2:
                rid += 1
                invitation = {"notification_id": prior, "invited": ["KOR"]}
                _add(
                    s,
                    d,
                    rid,
                    "notification.invitation",
                    invitation,
                    at,
                    refers_to=prior,
                    submitter=states[0],
                    audience=audience,
                )


def _reference(
    s: Any,
    d: Any,
    who: Principal,
    state: str | None,
    year: int | None,
    sort: str,
    direction: str,
    page: int,
) -> tuple[list[int], int, int]:
    """The page as building every view gives it (the list before keys)."""
    views = service.list_notifications(s, deployment=d, principal=who, state=state, year=year)
    ordered = listing.ordered(views, sort, direction)
    pages = max(1, -(-len(ordered) // listing.PAGE_SIZE))
    page = min(page, pages)
    shown = ordered[(page - 1) * listing.PAGE_SIZE : page * listing.PAGE_SIZE]
    return [v.record.id for v in shown], len(ordered), page


@pytest.mark.parametrize("who", ["sec", "jpn"])
def test_every_sort_and_filter_gives_the_page_every_view_gives(world: World, who: str) -> None:
    _store(world)
    principal = (
        Principal(id=None, name="sec", role=Role.SECRETARIAT)
        if who == "sec"
        else world.user("jpn", member="JPN")[0]
    )
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        checked = 0
        for state, year in [
            (None, None),
            ("USA", None),
            (None, 2025),
            ("KOR", 2026),
            ("XXX", None),
        ]:
            for sort in listing.SORTS:
                for direction in ("asc", "desc"):
                    for page in (1, 2, 99):
                        got = listing.page_of_list(
                            s,
                            d,
                            principal,
                            state=state,
                            year=year,
                            sort=sort,
                            direction=direction,
                            page=page,
                        )
                        ids, total, last = _reference(
                            s, d, principal, state, year, sort, direction, page
                        )
                        assert ([v.record.id for v in got.views], got.page) == (ids, last), (
                            state,
                            year,
                            sort,
                            direction,
                            page,
                        )
                        assert got.total == total
                        checked += len(ids)
        assert checked > 1000


def test_the_list_builds_views_only_for_the_rows_shown(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store(world, n=180)
    built: list[int] = []
    view_of = service._view_of

    def counting(*args: Any, **kw: Any) -> Any:
        built.append(args[1].id)
        return view_of(*args, **kw)

    monkeypatch.setattr(service, "_view_of", counting)
    sec = Principal(id=None, name="sec", role=Role.SECRETARIAT)
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        got = listing.page_of_list(
            s, d, sec, state=None, year=None, sort="id", direction="asc", page=2
        )
    assert got.total > 150
    assert len(got.views) == listing.PAGE_SIZE
    assert len(built) <= listing.PAGE_SIZE + 2  # the page, and a record left out on it


def test_a_record_that_no_longer_validates_is_left_out_of_its_page(world: World) -> None:
    """Its keys read, so it is counted until its page is shown; the page it falls on
    is the page building every view gives, without it (later pages may shift by one)."""
    _store(world, extra_field=True)
    sec = Principal(id=None, name="sec", role=Role.SECRETARIAT)
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        got = listing.page_of_list(
            s, d, sec, state=None, year=None, sort="id", direction="asc", page=1
        )
        ids, total, _ = _reference(s, d, sec, None, None, "id", "asc", 1)
    assert 10_011 not in [v.record.id for v in got.views]  # the first with an extra field
    assert [v.record.id for v in got.views] == ids
    assert total <= got.total <= total + 5
