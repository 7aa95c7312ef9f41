"""The export menu of the plan page (`{% load reports %}{% export_menu document %}`) and a report's table on a
page (`{% report_table table %}`)."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from planwatch import engine
from planwatch.accounts.selectors import table_values
from planwatch.reports.periods import default_period, period_label
from planwatch.rowhtml import escape as escape_text

register = template.Library()

# The plan page's task filters travel with the export, so the file holds the rows the page shows.
CARRIED = ("q", "agency", "leader", "status", "window", "due_from", "due_to")


def period_choices(document, default: str) -> list[tuple[str, str]]:
    years = set()
    if document.period_start and document.period_end:
        years.update(range(document.period_start, document.period_end + 1))
    years.add(int(default[:4]))
    choices = []
    for year in sorted(years):
        for code in (str(year), f"{year}-9M", f"{year}-H1", f"{year}-Q1", f"{year}-Q2", f"{year}-Q3", f"{year}-Q4"):
            choices.append((code, period_label(engine.parse_period(code))))
    return choices


def _years_of(rows) -> list[int]:
    """Years with an actual or estimate among the indicators the plan page already holds (no query)."""
    years = []
    for row in rows:
        indicator = getattr(row, "indicator", row)
        for value in table_values(indicator):
            if value.kind in ("actual", "estimate") and value.period.isascii() and value.period.isdigit():
                years.append(int(value.period))
    return years


@register.inclusion_tag("reports/_export_menu.html", takes_context=True)
def export_menu(context, document, rows=None):
    """The export form; `rows` (the page's indicator rows, values prefetched) gives the default period without
    a query."""
    request = context.get("request")
    default = default_period(document, years=None if rows in (None, "") else _years_of(rows))
    carried = []
    if request is not None:
        carried = [(name, value) for name in CARRIED for value in request.GET.getlist(name) if value]
    return {
        "document": document,
        "periods": period_choices(document, default),
        "default": request.GET.get("period", default) if request is not None else default,
        "carried": carried,
        "filtered": bool(carried),
        "year": int(default[:4]),
        "title": _("Xuất báo cáo"),
    }


def _cell_text(text: str) -> str:
    """linebreaksbr's HTML of a cell's text; a text on one line (nearly every cell) escaped directly, which writes
    the same for a fraction of the filter's cost on a table of thousands of cells."""
    if "\n" in text or "\r" in text:
        return linebreaksbr(text, autoescape=True)
    return escape_text(text)


def _cell_html(tag: str, cell, *, body: str) -> str:
    spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
        f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
    classes = ("num " if cell.align == "right" else "") + (f"fill-{cell.fill.lower()}" if cell.fill else "")
    if tag == "td" and (cell.align == "right" or cell.fill):
        spans += f' class="{classes}"'
    return f"<{tag}{spans}>{body}</{tag}>"


@register.simple_tag
def report_table(table) -> str:
    """A report's table (reports/layout.py) as the page shows it, its notes below. Written here, not in a template:
    a register-wide report has thousands of cells, and a template's loop over them cost most of the page."""
    head = "".join(
        "<tr>" + "".join(_cell_html("th", cell, body=escape(cell.text)) for cell in row if cell) + "</tr>"
        for row in table.header
    )
    body = "".join(
        f'<tr data-key="{escape(row.key)}">' + "".join(
            _cell_html("td", cell, body=_cell_text(cell.text)) for cell in row.cells if cell
        ) + "</tr>"
        for row in table.rows
    ) or f'<tr><td colspan="{len(table.columns)}" class="muted">—</td></tr>'
    notes = "".join(f'<p class="small muted">{escape(note)}</p>' for note in table.notes)
    return mark_safe(
        f'<table class="list report">\n  <thead>{head}</thead>\n  <tbody>{body}</tbody>\n</table>\n{notes}'
    )
