"""The Gantt chart of one framework plan or of a whole plan's tasks, drawn as SVG on the server.

Server-rendered rather than an npm Gantt library: the chart must print, work on a closed intranet and without
JavaScript, live under a Content-Security-Policy without inline script, and it needs the engine's own critical
path and baselines, which a library would recompute its own way. A small static script (`frameworks/gantt.js`)
adds dragging a bar for those who may edit. Every piece of text goes through `format_html`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

LABEL_WIDTH = 280
ROW_HEIGHT = 28
HEADER_HEIGHT = 34
BAR_HEIGHT = 14
DAY_WIDTH = {"week": 14.0, "month": 4.0, "quarter": 1.4}
ZOOMS = tuple(DAY_WIDTH)


@dataclass(frozen=True)
class GanttRow:
    key: str
    label: str
    start: date | None = None
    end: date | None = None
    milestone: bool = False
    critical: bool = False
    progress: int = 0
    baseline_start: date | None = None
    baseline_end: date | None = None
    late: bool = False
    heading: bool = False  # a group's title row (an agency, a leader, a task), no bar
    step_id: int | None = None  # set when the bar may be dragged
    href: str = ""


@dataclass(frozen=True)
class GanttLink:
    before: str
    after: str
    kind: str = "FS"


def _ticks(first: date, last: date, zoom: str) -> list[tuple[date, str]]:
    ticks = []
    if zoom == "week":
        day = first - timedelta(days=first.weekday())
        while day <= last:
            ticks.append((day, f"{day:%d/%m}"))
            day += timedelta(days=7)
    elif zoom == "month":
        day = first.replace(day=1)
        while day <= last:
            ticks.append((day, f"{day:%m/%Y}"))
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    else:
        day = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
        while day <= last:
            ticks.append((day, f"Q{(day.month - 1) // 3 + 1}/{day.year}"))
            month = day.month + 3
            day = date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
    return ticks


def gantt_svg(rows: list[GanttRow], links: list[GanttLink] = (), *, zoom: str = "week", today: date | None = None,
              title: str = "") -> SafeString:
    """The chart, or "" when no row has dates."""
    zoom = zoom if zoom in DAY_WIDTH else "week"
    dated = [row for row in rows if row.start and row.end]
    if not dated:
        return SafeString("")
    first = min(min(row.start, row.baseline_start or row.start) for row in dated)
    last = max(max(row.end, row.baseline_end or row.end) for row in dated)
    first, last = first - timedelta(days=3), last + timedelta(days=7)
    day_width = DAY_WIDTH[zoom]
    width = LABEL_WIDTH + int(((last - first).days + 1) * day_width) + 10
    height = HEADER_HEIGHT + ROW_HEIGHT * len(rows) + 6

    def x(day: date) -> float:
        return LABEL_WIDTH + (day - first).days * day_width

    # A picture (role img) hides what is inside it: a chart whose labels are links is a group, so the links stay
    # reachable (axe nested-interactive).
    role = "group" if any(row.href for row in rows) else "img"
    parts = [format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="gantt" viewBox="0 0 {} {}" width="{}" height="{}" role="{}" '
        'aria-label="{}" data-day-width="{}" data-origin="{}">',
        width, height, width, height, role, title or _("Biểu đồ Gantt"), day_width, first.isoformat(),
    ), mark_safe(
        '<defs><marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" '
        'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#5f6b7a"/></marker></defs>'
    )]
    for day, label in _ticks(first, last, zoom):
        if day < first:
            continue
        parts.append(format_html(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" class="gantt-grid"/>'
            '<text x="{3}" y="{4}" class="gantt-tick">{5}</text>',
            f"{x(day):.1f}", HEADER_HEIGHT - 6, height, f"{x(day) + 3:.1f}", HEADER_HEIGHT - 12, label,
        ))
    places: dict[str, tuple[float, float, float]] = {}
    for index, row in enumerate(rows):
        top = HEADER_HEIGHT + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        label = row.label if len(row.label) <= 44 else row.label[:42].rstrip() + "…"
        label_class = "gantt-heading" if row.heading else "gantt-label"
        text = format_html('<text x="6" y="{}" class="{}"><title>{}</title>{}</text>', f"{middle + 4:.1f}",
                           label_class, row.label, label)
        if row.href:
            text = format_html('<a href="{}">{}</a>', row.href, text)
        parts.append(text)
        if row.heading or not (row.start and row.end):
            continue
        if row.baseline_start and row.baseline_end:
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="4" class="gantt-baseline"><title>{}</title></rect>',
                f"{x(row.baseline_start):.1f}", f"{middle + BAR_HEIGHT / 2 + 1:.1f}",
                f"{max(day_width, (row.baseline_end - row.baseline_start).days * day_width + day_width):.1f}",
                _("Theo bản phê duyệt: %(start)s – %(end)s") % {
                    "start": f"{row.baseline_start:%d/%m/%Y}", "end": f"{row.baseline_end:%d/%m/%Y}"},
            ))
        classes = "gantt-bar" + (" critical" if row.critical else "") + (" late" if row.late else "") + (
            " draggable" if row.step_id else "")
        period = (f"{row.start:%d/%m/%Y}" if row.milestone else f"{row.start:%d/%m/%Y} – {row.end:%d/%m/%Y}")
        tip = f"{row.label}: {period}, {row.progress}%"
        if row.milestone:
            cx = x(row.end) + day_width / 2
            size = 7
            parts.append(format_html(
                '<polygon points="{},{} {},{} {},{} {},{}" class="{} milestone" data-step="{}" data-start="{}" '
                'data-end="{}"><title>{}</title></polygon>',
                f"{cx:.1f}", f"{middle - size:.1f}", f"{cx + size:.1f}", f"{middle:.1f}", f"{cx:.1f}",
                f"{middle + size:.1f}", f"{cx - size:.1f}", f"{middle:.1f}", classes, row.step_id or "",
                row.end.isoformat(), row.end.isoformat(), tip,
            ))
            places[row.key] = (cx, cx, middle)
            continue
        left, right = x(row.start), x(row.end) + day_width
        parts.append(format_html(
            '<g class="{}" data-step="{}" data-start="{}" data-end="{}"><title>{}</title>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="2" class="gantt-fill"/>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="2" class="gantt-progress"/></g>',
            classes, row.step_id or "", row.start.isoformat(), row.end.isoformat(), tip,
            f"{left:.1f}", f"{middle - BAR_HEIGHT / 2:.1f}", f"{right - left:.1f}", BAR_HEIGHT,
            f"{left:.1f}", f"{middle - BAR_HEIGHT / 2:.1f}", f"{(right - left) * row.progress / 100:.1f}", BAR_HEIGHT,
        ))
        places[row.key] = (left, right, middle)
    for link in links:
        if link.before not in places or link.after not in places:
            continue
        before, after = places[link.before], places[link.after]
        start_x = before[0] if link.kind == "SS" else before[1]
        end_x = after[1] if link.kind == "FF" else after[0]
        elbow = (start_x + 6) if link.kind != "SS" else (start_x - 6)
        parts.append(format_html(
            '<path d="M{},{} H{} V{} H{}" class="gantt-link" marker-end="url(#gantt-arrow)"/>',
            f"{start_x:.1f}", f"{before[2]:.1f}", f"{elbow:.1f}", f"{after[2]:.1f}", f"{end_x:.1f}",
        ))
    if today and first <= today <= last:
        parts.append(format_html(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" class="gantt-today"/>'
            '<text x="{3}" y="{4}" class="gantt-today-label">{5}</text>',
            f"{x(today):.1f}", HEADER_HEIGHT - 4, height, f"{x(today) + 3:.1f}", height - 4, _("Hôm nay"),
        ))
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))
