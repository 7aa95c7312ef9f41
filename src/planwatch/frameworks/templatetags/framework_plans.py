"""Template helpers for pages that show a task outside the framework-plan pages."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwatch.frameworks import selectors

register = template.Library()


@register.simple_tag
def late_step_count(task, today) -> int:
    """The task's late steps: the annotation of a list selector when there is one, else one query (a detail page)."""
    annotated = getattr(task, "late_steps", None)
    return annotated if annotated is not None else selectors.late_step_count(task, today=today)


@register.simple_tag
def late_steps_notice(n: int) -> str:
    """The notice of a task with `n` late steps, nothing when there are none: `{% late_steps_notice task.late_steps %}`,
    and in rows written in code (web/templatetags/plan_rows.py)."""
    if not n:
        return ""
    title = _("Có bước của kế hoạch khung đã phê duyệt quá ngày kết thúc mà chưa xong")
    text = ngettext("Chậm tiến độ theo kế hoạch khung: %(n)s bước", "Chậm tiến độ theo kế hoạch khung: %(n)s bước",
                    n) % {"n": n}
    return format_html('<span class="late-steps" title="{}">{}</span>', title, text)
