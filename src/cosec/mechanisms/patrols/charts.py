"""Bar charts drawn on the server as SVG (pages carry no script for them).

>>> svg = bars(["2025", "2026"], [("Patrols", "#1f5f8b", [3.0, 5.0])], label="Patrols")
>>> svg.startswith("<svg") and svg.count("<rect") == 2
True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 240
LEFT, BOTTOM, TOP = 40, 200, 20

Series = tuple[str, str, Sequence[float]]
"""``(name, colour, one value per label)``; several series are stacked."""


def _number(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def bars(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    label: str,
    line: float | None = None,
    line_label: str = "",
) -> str:
    """Stacked bars, one per label, with a tooltip on each part and an optional reference
    line (a yearly minimum)."""
    totals = [sum(s[2][i] for s in series) for i in range(len(labels))]
    top = max([*totals, line or 0.0, 1.0])
    span = BOTTOM - TOP
    step = (WIDTH - LEFT - 10) / max(len(labels), 1)
    width = min(48.0, step * 0.7)
    out = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{LEFT}" y1="{BOTTOM}" x2="{WIDTH - 10}" y2="{BOTTOM}" stroke="#d9dee5"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="11" fill="#5b6776" '
        f'text-anchor="end">{_number(top)}</text>',
        f'<text x="{LEFT - 4}" y="{BOTTOM}" font-size="11" fill="#5b6776" '
        f'text-anchor="end">0</text>',
    ]
    for i, name in enumerate(labels):
        x = LEFT + i * step + (step - width) / 2
        y = float(BOTTOM)
        for s_name, colour, values in series:
            v = values[i]
            if v <= 0:
                continue
            h = v / top * span
            y -= h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
                f'fill="{escape(colour)}"><title>{escape(name)}: {_number(v)} '
                f"{escape(s_name)}</title></rect>"
            )
        if totals[i] > 0:
            out.append(
                f'<text x="{x + width / 2:.1f}" y="{y - 4:.1f}" font-size="11" fill="#1b2430" '
                f'text-anchor="middle">{_number(totals[i])}</text>'
            )
        out.append(
            f'<text x="{x + width / 2:.1f}" y="{BOTTOM + 16}" font-size="11" fill="#5b6776" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    if line is not None:
        y = BOTTOM - line / top * span
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="#b42318" '
            f'stroke-dasharray="5 3" data-testid="minimum-line"><title>{escape(line_label)}'
            "</title></line>"
        )
    out.append("</svg>")
    return "".join(out)
