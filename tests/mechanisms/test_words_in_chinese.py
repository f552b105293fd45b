"""The words every mechanism gives the core's pages have Chinese translations: its title,
its record kinds' and obligations' titles, the labels and meanings of its records' fields
(a record's table, the review before signing) and of its regime's parameters (the charter
page), as the core makes them from the models (:func:`cosec.web.modelwords.words_of`,
which also puts them in each mechanism's catalog when its messages are extracted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cosec import i18n
from cosec.registry import mechanisms
from cosec.web.modelwords import extract, in_words_of, registered_in, words_of
from cosec.web.payloadview import Cell, Table

NAMES = tuple(sorted(mechanisms()))


@pytest.mark.parametrize("name", NAMES)
def test_every_word_a_mechanism_gives_the_cores_pages_is_translated(name: str) -> None:
    words = words_of(mechanisms()[name])
    assert len(words) > 5
    with i18n.speaking("zh"):
        missing = [w for w in words if i18n.gettext(w) == w]
    assert missing == [], f"{name}: extract its catalog's messages and translate them"


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


def _extracted(path: Path) -> list[str]:
    with path.open("rb") as fileobj:
        found = extract(fileobj, ["N_", "gettext"], [], {})
        return [m for _, _, m, _ in found if isinstance(m, str)]


def test_the_extraction_method_yields_a_mechanisms_words_from_its_entry_module() -> None:
    """Babel reads a mechanism's ``__init__.py`` with :func:`extract` (``babel.cfg``): its
    model's words come out beside what is marked in the file itself."""
    import cosec.mechanisms.arms as arms_package  # the test may name a mechanism

    init = Path(str(arms_package.__file__))
    assert registered_in(init) is mechanisms()["arms"]
    extracted = _extracted(init)
    assert extracted == words_of(mechanisms()["arms"])
    assert "Annual return of arms transfers" in extracted


def test_the_extraction_method_keeps_a_files_own_messages(tmp_path: Path) -> None:
    """Any other file (the core's ``__init__.py``) gives only the messages marked in it."""
    module = tmp_path / "__init__.py"
    module.write_text('from cosec.i18n import N_\n\nWORD = N_("Hello")\n', encoding="utf-8")
    assert registered_in(module) is None
    assert _extracted(module) == ["Hello"]


def test_a_core_page_reads_a_mechanisms_fields_in_that_mechanisms_own_words() -> None:
    """A record's page, the review and the charter lay a mechanism's catalog first: a word
    two mechanisms translate differently reads as its owner means it."""
    table = Table((Cell("Subject", hint="Missiles launched together."), Cell("Narrative")))
    with i18n.speaking("zh"):
        hotline, oversight = in_words_of("hotline", table), in_words_of("oversight", table)
        incident, patrols = in_words_of("incident", table), in_words_of("patrols", table)
    assert [hotline.cells[0].label, oversight.cells[0].label] == ["主题", "对象"]
    assert oversight.cells[0].hint == "同时发射的导弹数量。"
    assert [incident.cells[1].label, patrols.cells[1].label] == ["陈述", "经过"]
    assert in_words_of("core", table) == table
    with i18n.speaking("en"):
        assert in_words_of("oversight", table) == table
