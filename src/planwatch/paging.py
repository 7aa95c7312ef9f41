"""Long lists, one page at a time (issue 14): the page number travels in the query string (`?trang=2`).

Django's Paginator does the counting; what is ours is reading the number a person (or a crawler) put in the
address: anything that is not a page number shows the first page, a number past the end the last one, never an
error. A page with several lists gives each its own parameter (`trang_lq`, `trang_chu_tri`...).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from planwatch.httpinputs import bounded_int

PAGE_PARAM = "trang"
PER_PAGE = 50


def page_of(items, number_text: str | None, *, per_page: int = PER_PAGE) -> Page:
    """The page of `items` (a list, or an ordered queryset: then only the page's rows are read) asked for:
    past the end, the last page; `0`, `-1`, `abc`, `²` or nothing, the first."""
    paginator = Paginator(items, per_page)
    text = (number_text or "").strip()
    number = bounded_int(text, low=1)  # ASCII digits only, and no integer a slice or a database would choke on
    if number is None and text.isascii() and text.isdigit() and text.strip("0"):
        number = paginator.num_pages  # digits beyond any page there can be
    return paginator.get_page(number or 1)
