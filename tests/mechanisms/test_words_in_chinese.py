"""The words five mechanisms give the core's pages have Chinese translations: their titles,
their record kinds' and obligations' titles, the labels and meanings of their records'
fields (a record's table, the review before signing) and of their regimes' parameters
(the charter page), as the core makes them from the models (each mechanism's
``labels.py`` marks them for its catalog)."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from pydantic import BaseModel

from cosec import i18n
from cosec.charter.models import RegimeBase
from cosec.registry import mechanisms
from cosec.web.payloadview import docstrings, label_of

NAMES = ("notification", "incident", "hotline", "statusquo", "coasts")


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[str]:
    """The labels and meanings of a model's fields and of the models inside it."""
    if model in seen:
        return []
    seen.add(model)
    docs = docstrings(model)
    out = []
    for name, info in model.model_fields.items():
        out.append(info.title or label_of(name))
        meaning = info.description or docs.get(name, "")
        if meaning:
            out.append(meaning)
        inner = _model_in(info.annotation)
        if inner is not None:
            out += _fields(inner, seen)
    return out


def _words(name: str) -> list[str]:
    m = mechanisms()[name]
    words = [m.title, *(k.title for k in m.record_kinds if k.title)]
    words += [o.title for o in m.obligations]
    seen: set[type[BaseModel]] = set()
    for k in m.record_kinds:
        words += _fields(k.model, seen)
    common = set(_fields(RegimeBase, set()))
    words += [w for w in _fields(m.regime_model, set()) if w not in common]
    return [w for w in dict.fromkeys(words) if not (w.isupper() and " " not in w)]  # not codes


@pytest.mark.parametrize("name", NAMES)
def test_every_word_a_mechanism_gives_the_cores_pages_is_translated(name: str) -> None:
    words = _words(name)
    assert len(words) > 5
    with i18n.speaking("zh"):
        missing = [w for w in words if i18n.gettext(w) == w]
    assert missing == [], f"{name}: add them to its labels.py and translate them"


@pytest.mark.parametrize("name", sorted(mechanisms()))
def test_every_mechanisms_titles_are_translated(name: str) -> None:
    """Its title, record kinds' and obligations' titles, which the core shows (a record's
    page, a finding, the charter, the report's heat-map)."""
    m = mechanisms()[name]
    words = [m.title, *(k.title for k in m.record_kinds if k.title)]
    words += [o.title for o in m.obligations]
    with i18n.speaking("zh"):
        missing = [w for w in words if i18n.gettext(w) == w]
    assert missing == [], f"{name}: mark them (N_) and translate them in its catalog"
