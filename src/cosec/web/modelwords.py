"""The words the core's pages make from a mechanism's models, and a Babel extraction
method that puts them in the mechanism's catalog.

A record's page and the review before signing label a payload's fields from its model
(``troops_by_state`` → "Troops by state", a field's title, its description or attribute
docstring as its meaning: :mod:`cosec.web.payloadview`); the charter page labels a
regime's parameters the same way. Those words are written nowhere as strings, so no
``N_()`` marks them: :func:`words_of` makes them as the pages do, with the mechanism's,
its record kinds' and its obligations' titles, and :func:`extract` gives them to
``pybabel extract`` (``babel.cfg`` maps the module a mechanism's entry point names, its
package's ``__init__.py``, to it). A mechanism keeps no copy of its own words: a field
added to a model is in its catalog, waiting for a translation, at the next extraction.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Collection, Iterator, Mapping
from importlib.metadata import entry_points
from pathlib import Path
from typing import IO, Any, cast

from babel.messages.extract import extract_python
from pydantic import BaseModel

from cosec import i18n
from cosec.charter.models import RegimeBase
from cosec.kit import Mechanism
from cosec.registry import GROUP, mechanisms
from cosec.web.payloadview import Cell, Table, docstrings, label_of, model_in

Extracted = tuple[int, str | None, str | tuple[str | None, ...], list[str]]
"""What a Babel extraction method yields: line, function, message, comments."""


def field_words(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> list[str]:
    """The labels and meanings of a model's fields and of the models inside them, as a
    payload's table shows them (models already in ``seen`` are skipped)."""
    seen = set() if seen is None else seen
    if model in seen:
        return []
    seen.add(model)
    docs = docstrings(model)
    out: list[str] = []
    for name, info in model.model_fields.items():
        out.append(info.title or label_of(name))
        meaning = info.description or docs.get(name, "")
        if meaning:
            out.append(meaning)
        inner = model_in(info.annotation)
        if inner is not None:
            out += field_words(inner, seen)
    return out


def words_of(mechanism: Mechanism[Any, Any]) -> list[str]:
    """Every word a mechanism gives the core's pages, once each, in order: its title, its
    record kinds' and obligations' titles, its records' fields (a record's page, the
    review before signing) and its regime's own parameters (the charter page; those every
    regime has are the core's words). Codes (``ACV``) are left out: never translated."""
    words = [mechanism.title, *(k.title for k in mechanism.record_kinds if k.title)]
    words += [o.title for o in mechanism.obligations]
    seen: set[type[BaseModel]] = set()
    for kind in mechanism.record_kinds:
        words += field_words(kind.model, seen)
    common = set(field_words(RegimeBase))
    words += [w for w in field_words(mechanism.regime_model) if w not in common]
    return [w for w in dict.fromkeys(words) if w and not (w.isupper() and " " not in w)]


def in_words_of(mechanism: str, table: Table) -> Table:
    """``table`` with its labels and meanings translated into the reader's language by
    ``mechanism``'s own catalog first (then everyone's), so that a word two mechanisms
    translate differently (``Subject``: of one mechanism's message, of another's
    designation) reads on a core page (a record, the review before signing, the charter's
    regimes) as its owner means it. Words with no translation stay as they are; a name
    that is no mechanism's (``core``) leaves the table to the merged catalogs where it is
    shown."""
    found = mechanisms().get(mechanism)
    package = found.interfaces.templates if found is not None else None
    if package is None or i18n.current() == i18n.DEFAULT:
        return table
    with i18n.page_of(package):
        return _translated(table)


def _translated(table: Table) -> Table:
    cells = []
    for c in table.cells:
        cells.append(
            Cell(
                i18n.translated(c.label),
                c.text,
                i18n.translated(c.hint),
                c.href,
                _translated(c.table) if c.table is not None else None,
                tuple(_translated(t) for t in c.items),
            )
        )
    return Table(tuple(cells))


def registered_in(path: str | Path) -> Mechanism[Any, Any] | None:
    """The mechanism whose entry point names the module at ``path`` (its package's
    ``__init__.py``), or None when no entry point names it."""
    target = Path(path).resolve()
    for ep in entry_points(group=GROUP):
        spec = importlib.util.find_spec(ep.module)
        if spec is None or spec.origin is None or Path(spec.origin).resolve() != target:
            continue
        loaded = ep.load()
        return next((m for m in mechanisms().values() if m is loaded), None)
    return None


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel extraction method: the messages marked in a Python file (as Babel's own
    ``python`` method finds them) and, when a mechanism's entry point names that file,
    :func:`words_of` that mechanism."""
    # Babel's annotation of its methods' results differs from what they yield (and what
    # its own extract() unpacks): line, function, message, comments.
    found = extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    yield from cast(Iterator[Extracted], found)
    path = getattr(fileobj, "name", None)
    mechanism = registered_in(path) if isinstance(path, str) else None
    if mechanism is not None:
        for word in words_of(mechanism):
            yield 0, None, word, []
