import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from planwatch.audit.models import AuditEntry
from planwatch.portal.models import Publication
from planwatch.portal.services import PortalError, document_publish, document_unpublish
from planwatch.registry.models import Document


def entries_for(publication_pk):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Publication), object_id=str(publication_pk),
    )


def test_the_demo_publishes_both_tracked_plans(plan_2024, plan_183):
    assert set(Publication.objects.values_list("document__slug", flat=True)) >= {plan_2024.slug, plan_183.slug}


def test_a_planner_publishes_a_plan_with_an_audit_record(plan_183_unpublished, reviewer):
    publication = document_publish(document=plan_183_unpublished, user=reviewer, note="  Số liệu đến hết năm 2023 ")
    assert publication.published_by == reviewer
    assert publication.note == "Số liệu đến hết năm 2023"
    entries = entries_for(publication.pk)
    assert {e.action for e in entries} == {AuditEntry.Action.CREATE}
    assert {e.actor for e in entries} == {reviewer}
    assert any(e.field == "note" and e.new_value == "Số liệu đến hết năm 2023" for e in entries)
    assert all("cổng dữ liệu công khai" in e.reason for e in entries)


def test_unpublishing_removes_the_publication_and_leaves_a_record(plan_2024, reviewer):
    publication = Publication.objects.get(document=plan_2024)
    assert document_unpublish(document=plan_2024, user=reviewer) is True
    assert not Publication.objects.filter(document=plan_2024).exists()
    deleted = entries_for(publication.pk).filter(action=AuditEntry.Action.DELETE)
    assert deleted.exists() and {e.actor for e in deleted} == {reviewer}
    # A second time: nothing to take down, nothing recorded.
    count = AuditEntry.objects.count()
    assert document_unpublish(document=plan_2024, user=reviewer) is False
    assert AuditEntry.objects.count() == count


def test_publishing_a_published_plan_changes_nothing(plan_2024, reviewer):
    before = Publication.objects.get(document=plan_2024)
    count = AuditEntry.objects.count()
    again = document_publish(document=plan_2024, user=reviewer, note="khác")
    assert again.pk == before.pk and again.note == before.note
    assert AuditEntry.objects.count() == count


@pytest.mark.parametrize("who", ["officer", "head", "leader", "outsider"])
def test_only_the_planning_department_publishes(request, who, plan_183_unpublished, plan_2024):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        document_publish(document=plan_183_unpublished, user=user)
    with pytest.raises(PermissionDenied):
        document_unpublish(document=plan_2024, user=user)
    assert not Publication.objects.filter(document=plan_183_unpublished).exists()
    assert Publication.objects.filter(document=plan_2024).exists()


def test_an_untracked_document_cannot_be_published(reviewer):
    reference = Document.objects.filter(is_tracked=False).first()
    with pytest.raises(PortalError):
        document_publish(document=reference, user=reviewer)
    assert not Publication.objects.filter(document=reference).exists()
