from decimal import Decimal

import pytest

from planwatch.engine import Quantity, UnitError, assess, convert, factor_between, scale

from .notation import q

D = Decimal


@pytest.mark.parametrize(
    "unit, multiplier, base",
    [
        ("triệu tỷ đồng", D(10) ** 15, "VND"),
        ("nghìn tỷ đồng", D(10) ** 12, "VND"),
        ("1.000 tỷ đ.", D(10) ** 12, "VND"),
        ("Ngàn tỷ đồng", D(10) ** 12, "VND"),
        ("tỷ đồng", D(10) ** 9, "VND"),
        ("Triệu đồng", D(10) ** 6, "VND"),
        ("tr.đ.", D(10) ** 6, "VND"),
        ("tỷ USD", D(10) ** 9, "USD"),
        ("USD", D(1), "USD"),
        ("%", D(1), "%"),
        ("gi.b/v.dân", D(1), "gi.b/v.dân"),
    ],
)
def test_it_reads_the_scale_of_a_unit(unit, multiplier, base):
    assert scale(unit) == (multiplier, base)


def test_a_target_in_million_billion_compares_with_values_in_thousand_billion():
    target = convert(q("3.1-3.2"), "triệu tỷ đồng", "1.000 tỷ đ.")
    assert (target.op, target.low, target.high) == ("range", D("3100"), D("3200"))
    assert str(target.low) == "3100"
    assert assess(q("3150"), target).result == "met"
    assert convert(D("1162.6"), "nghìn tỷ đồng", "triệu tỷ đồng") == D("1.1626")
    assert factor_between("tỷ đồng", "nghìn tỷ đồng") == D("0.001")


def test_it_refuses_units_of_different_things():
    with pytest.raises(UnitError, match="same thing"):
        factor_between("tỷ USD", "tỷ đồng")
    with pytest.raises(UnitError):
        factor_between("%", "tỷ đồng")


def test_scaling_keeps_the_text_as_written():
    assert Quantity("gt", D("1.162"), None, "> 1,162").scaled(D(1000)).text == "> 1,162"
