"""A draft keeps its original; the planner's meaning of columns reads it again; an empty draft is not saved."""

import re

import pytest

from planwatch.registry.importing import import_draft_create, import_draft_reread, import_draft_save
from planwatch.registry.models import Document, ImportDraft
from planwatch.registry.services import RegisterError
from planwatch.web.imports import MEANINGS, column_header

from tests.web.import_documents import BLOCKS_PLAN, HEADER_ONLY

pytestmark = pytest.mark.django_db


def test_a_draft_keeps_the_document_as_given(reviewer):
    draft = import_draft_create(owner=reviewer, data=BLOCKS_PLAN.encode(), filename="45.txt")
    with draft.source_file.open("rb") as handle:
        assert handle.read() == BLOCKS_PLAN.encode()
    assert re.fullmatch(r"nhap-van-ban/\d{4}/\d{2}/[0-9a-f]{32}\.txt", draft.source_file.name)  # not the upload's name
    assert draft.data["reading"] == {"format": "text", "ocr": False, "pages": []}


def test_an_empty_draft_is_refused_by_the_save_service(reviewer):
    draft = import_draft_create(owner=reviewer, data=HEADER_ONLY.encode(), filename="90.txt")
    assert draft.data["indicators"] == [] and draft.data["tasks"] == []
    assert [w["code"] for w in draft.data["warnings"]] == ["table_rows_unread"]
    with pytest.raises(RegisterError, match="Không đọc được chỉ tiêu hay nhiệm vụ nào"):
        import_draft_save(draft=draft, edits={"doc-id": "90-kh-ubnd"}, new_agencies={}, actor=reviewer)
    assert not Document.objects.filter(slug="90-kh-ubnd").exists()


def test_reread_replaces_what_was_read_and_keeps_a_draft(reviewer):
    draft = import_draft_create(owner=reviewer, data=BLOCKS_PLAN.encode(), filename="45.txt")
    import_draft_reread(draft=draft, columns={1: {2: "", 3: "Thực hiện năm 2024"}}, actor=reviewer)
    draft.refresh_from_db()
    first = draft.data["indicators"][0]
    assert first["unit"] is None and first["values"][0]["period"] == "2024" and first["values"][0]["kind"] == "actual"
    assert draft.status == ImportDraft.Status.REVIEW and draft.data["document"]["id"] == "45-kh-ubnd"
    assert len(draft.data["tasks"]) == 4


def test_reread_is_refused_without_an_original_or_after_saving(reviewer):
    draft = import_draft_create(owner=reviewer, data=BLOCKS_PLAN.encode(), filename="45.txt")
    draft.source_file = ""
    draft.save()
    with pytest.raises(RegisterError, match="không giữ văn bản gốc"):
        import_draft_reread(draft=draft, columns={1: {3: "Chỉ tiêu năm 2025"}}, actor=reviewer)
    draft.status = ImportDraft.Status.SAVED
    with pytest.raises(RegisterError, match="đã được lưu hoặc đã hủy"):
        import_draft_reread(draft=draft, columns={1: {3: "Chỉ tiêu năm 2025"}}, actor=reviewer)


PERIODS = ["2025", "2021-2025", "2024-H1", "2024-9M", "2024-Q2"]


@pytest.mark.parametrize("meaning", [code for code, _label, _period in MEANINGS])
def test_every_meaning_is_written_as_a_header_the_parser_reads_back(meaning):
    from planwatch.docparse.columns import classify

    needs_period = dict((code, period) for code, _label, period in MEANINGS)[meaning]
    for period in PERIODS if needs_period else [""]:
        header = column_header(meaning, period)
        if meaning == "other":
            assert header == ""
            continue
        column = classify(header)
        if meaning == "plan" and "-" in period and period[5:].isdigit():
            assert column.role == "target"  # a plan for a span of years is a target (KH 2021-2025)
            continue
        if meaning in ("actual", "estimate", "plan", "required"):
            assert (column.role, column.kind, column.period) == ("value", meaning, period), header
        elif meaning == "target":
            assert (column.role, column.period) == ("target", period), header
        else:
            assert column.role == meaning, header


def test_a_bad_period_is_refused():
    with pytest.raises(ValueError):
        column_header("actual", "")
    with pytest.raises(ValueError):
        column_header("target", "năm sau")
