"""Targets written as a list of sentences (a resolution's `Các chỉ tiêu chủ yếu`) are offered as candidates; the
planner ticks those that are the plan's indicators, and only those are saved, each with its target and year."""

import pytest
from django.urls import reverse

from planwatch.registry.models import Document, ImportDraft, Indicator

pytestmark = pytest.mark.django_db

TARGETS_LIST = """ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ
Số: 215/KH-UBND
Phú Thọ, ngày 12 tháng 01 năm 2025

KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025

II. CÁC CHỈ TIÊU CHỦ YẾU
1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 8% trở lên.
2. GRDP bình quân đầu người đạt khoảng 75 triệu đồng.
3. Tỷ lệ thất nghiệp ở khu vực thành thị dưới 4%.
4. Tỷ lệ dân số tham gia bảo hiểm y tế 95,5%.

III. NHIỆM VỤ, GIẢI PHÁP
1. Tập trung tháo gỡ khó khăn cho sản xuất kinh doanh.
"""


def _paste(client, user, text):
    client.force_login(user)
    client.post(reverse("import"), {"text": text})
    draft = ImportDraft.objects.filter(owner=user).latest("pk")
    return draft, reverse("import-review", args=[draft.pk])


def test_a_list_of_targets_is_offered_as_candidates_with_a_save(client, reviewer):
    draft, url = _paste(client, reviewer, TARGETS_LIST)
    names = [c["name"] for c in draft.data["candidate_indicators"]]
    assert names == [
        "Tốc độ tăng trưởng kinh tế (GRDP)", "GRDP bình quân đầu người",
        "Tỷ lệ thất nghiệp ở khu vực thành thị", "Tỷ lệ dân số tham gia bảo hiểm y tế",
    ]
    html = client.get(url).content.decode()
    assert 'id="candidates-only"' in html and 'value="save"' in html
    assert 'name="cand-0"' in html and 'name="cand-3-horizon" value="2025"' in html


def test_saving_with_nothing_ticked_is_refused_and_nothing_is_saved(client, reviewer):
    draft, url = _paste(client, reviewer, TARGETS_LIST)
    html = client.post(url, {"action": "save"}, follow=True).content.decode()
    assert "không có gì để lưu vào danh mục" in html
    assert not Document.objects.filter(number="215/KH-UBND").exists()
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.REVIEW


def test_ticked_candidates_become_indicators_with_their_target(client, reviewer):
    draft, url = _paste(client, reviewer, TARGETS_LIST)
    client.post(url, {
        "action": "save", "cand-0": "on", "cand-2": "on",
        "cand-2-name": "Tỷ lệ thất nghiệp thành thị",
    }, follow=True)
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.SAVED
    indicators = {i.name: i for i in Indicator.objects.filter(document=draft.document)}
    assert set(indicators) == {"Tốc độ tăng trưởng kinh tế (GRDP)", "Tỷ lệ thất nghiệp thành thị"}
    growth = indicators["Tốc độ tăng trưởng kinh tế (GRDP)"].targets.get()
    assert (growth.horizon, growth.text, growth.op) == ("2025", "8% trở lên", "ge")
    unemployment = indicators["Tỷ lệ thất nghiệp thành thị"]
    assert unemployment.direction == "lower_better"
    assert unemployment.targets.get().op == "lt"
    # the two left unticked stay candidates of the draft, not indicators
    assert [c["name"] for c in draft.data["candidate_indicators"]] == [
        "GRDP bình quân đầu người", "Tỷ lệ dân số tham gia bảo hiểm y tế"]


def test_a_ticked_candidate_without_a_year_is_refused_in_vietnamese(client, reviewer):
    draft, url = _paste(client, reviewer, TARGETS_LIST)
    html = client.post(url, {"action": "save", "cand-1": "on", "cand-1-horizon": "sớm"}, follow=True).content.decode()
    assert "chưa có năm đích" in html
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.REVIEW
    assert not Indicator.objects.filter(name="GRDP bình quân đầu người", document__number="215/KH-UBND").exists()


def test_targets_without_a_year_are_not_saved(client, reviewer):
    draft, url = _paste(client, reviewer, "Biểu chỉ tiêu\nSTT\tChỉ tiêu\tĐVT\tKế hoạch\n1\tTốc độ tăng trưởng\t%\t8\n")
    html = client.post(url, {"action": "save", "doc-id": "bieu-khong-nam"}, follow=True).content.decode()
    assert "Mục tiêu chưa có năm đích ở Tốc độ tăng trưởng" in html
    assert not Document.objects.filter(slug="bieu-khong-nam").exists()
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.REVIEW
