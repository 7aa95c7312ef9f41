"""The lines of the report page, written in code: `{% report_lines_html group part %}` (those to fill, then those
filled), each line with its framework-plan steps and its evidence files.

A report holds seventy to two hundred and fifty lines, each with a handful of fields: looping over them in the
template language took two thirds of the page's time, ten times what its queries took, and the page is opened
by every agency in the rush before a deadline (issue 14). So the lines are joined here, each text escaped as the
template escaped it, with the template's own messages (their translations apply unchanged).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from planwatch.registry.models import Task
from planwatch.registry.quantities import number_text, quantity_text
from planwatch.registry.rows import lead_agency_rows, target_rows
from planwatch.reporting.models import Action, IndicatorLine, Report, Round
from planwatch.reporting.templatetags.reporting import choice_options, field_name, field_notes, filesize, value_of
from planwatch.rowhtml import address_of, escape

register = template.Library()


def _quantity(quantity) -> str:
    # vi.format_quantity, which reporting may not import (web sits above it): the same call.
    return quantity_text(quantity, joiners=True, relative_words=True)


def _messages() -> dict[str, str]:
    """The templates' messages in the active language, as `{% translate "…" %}` wrote them: not escaped (a literal
    of the template is safe, and so is its translation), and with the `%` it doubles in a msgid (`(%%)`) single
    again. Looked up once per call rather than once per line."""
    said = {
        "indicators": _("Chỉ tiêu đơn vị chủ trì"), "indicator": _("Chỉ tiêu"), "unit": _("ĐVT"),
        "target": _("Mục tiêu"), "kind": _("Loại số liệu"), "value": _("Giá trị"),
        "note_head": _("Ghi chú, đánh giá"), "note": _("Ghi chú"), "source": _("Nguồn số liệu"),
        "history": _("Lịch sử dòng"), "shared": _("Số liệu dùng chung cho:"),
        "recorded": _("đã ghi nhận là số liệu chính thức"),
        "lead_tasks": _("Nhiệm vụ đơn vị chủ trì"), "deadline": _("Thời hạn"), "product": _("Sản phẩm"),
        "status": _("Tình trạng"), "percent": _("Tỷ lệ hoàn thành (%%)"),
        "derived": _("Tính từ tiến độ các bước của kế hoạch khung, theo số ngày của từng bước, khi lưu báo cáo; "
                     "không nhập trực tiếp."),
        "done": _("Kết quả đã thực hiện"), "difficulties": _("Khó khăn, vướng mắc"),
        "proposals": _("Đề xuất, kiến nghị"),
        "coordinated_tasks": _("Nhiệm vụ đơn vị phối hợp"),
        "contribution_advice": _("Ghi nội dung đơn vị đã phối hợp thực hiện; để trống nếu trong kỳ không có."),
        "lead": _("chủ trì"), "contribution": _("Nội dung phối hợp đã thực hiện"),
        "evidence": _("Minh chứng"), "remove": _("gỡ"), "add_files": _("Thêm tệp"),
        "steps": _("Các bước của kế hoạch khung"), "plan": _("xem kế hoạch khung"), "step": _("Bước"),
        "planned_end": _("Kết thúc theo kế hoạch"), "on_record": _("Đã ghi nhận"),
        "progress_now": _("Tiến độ kỳ này (%%)"), "milestone": _("mốc"), "late": _("chậm"),
        "progress": _("Tiến độ (%%)"),
        "steps_advice": _("Ghi tiến độ từng bước từ 0 đến 100 (100: bước đã xong). Tiến độ được ghi vào kế hoạch "
                          "khung khi Sở Kế hoạch và Đầu tư chấp nhận báo cáo."),
    }
    return {key: text.replace("%%", "%") for key, text in said.items()}


def _text(value, length: int | None = None) -> str:
    """`{{ value }}`, or `{{ value|truncatechars:length }}`."""
    if length is not None:
        # Truncator weighs every character in Python (combining marks count for nothing), the most costly step of
        # the lines: a text of no more than `length` characters once NFC-normalised is never cut, and Truncator
        # gives it back normalised, as here.
        normalised = unicodedata.normalize("NFC", str(value))
        value = normalised if len(normalised) <= length else Truncator(normalised).chars(length)
    return escape(value)


def _paragraphs(value) -> str:
    return linebreaksbr(value, autoescape=True)


@dataclass
class _Page:
    """What every line of one call shares: the page's settings, addresses, labels and messages, each looked up
    once instead of once per line."""

    editable: bool
    previous: dict
    statuses: list
    kinds: list
    accept: str
    max_size: str
    period: str
    options: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)

    def __post_init__(self):
        self.address = {
            "indicator": address_of("indicator"),
            "task": address_of("task"),
            "indicator-history": address_of("reporting:line-history", "chi-tieu"),
            "task-history": address_of("reporting:line-history", "nhiem-vu"),
            "evidence": address_of("reporting:evidence"),
            "plan": address_of("frameworks:plan"),
        }
        # get_FOO_display builds a dict of every translated choice at each call: the labels once here instead.
        self.kind_labels = {value: str(label) for value, label in IndicatorLine.Kind.choices}
        self.status_labels = {value: str(label) for value, label in Task.Status.choices}
        self.words = _messages()
        # `{% blocktranslate %}` leaves its translation unescaped and escapes the values it puts in.
        self.words["size_limit"] = _("PDF, Word, Excel, ảnh; tối đa %(max_size)s mỗi tệp") % {
            "max_size": escape(self.max_size)}

    def plan_of(self, document) -> str:
        """The plan a line comes from, escaped: once per plan, not once per line (a document's name is built from
        its translated kind; a page's lines come from a few plans)."""
        found = self.plans.get(document.pk)
        if found is None:
            found = self.plans[document.pk] = escape(document)
        return found

    def choices(self, name: str, selected) -> str:
        """The <option>s of the kinds or statuses, `selected` marked: a few distinct values on a whole page."""
        key = (name, selected)
        found = self.options.get(key)
        if found is None:
            found = self.options[key] = choice_options(self.kinds if name == "kinds" else self.statuses, selected)
        return found


def _notes(lf, name: str) -> str:
    # Most lines have neither error nor newer value: the helper's markup would be empty.
    return field_notes(lf, name) if lf.errors or lf.newer else ""


def _count(forms) -> str:
    # `|length|num`: vi.format_number's call, for the same reason as _quantity.
    return escape(number_text(len(forms)))


# Indicators ------------------------------------------------------------------------------------


def _indicator_fields(lf, name: str, page: _Page) -> str:
    """The four cells the agency fills."""
    return (
        f'<td><select name="{escape(field_name(lf, "kind"))}" aria-label="{page.words["kind"]}: {name}">'
        f'{page.choices("kinds", value_of(lf, "kind"))}</select>{_notes(lf, "kind")}</td>\n'
        f'<td><input type="text" class="value" name="{escape(field_name(lf, "value"))}" '
        f'value="{escape(value_of(lf, "value"))}" aria-label="{page.words["value"]}: {name}" maxlength="200">'
        f'{_notes(lf, "value")}</td>\n'
        f'<td><textarea name="{escape(field_name(lf, "note"))}" rows="2" aria-label="{page.words["note"]}: {name}">'
        f'{escape(value_of(lf, "note"))}</textarea>{_notes(lf, "note")}</td>\n'
        f'<td><input type="text" name="{escape(field_name(lf, "source"))}" value="{escape(value_of(lf, "source"))}" '
        f'aria-label="{page.words["source"]}: {name}" maxlength="300">{_notes(lf, "source")}</td>'
    )


def _indicator_values(line, page: _Page) -> str:
    """The same four cells, read."""
    if line.value_text:
        kind = escape(page.kind_labels.get(line.kind, line.kind))
        value = escape(_quantity(line))
    else:
        kind, value = "", '<span class="muted">—</span>'
    recorded = f'<div class="small muted">{page.words["recorded"]}</div>' if line.recorded_value_id else ""
    return (f'<td>{kind}</td>\n<td class="num value">{value}</td>\n<td>{_paragraphs(line.note)}</td>\n'
            f'<td>{escape(line.source)}{recorded}</td>')


def _indicator_row(lf, page: _Page) -> str:
    line = lf.line
    indicator = line.indicator
    name = escape(indicator.name)
    shared = (f'<div class="small shared-plans">{page.words["shared"]} '
              f'{"; ".join(escape(plan) for plan in line.shared_plans)}</div>' if line.shared_plans else "")
    targets = "<br>".join(f"{escape(t.horizon)}: {escape(_quantity(t))}" for t in target_rows(indicator))
    cells = _indicator_fields(lf, name, page) if page.editable else _indicator_values(line, page)
    return (
        f'<tr data-indicator="{escape(indicator.key)}" data-document="{escape(indicator.document.slug)}" '
        f'class="{"has-error" if lf.errors else ""}">\n'
        f'<td><a href="{page.address["indicator"](indicator.pk)}">{name}</a> '
        f'<a class="small muted" href="{page.address["indicator-history"](line.pk)}" '
        f'title="{page.words["history"]}">⟲</a><div class="small muted">{page.plan_of(indicator.document)}</div>'
        f'{shared}</td>\n<td>{escape(indicator.unit)}</td>\n<td class="num small">{targets}</td>\n{cells}\n</tr>'
    )


def _indicators(forms, part: str, page: _Page) -> str:
    words = page.words
    heads = (f'<th>{words["indicator"]}</th><th>{words["unit"]}</th><th>{words["target"]}</th><th>{words["kind"]}</th>'
             f'<th>{words["value"]} {escape(page.period)}</th><th>{words["note_head"]}</th><th>{words["source"]}</th>')
    rows = "\n".join(_indicator_row(lf, page) for lf in forms)
    return (
        f'<section id="indicators{escape(part)}">\n'
        f'<h3>{page.words["indicators"]} <span class="count">({_count(forms)})</span></h3>\n'
        f'<div class="scroll">\n<table class="list report-lines">\n'
        f'<thead><tr>{heads}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>\n</section>'
    )


# Steps of a task's framework plan and evidence files, beneath a task line -----------------------


def _step_row(lf, row, page: _Page) -> str:
    step = row.step
    title = escape(step.title)
    milestone = f' <span class="small muted">({page.words["milestone"]})</span>' if step.milestone else ""
    late = f' <span class="badge late">{page.words["late"]}</span>' if row.late else ""
    end = f"{step.scheduled_end:%d/%m/%Y}" if step.scheduled_end else "—"
    if page.editable:
        figure = (f'<input type="text" inputmode="numeric" name="{escape(field_name(lf, row.field))}" '
                  f'value="{escape(value_of(lf, row.field))}" size="4" aria-label="{page.words["progress"]}: '
                  f'{title}">{_notes(lf, row.field)}')
    else:
        figure = f"{escape(value_of(lf, row.field))}%"
    late_class = ' class="late"' if row.late else ""
    # Step numbers and percentages stay under 1000: no thousands separator for the template's localize to write.
    return (
        f'<tr data-step="{step.pk}"{late_class}>\n'
        f'<td class="num">{row.number}</td>\n<td>{title}{milestone}{late}</td>\n<td>{end}</td>\n'
        f'<td class="num">{step.progress}%</td>\n<td>{figure}</td>\n</tr>'
    )


def _steps(lf, page: _Page) -> str:
    heads = (f'<th class="num">TT</th><th>{page.words["step"]}</th><th>{page.words["planned_end"]}</th>'
             f'<th class="num">{page.words["on_record"]}</th><th>{page.words["progress_now"]}</th>')
    rows = "\n".join(_step_row(lf, row, page) for row in lf.steps)
    advice = f'\n<p class="small muted">{page.words["steps_advice"]}</p>' if page.editable else ""
    return (
        f'<div class="steps" id="steps-{lf.line.pk}">\n<table class="list steps">\n'
        f'<caption>{page.words["steps"]} <a class="small" '
        f'href="{page.address["plan"](lf.line.task_id)}">{page.words["plan"]}</a></caption>\n'
        f'<thead><tr>{heads}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>{advice}\n</div>'
    )


def _evidence_file(evidence, page: _Page) -> str:
    # The plain id: the template's `{{ ev.pk }}` wrote 1.234 for 1234, a value the form cannot read back.
    remove = (f' <label class="small"><input type="checkbox" name="remove_evidence" value="{evidence.pk}"> '
              f'{page.words["remove"]}</label>' if page.editable else "")
    return (f'<span class="file"><a href="{page.address["evidence"](evidence.pk)}">{escape(evidence.name)}</a> '
            f'<span class="small muted">({escape(filesize(evidence.size))})</span>{remove}</span>')


def _evidence(lf, page: _Page) -> str:
    files = lf.line.evidence_list  # selectors.task_lines_for's
    if not files and not page.editable:
        return ""
    listed = "".join(_evidence_file(evidence, page) for evidence in files)
    if page.editable:
        add = (f'\n<label class="small">{page.words["add_files"]} <input type="file" '
               f'name="{escape(field_name(lf, "evidence"))}" accept="{escape(page.accept)}" multiple> '
               f'<span class="muted">({page.words["size_limit"]})</span></label>{_notes(lf, "evidence")}')
    else:
        add = ""
    return (f'\n<div class="evidence">\n<span class="small muted">{page.words["evidence"]}:</span>\n'
            f'{listed}{add}\n</div>')


# Tasks the agency leads ------------------------------------------------------------------------


def _textarea(lf, name: str, rows: int) -> str:
    return (f'<textarea name="{escape(field_name(lf, name))}" rows="{rows}">{escape(value_of(lf, name))}</textarea>'
            f'{_notes(lf, name)}')


def _difficulties_and_proposals(lf, page: _Page) -> str:
    return (f'<div class="grid">\n'
            f'<label>{page.words["difficulties"]}{_textarea(lf, "difficulties", 2)}</label>\n'
            f'<label>{page.words["proposals"]}{_textarea(lf, "proposals", 2)}</label>\n</div>')


def _previous(task, page: _Page) -> str:
    """The agency's last accepted line for the task, from an earlier round."""
    prev = page.previous.get(task.pk) if page.previous else None
    if not prev:
        return ""
    said = _("Kỳ trước (%(title)s)") % {"title": escape(prev.report.round.title)}
    status = escape(page.status_labels.get(prev.status, prev.status))
    percent = f", {prev.percent}%" if prev.percent is not None else ""
    return f'\n<p class="small muted">{said}: {status}{percent}. {_text(prev.done_text, 300)}</p>'


def _lead_fields(lf, page: _Page) -> str:
    if lf.steps:
        percent = (f'<div class="derived-percent"><span>{page.words["percent"]}</span> '
                   f'<strong data-derived-percent>{lf.derived_percent}%</strong>\n'
                   f'<span class="small muted">{page.words["derived"]}</span>{_notes(lf, "percent")}</div>')
    else:
        percent = (f'<label>{page.words["percent"]}<input type="text" inputmode="numeric" '
                   f'name="{escape(field_name(lf, "percent"))}" value="{escape(value_of(lf, "percent"))}" size="4">'
                   f'{_notes(lf, "percent")}</label>')
    return (
        f'<div class="grid">\n<label>{page.words["status"]}<select name="{escape(field_name(lf, "status"))}">'
        f'{page.choices("statuses", value_of(lf, "status"))}</select>{_notes(lf, "status")}</label>\n'
        f'{percent}\n</div>\n{_steps(lf, page) if lf.steps else ""}\n'
        f'<label>{page.words["done"]}{_textarea(lf, "done_text", 3)}</label>\n'
        f'{_difficulties_and_proposals(lf, page)}'
    )


def _lead_values(lf, page: _Page) -> str:
    line = lf.line
    status = (f'<span class="status {escape(line.status)}">'
              f'{escape(page.status_labels.get(line.status, line.status))}</span>' if line.status else "")
    percent = f" {line.percent}%" if line.percent is not None else ""
    facts = [
        f'<dt>{page.words["status"]}</dt><dd>{status}{percent}</dd>',
        f'<dt>{page.words["done"]}</dt><dd>{_paragraphs(line.done_text) or "—"}</dd>',
    ]
    if line.difficulties:
        facts.append(f'<dt>{page.words["difficulties"]}</dt><dd>{_paragraphs(line.difficulties)}</dd>')
    if line.proposals:
        facts.append(f'<dt>{page.words["proposals"]}</dt><dd>{_paragraphs(line.proposals)}</dd>')
    steps = f"\n{_steps(lf, page)}" if lf.steps else ""
    return '<dl class="facts">\n' + "\n".join(facts) + f"\n</dl>{steps}"


def _lead_line(lf, page: _Page) -> str:
    line, task = lf.line, lf.line.task
    facts = f'{page.plan_of(task.document)} · {page.words["deadline"]}: {_text(task.deadline_text or "—")}'
    if task.product:
        facts += f' · {page.words["product"]}: {escape(task.product)}'
    leader = task.leader
    if leader:
        facts += f" · {escape(task.leader_text or leader)}"
    body = _lead_fields(lf, page) if page.editable else _lead_values(lf, page)
    return (
        f'<article class="task-line{" has-error" if lf.errors else ""}" data-task="{escape(task.key)}" '
        f'data-document="{escape(task.document.slug)}">\n'
        f'<h4><a href="{page.address["task"](task.pk)}">{escape(task.key)}. {_text(task.title, 220)}</a> '
        f'<a class="small muted" href="{page.address["task-history"](line.pk)}" '
        f'title="{page.words["history"]}">⟲</a></h4>\n'
        f'<p class="small muted">{facts}</p>{_previous(task, page)}\n{body}{_evidence(lf, page)}\n</article>'
    )


def _lead_tasks(forms, part: str, page: _Page) -> str:
    articles = "\n".join(_lead_line(lf, page) for lf in forms)
    return (f'<section id="lead-tasks{escape(part)}">\n'
            f'<h3>{page.words["lead_tasks"]} <span class="count">({_count(forms)})</span></h3>\n'
            f'{articles}\n</section>')


# Tasks the agency coordinates ------------------------------------------------------------------


def _leads_of(task) -> str:
    agencies = lead_agency_rows(task)
    if not agencies:
        return escape(task.lead_text)
    return ", ".join(escape(agency.short_name or agency.name) for agency in agencies)


def _contribution(lf, page: _Page) -> str:
    line = lf.line
    if page.editable:
        return (f'<label>{page.words["contribution"]}{_textarea(lf, "contribution", 2)}</label>\n'
                f'{_difficulties_and_proposals(lf, page)}')
    said = f'<p>{_paragraphs(line.contribution) or "—"}</p>'
    if line.difficulties:
        said += f'\n<p><strong>{page.words["difficulties"]}:</strong> {_paragraphs(line.difficulties)}</p>'
    if line.proposals:
        said += f'\n<p><strong>{page.words["proposals"]}:</strong> {_paragraphs(line.proposals)}</p>'
    return said


def _coordinating_line(lf, page: _Page) -> str:
    line, task = lf.line, lf.line.task
    is_open = " open" if lf.errors or lf.newer or line.contribution else ""
    done = ' <span class="badge">✓</span>' if line.contribution else ""
    return (
        f'<details class="task-line{" has-error" if lf.errors else ""}" data-task="{escape(task.key)}" '
        f'data-document="{escape(task.document.slug)}"{is_open}>\n'
        f'<summary>{escape(task.key)}. {_text(task.title, 160)} <span class="small muted">— '
        f'{page.words["lead"]}: {_leads_of(task)}</span>{done}</summary>\n'
        f'{_contribution(lf, page)}{_evidence(lf, page)}\n</details>'
    )


def _coordinated_tasks(forms, part: str, page: _Page) -> str:
    advice = f'<p class="small muted">{page.words["contribution_advice"]}</p>\n' if page.editable else ""
    details = "\n".join(_coordinating_line(lf, page) for lf in forms)
    return (f'<section id="coordinated-tasks{escape(part)}">\n'
            f'<h3>{page.words["coordinated_tasks"]} <span class="count">({_count(forms)})</span></h3>\n'
            f'{advice}{details}\n</section>')


@register.simple_tag(takes_context=True)
def report_lines_html(context, group, part: str = "") -> str:
    """One part of the report's lines (forms.LineGroup): those to fill (`part` "") or those filled ("-filled",
    the suffix of the sections' ids). Reads `editable`, `previous`, `statuses`, `kinds`, `accept`, `max_size`
    and `round` from the page's context."""
    if not group:
        return ""
    round_ = context.get("round")
    page = _Page(
        editable=bool(context.get("editable")), previous=context.get("previous") or {},
        statuses=context.get("statuses") or [], kinds=context.get("kinds") or [],
        accept=context.get("accept", ""), max_size=context.get("max_size", ""),
        period=getattr(round_, "period", ""),
    )
    sections = []
    if group.indicator_forms:
        sections.append(_indicators(group.indicator_forms, part, page))
    if group.lead_forms:
        sections.append(_lead_tasks(group.lead_forms, part, page))
    if group.coordinating_forms:
        sections.append(_coordinated_tasks(group.coordinating_forms, part, page))
    return mark_safe("\n\n".join(sections))


def _action_row(action, kinds: dict[str, str], statuses: dict[str, str]) -> str:
    moved = ""
    if action.from_status != action.to_status:
        source = f"{escape(statuses.get(action.from_status, action.from_status))} → " if action.from_status else ""
        moved = f"{source}{escape(statuses.get(action.to_status, action.to_status))}"
    return (f'<tr class="action-{escape(action.kind)}"><td>{timezone.localtime(action.at):%d/%m/%Y %H:%M}</td>'
            f'<td>{escape(action.actor_label)}</td><td>{escape(kinds.get(action.kind, action.kind))}</td>\n'
            f'<td class="small">{moved}</td>\n<td>{_paragraphs(action.comment) if action.comment else ""}</td></tr>')


@register.simple_tag
def report_actions_html(actions) -> str:
    """The table of a round's or a report's actions (reporting/_actions.html), written here with the lines: a
    report saved at every sitting gathers dozens of actions, and the template's filters per row cost more than
    the rest of the table."""
    kinds = {value: str(label) for value, label in Action.Kind.choices}
    statuses = {value: str(label) for value, label in (*Round.Status.choices, *Report.Status.choices)}
    nothing = escape(_("Chưa có hoạt động nào."))
    rows = "\n".join(_action_row(action, kinds, statuses) for action in actions) or (
        f'<tr><td colspan="5" class="muted">{nothing}</td></tr>')
    heads = "".join(f"<th>{escape(word)}</th>" for word in (
        _("Thời điểm"), _("Người thực hiện"), _("Hành động"), _("Trạng thái"), _("Nội dung, lý do")))
    return mark_safe(f'<table class="list actions" id="actions">\n  <thead><tr>{heads}</tr></thead>\n  <tbody>\n'
                     f'{rows}\n  </tbody>\n</table>')
