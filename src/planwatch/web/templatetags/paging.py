"""The links of the shared pager (web/_pager.html): the same address with another page number, every other
parameter of the query string (filters, the other lists' pages) kept."""

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int, param: str = "trang") -> str:
    request = context["request"]
    query = request.GET.copy()
    if number == 1:
        query.pop(param, None)  # the first page is the page's own address
    else:
        query[param] = str(number)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


@register.filter
def page_range(page: Page):
    """Page numbers around the current one and at both ends, `…` for the gaps: 1 … 4 5 [6] 7 8 … 34."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def filter_url(context, param: str, value: str = "", page_param: str = "trang") -> str:
    """The address with one filter set (or cleared when `value` is empty), the other filters kept, from page 1:
    the page a person was on means nothing in another selection."""
    request = context["request"]
    query = request.GET.copy()
    query.pop(page_param, None)
    if value:
        query[param] = value
    else:
        query.pop(param, None)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
