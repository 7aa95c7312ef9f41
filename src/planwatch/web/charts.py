"""The trajectory chart of an indicator, drawn as inline SVG on the server.

No chart library: the page must work on a closed intranet, print well and stay readable without JavaScript.
Drawn: the baseline span, yearly actuals (filled) and estimates (hollow), plan values (squares),
the target band, and the required path from the latest known value to the end of the plan period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from planwatch import engine
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


def trajectory_svg(series: engine.IndicatorSeries, computed: engine.Computed | None, plan_code: str | None) -> str:
    """An SVG string, or "" when there is nothing numeric to draw."""
    if not plan_code:
        return ""
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
        return ""
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * Decimal("0.12")
    low, high = low - pad, high + pad
    if min(numbers) >= 0 and low < 0:
        low = Decimal(0)
    first_year = plan.start_year - 1
    last_year = plan.end_year

    def x(year: int) -> float:
        return LEFT + (year - first_year) * (WIDTH - LEFT - RIGHT) / max(1, last_year - first_year)

    def y(value: Decimal) -> float:
        return TOP + float((high - value) / (high - low)) * (HEIGHT - TOP - BOTTOM)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trajectory" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(series.name)}">',
        f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{HEIGHT - TOP - BOTTOM}" fill="#fafbfc" stroke="#d9dee5"/>',
    ]
    for step in range(5):
        value = low + (high - low) * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#eef1f4"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#5f6b7a">'
            f"{escape(format_number(engine.display(value, 1)))}</text>"
        )
    for year in range(first_year, last_year + 1):
        label = f"{plan.start_year - 5}-{first_year}" if baseline and year == first_year else str(year)
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="11" fill="#5f6b7a">{label}</text>'
        )
    if band and band[0] is not None:
        top, bottom = max(band), min(band)
        # A growth or sum target holds over the whole period; a level is due at its end.
        from_year = plan.start_year if series.measure == engine.GROWTH_AVERAGE else last_year
        x0 = x(from_year) - (8 if from_year == last_year else 0)
        parts.append(
            f'<rect class="band" x="{x0:.1f}" y="{y(top):.1f}" width="{max(16, x(last_year) - x0 + 8):.1f}" '
            f'height="{max(2, y(bottom) - y(top)):.1f}" fill="{COLORS["band"]}" fill-opacity="0.18" stroke="{COLORS["band"]}">'
            f"<title>{escape(_('Mục tiêu'))}: {escape(target.quantity.text)}</title></rect>"
        )
    achieved = sorted((p for p in points if p.kind in (engine.ACTUAL, engine.ESTIMATE)), key=lambda p: p.year)
    path = ([baseline] if baseline else []) + achieved
    if len(path) > 1:
        coords = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in path)
        parts.append(f'<polyline class="actuals" points="{coords}" fill="none" stroke="{COLORS["actual"]}" stroke-width="2"/>')
    if required_points and path:
        last = path[-1]
        coords = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in [last, *required_points])
        parts.append(
            f'<polyline class="required" points="{coords}" fill="none" stroke="{COLORS["required"]}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    for p in ([baseline] if baseline else []) + points + required_points:
        color = COLORS.get(p.kind, COLORS["actual"])
        title = f"<title>{escape(p.label)}</title>"
        if p.kind == "plan":
            parts.append(f'<rect class="plan" x="{x(p.year) - 5:.1f}" y="{y(p.value) - 5:.1f}" width="10" height="10" '
                         f'fill="none" stroke="{color}" stroke-width="2">{title}</rect>')
        else:
            fill = "#fff" if p.kind in ("estimate", "required") else color
            parts.append(f'<circle class="{p.kind}" cx="{x(p.year):.1f}" cy="{y(p.value):.1f}" r="5" fill="{fill}" '
                         f'stroke="{color}" stroke-width="2">{title}</circle>')
    parts.append(_legend())
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> str:
    items = [("actual", _("Thực hiện")), ("estimate", _("Ước thực hiện")), ("plan", _("Kế hoạch")),
             ("band", _("Mục tiêu")), ("required", _("Cần đạt"))]
    out, left = [], LEFT
    for kind, label in items:
        color = COLORS[kind]
        out.append(f'<rect x="{left}" y="{HEIGHT - 16}" width="10" height="10" fill="{color}" fill-opacity="0.6"/>'
                   f'<text x="{left + 14}" y="{HEIGHT - 7}" font-size="11" fill="#1f2933">{label}</text>')
        left += 20 + len(label) * 7
    return "".join(out)
