"""The dashboard's charts as SVG coordinates: the templates draw them (one include,
champions/_bar_chart.html), each with a labelled value axis, the week under some bars,
the value on each bar, and a table of the same numbers beside it. Each chart comes in two
shapes, a wide one and a narrow one for phones, so that its words keep their size where an
SVG scaled down to a phone's width would shrink them to unreadable."""

import datetime
import math


def nice_top(largest: int) -> int:
    """A round number at or above `largest` for the top of a count axis (1, 2, 5, 10…)."""
    if largest <= 1:
        return 1
    power = 10 ** math.floor(math.log10(largest))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= largest)


def bar_chart(
    weeks: list[tuple[datetime.date, int]],
    *,
    top: int,
    unit: str = "",
    width: int = 640,
    height: int = 240,
    left: int = 48,
    bottom: int = 36,
    upper: int = 18,
) -> dict:
    """Bars of `weeks` ([(week, value)]) on an axis from 0 to `top`, ticked at whole
    numbers (quarters of 100 %, fifths of 50 …)."""
    plot_height = height - bottom - upper
    plot_width = width - left - 8
    parts = next((n for n in (4, 5, 2) if top % n == 0), 1)
    ticks = [
        {
            "y": round(upper + plot_height * (1 - part / parts), 1),
            "label": f"{top * part // parts}{unit}",
        }
        for part in range(parts + 1)
    ]
    band = plot_width / max(len(weeks), 1)
    bars = []
    for index, (week, value) in enumerate(weeks):
        bar_height = round(plot_height * value / top, 1) if top else 0
        x = round(left + index * band + band * 0.15, 1)
        bars.append(
            {
                "x": x,
                "y": round(upper + plot_height - bar_height, 1),
                "width": round(band * 0.7, 1),
                "height": bar_height,
                "centre": round(x + band * 0.35, 1),
                "week": week,
                "value": f"{value:g}{unit}",
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "tick_x": left - 6,
        "right": width - 8,
        "base": upper + plot_height,
        "label_y": height - bottom + 18,
        "ticks": ticks,
        "bars": bars,
        # As many week labels as fit without touching ("23 Nov" is about 40 units).
        "every": max(1, math.ceil(len(bars) / max(1, plot_width // 64))),
        "value_font": 13 if band >= 36 else 10 if band >= 26 else 8,
    }


def shapes(weeks: list[tuple[datetime.date, int]], **axis) -> dict:
    """The chart drawn wide (a desktop's column) and narrow (a phone's)."""
    return {
        "wide": bar_chart(weeks, **axis),
        "narrow": bar_chart(weeks, width=340, height=220, left=48, **axis),
    }


def growth_chart(weeks: list[tuple[datetime.date, int, int]]) -> dict:
    """The cumulative share of the company finished, week by week, on a 0–100 % axis."""
    return shapes([(week, percent) for week, _count, percent in weeks], top=100, unit=" %")


def chart(weeks: list[tuple[datetime.date, int]]) -> dict:
    """Completions per week, on an axis up to a round number above the busiest week."""
    return shapes(weeks, top=nice_top(max((n for _, n in weeks), default=1)))
