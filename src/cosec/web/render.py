"""The pages' layout: templates, navigation, and the HTML error page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader

from cosec import i18n
from cosec.api.auth import web_session
from cosec.api.params import FIRST_YEAR, LAST_YEAR
from cosec.charter.models import Charter
from cosec.errors import InvalidInput
from cosec.i18n import N_
from cosec.inbox.service import count as inbox_count
from cosec.kit.mechanism import NavEntry
from cosec.principals import PUBLIC, Principal, Role
from cosec.registry import mechanisms, record_kinds

HERE = Path(__file__).parent

CORE_NAV = (  # the labels are translated where shown (extracted as NavEntry's second argument)
    NavEntry("/", "Overview", 0),
    NavEntry("/findings", "Findings", 80),
    NavEntry("/scorecards", "Scorecards", 82),
    NavEntry("/reports/annual", "Report", 83),
    NavEntry("/charter", "Charter", 84),
    NavEntry("/fleet", "State units", 86),
    NavEntry("/analyses", "Evidence", 88),
    NavEntry("/log", "Log", 90),
)


@cache
def nav() -> list[tuple[str, str]]:
    """The navigation bar: the core's pages and every mechanism's, in order."""
    entries = [*CORE_NAV, *(e for m in mechanisms().values() for e in m.interfaces.nav)]
    return [(e.path, e.label) for e in sorted(entries, key=lambda e: (e.order, e.label))]


WORDS = (  # values shown as words (``{{ unit.kind|tr }}``); marked here for the catalog
    N_("open"),
    N_("answered"),
    N_("resolved"),
    N_("kept"),
    N_("watch"),
    N_("breached"),
    N_("navy"),
    N_("coast guard"),
    N_("other government"),
    N_("sea"),
    N_("air"),
    N_("public"),
    N_("regime"),
    N_("parties"),
    N_("secretariat"),
    N_("observer"),
    N_("drafter"),
    N_("approver"),
    N_("reader"),
    N_("asc"),
    N_("desc"),
    N_("summit"),
    N_("council"),
    N_("working group"),
    N_("hotline"),
    N_("committee"),
    N_("consensus"),
    N_("unanimity"),
    N_("two thirds"),
    N_("simple majority"),
    N_("none"),
    N_("all"),
)


CORE_KIND_TITLES = (  # the titles of the core's own record kinds (``|tr`` where shown)
    N_("Answer to a finding"),
    N_("Analysis of tracks"),
    N_("Key registered"),
    N_("Key rotated"),
    N_("Key revoked"),
    N_("Witness key registered"),
    N_("State vessel or aircraft"),
    N_("Publication"),
)


def _templates() -> Jinja2Templates:
    """The core's templates, and each mechanism's under its name (``notification/...``)."""
    prefixed = {
        m.name: FileSystemLoader(str(files(m.interfaces.templates) / "templates"))
        for m in mechanisms().values()
        if m.interfaces.templates
    }
    loader = ChoiceLoader([FileSystemLoader(str(HERE / "templates")), PrefixLoader(prefixed)])
    env = Environment(loader=loader, autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.filters.update(
        day=i18n.day, moment=i18n.moment, month=i18n.month, number=i18n.number, tr=i18n.translated
    )
    env.globals.update(languages=i18n.LANGUAGES, language=i18n.current)
    return Jinja2Templates(env=env)


templates = _templates()
"""``|tr`` translates a message defined elsewhere (a label marked with ``N_`` in Python, a
record kind's or an obligation's title) as it is, with no ``%`` formatting and escaped,
unlike ``_()``, whose message is a format string marked safe."""


def member_names(charter: Charter | None) -> Callable[[str], str]:
    """The names of ``charter``'s members in the reader's language (the charter's own in
    English, CLDR's in Chinese); a code the charter does not list stays a code."""
    if charter is None:
        return str

    def name(code: str) -> str:
        english = charter.member_name(code)
        return english if english == code else i18n.country(code, english)

    return name


@dataclass(frozen=True, slots=True)
class Stat:
    """A figure on the overview page."""

    value: int
    label: str
    href: str = ""
    testid: str = ""
    tone: str = ""
    """``ok``, ``sev-high`` or empty."""


def record_href(kind: str, record_id: int) -> str:
    """The page of a record: its kind's own page, else the generic record page."""
    spec = record_kinds().get(kind)
    if spec is not None and spec.href:
        return spec.href.format(id=record_id)
    return f"/records/{record_id}"


YEAR = re.compile(r"[0-9]{1,4}")


def page_year(text: str) -> int | None:
    """A year typed in a page's form: none when blank, else one from 1990 to 2200."""
    text = text.strip()
    if not text:
        return None
    if not YEAR.fullmatch(text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise InvalidInput.field("year", f"must be a year from {FIRST_YEAR} to {LAST_YEAR}")
    return int(text)


HEADINGS = {
    400: N_("Bad request"),
    401: N_("Please sign in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Not allowed here"),
    409: N_("Conflict"),
    413: N_("Too large"),
    422: N_("Invalid input"),
    429: N_("Too many requests"),
    500: N_("Something went wrong"),
}


def _package_of(template: str) -> str | None:
    """The package of the mechanism whose template this is (``notification/list.html``)."""
    prefix, slash, _ = template.partition("/")
    mechanism = mechanisms().get(prefix) if slash else None
    return mechanism.interfaces.templates if mechanism is not None else None


def render(
    request: Request,
    name: str,
    principal: Principal,
    deployment: Any = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page with the layout's context."""
    path = request.url.path
    links = nav()
    active = (
        "/" if path == "/" else next((h for h, _ in links if h != "/" and path.startswith(h)), "")
    )
    charter = deployment.current if deployment is not None else None
    signed_in = web_session(request)
    with i18n.page_of(_package_of(name)):  # a mechanism's page: its own words first
        return templates.TemplateResponse(
            request,
            name,
            {
                "csrf": signed_in.csrf_token if signed_in is not None else "",
                "principal": principal,
                "nav": links,
                "active": active,
                "charter": charter,
                "names": member_names(charter),
                "inbox_count": _inbox_count(request, principal, deployment),
                **context,
            },
            status_code=status_code,
        )


def _inbox_count(request: Request, principal: Principal, deployment: Any) -> int | None:
    """The number beside Inbox in the bar, for a signed-in user (none for the public)."""
    session = getattr(request.state, "db", None)
    if principal.role is Role.PUBLIC or session is None or deployment is None:
        return None
    now = request.app.state.clock.now()
    return inbox_count(session, deployment=deployment, principal=principal, now=now)


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """An HTML error page (the API answers JSON instead)."""
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "principal": PUBLIC,
            "nav": nav(),
            "active": "",
            "charter": None,
            "names": str,
            "csrf": "",
            "status": status,
            "heading": i18n.gettext(HEADINGS.get(status, "Error")),
            "message": message,
        },
        status_code=status,
        headers=headers,
    )
