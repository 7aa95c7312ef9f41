"""The importer on the register: `planwatch parse`, drafts reviewed and saved, re-imports that update."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from planwatch.registry.importing import import_draft_create, import_draft_save, register_directories
from planwatch.registry.models import Agency, Document, ImportDraft
from planwatch.registry.services import RegisterError

pytestmark = pytest.mark.django_db

from tests.docparse.golden import SEEDS

PLAN_2024 = SEEDS / "002_ee97c6aad744c515.txt"
PLAN_183 = SEEDS / "000_235ba29227a3c96f.txt"

SMALL_PLAN = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Số: 77/KH-UBND
Hà Nội, ngày 15 tháng 3 năm 2025
KẾ HOẠCH
Thí điểm số hóa hồ sơ đất đai
TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tSản phẩm\tThời hạn
1\tSố hóa hồ sơ địa chính\tSở Tài nguyên và Môi trường\tTrung tâm Số hóa Đất Việt\tBáo cáo kết quả\tQuý III/2025
2\tKết nối cơ sở dữ liệu đất đai\tSở Thông tin và Truyền thông\tCác sở, ban, ngành\tKế hoạch\t2025
"""


def test_parse_json_reads_the_2024_plan_against_the_register():
    out = StringIO()
    call_command("parse", str(PLAN_2024), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (len(data["indicators"]), len(data["tasks"])) == (48, 49)
    grdp = data["indicators"][0]
    assert grdp["lead_agencies"] == ["Sở Kế hoạch và Đầu tư"]
    assert "computed" not in grdp


def test_parse_assess_adds_what_the_engine_says():
    out = StringIO()
    call_command("parse", str(PLAN_2024), "--json", "--assess", stdout=out)
    grdp = json.loads(out.getvalue())["indicators"][0]
    assert grdp["computed"]["required"]["low"] == 13.07
    assert grdp["computed"]["status"] == "very_challenging"


def test_parse_refuses_an_unreadable_file_with_a_message(tmp_path):
    binary = tmp_path / "anh.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(CommandError, match="Không đọc được văn bản"):
        call_command("parse", str(binary), "--json")


def test_the_register_is_the_parsers_directory():
    agencies, leaders = register_directories()
    resolution, _ = agencies.resolve("Các sở: KHCN, TTTT, KH&ĐT, TC")
    assert set(resolution.agencies) == {
        "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Sở Tài chính",
    }


def test_a_draft_saves_nothing_to_the_register(reviewer):
    documents = Document.objects.count()
    draft = import_draft_create(owner=reviewer, data=SMALL_PLAN.encode(), filename="77.txt")
    assert draft.status == "review" and Document.objects.count() == documents
    assert draft.data["document"]["number"] == "77/KH-UBND"
    assert [line["text"] for line in draft.source_lines][:2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]


def test_an_unknown_agency_must_be_accepted_before_saving(reviewer):
    draft = import_draft_create(owner=reviewer, data=SMALL_PLAN.encode(), filename="77.txt")
    assert "Trung tâm Số hóa Đất Việt" in draft.data["tasks"][0]["unknown_agencies"]
    with pytest.raises(RegisterError, match="Trung tâm Số hóa Đất Việt"):
        import_draft_save(draft=draft, edits={}, new_agencies={}, actor=reviewer)
    assert not Document.objects.filter(number="77/KH-UBND").exists()
    result = import_draft_save(
        draft=draft, edits={}, new_agencies={"Trung tâm Số hóa Đất Việt": "institute"}, actor=reviewer,
    )
    task = result.document.tasks.get(code="1")
    assert [a.name for a in task.coordinating_agencies.all()] == ["Trung tâm Số hóa Đất Việt"]
    assert Agency.objects.get(name="Trung tâm Số hóa Đất Việt").kind == "institute"
    assert task.due_dates.get().due.isoformat() == "2025-09-30"


def test_edited_cells_are_read_again(reviewer):
    draft = import_draft_create(owner=reviewer, data=SMALL_PLAN.encode(), filename="77.txt")
    result = import_draft_save(
        draft=draft,
        edits={"task-0-coordinating": "Sở Tư pháp", "task-1-deadline": "Trước 30/6/2025", "doc-period": "2025-2026"},
        new_agencies={}, actor=reviewer,
    )
    first, second = result.document.tasks.order_by("order")
    assert [a.name for a in first.coordinating_agencies.all()] == ["Sở Tư pháp"]
    assert [d.due.isoformat() for d in second.due_dates.all()] == ["2025-06-30"]
    assert result.document.period == "2025-2026"


def test_reimporting_the_2024_plan_updates_it_and_says_what_changed(reviewer, plan_2024):
    tasks_before = plan_2024.tasks.count()
    grdp = plan_2024.indicators.get(key="1")
    measure = grdp.measure
    draft = import_draft_create(owner=reviewer, data=PLAN_2024.read_bytes(), filename="ke-hoach-2024.txt")
    # The draft has no number: the register's document with the same kind, year and title is proposed.
    assert draft.data["document"]["id"] == plan_2024.slug
    edits = {"ind-0-value-2023-actual": "6,3"}
    result = import_draft_save(draft=draft, edits=edits, new_agencies={
        name: "other" for name in _unknown(draft.data)}, actor=reviewer)
    assert result.document == plan_2024
    assert Document.objects.filter(slug=plan_2024.slug).count() == 1
    assert plan_2024.tasks.count() == tasks_before
    grdp.refresh_from_db()
    assert grdp.measure == measure  # the register's judgement survives an import that does not state it
    assert str(grdp.values.get(period="2023", kind="actual", part="").low).startswith("6.3")
    assert any("chỉ tiêu 1, actual 2023" in message for message in result.changes.messages)
    assert ImportDraft.objects.get(pk=draft.pk).status == "saved"


def _unknown(data):
    from planwatch.registry.importing import unknown_agencies

    return unknown_agencies(data)
