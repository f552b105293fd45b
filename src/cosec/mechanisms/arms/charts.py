"""Charts drawn on the server as SVG (no script, no library from the web): transfers by
category and year as stacked bars, and a member's exports and imports by year.

Figures in, markup out. Every text is escaped and in the reader's language; each bar
carries a ``<title>`` a browser shows on hover, and the figures are in a table beside each
chart as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from cosec.mechanisms.arms.records import CATEGORIES, CATEGORY_NAMES
from cosec.plugin.web import gettext

COLOURS = {
    "I": "#1f5f8b",
    "II": "#4e8fbf",
    "III": "#8fb9d9",
    "IV": "#b42318",
    "V": "#e0704c",
    "VI": "#2e7d4f",
    "VII": "#7a5aa6",
    "SALW": "#98a2b3",
}
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 56, 28, 12


def _ticks(top: int) -> list[int]:
    """Round gridline values up to ``top``."""
    if top <= 0:
        return [0]
    step = 1
    while top / step > 5:
        for m in (2, 5, 10):
            if top / (step * m) <= 5:
                step *= m
                break
        else:
            step *= 10
    return list(range(0, top + step, step))


def stacked_by_category(totals: Mapping[int, Mapping[str, int]], testid: str = "chart") -> str:
    """Bars per year, stacked by category: ``{2025: {"I": 12, "IV": 3}}``."""
    years = sorted(totals)
    if not years:
        return ""
    top = max((sum(v.values()) for v in totals.values()), default=0)
    ticks = _ticks(top)
    scale = (HEIGHT - BOTTOM - TOP) / (ticks[-1] or 1)
    slot = (WIDTH - LEFT) / len(years)
    bar = min(48.0, slot * 0.6)
    out = [
        f'<svg class="chart" data-testid="{escape(testid)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(gettext("Items transferred by year and category"))}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for t in ticks:
        y = HEIGHT - BOTTOM - t * scale
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e7ec"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{t}</text>'
        )
    for i, year in enumerate(years):
        x = LEFT + i * slot + (slot - bar) / 2
        base = float(HEIGHT - BOTTOM)
        for c in CATEGORIES:
            n = totals[year].get(c, 0)
            if not n:
                continue
            h = n * scale
            base -= h
            label = gettext("%(year)s, category %(code)s (%(name)s): %(n)s") % {
                "year": year,
                "code": c,
                "name": gettext(CATEGORY_NAMES[c]),
                "n": n,
            }
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[c]}"><title>{escape(label)}</title></rect>'
            )
        out.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle" '
            f'font-size="11">{year}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def legend() -> list[tuple[str, str, str]]:
    """``(category, name, colour)`` for a chart's legend."""
    return [(c, CATEGORY_NAMES[c], COLOURS[c]) for c in CATEGORIES]


def exports_imports(rows: Sequence[tuple[int, int, int]], testid: str = "member-chart") -> str:
    """A member's ``(year, exported, imported)`` as pairs of bars."""
    if not rows:
        return ""
    ticks = _ticks(max(max(e, i) for _, e, i in rows))
    scale = (HEIGHT - BOTTOM - TOP) / (ticks[-1] or 1)
    slot = (WIDTH - LEFT) / len(rows)
    bar = min(24.0, slot * 0.3)
    out = [
        f'<svg class="chart" data-testid="{escape(testid)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(gettext("Items exported and imported by year"))}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for t in ticks:
        y = HEIGHT - BOTTOM - t * scale
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e7ec"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{t}</text>'
        )
    for i, (year, exported, imported) in enumerate(rows):
        x = LEFT + i * slot + slot / 2 - bar
        for j, (n, colour, what) in enumerate(
            (
                (exported, "#1f5f8b", gettext("%(year)s: %(n)s items exported")),
                (imported, "#e0704c", gettext("%(year)s: %(n)s items imported")),
            )
        ):
            h = n * scale
            title = escape(what % {"year": year, "n": n})
            out.append(
                f'<rect x="{x + j * bar:.1f}" y="{HEIGHT - BOTTOM - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{title}</title></rect>'
            )
        out.append(
            f'<text x="{x + bar:.1f}" y="{HEIGHT - 10}" text-anchor="middle" '
            f'font-size="11">{year}</text>'
        )
    out.append("</svg>")
    return "".join(out)
