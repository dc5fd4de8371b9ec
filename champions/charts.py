"""The dashboard's charts as SVG coordinates: the templates draw them, with axes,
labels and values, and a table of the same numbers beside each."""


def growth_chart(weeks, width=640, height=240, left=44, bottom=36, top=16):
    """Bars of the cumulative % finished per week, with a labelled 0–100 % axis and the
    value on each bar, as SVG coordinates (the template draws them)."""
    plot_height = height - bottom - top
    plot_width = width - left - 8
    ticks = [
        {"y": round(top + plot_height * (1 - p / 100), 1), "label": f"{p} %"}
        for p in (0, 25, 50, 75, 100)
    ]
    band = plot_width / max(len(weeks), 1)
    bars = []
    for index, (week, count, percent) in enumerate(weeks):
        bar_height = round(plot_height * percent / 100, 1)
        x = round(left + index * band + band * 0.15, 1)
        bars.append(
            {
                "x": x,
                "y": round(top + plot_height - bar_height, 1),
                "width": round(band * 0.7, 1),
                "height": bar_height,
                "centre": round(x + band * 0.35, 1),
                "week": week,
                "count": count,
                "percent": percent,
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - 8,
        "base": top + plot_height,
        "label_y": height - bottom + 16,
        "ticks": ticks,
        "bars": bars,
        "every": max(1, len(bars) // 8),  # label at most about eight weeks on the axis
    }


def chart(weeks, width=640, height=200, gap=4):
    """Bars for the completions chart, as SVG coordinates (the template draws them)."""
    if not weeks:
        return {"bars": [], "width": width, "height": height}
    top = max(n for _, n in weeks)
    band = width / len(weeks)
    bars = []
    for index, (week, n) in enumerate(weeks):
        bar_height = round((height - 20) * n / top, 1) if top else 0
        bars.append(
            {
                "x": round(index * band + gap / 2, 1),
                "y": round(height - bar_height, 1),
                "width": round(max(band - gap, 1), 1),
                "height": bar_height,
                "week": week,
                "n": n,
            }
        )
    return {"bars": bars, "width": width, "height": height, "top": top}
