"""The annual report's PDF reads nothing from the server's disk or network."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from cosec.reports.render import fetcher


def test_a_report_refuses_file_and_http_urls_and_reads_data_urls() -> None:
    f = fetcher()
    for url in ("file:///etc/hostname", "http://169.254.169.254/latest/meta-data/"):
        with pytest.raises(ValueError, match="protocol"):
            f.fetch(url)
    assert f.fetch("data:text/plain,ok") is not None


def test_a_pdf_with_a_local_image_renders_without_reading_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET</text></svg>')
    html = f'<p>report</p><img src="file://{secret}">'
    read: list[str] = []
    f = fetcher()
    original = f.fetch

    def spy(url: str, headers: object = None) -> object:
        read.append(url)
        return original(url, headers)

    f.fetch = spy  # type: ignore[method-assign]
    pdf = HTML(string=html, url_fetcher=f).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert read == [f"file://{secret}"]  # asked for, and refused (no exception escaped)
