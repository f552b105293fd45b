"""Reading a page as a Chinese reader sees it: its headings and a table's column headers,
and what English is left in them (the mechanisms' tests of their pages in Chinese)."""

from __future__ import annotations

import re

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
"""A browser set to Chinese."""


def headings_and_headers(html: str, table: str) -> tuple[list[str], list[str]]:
    """The text of a page's ``h1``/``h2`` headings and of the column headers of the table
    whose ``data-testid`` is ``table`` (tags and sort arrows stripped, empty ones left out)."""
    heads = [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)
    ]
    body = html.split(f'data-testid="{table}"', 1)[1].split("</thead>", 1)[0]
    cells = [
        re.sub(r"<[^>]+>|[▲▼#]", "", th).strip()
        for th in re.findall(r"<th[^>]*>(.*?)</th>", body, re.S)
    ]
    return heads, [c for c in cells if c]


def english_in(texts: list[str]) -> list[str]:
    """Those of ``texts`` with an English word (two Latin letters in a row) left in them."""
    return [t for t in texts if re.search(r"[A-Za-z]{2}", t)]


def text_in(html: str, tag: str) -> str:
    """The words inside every ``tag`` of a page (its markup, sort arrows and
    link arrows left out)."""
    parts = re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>|[▲▼#→]", " ", p) for p in parts)
