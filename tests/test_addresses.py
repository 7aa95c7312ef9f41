"""Addresses put together from a route reversed once equal what reverse gives for each key (planwatch/addresses.py)."""

import pytest
from django.urls import NoReverseMatch, reverse

from planwatch.addresses import address_of


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
