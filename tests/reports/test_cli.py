"""`cosec report annual` and `cosec publish` end to end: a PDF a minister opens, the same as
HTML, and the public's copy only once the secretariat published it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.charters import load_charter
from cosec.cli.main import app
from cosec.registry import mechanisms
from tests.conftest import need

runner = CliRunner()
YEAR = dt.datetime.now(dt.UTC).year


def cosec(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with keys for the secretariat and RUS, and a late notification by RUS."""
    monkeypatch.setenv("COSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    for member in ("SEC", "RUS"):
        code, _, err = cosec("keys", "new", "--member", member)
        assert code == 0, err
    start = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)
    f = tmp_path / "late.json"
    f.write_text(
        json.dumps(
            {
                "designation": "Short notice",
                "states": ["RUS"],
                "start": start.isoformat(),
                "end": start.isoformat(),
                "figures": {"troops": 20000},
            }
        )
    )
    code, out, err = cosec("notifications", "submit", str(f), "--as", "RUS")
    assert code == 0, out + err
    return tmp_path


def _pdf_text(path: Path) -> tuple[int, str]:
    need(shutil.which("pdftotext") is not None, "pdftotext (Debian poppler-utils) is missing")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, text


def test_annual_report_as_pdf_has_its_pages_and_text(store: Path) -> None:
    out = store / "report.pdf"
    code, stdout, err = cosec("report", "annual", "--year", str(YEAR), "--out", str(out))
    assert code == 0, stdout + err
    assert out.read_bytes().startswith(b"%PDF")
    pages, text = _pdf_text(out)
    assert pages >= 4
    assert f"Annual implementation report {YEAR}" in text
    assert "Scorecard at a glance" in text
    assert "Russia (RUS)" in text  # country names beside codes
    assert "Prior notification" in text
    assert "The region over the years" in text
    assert f"Annual implementation report {YEAR} · page 1 of {pages}" in text


def test_annual_report_as_html_draws_its_charts_inline(store: Path) -> None:
    out = store / "report.html"
    assert cosec("report", "annual", "--year", str(YEAR), "--out", str(out))[0] == 0
    html = out.read_text()
    assert html.startswith("<!doctype html>")
    assert html.count("<svg") >= 6
    assert 'data-testid="heatmap"' in html
    charter = load_charter("eas-2026")
    for m in mechanisms().values():  # every registered mechanism in force has its column
        if charter.regime(m.name) is not None:
            assert f"<title>{escape(m.title)}</title>" in html, m.name
    assert "<script" not in html


def test_bad_out_or_year_exits_2_naming_the_option(store: Path) -> None:
    code, _, err = cosec("report", "annual", "--year", str(YEAR), "--out", "r.docx")
    assert code == 2
    assert "--out" in err
    assert "must end in .pdf or .html" in err
    code, _, err = cosec("report", "annual", "--year", "1066", "--out", "r.html")
    assert code == 2
    assert "year: must be a year from 1990" in err
    assert not Path("r.html").exists()


def test_the_public_gets_the_report_only_once_published(store: Path) -> None:
    out = store / "public.html"
    code, _, err = cosec(
        "report", "annual", "--year", str(YEAR), "--out", str(out), "--as", "PUBLIC"
    )
    assert code == 2
    assert f"published no report for {YEAR}" in err
    code, stdout, err = cosec("publish", "report", "--year", str(YEAR), "--note", "For ministers")
    assert code == 0, stdout + err
    assert "published the" in stdout
    code, _, _ = cosec("report", "annual", "--year", str(YEAR), "--out", str(out), "--as", "PUBLIC")
    assert code == 0
    html = out.read_text()
    assert "published by the secretariat on" in html
    code, stdout, _ = cosec("publish", "list", "--format", "json")
    (release,) = json.loads(stdout)
    assert (release["scope"], release["year"], release["note"]) == ("report", YEAR, "For ministers")


def test_publish_findings_and_statistics(store: Path) -> None:
    code, stdout, _ = cosec("findings", "--member", "RUS", "--format", "json")
    ids = [str(f["id"]) for f in json.loads(stdout)]
    assert ids
    code, stdout, err = cosec("publish", "findings", *ids)
    assert code == 0, stdout + err
    assert f"published {len(ids)} finding(s)" in stdout
    code, _, err = cosec("publish", "findings", "999999")
    assert code == 2
    assert "payload.findings[0]: there is no finding 999999" in err
    assert cosec("publish", "statistics")[0] == 0
    code, stdout, _ = cosec("publish", "list", "--format", "json")
    assert [r["scope"] for r in json.loads(stdout)] == ["statistics", "findings"]


def test_annual_report_in_chinese_has_its_glyphs_embedded(store: Path) -> None:
    out = store / "report-zh.pdf"
    code, stdout, err = cosec(
        "report", "annual", "--year", str(YEAR), "--out", str(out), "--lang", "zh"
    )
    assert code == 0, stdout + err
    pages, text = _pdf_text(out)
    # read back as text: the glyphs are in the PDF with their characters, not boxes
    assert f"{YEAR} 年度执行情况报告" in text
    assert "俄罗斯 (RUS)" in text  # Russia as CLDR names it in Chinese
    assert "履约记分卡一览" in text
    assert f"第 1 页，共 {pages} 页" in text  # the footer
    assert "Scorecard at a glance" not in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    assert re.search(r"(WenQuanYi|NotoSansCJK|Noto-Sans-CJK)\S*\s.*\byes\b", fonts.stdout), (
        "no CJK font embedded (install fonts-wqy-zenhei or fonts-noto-cjk):\n" + fonts.stdout
    )
    html = store / "report-zh.html"
    assert (
        cosec("report", "annual", "--year", str(YEAR), "--out", str(html), "--lang", "zh")[0] == 0
    )
    assert '<html lang="zh">' in html.read_text()


def test_a_report_language_not_offered_exits_2_naming_the_option(store: Path) -> None:
    out = store / "report.html"
    code, _, err = cosec("report", "annual", "--year", str(YEAR), "--out", str(out), "--lang", "fr")
    assert code == 2
    assert "--lang: must be one of en, zh" in err
    assert not out.exists()
