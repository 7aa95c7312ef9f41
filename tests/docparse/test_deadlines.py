"""Every deadline form of DOMAIN.md and docs/format.md, then properties."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.docparse.deadlines import month_end, parse_deadline


@pytest.mark.parametrize(
    "text, kind, dues",
    [
        ("Tháng 9/2021", "date", ["2021-09-30"]),
        ("tháng 2 năm 2024", "date", ["2024-02-29"]),
        ("T12/2021", "date", ["2021-12-31"]),
        ("2024", "date", ["2024-12-31"]),
        ("Năm 2024", "date", ["2024-12-31"]),
        ("Cuối năm 2024", "date", ["2024-12-31"]),
        ("Trước năm 2025", "date", ["2024-12-31"]),
        ("Quý III/2024", "date", ["2024-09-30"]),
        ("Quý 1/2025", "date", ["2025-03-31"]),
        ("quý IV năm 2023", "date", ["2023-12-31"]),
        ("6 tháng đầu năm 2024", "date", ["2024-06-30"]),
        ("Trước 30/6/2024", "date", ["2024-06-30"]),
        ("Trước ngày 15/3/2022", "date", ["2022-03-15"]),
        ("30/6/2024", "date", ["2024-06-30"]),
        ("ngày 30 tháng 6 năm 2024", "date", ["2024-06-30"]),
        ("2024, 2025", "dates", ["2024-12-31", "2025-12-31"]),
        ("2024-2025", "dates", ["2024-12-31", "2025-12-31"]),
        ("Quý II, quý IV/2024", "dates", ["2024-06-30", "2024-12-31"]),
        ("Tháng 9/2021 và tháng 12/2021", "dates", ["2021-09-30", "2021-12-31"]),
        ("Đã ban hành Kế hoạch", "done", []),
        ("Đã hoàn thành", "done", []),
        ("Theo quy định của Trung ương", "external", []),
        ("Theo tiến độ của Bộ Xây dựng", "external", []),
        ("Thường xuyên", "ongoing", []),
        ("Nhiệm vụ thường xuyên", "ongoing", []),
        ("Liên tục", "ongoing", []),
        ("Thường xuyên, báo cáo hằng năm", "recurring", ["2024-12-31", "2025-12-31"]),
        ("Quý I hằng năm", "recurring", ["2024-03-31", "2025-03-31"]),
        ("Quý I, quý III hằng năm", "recurring", ["2024-03-31", "2024-09-30", "2025-03-31", "2025-09-30"]),
        ("Khi có chỉ đạo", "unknown", []),
    ],
)
def test_it_reads_every_deadline_form(text, kind, dues):
    deadline = parse_deadline(text, year=2024, period_end=2025)
    assert deadline.kind == kind
    assert [d.isoformat() for d in deadline.due_dates] == dues
    assert deadline.text == text


def test_recurring_months_run_from_the_document_year_to_the_end_of_its_period():
    deadline = parse_deadline("Tháng 6, tháng 10 hàng năm", year=2024, period_end=2025)
    assert deadline.kind == "recurring"
    assert deadline.recurrence.months == [6, 10]
    assert (deadline.recurrence.start, deadline.recurrence.until) == (2024, 2025)
    assert [d.isoformat() for d in deadline.due_dates] == ["2024-06-30", "2024-10-31", "2025-06-30", "2025-10-31"]


def test_every_quarter_and_every_year():
    assert parse_deadline("Hàng quý", year=2024, period_end=2024).recurrence.months == [3, 6, 9, 12]
    assert parse_deadline("Hằng năm", year=2021, period_end=2025).due_dates[-1] == date(2025, 12, 31)


def test_a_recurrence_without_a_known_year_is_unknown():
    assert parse_deadline("Tháng 6 hàng năm").kind == "unknown"


def test_a_month_without_a_year_takes_the_document_year():
    assert parse_deadline("Tháng 9", year=2021).due_dates == [date(2021, 9, 30)]
    assert parse_deadline("Tháng 9").kind == "unknown"


@pytest.mark.parametrize("text", [None, "", "  ", "-", "..."])
def test_an_empty_cell_is_no_deadline(text):
    assert parse_deadline(text) is None


def test_an_impossible_date_is_unknown():
    assert parse_deadline("31/2/2024").kind == "unknown"


years = st.integers(min_value=2000, max_value=2099)
months = st.integers(min_value=1, max_value=12)


@given(years, months)
def test_a_month_is_due_on_its_last_day(year, month):
    due = parse_deadline(f"Tháng {month}/{year}").due_dates
    assert due == [month_end(year, month)]
    assert due[0].month == month and (due[0].replace(day=28) < due[0] or due[0].day == 28)


@given(years, st.integers(min_value=1, max_value=4), st.booleans())
def test_a_quarter_is_due_on_its_last_day(year, quarter, roman):
    written = ["I", "II", "III", "IV"][quarter - 1] if roman else str(quarter)
    assert parse_deadline(f"Quý {written}/{year}").due_dates == [month_end(year, quarter * 3)]


@given(years, st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_day_written_either_way_is_that_day(_year, day):
    assert parse_deadline(f"Trước {day.day}/{day.month}/{day.year}").due_dates == [day]
    assert parse_deadline(f"ngày {day.day} tháng {day.month} năm {day.year}").due_dates == [day]


@given(st.lists(years, min_size=1, max_size=5, unique=True))
def test_a_list_of_years_is_due_at_the_end_of_each(ys):
    deadline = parse_deadline(", ".join(str(y) for y in ys))
    assert deadline.due_dates == sorted(date(y, 12, 31) for y in ys)
    assert deadline.kind == ("date" if len(ys) == 1 else "dates")


@given(years, st.integers(min_value=0, max_value=5), st.lists(months, min_size=1, max_size=4, unique=True))
def test_a_recurrence_is_bounded_by_the_plan(start, length, ms):
    text = ", ".join(f"tháng {m}" for m in ms) + " hàng năm"
    deadline = parse_deadline(text, year=start, period_end=start + length)
    assert deadline.kind == "recurring"
    assert all(start <= d.year <= start + length for d in deadline.due_dates)
    assert len(deadline.due_dates) == len(ms) * (length + 1)


@given(st.text(max_size=40))
def test_any_text_gives_a_deadline_or_none_and_never_raises(text):
    deadline = parse_deadline(text, year=2024, period_end=2025)
    assert deadline is None or deadline.kind in ("date", "dates", "recurring", "done", "external", "ongoing", "unknown")


@pytest.mark.parametrize(
    "text, year, period_end, due",
    [
        ("2025 và những năm tiếp theo", 2024, 2026, ["2025-12-31", "2026-12-31"]),
        ("Năm 2024 và các năm tiếp theo", 2023, 2025, ["2024-12-31", "2025-12-31"]),
        ("2025 và những năm tiếp theo", None, None, ["2025-12-31"]),
    ],
)
def test_a_year_and_the_years_after_it_recur_every_year(text, year, period_end, due):
    deadline = parse_deadline(text, year=year, period_end=period_end)
    assert deadline.kind == "recurring"
    assert [d.isoformat() for d in deadline.due_dates] == due
