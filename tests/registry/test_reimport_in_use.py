"""A re-import that leaves out an indicator or a task the reports still use is refused, naming each one;
nothing of that save is kept. Rows no report uses are still removed as before.

Decision: the register has no "withdrawn" state, and keeping a row the new text no longer states would show the
plan wrong, so the save is refused and the person decides (keep the row in the text, or fix its key).
"""

import copy
from datetime import date

import pytest
from django.urls import reverse

from planwatch.registry.models import Document, ImportDraft, Indicator, IndicatorValue, Task
from planwatch.registry.services import RegisterError, plan_save
from planwatch.reporting.models import IndicatorLine, TaskLine
from planwatch.reporting.services import round_open

from tests.registry.test_plan_save import small_plan
from tests.web.import_documents import BLOCKS_PLAN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def without(plan, *, indicators=(), tasks=()):
    plan = copy.deepcopy(plan)
    plan["indicators"] = [i for i in plan["indicators"] if i["key"] not in indicators]
    plan["tasks"] = [t for t in plan["tasks"] if t["key"] not in tasks]
    return plan


@pytest.fixture
def reported_plan(reviewer):
    """The small plan, saved, with a round open on it: its indicators and task have report lines."""
    document = plan_save(data=small_plan(), actor=reviewer).document
    round_open(period="2025", deadline=date(2026, 1, 15), actor=reviewer, documents=[document])
    assert IndicatorLine.objects.filter(indicator__document=document, indicator__key="1.1").exists()
    assert TaskLine.objects.filter(task__document=document, task__key="1").exists()
    return document


def test_dropping_an_indicator_with_report_lines_is_refused_and_nothing_saved(reviewer, reported_plan):
    changed = without(small_plan(), indicators=["1.1"])
    changed["document"]["title"] = "Kế hoạch thử nghiệm (sửa)"
    with pytest.raises(RegisterError) as refused:
        plan_save(data=changed, actor=reviewer)
    message = str(refused.value)
    assert message.startswith("Không lưu: văn bản mới bỏ mất những mục đang được dùng trong báo cáo")
    assert "chỉ tiêu 1.1 “Cấp huyện” (1 dòng báo cáo)" in message
    assert "Hãy giữ các mục này trong văn bản" in message
    reported_plan.refresh_from_db()
    assert reported_plan.title == "Kế hoạch thử nghiệm"  # the whole save was undone
    assert reported_plan.indicators.filter(key="1.1").exists()


def test_every_row_in_use_is_named_at_once(reviewer, reported_plan):
    with pytest.raises(RegisterError) as refused:
        plan_save(data=without(small_plan(), indicators=["1", "1.1"], tasks=["1"]), actor=reviewer)
    message = str(refused.value)
    assert "chỉ tiêu 1 “Tỷ lệ hồ sơ trực tuyến” (1 dòng báo cáo)" in message
    assert "chỉ tiêu 1.1 “Cấp huyện” (1 dòng báo cáo)" in message
    lines = TaskLine.objects.filter(task__document=reported_plan, task__key="1").count()  # lead and coordinating
    assert f"nhiệm vụ 1 “Xây dựng kho dữ liệu” ({lines} dòng báo cáo)" in message
    assert Indicator.objects.filter(document=reported_plan).count() == 2
    assert Task.objects.filter(document=reported_plan).count() == 1


def test_an_indicator_holding_values_of_record_is_kept(reviewer):
    document = plan_save(data=small_plan(), actor=reviewer).document
    indicator = document.indicators.get(key="1.1")
    # A value accepted from a report: no source document, the report is its source.
    IndicatorValue.objects.create(indicator=indicator, period="2025", kind="actual", text="64", op="eq",
                                  low=64, high=64, source_note="Báo cáo năm 2025")
    with pytest.raises(RegisterError, match="chỉ tiêu 1.1 “Cấp huyện” \\(1 số liệu từ báo cáo hoặc văn bản khác\\)"):
        plan_save(data=without(small_plan(), indicators=["1.1"]), actor=reviewer)
    assert IndicatorValue.objects.filter(indicator=indicator, kind="actual").exists()


def test_a_row_no_report_uses_is_still_removed(reviewer):
    plan_save(data=small_plan(), actor=reviewer)
    result = plan_save(data=without(small_plan(), indicators=["1.1"]), actor=reviewer)
    assert not result.document.indicators.filter(key="1.1").exists()
    assert "Xóa chỉ tiêu 1.1" in result.changes.messages


def test_renaming_a_reported_indicator_under_the_same_key_is_fine(reviewer, reported_plan):
    changed = small_plan()
    changed["indicators"][1]["name"] = "Cấp quận, huyện"
    plan_save(data=changed, actor=reviewer)
    assert reported_plan.indicators.get(key="1.1").name == "Cấp quận, huyện"


def test_the_import_page_says_why_instead_of_a_500(client, reviewer):
    client.force_login(reviewer)

    def import_and_save(text):
        client.post(reverse("import"), {"text": text})
        draft = ImportDraft.objects.filter(owner=reviewer).latest("pk")
        url = reverse("import-review", args=[draft.pk])
        return draft, client.post(url, {"action": "save", "doc-id": "45-kh-ubnd"}, follow=True)

    import_and_save(BLOCKS_PLAN)
    document = Document.objects.get(slug="45-kh-ubnd")
    assert document.indicators.count() == 6
    round_open(period="2025", deadline=date(2026, 1, 15), actor=reviewer, documents=[document])
    insurance = document.indicators.get(name="Tỷ lệ dân số tham gia bảo hiểm y tế")
    assert IndicatorLine.objects.filter(indicator=insurance).exists()

    shorter = BLOCKS_PLAN.replace("6\nTỷ lệ dân số tham gia bảo hiểm y tế\n%\n95,5\nSở Y tế\n", "")
    assert shorter != BLOCKS_PLAN
    draft, response = import_and_save(shorter)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không lưu: văn bản mới bỏ mất những mục đang được dùng trong báo cáo" in html
    assert f"chỉ tiêu {insurance.key} “Tỷ lệ dân số tham gia bảo hiểm y tế” (1 dòng báo cáo)" in html
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.REVIEW
    assert document.indicators.count() == 6


def test_a_task_with_a_framework_plan_is_kept(reviewer, officer):
    from planwatch.frameworks.models import FrameworkPlan

    document = plan_save(data=small_plan(), actor=reviewer).document
    task = document.tasks.get(key="1")
    FrameworkPlan.objects.create(task=task)
    with pytest.raises(RegisterError, match="nhiệm vụ 1 .*\\(kế hoạch khung\\)"):
        plan_save(data=without(small_plan(), tasks=["1"]), actor=reviewer)
    assert FrameworkPlan.objects.filter(task=task).exists()
