"""The languages of the pages: English (the source text) and Chinese.

Messages are marked where they are written: ``{% trans %}`` and ``_()`` in templates, and
:func:`N_` for Python strings shown on a page (the navigation's labels). Babel extracts
them (``make messages``: ``pybabel extract`` into ``messages.pot``, then ``pybabel update``
into each language's ``.po``); a test fails when a marked message has no translation. A
catalog is compiled from its ``.po`` in memory on first use, so no compiled ``.mo`` is
kept beside its source.

The core's catalog lives here; a mechanism carries its own messages in its package
(``locales/<language>/LC_MESSAGES/cosec.po`` beside its ``templates/``), so a new mechanism
is translated without touching a core file. The registry names each mechanism's package
(:func:`add_catalog`) as it loads them; a language's translations are the core's catalog
with every mechanism's laid over it (a message a mechanism leaves untranslated is the
core's).

The language of a request is the one its reader chose (the ``cosec_lang`` cookie, set by
``/language``), else the best match of the browser's ``Accept-Language``, else English.
It is kept in a context variable for the request: templates and formatters read it, so
one process serves readers of both languages at once.

Dates and numbers are written as the reader's language writes them (Babel's CLDR data):
``1 May 2027`` and ``2027年5月1日``; ``12,500`` in both. So are countries
(:func:`country`): a member is named by its charter in English, by CLDR in Chinese.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_datetime, get_month_names
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

HERE = Path(__file__).parent
DOMAIN = "cosec"
LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
"""Each language offered, named in itself (as a switcher shows it)."""
DEFAULT = "en"
COOKIE = "cosec_lang"

_current: ContextVar[str] = ContextVar("cosec_language", default=DEFAULT)

DAY = {"en": "d MMMM y", "zh": "y年M月d日"}
"""A day, as each language writes it (CLDR patterns)."""
MOMENT = {"en": "d MMMM y, HH:mm", "zh": "y年M月d日 HH:mm"}
"""A day and a time (UTC, said beside it)."""


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark ``message`` for translation where it is defined; translate it where shown."""
    return message


def current() -> str:
    """The language of the request being served."""
    return _current.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Serve what runs inside in ``language`` (one of :data:`LANGUAGES`)."""
    token = _current.set(language if language in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def po_path(language: str, package: str | None = None) -> Path:
    """The catalog of ``language``: the core's, or the one ``package`` carries."""
    root = HERE if package is None else Path(str(files(package)))
    return root / "locales" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


_packages: list[str] = []


def add_catalog(package: str) -> None:
    """Lay the catalog ``package`` carries (when it has one) over the core's."""
    if package not in _packages:
        _packages.append(package)


def read_catalog(path: Path, language: str) -> Catalog | None:
    """The messages of the ``.po`` at ``path`` (None when there is none)."""
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def _translated_messages(catalog: Catalog | None) -> Iterator[Message]:
    """The messages of ``catalog`` that carry a whole, settled translation."""
    for message in catalog or ():
        if message.id and message.string and all(message.string) and not message.fuzzy:
            yield message


def _compiled(catalog: Catalog) -> _gettext.GNUTranslations:
    """``catalog`` compiled in memory."""
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


@cache
def translations(language: str, packages: tuple[str, ...] = ()) -> _gettext.NullTranslations:
    """The compiled catalog of ``language`` (English: the messages as written): the core's,
    with those of ``packages`` laid over it."""
    if language == DEFAULT:
        return _gettext.NullTranslations()
    catalog = read_catalog(po_path(language), language) or Catalog(locale=language)
    for package in packages:
        for message in _translated_messages(read_catalog(po_path(language, package), language)):
            catalog.delete(message.id)  # the setter would keep the core's string
            catalog[message.id] = message
    return _compiled(catalog)


_page_of: ContextVar[str | None] = ContextVar("cosec_page_of", default=None)


@contextmanager
def page_of(package: str | None) -> Iterator[None]:
    """Translate what runs inside with ``package``'s catalog first, then everyone's (on a
    mechanism's page, a word two mechanisms mean differently is its own, not the other's
    laid over it)."""
    token = _page_of.set(package)
    try:
        yield
    finally:
        _page_of.reset(token)


@cache
def _own_first(language: str, package: str, packages: tuple[str, ...]) -> _gettext.NullTranslations:
    """``package``'s own catalog, falling back on everyone's."""
    merged = translations(language, packages)
    own = read_catalog(po_path(language, package), language)
    if language == DEFAULT or own is None:
        return merged
    kept = Catalog(locale=language)
    for message in _translated_messages(own):
        kept[message.id] = message
    first = _compiled(kept)
    first.add_fallback(merged)
    return first


def _current_translations() -> _gettext.NullTranslations:
    package = _page_of.get()
    if package is not None and package in _packages:
        return _own_first(current(), package, tuple(_packages))
    return translations(current(), tuple(_packages))


def gettext(message: str) -> str:
    """``message`` in the request's language (as written when it has no translation)."""
    return _current_translations().gettext(message)


def translated(message: object) -> str:
    """A message defined elsewhere (a label marked with :func:`N_`, a title a mechanism
    gave), in the request's language; nothing for nothing (``gettext("")`` would be the
    catalog's header)."""
    if not isinstance(message, str) or not message:
        return "" if message is None else str(message)
    return gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message, in the request's language."""
    return _current_translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` meant in ``context`` (a word the page uses in two senses: a member's
    ``Code`` and a sign-in ``Code``), in the request's language."""
    return _current_translations().pgettext(context, message)


def negotiate(chosen: str | None, accept_language: str | None) -> str:
    """The language to serve: the reader's choice, else the browser's best, else English.

    >>> negotiate(None, "zh-CN,zh;q=0.9,en;q=0.8")
    'zh'
    >>> negotiate("en", "zh-CN")
    'en'
    >>> negotiate(None, "fr-FR, de;q=0.5")
    'en'
    """
    if chosen in LANGUAGES:
        return chosen
    for tag in _preferred(accept_language or ""):
        try:
            language = Locale.parse(tag, sep="-").language
        except (ValueError, UnknownLocaleError):
            continue
        if language in LANGUAGES:
            return language
    return DEFAULT


def _preferred(header: str, limit: int = 20) -> list[str]:
    """The language tags of an ``Accept-Language`` header, most wanted first (at most
    ``limit``, a header being the client's to make as long as it likes)."""
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate(header[:1000].split(",")[:limit]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, i, tag))
    return [tag for _, _, tag in sorted(weighted)]


def day(value: date | datetime | None) -> str:
    """A day in the request's language: ``1 May 2027``, ``2027年5月1日``."""
    if value is None:
        return ""
    language = current()
    return format_date(value, format=DAY[language], locale=language)


def moment(value: datetime | None) -> str:
    """A day and time (UTC) in the request's language: ``1 May 2027, 14:05``."""
    if value is None:
        return ""
    language = current()
    return format_datetime(value, format=MOMENT[language], tzinfo=None, locale=language)


def month(value: int) -> str:
    """A month (1 to 12) abbreviated as the request's language writes it: ``Jan``, ``1月``."""
    return str(get_month_names("abbreviated", locale=current())[value])


def number(value: int | float | None) -> str:
    """A number in the request's language: ``12,500``."""
    if value is None:
        return ""
    return format_decimal(value, locale=current())


def alpha2(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country named by ``code`` (alpha-3, as charters
    name members, or alpha-2 already); none when ``code`` names no single country.

    >>> alpha2("CHN"), alpha2("KOR"), alpha2("PH"), alpha2("SEC"), alpha2("SUN")
    ('CN', 'KR', 'PH', None, None)
    """
    if len(code) == 2 and code.isalpha() and code.isupper():
        return code
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        return None
    found: list[str] = get_global("territory_aliases").get(code, [])
    return found[0] if len(found) == 1 else None  # the Soviet Union: no single country


@cache
def _territories(language: str) -> dict[str, str]:
    return dict(Locale.parse(language).territories)


def country(code: str, name: str) -> str:
    """A country in the request's language: in English ``name`` (the charter's, exactly:
    "the Republic of Korea"); in another language the Unicode CLDR's name of ``code``
    (alpha-3 or alpha-2), else ``name``.

    >>> country("KOR", "the Republic of Korea")
    'the Republic of Korea'
    >>> with speaking("zh"):
    ...     country("KOR", "the Republic of Korea"), country("SEC", "Secretariat")
    ('韩国', 'Secretariat')
    """
    language = current()
    if language == DEFAULT:
        return name
    two = alpha2(code)
    if two is None:
        return name
    return _territories(language).get(two, name)
