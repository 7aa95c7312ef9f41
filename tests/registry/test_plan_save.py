"""Saving a plan: all or nothing, updates in place, says what changed, leaves an audit trail."""

from decimal import Decimal

import pytest

from planwatch.audit.models import AuditEntry
from planwatch.audit.selectors import audit_entries_for
from planwatch.registry.models import Document, Indicator, Task
from planwatch.registry.services import RegisterError, plan_save

pytestmark = pytest.mark.django_db


def small_plan(**changes):
    plan = {
        "document": {
            "id": "99-kh-ubnd", "number": "99/KH-UBND", "kind": "plan", "issuer": "UBND Thành phố Hà Nội",
            "date": "2025-03-10", "title": "Kế hoạch thử nghiệm", "period": "2025-2026", "implements": ["183/KH-UBND"],
        },
        "indicators": [
            {
                "key": "1", "code": "1", "name": "Tỷ lệ hồ sơ trực tuyến", "unit": "%", "measure": "level_at_end",
                "direction": "higher_better", "lead_text": "Sở KHĐT", "lead_agencies": ["Sở Kế hoạch và Đầu tư"],
                "targets": [{"horizon": "2026", "text": "≥ 80", "op": "ge", "low": "80"}],
                "values": [{"period": "2025", "kind": "plan", "text": "70", "op": "eq", "low": "70", "high": "70"}],
            },
            {
                "key": "1.1", "code": "-", "parent": "1", "name": "Cấp huyện", "unit": "%",
                "lead_agencies": ["Sở Kế hoạch và Đầu tư"], "targets": [], "values": [],
            },
        ],
        "tasks": [
            {
                "key": "1", "code": "1", "title": "Xây dựng kho dữ liệu", "lead_text": "Sở TTTT",
                "lead_agencies": ["Sở Thông tin và Truyền thông"], "coordinating_groups": ["Các Sở, Ban, ngành"],
                "product": "Đề án", "deadline": {"text": "Quý III/2025", "kind": "date", "due_dates": ["2025-09-30"]},
            }
        ],
    }
    plan.update(changes)
    return plan


def test_it_saves_a_plan_with_its_links(reviewer):
    result = plan_save(data=small_plan(), actor=reviewer)
    document = result.document
    assert document.is_tracked and document.period == "2025-2026"
    assert document.implements.get().number == "183/KH-UBND"
    child = document.indicators.get(key="1.1")
    assert child.parent.key == "1" and child.depth == 1
    assert document.tasks.get().due_dates.get().due.isoformat() == "2025-09-30"
    assert result.changes.created > 0


def test_saving_again_updates_in_place_and_says_what_changed(reviewer):
    plan_save(data=small_plan(), actor=reviewer)
    changed = small_plan()
    changed["indicators"][0]["values"][0].update({"text": "72,5", "low": "72.5", "high": "72.5"})
    changed["tasks"][0]["deadline"] = {"text": "Quý IV/2025", "kind": "date", "due_dates": ["2025-12-31"]}
    result = plan_save(data=changed, actor=reviewer)
    assert Document.objects.filter(slug="99-kh-ubnd").count() == 1
    value = result.document.indicators.get(key="1").values.get()
    assert value.low == Decimal("72.5")
    assert any("chỉ tiêu 1, plan 2025" in message for message in result.changes.messages)
    assert [d.due.isoformat() for d in result.document.tasks.get().due_dates.all()] == ["2025-12-31"]
    entry = audit_entries_for(value).get(field="low", action="update")
    assert (entry.old_value, entry.new_value, entry.actor) == ("70", "72.5", reviewer)


def test_rows_no_longer_in_the_document_are_removed_and_audited(reviewer):
    plan_save(data=small_plan(), actor=reviewer)
    result = plan_save(data=small_plan(tasks=[]), actor=reviewer)
    assert result.document.tasks.count() == 0
    assert result.changes.deleted >= 1
    assert AuditEntry.objects.filter(action="delete", object_repr__startswith="1. Xây dựng kho dữ liệu").exists()


def test_an_unknown_agency_saves_nothing(reviewer):
    plan = small_plan()
    plan["tasks"][0]["coordinating_agencies"] = ["Sở Không Tồn Tại"]
    with pytest.raises(RegisterError, match="Không có cơ quan “Sở Không Tồn Tại”"):
        plan_save(data=plan, actor=reviewer)
    assert not Document.objects.filter(slug="99-kh-ubnd").exists()
    assert not Indicator.objects.filter(name="Tỷ lệ hồ sơ trực tuyến").exists()
    assert not Task.objects.filter(title="Xây dựng kho dữ liệu").exists()


def test_a_parent_must_come_before_its_children(reviewer):
    plan = small_plan()
    plan["indicators"].reverse()
    with pytest.raises(RegisterError, match="chỉ tiêu cha “1” phải đứng trước"):
        plan_save(data=plan, actor=reviewer)


def test_a_draft_without_a_number_needs_an_id(reviewer):
    plan = small_plan()
    plan["document"] = {**plan["document"], "id": "", "number": ""}
    with pytest.raises(RegisterError, match="cần một mã"):
        plan_save(data=plan, actor=reviewer)


def test_search_keys_fold_diacritics(reviewer):
    plan_save(data=small_plan(), actor=reviewer)
    assert Task.objects.filter(search_key__contains="xay dung kho du lieu").exists()


def test_text_longer_than_its_column_is_refused_in_vietnamese_not_a_database_error(reviewer):
    # PostgreSQL fails such a save (value too long for varchar); SQLite would keep it: both refuse it first.
    data = small_plan()
    data["document"]["number"] = "x" * 150
    with pytest.raises(RegisterError, match="dài 150 ký tự, tối đa 100 ký tự"):
        plan_save(data=data, actor=reviewer)
    data = small_plan()
    data["indicators"][0]["unit"] = "đ" * 300
    with pytest.raises(RegisterError, match="tối đa"):
        plan_save(data=data, actor=reviewer)
