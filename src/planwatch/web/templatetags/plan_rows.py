"""The rows of the plan page's two tables, written in code: `{% indicator_rows_html rows columns %}` and
`{% task_rows_html tasks tracking chases %}`, of rows read by accounts/selectors.py `indicator_rows` and `task_rows`.

A plan holds fifty to two hundred indicators, each with a dozen figures, and as many tasks: looping over them in the
template language cost as much as every query of the page together (issue 14), so the rows are joined here, each
text escaped as the template escaped it.
"""

from __future__ import annotations

from itertools import groupby

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.template.defaultfilters import linebreaksbr

from planwatch.frameworks.templatetags.framework_plans import late_steps_notice
from planwatch.registry.models import Task
from planwatch.rowhtml import address_of, escape
from planwatch.web.templatetags.vi import format_quantity, status_label
from planwatch.web.tables import LATEST

register = template.Library()


def _indicator_row(row, columns, lookups) -> str:
    indicator = row.indicator
    cells = []
    for column in columns:
        cell = row.cells.get(column.key) if row.cells else None
        latest = (f' <span class="small muted">({escape(row.latest_label)})</span>'
                  if column.key == LATEST and cell else "")
        cells.append(f'<td class="num" data-column="{escape(column.key)}">{escape(format_quantity(cell))}{latest}</td>')
    agencies = indicator.lead_agency_list
    leads = ", ".join(
        f'<a href="{lookups["agency"](agency.pk)}">{escape(agency.short_name or agency.name)}</a>'
        for agency in agencies
    ) if agencies else escape(indicator.lead_text)
    leader = (f'<a href="{lookups["position"](indicator.leader_id)}">{escape(indicator.leader_text)}</a>'
              if indicator.leader_id else escape(indicator.leader_text))
    badge = ""
    if row.status:
        label = _("Dự kiến đạt sớm") if row.expected_early else status_label(row.status)
        badge = (f'<span class="status-badge {escape(row.status)}{" expected" if row.expected_early else ""}" '
                 f'title="{escape(row.status_reason)}">{escape(label)}</span>')
    heading = (f'<tr class="group"><td colspan="{len(columns) + 6}">{escape(row.group_heading)}</td></tr>'
               if row.group_heading else "")
    return (
        f'{heading}<tr class="depth-{indicator.depth}" data-key="{escape(indicator.key)}">'
        f'<td>{escape(indicator.code)}</td>'
        f'<td class="name"><a href="{lookups["indicator"](indicator.pk)}">{escape(indicator.name)}</a></td>'
        f'<td>{escape(indicator.unit)}</td>{"".join(cells)}<td>{leads}</td><td>{leader}</td>'
        f'<td class="status-col">{badge}</td></tr>'
    )


@register.simple_tag
def indicator_rows_html(rows, columns) -> str:
    lookups = {name: address_of(name) for name in ("agency", "position", "indicator")}
    return mark_safe("\n".join(_indicator_row(row, columns, lookups) for row in rows))


def _task_row(task, tracking, chases, lookups) -> str:
    agencies, groups = task.lead_agency_list, task.lead_group_list
    leads = "; ".join(
        f'<a href="{lookups["agency"](agency.pk)}">{escape(agency.name)}</a>' for agency in agencies
    ) if agencies else escape(task.lead_text)
    if groups:
        leads += ("; " if agencies else "") + "; ".join(escape(group.name) for group in groups)
    leader = (f'<a href="{lookups["position"](task.leader_id)}">{escape(task.leader_text)}</a>'
              if task.leader_id else escape(task.leader_text))
    dates = task.due_date_list
    due = (f'<div class="small muted">{", ".join(d.due.strftime("%d/%m/%Y") for d in dates)}</div>' if dates else "")
    label = tracking.get(task.pk) if tracking else None
    chased = chases.get(task.pk) if chases else None
    state = format_html('<span class="status {}">{}</span>', task.status, lookups["status"].get(task.status, task.status))
    if label:
        state += format_html('<div class="small muted">{}</div>', label)
    if getattr(task, "late_steps", None):
        state += format_html('<div class="small">{}</div>', late_steps_notice(task.late_steps))
    if chased:
        state += format_html('<div class="small muted">{}</div>',
                             ngettext("đã nhắc %(n)s lần", "đã nhắc %(n)s lần", chased) % {"n": chased})
    return (
        f'<tr data-key="{escape(task.key)}"><td>{escape(task.code)}</td>'
        f'<td><a href="{lookups["task"](task.pk)}">{linebreaksbr(task.title, autoescape=True)}</a></td>'
        f'<td>{leads}</td><td class="small">{escape(task.coordinating_text)}</td><td>{leader}</td>'
        f'<td>{escape(task.product)}</td><td>{escape(task.deadline_text)}{due}</td><td>{state}</td></tr>'
    )


@register.simple_tag
def task_rows_html(tasks, tracking, chases) -> str:
    """The task table's rows, under a heading row per section (consecutive tasks of one section, as regroup)."""
    if not tasks:
        return format_html('<tr><td colspan="8" class="muted">{}</td></tr>',
                           _("Không có nhiệm vụ nào khớp với bộ lọc."))
    lookups = {name: address_of(name) for name in ("agency", "position", "task")}
    # get_status_display hashes every translated choice at each call: the labels once for the table instead.
    lookups["status"] = {value: str(label) for value, label in Task.Status.choices}
    parts = []
    for section, members in groupby(tasks, key=lambda task: task.section):
        members = list(members)
        if section:
            parts.append(f'<tr class="group"><td>{escape(section)}</td>'
                         f'<td colspan="7">{escape(members[0].section_title)}</td></tr>')
        parts += [_task_row(task, tracking, chases, lookups) for task in members]
    return mark_safe("\n".join(parts))
