"""The presence pages carry no inline script or style element (Content-Security-Policy),
and every POST form carries the CSRF token."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest

TEMPLATES = sorted(Path(str(files("cosec.mechanisms.coasts") / "templates")).glob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_no_inline_script_and_a_csrf_field_in_every_post_form(template: Path) -> None:
    text = template.read_text()
    scripts = [t for t in re.findall(r"<script\b[^>]*>", text) if not re.search(r"\bsrc=", t)]
    assert scripts == []
    assert re.findall(r"<style\b", text) == []
    assert re.findall(r"\son[a-z]+\s*=", text) == []
    assert "javascript:" not in text
    for form in re.findall(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", text, flags=re.S):
        assert 'name="csrf" value="{{ csrf }}"' in form
