"""Charts as inline SVG strings, drawn on the server (no script, print-ready). Pure: every
word a chart shows is handed to it (titles, labels, the words of a legend's keys), already
in the reader's language.

>>> svg = bars("Records sent", [("CHN", 3.0), ("USA", 1.0)], unit="records")
>>> svg.startswith("<svg") and "CHN" in svg and "Records sent" in svg
True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from html import escape

PALETTE = {
    "kept": "#2e7d32",
    "watch": "#f9a825",
    "breached": "#c62828",
    "unpublished": "#9e9e9e",
    "n/a": "#eeeeee",
    "low": "#f9a825",
    "medium": "#ef6c00",
    "high": "#c62828",
}
SERIES = ("#1565c0", "#c62828", "#6a1b9a", "#2e7d32", "#ef6c00")
FONT = 'font-family="DejaVu Sans, Noto Sans CJK SC, WenQuanYi Zen Hei, Arial, sans-serif"'
"""DejaVu Sans for Latin text, then a CJK font for Chinese (Debian fonts-noto-cjk or
fonts-wqy-zenhei), so a Chinese report's glyphs are drawn, not boxes."""
STATUSES = ("kept", "watch", "breached", "unpublished", "n/a")


def _t(x: float, y: float, text: str, *, size: int = 11, anchor: str = "start", **kw: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in kw.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _clip(label: str, n: int = 36) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _ems(text: str) -> int:
    """The width of ``text`` in half-ems: a Chinese character is as wide as two Latin.

    >>> _ems("CHN"), _ems("中国")
    (3, 4)
    """
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _label_width(labels: Sequence[str]) -> int:
    """Room for the longest (clipped) label at 11 px, in pixels."""
    return min(250, max(50, 7 * max((_ems(_clip(x)) for x in labels), default=0) + 8))


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def bars(
    title: str,
    rows: Sequence[tuple[str, float]],
    *,
    unit: str = "",
    colour: str = SERIES[0],
    width: int = 640,
    subtitle: str = "",
    empty: str = "no data",
) -> str:
    """Horizontal bars, one per row (label, value), the value written at the bar's end;
    ``subtitle`` on a second line under the title; ``empty`` when there are no rows."""
    label_w, row_h = _label_width([r[0] for r in rows]), 18
    top = 42 if subtitle else 26
    height = top + row_h * max(len(rows), 1) + 8
    peak = max([v for _, v in rows] + [1e-9])
    span = width - label_w - 100
    body = [_t(0, 16, _clip(title, 80), size=13, font_weight="bold")]
    if subtitle:
        body.append(_t(0, 32, _clip(subtitle, 100), size=11, fill="#555"))
    if not rows:
        body.append(_t(label_w, top + 12, empty))
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        w = span * value / peak if peak > 0 else 0
        body.append(_t(label_w - 6, y + 12, _clip(label), anchor="end"))
        body.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row_h - 5}" '
            f'fill="{colour}"/>'
        )
        body.append(_t(label_w + w + 4, y + 12, f"{_fmt(value)} {unit}".strip()))
    return _svg(width, height, title, body)


def stacked(
    title: str,
    rows: Sequence[tuple[str, Mapping[str, float]]],
    *,
    keys: Sequence[str],
    width: int = 640,
    words: Mapping[str, str] | None = None,
    empty: str = "no data",
) -> str:
    """Horizontal stacked bars (label, {key: value}), with a legend of ``keys`` (written
    as ``words`` says, else as they are)."""
    words = words or {}
    label_w, row_h, top = _label_width([r[0] for r in rows]), 18, 44
    height = top + row_h * max(len(rows), 1) + 8
    peak = max([sum(v.values()) for _, v in rows] + [1e-9])
    span = width - label_w - 50
    body = [_t(0, 16, title, size=13, font_weight="bold")]
    for j, k in enumerate(keys):
        body.append(
            f'<rect x="{label_w + j * 90}" y="24" width="10" height="10" '
            f'fill="{PALETTE.get(k, SERIES[j % len(SERIES)])}"/>'
        )
        body.append(_t(label_w + j * 90 + 14, 33, words.get(k, k)))
    if not rows:
        body.append(_t(label_w, top + 12, empty))
    for i, (label, values) in enumerate(rows):
        y = top + i * row_h
        x = float(label_w)
        body.append(_t(label_w - 6, y + 12, _clip(label), anchor="end"))
        for j, k in enumerate(keys):
            w = span * values.get(k, 0) / peak
            if w > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 5}" '
                    f'fill="{PALETTE.get(k, SERIES[j % len(SERIES)])}"/>'
                )
            x += w
        body.append(_t(x + 4, y + 12, _fmt(sum(values.values()))))
    return _svg(width, height, title, body)


def heatmap(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[str, Mapping[str, tuple[str, str]]],
    *,
    width: int = 680,
    words: Mapping[str, str] | None = None,
) -> str:
    """A grid: one row per member, one column per mechanism, each cell coloured by its
    status and labelled (``cells[row][column] = (status, label)``), with a legend (each
    status written as ``words`` says, else as it is)."""
    words = words or {}
    label_w, row_h = _label_width(rows), 20
    top = 30 + int(0.6 * 6 * max((len(_clip(c, 30)) for c in columns), default=0))
    col_w = max(30, min(80, (width - label_w - 120) // max(len(columns), 1)))
    height = top + row_h * len(rows) + 30
    body = [_t(0, 16, title, size=13, font_weight="bold")]
    for j, c in enumerate(columns):  # headers slanted, to fit many mechanisms
        cx, cy = label_w + j * col_w + col_w / 2, top - 6
        body.append(
            f'<text x="{cx:.1f}" y="{cy}" font-size="10" transform="rotate(-40 {cx:.1f} {cy})">'
            f"<title>{escape(c)}</title>{escape(_clip(c, 30))}</text>"
        )
    for i, r in enumerate(rows):
        y = top + i * row_h
        body.append(_t(label_w - 6, y + 14, _clip(r), anchor="end"))
        for j, c in enumerate(columns):
            status, label = cells.get(r, {}).get(c, ("n/a", ""))
            x = label_w + j * col_w
            body.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{col_w - 2}" height="{row_h - 2}" '
                f'fill="{PALETTE.get(status, "#eeeeee")}"><title>{escape(r)} · {escape(c)}: '
                f"{escape(words.get(status, status))}</title></rect>"
            )
            if label:
                fill = "#000" if status in ("watch", "n/a") else "#fff"
                body.append(_t(x + col_w / 2, y + 14, label, anchor="middle", size=10, fill=fill))
    ly = top + row_h * len(rows) + 16
    for k, status in enumerate(STATUSES):
        x = label_w + k * 95
        body.append(
            f'<rect x="{x}" y="{ly - 9}" width="10" height="10" fill="{PALETTE[status]}" '
            'stroke="#999"/>'
        )
        body.append(_t(x + 14, ly, words.get(status, status)))
    return _svg(width, height, title, body)


def lines(
    title: str,
    xs: Sequence[int],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    width: int = 640,
    height: int = 220,
) -> str:
    """Lines over years (``series``: name and one value per x), with a legend."""
    left, right, top, bottom = 50, 20, 40, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for _, vs in series for v in vs] + [1])
    body = [_t(0, 16, title, size=13, font_weight="bold")]
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#777"/>'
    )
    body.append(_t(left - 6, top + 8, _fmt(peak), anchor="end", size=10))
    body.append(_t(left - 6, top + plot_h, "0", anchor="end", size=10))

    def px(i: int) -> float:
        return left + (plot_w * i / (len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    for i, x in enumerate(xs):
        body.append(_t(px(i), height - 10, str(x), anchor="middle", size=10))
    for j, (name, values) in enumerate(series):
        colour = SERIES[j % len(SERIES)]
        pts = " ".join(
            f"{px(i):.1f},{top + plot_h - plot_h * v / peak:.1f}" for i, v in enumerate(values)
        )
        body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, v in enumerate(values):
            body.append(
                f'<circle cx="{px(i):.1f}" cy="{top + plot_h - plot_h * v / peak:.1f}" r="3" '
                f'fill="{colour}"/>'
            )
        body.append(f'<rect x="{left + j * 170}" y="24" width="10" height="10" fill="{colour}"/>')
        body.append(_t(left + j * 170 + 14, 33, name))
    return _svg(width, height, title, body)
