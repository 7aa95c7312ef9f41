"""Template helpers for pages that show a task outside the framework-plan pages."""

from django import template

from planwatch.frameworks import selectors

register = template.Library()


@register.simple_tag
def late_step_count(task, today) -> int:
    """The task's late steps: the annotation of a list selector when there is one, else one query (a detail page)."""
    annotated = getattr(task, "late_steps", None)
    return annotated if annotated is not None else selectors.late_step_count(task, today=today)
