"""A monthly bar chart drawn as SVG on the server: no script, no outside host.

Each column (a month) has two bars: the inflows stacked by series (an operator's
shares; a negative value, a reversal, stacks below the zero line) and the outflows
stacked by series (a project's payments, other outflows).
Amounts are integer fen; positions are exact fractions rounded to a tenth of a pixel
only when written. Colours come from the stylesheet through the classes ``s0`` ..
``s7`` (inflow series, cycling), ``out`` and ``o0`` .. ``o3`` (outflow series,
cycling). Every text is escaped. Pure: no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from html import escape
from typing import Sequence

from ledger.core.money import format_fen_grouped

WIDTH, HEIGHT = 420, 240
TOP, BOTTOM, RIGHT = 10, 24, 4
CHAR_WIDTH = 7  # px per character of an axis label at the stylesheet's font size
PALETTE = 8  # colour classes s0..s7
OUT_PALETTE = 4  # colour classes o0..o3
_STEPS = (1, 2, 5)


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[int, ...]  # fen per column


@dataclass(frozen=True, slots=True)
class Scale:
    bottom: int  # fen at the bottom of the plot (<= 0)
    top: int  # fen at the top (> 0)
    step: int  # fen between grid lines

    def ticks(self) -> range:
        """The grid lines: the multiples of the step from bottom to top."""
        return range(-(-self.bottom // self.step) * self.step, self.top + 1, self.step)


def nice_step(span: int, ticks: int = 4) -> int:
    """The smallest 1, 2 or 5 x 10^k yuan (in fen) with ``ticks`` steps covering ``span`` fen."""
    magnitude = 100
    while True:
        for factor in _STEPS:
            if factor * magnitude * ticks >= span:
                return factor * magnitude
        magnitude *= 10


def scale_for(highest: int, lowest: int) -> Scale:
    """A scale up to a multiple of the step at or above ``highest``, down to a multiple of
    a fifth of the step at or below ``lowest`` (<= 0): a small reversal takes little room."""
    step = nice_step(max(highest, 0) - min(lowest, 0))
    top = max(-(-highest // step) * step, step)
    bottom = min((lowest // (step // 5)) * (step // 5), 0)
    return Scale(bottom, top, step)


def _px(value: Fraction) -> str:
    tenths = int(value * 10 + Fraction(1, 2)) if value >= 0 else -int(-value * 10 + Fraction(1, 2))
    whole, rest = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}" + (f".{rest}" if rest else "")


def _yuan_label(fen: int) -> str:
    """-123400 -> "-¥1,234"; 12345 -> "¥123.45"."""
    return ("-" if fen < 0 else "") + "¥" + format_fen_grouped(abs(fen)).removesuffix(".00")


def stacks(inflows: Sequence[Series], column: int) -> list[tuple[int, int, int]]:
    """(series index, from fen, to fen) of one column's inflow segments, stacked from 0:
    positive values upwards, negative ones downwards, zero values left out."""
    up = down = 0
    segments = []
    for index, series in enumerate(inflows):
        value = series.values[column]
        if value > 0:
            segments.append((index, up, up + value))
            up += value
        elif value < 0:
            segments.append((index, down + value, down))
            down += value
    return segments


def _positive_sum(series: Sequence[Series], column: int) -> int:
    return sum(v for v in (s.values[column] for s in series) if v > 0)


def monthly_bars(columns: Sequence[str], inflows: Sequence[Series], outflow: Series | Sequence[Series], *,
                 title: str, chart_id: str = "chart") -> str:
    """The SVG of the chart. ``columns`` are the month labels; every series has one value per
    column; ``outflow`` is one series or several, stacked (outflows are never negative)."""
    count = len(columns)
    outflows = (outflow,) if isinstance(outflow, Series) else tuple(outflow)
    if any(len(s.values) != count for s in (*inflows, *outflows)):
        raise ValueError("every series needs one value per column")
    tops = [max(_positive_sum(inflows, i), _positive_sum(outflows, i), 0) for i in range(count)]
    lows = [min(sum(v for v in (s.values[i] for s in group) if v < 0) for group in (inflows, outflows))
            for i in range(count)]
    scale = scale_for(max(tops, default=0), min(lows, default=0))
    labels = [_yuan_label(v) for v in scale.ticks()]
    left = 6 + CHAR_WIDTH * max(len(label) for label in labels)
    plot_height = Fraction(HEIGHT - TOP - BOTTOM)
    slot = Fraction(WIDTH - left - RIGHT, max(count, 1))

    def y(fen: int) -> Fraction:
        return TOP + (scale.top - fen) * plot_height / (scale.top - scale.bottom)

    def bar(css: str, x: Fraction, low: int, high: int, tip: str) -> str:
        return (f'<rect class="{css}" x="{_px(x)}" y="{_px(y(high))}" width="{_px(slot * 36 / 100)}" '
                f'height="{_px(y(low) - y(high))}"><title>{escape(tip)}</title></rect>')

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-labelledby="{escape(chart_id)}-title">',
             f'<title id="{escape(chart_id)}-title">{escape(title)}</title>']
    for value, label in zip(scale.ticks(), labels):
        css = "axis" if value == 0 else "grid"
        parts.append(f'<line class="{css}" x1="{left}" x2="{WIDTH - RIGHT}" y1="{_px(y(value))}" y2="{_px(y(value))}"/>')
        parts.append(f'<text class="tick" x="{left - 4}" y="{_px(y(value) + 4)}" text-anchor="end" font-size="11">{escape(label)}</text>')
    for column, name in enumerate(columns):
        x = left + slot * column
        for index, low, high in stacks(inflows, column):
            series = inflows[index]
            parts.append(bar(f"bar s{index % PALETTE}", x + slot * 12 / 100, low, high,
                             f"{series.name} · {name}: {_yuan_label(series.values[column])}"))
        for index, low, high in stacks(outflows, column):
            series = outflows[index]
            parts.append(bar(f"bar out o{index % OUT_PALETTE}", x + slot * 52 / 100, low, high,
                             f"{series.name} · {name}: {_yuan_label(series.values[column])}"))
        parts.append(f'<text class="col" x="{_px(x + slot / 2)}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
