"""The Hanoi data as loaded into the register: counts, named cells, links, idempotent loading."""

from datetime import date
from decimal import Decimal

import pytest

from planwatch.audit.models import AuditEntry
from planwatch.registry import hanoi
from planwatch.demo import load_demo
from planwatch.registry.models import Agency, AgencyGroup, Document, Indicator, Position, Task
from planwatch.registry.selectors import document_to_format

pytestmark = pytest.mark.django_db


def test_plan_183_has_20_indicators_and_43_tasks(plan_183):
    assert plan_183.indicators.filter(parent__isnull=True).count() == 20
    assert plan_183.tasks.count() == 43


def test_plan_2024_has_48_indicator_rows_and_49_tasks(plan_2024):
    assert plan_2024.indicators.count() == 48
    assert plan_2024.indicators.filter(parent__isnull=True).count() == 17
    assert plan_2024.tasks.count() == 49
    sections = {s: plan_2024.tasks.filter(section=s).count() for s in ("I", "II", "III")}
    assert sections == {"I": 29, "II": 8, "III": 12}


def test_grdp_actual_2023_is_6_27(plan_2024):
    grdp = plan_2024.indicators.get(key="1")
    value = grdp.values.get(period="2023", kind="actual", part="")
    assert value.low == value.high == Decimal("6.27")
    assert value.text == "6.27"


def test_grdp_row_has_every_column(plan_2024):
    grdp = plan_2024.indicators.get(key="1")
    values = {(v.period, v.kind): v for v in grdp.values.filter(part="")}
    assert values[("2016-2020", "actual")].low == Decimal("6.73")
    assert values[("2021", "actual")].low == Decimal("2.97")
    assert values[("2022", "actual")].low == Decimal("8.95")
    assert values[("2021-2023", "actual")].low == Decimal("6.04")
    plan_2024_value = values[("2024", "plan")]
    assert (plan_2024_value.op, plan_2024_value.low, plan_2024_value.high) == ("range", Decimal("6.5"), Decimal("7.0"))
    required = values[("2025", "required")]
    assert (required.op, required.low, required.high) == ("gt", Decimal("13.07"), None)
    target = grdp.targets.get(horizon="2021-2025")
    assert (target.op, target.low, target.high) == ("range", Decimal("7.5"), Decimal("8.0"))
    assert [a.name for a in grdp.lead_agencies.all()] == ["Sở Kế hoạch và Đầu tư"]
    assert grdp.leader.holder_on(date(2024, 6, 1)) == "Hà Minh Hải"


def test_social_investment_target_and_what_2025_must_reach(plan_2024):
    investment = plan_2024.indicators.get(name="Huy động vốn đầu tư xã hội")
    target = investment.targets.get(horizon="2021-2025")
    assert (target.op, target.low, target.high) == ("range", Decimal("3100"), Decimal("3200"))
    assert target.text == "3.100-3.200"
    required = investment.values.get(period="2025", kind="required", part="")
    assert (required.op, required.low) == ("gt", Decimal("1162"))
    baseline = investment.values.get(period="2016-2020", kind="actual")
    assert baseline.low == Decimal("1716.4") and baseline.text == "1,716.4"


def test_technology_exchange_task(plan_2024):
    task = plan_2024.tasks.get(title='Thành lập “Sàn giao dịch công nghệ Hà Nội”')
    assert [a.name for a in task.lead_agencies.all()] == ["Sở Khoa học và Công nghệ"]
    assert task.product == "Đề án"
    assert [d.due for d in task.due_dates.all()] == [date(2024, 12, 31)]


def test_plan_183_task_2_deadline_and_coordinating_agencies(plan_183):
    task = plan_183.tasks.get(code="2")
    assert task.title.startswith("Đề án khai thác, quản lý và sử dụng hiệu quả tài sản công")
    # Appendix 2 dates the framework plan, kept apart from the task's own deadline, which the plan does not state.
    assert list(task.due_dates.all()) == []
    assert (task.framework_deadline_text, task.framework_due) == ("Tháng 9/2021", date(2021, 9, 30))
    assert {a.name for a in task.coordinating_agencies.all()} == {
        "Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ",
    }
    assert {g.name for g in task.coordinating_groups.all()} == {"Các Sở, Ban, ngành", "UBND các quận, huyện, thị xã"}


def test_indicator_3_of_plan_183_also_leads_4(plan_183):
    three = plan_183.indicators.get(key="3")
    four = plan_183.indicators.get(key="4")
    assert list(four.lead_agencies.all()) == list(three.lead_agencies.all())
    assert [a.name for a in four.lead_agencies.all()] == ["Sở Kế hoạch và Đầu tư"]


def test_merged_split_note_applies_to_each_task_it_spans(plan_183):
    for code in ("25", "26", "27"):
        task = plan_183.tasks.get(code=code)
        assert (task.split_from_task, task.split_from_document) == ("28", "14-CTr/TU")


def test_recurring_deadline_yields_due_dates_within_the_plan(plan_2024):
    task = plan_2024.tasks.get(key="I.2")
    assert task.deadline_kind == "recurring"
    assert [d.due for d in task.due_dates.all()] == [
        date(2024, 6, 30), date(2024, 10, 31), date(2025, 6, 30), date(2025, 10, 31),
    ]


def test_register_has_every_district_and_the_groups():
    assert Agency.objects.filter(kind="district").count() == 30
    districts = AgencyGroup.objects.get(name="UBND các quận, huyện, thị xã")
    assert districts.member_agencies().count() == 30
    departments = AgencyGroup.objects.get(name="Các Sở, Ban, ngành")
    assert departments.member_agencies().filter(name="Sở Y tế").exists()


def test_aliases_resolve_to_the_department():
    planning = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    alias_keys = set(planning.aliases.values_list("key", flat=True))
    assert {"so kh&dt", "so khdt", "ke hoach va dau tu"} <= alias_keys


def test_an_assignment_follows_its_seat_when_the_person_changes(plan_183, plan_2024):
    """Plan 183 named Chử Xuân Dũng for the culture-society seat; in 2024 Vũ Thu Hà holds it."""
    task = plan_183.tasks.get(code="20")
    seat = task.leader
    assert seat.holder_on(plan_183.date) == "Chử Xuân Dũng"
    assert seat.holder_on(date(2024, 6, 1)) == "Vũ Thu Hà"
    assert plan_2024.indicators.filter(leader=seat).exists()


def test_two_chairmen_hold_one_seat():
    chair = Position.objects.get(tenures__person="Trần Sỹ Thanh")
    people = list(chair.tenures.order_by("start").values_list("person", flat=True))
    assert people == ["Chu Ngọc Anh", "Trần Sỹ Thanh"]


def test_documents_are_linked_down_the_chain(plan_183):
    implemented = {d.number for d in plan_183.implements.all()}
    assert implemented == {"50/NQ-CP", "14-CTr/TU"}
    plan_140 = Document.objects.get(number="140/KH-UBND")
    assert plan_140.implements.filter(number="23-CTr/TU").exists()
    programme = Document.objects.get(number="23-CTr/TU")
    assert programme.implements.filter(number="30-NQ/TW").exists()


def test_loading_again_changes_nothing():
    entries_before = AuditEntry.objects.count()
    changes = load_demo()
    assert (changes.created, changes.updated, changes.deleted) == (0, 0, 0), changes.messages[:5]
    assert AuditEntry.objects.count() == entries_before
    assert Indicator.objects.count() and Task.objects.count()


@pytest.mark.parametrize("name", hanoi.plan_names())
def test_a_plan_prints_back_as_its_data_file_says(name):
    """`planwatch show --json` and the shipped data file speak the same format, key for key."""
    data = hanoi.read(name)
    document = Document.objects.get(slug=data["document"]["id"])
    shown = document_to_format(document)
    assert len(shown["indicators"]) == len(data.get("indicators", []))
    for written, printed in zip(data.get("indicators", []), shown["indicators"], strict=True):
        assert printed["key"] == written["key"]
        assert printed["name"] == written["name"]
        assert printed["lead_agencies"] == written.get("lead_agencies", [])
        assert _quantities(printed["targets"]) == _quantities(written.get("targets", []))
        assert _quantities(printed["values"]) == _quantities(written.get("values", []))
    for written, printed in zip(data.get("tasks", []), shown["tasks"], strict=True):
        assert printed["key"] == written["key"]
        assert printed["title"] == written["title"]
        for which in ("deadline", "framework_deadline"):
            assert (printed[which] or {}).get("due_dates", []) == (written.get(which) or {}).get("due_dates", [])
        assert sorted(printed["coordinating_agencies"]) == sorted(written.get("coordinating_agencies", []))


def _quantities(items):
    def number(value):
        return None if value in (None, "") else Decimal(str(value))

    return sorted(
        (item.get("horizon") or item.get("period"), item.get("kind", ""), item["text"], item["op"],
         number(item.get("low")), number(item.get("high")))
        for item in items
    )
