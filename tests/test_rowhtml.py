"""planwatch/rowhtml.py: addresses put together from a route reversed once equal what reverse gives for each key;
the light escape gives conditional_escape's text."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from planwatch.rowhtml import address_of, escape


@pytest.mark.parametrize(
    "name, args",
    [
        ("indicator", ()),
        ("task", ()),
        ("agency", ()),
        ("reporting:line-history", ("chi-tieu",)),
        ("reporting:line-history", ("nhiem-vu",)),
        ("reporting:evidence", ()),
        ("frameworks:plan", ()),
    ],
)
@pytest.mark.parametrize("pk", [1, 7, 98765, 987654321, 12345678901])
def test_each_key_gets_the_address_reverse_gives(name, args, pk):
    assert address_of(name, *args)(pk) == reverse(name, args=[*args, pk])


def test_a_route_that_does_not_exist_is_an_error_at_once():
    with pytest.raises(NoReverseMatch):
        address_of("no-such-page")


@pytest.mark.parametrize("value", [
    "Sở Y tế", "<b>\"a\" & 'b'</b>", mark_safe("<em>đã an toàn</em>"), gettext_lazy("Chỉ tiêu"), 12, None, 3.5,
])
def test_the_light_escape_gives_conditional_escape_s_text(value):
    assert escape(value) == str(conditional_escape(value))
