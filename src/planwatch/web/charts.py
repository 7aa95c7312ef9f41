"""Charts drawn as inline SVG on the server: the trajectory of an indicator; on the home page, the distribution of
statuses as horizontal bars and each indicator's yearly values as a sparkline.

No chart library: the page must work on a closed intranet, print well and stay readable without JavaScript.
Every piece of text in the SVG goes through `format_html`, which escapes `<>&"'`: an indicator's name and a value's
text come from imports and the admin, and the SVG is put into the page as markup (issue 13's stored XSS came from an
`aria-label` escaped without its quote).
The trajectory draws the baseline span, yearly actuals (filled) and estimates (hollow), plan values (squares),
the target band, and the required path from the latest known value to the end of the plan period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from planwatch import engine
from planwatch.registry.vocabulary import KIND_ABBREVIATIONS
from planwatch.web.templatetags.vi import format_number

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 20, 46
COLORS = {"actual": "#0b4f8a", "estimate": "#0b4f8a", "plan": "#7a7f87", "required": "#a4161a", "band": "#2f9e44"}


@dataclass
class Point:
    year: int
    value: Decimal
    kind: str
    label: str


def _number(quantity: engine.Quantity) -> Decimal | None:
    if quantity.op == "qualitative":
        return None
    if quantity.low is not None and quantity.high is not None:
        return (quantity.low + quantity.high) / 2 if quantity.op == "range" else quantity.low
    return quantity.low if quantity.low is not None else quantity.high


@dataclass(frozen=True)
class Frame:
    """The size of a trajectory chart: the indicator page's full one, or the home page's small multiple."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    gridlines: int
    legend: bool
    every_year: bool  # a label under every year, or under the first and the last only


FULL = Frame(WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, 11, 5, True, True)
# Drawn at about 300 px wide on a phone and in a grid at 1280 px: the labels' size holds at that scale.
SMALL = Frame(320, 170, 44, 12, 12, 26, 12, 3, False, False)


def trajectory_svg(series: engine.IndicatorSeries, computed: engine.Computed | None, plan_code: str | None,
                   *, frame: Frame = FULL, label: str = "") -> SafeString:
    """The SVG markup (safe: every data text in it escaped), or "" when there is nothing numeric to draw.
    `label` is the accessible name (the indicator's name when not given)."""
    WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = (  # noqa: N806 - the frame's numbers, named as the module's
        frame.width, frame.height, frame.left, frame.right, frame.top, frame.bottom)
    font = frame.font
    if not plan_code:
        return SafeString("")
    plan = engine.plan_period(plan_code)
    points: list[Point] = []
    baseline: Point | None = None
    for observation in series.values:
        number = _number(observation.quantity)
        if number is None or observation.kind == engine.REQUIRED:
            continue
        period = observation.period
        if period.kind == "year" and plan.start_year - 1 <= period.start_year <= plan.end_year:
            points.append(Point(period.start_year, number, observation.kind, observation.quantity.text))
        elif period.kind == "span" and period.end_year < plan.start_year and observation.kind == engine.ACTUAL:
            baseline = Point(plan.start_year - 1, number, "baseline", f"{period.code}: {observation.quantity.text}")
    target = series.target_for(plan)
    band = None
    if target is not None and target.quantity.op != "qualitative":
        low, high = target.quantity.low, target.quantity.high
        band = (low if low is not None else high, high if high is not None else low)
    required_points: list[Point] = []
    if computed is not None and computed.required.period is not None:
        req = computed.required
        value = req.low if req.low is not None else req.high
        if value is not None and req.period.kind in ("year", "span"):
            for year in range(req.period.start_year, req.period.end_year + 1):
                required_points.append(Point(year, value, "required", format_number(engine.display(value, 2))))

    numbers = [p.value for p in points + required_points] + ([baseline.value] if baseline else [])
    if band:
        numbers += [n for n in band if n is not None]
    if not numbers:
        return SafeString("")
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * Decimal("0.12")
    low, high = low - pad, high + pad
    if min(numbers) >= 0 and low < 0:
        low = Decimal(0)
    first_year = plan.start_year - 1
    last_year = plan.end_year
    # Whole numbers once the scale is in thousands; the left margin as wide as the longest label needs.
    places = 0 if max(abs(low), abs(high)) >= 1000 else 1
    ticks = [low + (high - low) * step / (frame.gridlines - 1) for step in range(frame.gridlines)]
    tick_labels = [format_number(engine.display(value, places)) for value in ticks]
    LEFT = max(LEFT, round(max(len(text) for text in tick_labels) * font * 0.6) + 8)  # noqa: N806

    def x(year: int) -> float:
        return LEFT + (year - first_year) * (WIDTH - LEFT - RIGHT) / max(1, last_year - first_year)

    def y(value: Decimal) -> float:
        return TOP + float((high - value) / (high - low)) * (HEIGHT - TOP - BOTTOM)

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">',
            "trajectory" if frame.legend else "trajectory small", WIDTH, HEIGHT, label or series.name,
        ),
        format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="#fafbfc" stroke="#d9dee5"/>',
                    LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM),
    ]
    for value, text in zip(ticks, tick_labels):
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#eef1f4"/>'
            '<text x="{}" y="{}" text-anchor="end" font-size="{}" fill="#5f6b7a">{}</text>',
            LEFT, WIDTH - RIGHT, f"{y(value):.1f}", f"{y(value):.1f}",
            LEFT - 6, f"{y(value) + 4:.1f}", font, text,
        ))
    for year in range(first_year, last_year + 1):
        if not frame.every_year and year not in (first_year, last_year):
            continue
        text = f"{plan.start_year - 5}-{first_year}" if baseline and year == first_year else str(year)
        anchor = "middle" if frame.every_year else ("start" if year == first_year else "end")
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="{}" font-size="{}" fill="#5f6b7a">{}</text>',
            f"{x(year):.1f}", HEIGHT - BOTTOM + font + 7, anchor, font, text,
        ))
    if band and band[0] is not None:
        top, bottom = max(band), min(band)
        # A growth or sum target holds over the whole period; a level is due at its end.
        from_year = plan.start_year if series.measure == engine.GROWTH_AVERAGE else last_year
        x0 = x(from_year) - (8 if from_year == last_year else 0)
        parts.append(format_html(
            '<rect class="band" x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="0.18" stroke="{}">'
            "<title>{}: {}</title></rect>",
            f"{x0:.1f}", f"{y(top):.1f}", f"{max(16, x(last_year) - x0 + 8):.1f}", f"{max(2, y(bottom) - y(top)):.1f}",
            COLORS["band"], COLORS["band"], _("Mục tiêu"), target.quantity.text,
        ))
    achieved = sorted((p for p in points if p.kind in (engine.ACTUAL, engine.ESTIMATE)), key=lambda p: p.year)
    path = ([baseline] if baseline else []) + achieved
    if len(path) > 1:
        coords = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in path)
        parts.append(format_html('<polyline class="actuals" points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                                 coords, COLORS["actual"]))
    if required_points and path:
        last = path[-1]
        coords = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in [last, *required_points])
        parts.append(format_html(
            '<polyline class="required" points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="6 4"/>',
            coords, COLORS["required"],
        ))
    for p in ([baseline] if baseline else []) + points + required_points:
        color = COLORS.get(p.kind, COLORS["actual"])
        if p.kind == "plan":
            parts.append(format_html(
                '<rect class="plan" x="{}" y="{}" width="10" height="10" fill="none" stroke="{}" stroke-width="2">'
                "<title>{}</title></rect>",
                f"{x(p.year) - 5:.1f}", f"{y(p.value) - 5:.1f}", color, p.label,
            ))
        else:
            fill = "#fff" if p.kind in ("estimate", "required") else color
            parts.append(format_html(
                '<circle class="{}" cx="{}" cy="{}" r="5" fill="{}" stroke="{}" stroke-width="2"><title>{}</title></circle>',
                p.kind, f"{x(p.year):.1f}", f"{y(p.value):.1f}", fill, color, p.label,
            ))
    if frame.legend:
        parts.append(_legend())
    parts.append(SafeString("</svg>"))
    # Each part is a SafeString built by format_html from escaped values: joining them adds no unescaped text.
    return mark_safe("".join(parts))


def _legend() -> SafeString:
    items = [("actual", _("Thực hiện")), ("estimate", _("Ước thực hiện")), ("plan", _("Kế hoạch")),
             ("band", _("Mục tiêu")), ("required", _("Cần đạt"))]
    out, left = [], LEFT
    for kind, label in items:
        color = COLORS[kind]
        out.append(format_html(
            '<rect x="{}" y="{}" width="10" height="10" fill="{}" fill-opacity="0.6"/>'
            '<text x="{}" y="{}" font-size="11" fill="#1f2933">{}</text>',
            left, HEIGHT - 16, color, left + 14, HEIGHT - 7, label,
        ))
        left += 20 + len(label) * 7
    return mark_safe("".join(out))


# The home page's charts (issue 10) ---------------------------------------------------------------

STATUS_COLORS = {
    engine.ACHIEVED_EARLY: "#2f9e44", engine.ON_TRACK: "#1c6fbf", engine.DIFFICULT: "#d99a00",
    engine.VERY_CHALLENGING: "#c92a2a", engine.UNKNOWN: "#98a2ae",
}
# Narrow enough to keep its letters readable when a 390 px phone scales it down, wide enough for the labels.
BARS_WIDTH, BAR_ROW, BARS_LABEL, BARS_COUNT = 420, 28, 150, 44


def status_bars_svg(counts: list[tuple[str, int]], label_of, *, title: str) -> SafeString:
    """A horizontal bar per status; the aria-label says every count, so the chart reads without seeing it."""
    if not counts:
        return SafeString("")
    largest = max(count for _status, count in counts) or 1
    span = BARS_WIDTH - BARS_LABEL - BARS_COUNT
    height = BAR_ROW * len(counts) + 4
    summary = "; ".join(f"{label_of(status)}: {format_number(count)}" for status, count in counts)
    parts = [format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="status-bars" viewBox="0 0 {} {}" role="img" aria-label="{}">',
        BARS_WIDTH, height, f"{title}. {summary}",
    )]
    for row, (status, count) in enumerate(counts):
        top = 4 + row * BAR_ROW
        width = span * count / largest
        parts.append(format_html(
            '<text x="0" y="{}" font-size="13" fill="#1f2933">{}</text>'
            '<rect class="bar {}" x="{}" y="{}" width="{}" height="18" rx="2" fill="{}"/>'
            '<text x="{}" y="{}" font-size="13" font-weight="bold" fill="#1f2933">{}</text>',
            top + 14, label_of(status),
            status, BARS_LABEL, top, f"{width:.1f}", STATUS_COLORS.get(status, STATUS_COLORS[engine.UNKNOWN]),
            f"{BARS_LABEL + width + 6:.1f}", top + 14, format_number(count),
        ))
    parts.append(SafeString("</svg>"))
    # Each part is a SafeString built by format_html from escaped values: joining them adds no unescaped text.
    return mark_safe("".join(parts))


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 4


def sparkline_svg(points, *, name: str) -> SafeString:
    """The yearly values of an indicator as a small line (`points`: the engine's YearValue, one a year, in order):
    achieved values filled, plan values hollow. The aria-label lists them: `2021: 2,97 (TH); ...`."""
    if not points:
        return SafeString("")
    numbers = [p.number for p in points]
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    first, last = points[0].year, points[-1].year

    def x(year: int) -> float:
        return SPARK_PAD + (year - first) * (SPARK_WIDTH - 2 * SPARK_PAD) / max(1, last - first)

    def y(value: Decimal) -> float:
        return SPARK_PAD + float((high - value) / (high - low)) * (SPARK_HEIGHT - 2 * SPARK_PAD)

    said = "; ".join(
        f"{p.year}: {format_number(engine.display(p.number, 2))} ({KIND_ABBREVIATIONS.get(p.kind, p.kind)})" for p in points
    )
    parts = [format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-label="{}">',
        SPARK_WIDTH, SPARK_HEIGHT, SPARK_WIDTH, SPARK_HEIGHT, f"{name}: {said}",
    )]
    if len(points) > 1:
        coords = " ".join(f"{x(p.year):.1f},{y(p.number):.1f}" for p in points)
        parts.append(format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>', coords, COLORS["actual"],
        ))
    for p in points:
        achieved = p.kind in (engine.ACTUAL, engine.ESTIMATE)
        parts.append(format_html(
            '<circle cx="{}" cy="{}" r="2.6" fill="{}" stroke="{}" stroke-width="1.2"/>',
            f"{x(p.year):.1f}", f"{y(p.number):.1f}", COLORS["actual"] if achieved else "#fff",
            COLORS["actual"] if achieved else COLORS["plan"],
        ))
    parts.append(SafeString("</svg>"))
    return mark_safe("".join(parts))
