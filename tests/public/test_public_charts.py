"""The SVG chart: a pure function from fen to rectangles, checked by reading the SVG back."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from ledger.public.charts import BOTTOM, HEIGHT, TOP, WIDTH, Scale, Series, monthly_bars, nice_step, scale_for, stacks

SVG = "{http://www.w3.org/2000/svg}"


def rects(svg: str) -> list[dict]:
    root = ET.fromstring(svg)
    return [{"css": r.get("class"), "x": Fraction(r.get("x")), "y": Fraction(r.get("y")),
             "w": Fraction(r.get("width")), "h": Fraction(r.get("height")), "tip": r.find(f"{SVG}title").text}
            for r in root.iter(f"{SVG}rect")]


@pytest.mark.parametrize("span, step", [
    (0, 100), (1, 100), (400, 100), (401, 200), (800, 200), (801, 500), (2000, 500), (2001, 1000),
    (3_999_999, 1_000_000), (4_000_001, 2_000_000),
])
def test_nice_step_is_one_two_or_five_yuan_times_ten(span, step):
    assert nice_step(span) == step


@pytest.mark.parametrize("high, low, scale", [
    (0, 0, Scale(0, 1_00, 1_00)),  # nothing to draw: one yuan high
    (150_00, 0, Scale(0, 150_00, 50_00)),  # 4 steps of 50.00 cover 150.00
    (1000_00, -20_00, Scale(-100_00, 1000_00, 500_00)),  # span 1020.00: steps of 500.00, down by 100.00
    (0, -7_00, Scale(-7_20, 2_00, 2_00)),  # only a reversal: down by 0.40s; the top still shows one step
])
def test_scale_covers_the_values_on_multiples_of_the_step(high, low, scale):
    assert scale_for(high, low) == scale


@pytest.mark.parametrize("scale, ticks", [
    (Scale(-100_00, 1000_00, 500_00), [0, 500_00, 1000_00]),
    (Scale(-7_20, 2_00, 2_00), [-6_00, -4_00, -2_00, 0, 2_00]),
    (Scale(0, 1_00, 1_00), [0, 1_00]),
])
def test_grid_lines_at_multiples_of_the_step(scale, ticks):
    assert list(scale.ticks()) == ticks


def test_stacks_go_up_for_inflows_and_down_for_reversals():
    series = [Series("a", (100, -30)), Series("b", (0, 50)), Series("c", (200, -20))]
    assert stacks(series, 0) == [(0, 0, 100), (2, 100, 300)]
    assert stacks(series, 1) == [(0, -30, 0), (1, 0, 50), (2, -50, -30)]


def test_a_worked_chart():
    # Scale: highest 400.00 (a + b in March), lowest 0 -> step 100.00, top 400.00.
    svg = monthly_bars(["1月", "2月", "3月"], [Series("咖啡吧", (100_00, 0, 100_00)), Series("停车", (0, 0, 300_00))],
                       Series("支出", (0, 200_00, 0)), title="公益金")
    bars = rects(svg)
    assert [b["css"] for b in bars] == ["bar s0", "bar out o0", "bar s0", "bar s1"]
    plot = HEIGHT - TOP - BOTTOM  # 400.00 is the whole plot height
    assert [b["h"] for b in bars] == [Fraction(plot, 4), Fraction(plot, 2), Fraction(plot, 4), Fraction(plot * 3, 4)]
    assert bars[2]["y"] == bars[3]["y"] + bars[3]["h"]  # 咖啡吧 stacked under 停车
    assert bars[0]["tip"] == "咖啡吧 · 1月: ¥100" and bars[1]["tip"] == "支出 · 2月: ¥200"
    assert ET.fromstring(svg).find(f"{SVG}title").text == "公益金"


def test_outflows_by_project_stack():
    # Scale: highest 500.00 (300.00 + 200.00 paid out in February) -> step 200.00, top 600.00.
    svg = monthly_bars(["1月", "2月"], [Series("咖啡吧", (100_00, 0))],
                       [Series("楼道灯", (0, 300_00)), Series("其他支出", (0, 200_00))], title="公益金")
    bars = rects(svg)
    assert [b["css"] for b in bars] == ["bar s0", "bar out o0", "bar out o1"]
    plot = HEIGHT - TOP - BOTTOM
    for bar, share in zip(bars, (Fraction(1, 6), Fraction(1, 2), Fraction(1, 3))):  # of 600.00
        assert abs(bar["h"] - plot * share) <= Fraction(1, 10)
    assert abs(bars[1]["y"] - (bars[2]["y"] + bars[2]["h"])) <= Fraction(1, 10)  # stacked in one column
    assert bars[1]["x"] == bars[2]["x"]
    assert bars[2]["tip"] == "其他支出 · 2月: ¥200"


def test_every_text_is_escaped():
    svg = monthly_bars(['<b>"x"</b>'], [Series("<script>alert(1)</script>&", (5,))], Series("o", (0,)), title="a<b")
    root = ET.fromstring(svg)  # still well-formed XML
    assert "<script>" not in svg and root.find(f"{SVG}rect").find(f"{SVG}title").text.startswith("<script>")


def test_series_must_match_the_columns():
    with pytest.raises(ValueError):
        monthly_bars(["1", "2"], [Series("a", (1,))], Series("o", (0, 0)), title="t")


values = st.integers(min_value=-10**9, max_value=10**10)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=12).flatmap(lambda n: st.tuples(
    st.lists(st.lists(values, min_size=n, max_size=n), max_size=6),
    st.lists(st.integers(min_value=0, max_value=10**10), min_size=n, max_size=n))))
def test_bars_stay_inside_and_measure_the_values(data):
    columns, outflow = data
    inflows = [Series(f"s{i}", tuple(v)) for i, v in enumerate(columns)]
    n = len(outflow)
    svg = monthly_bars([str(i) for i in range(n)], inflows, Series("out", tuple(outflow)), title="t")
    bars = rects(svg)
    expected = sum(1 for s in inflows for v in s.values if v) + sum(1 for v in outflow if v)
    assert len(bars) == expected
    tenth = Fraction(1, 10)
    for bar in bars:
        assert bar["h"] >= 0 and bar["y"] >= TOP - tenth and bar["y"] + bar["h"] <= HEIGHT - BOTTOM + 2 * tenth
        assert 0 <= bar["x"] and bar["x"] + bar["w"] <= WIDTH + tenth
    highest = max([sum(v for v in (s.values[i] for s in inflows) if v > 0) for i in range(n)] + outflow)
    lowest = min([sum(v for v in (s.values[i] for s in inflows) if v < 0) for i in range(n)] + [0])
    scale = scale_for(highest, lowest)
    per_fen = Fraction(HEIGHT - TOP - BOTTOM, scale.top - scale.bottom)
    drawn = [b for b in bars if not b["css"].startswith("bar out")]
    wanted = [abs(v) for i in range(n) for s in inflows for v in [s.values[i]] if v]
    for bar, value in zip(drawn, wanted):
        assert abs(bar["h"] - value * per_fen) <= 2 * tenth
