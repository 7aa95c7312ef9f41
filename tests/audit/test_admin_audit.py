"""The Django admin cannot escape the audit trail (issue 13).

The demo `admin` superuser works the back office through the test client, submitting the forms the pages render
(read back from their HTML, as a browser would), and the tests check what reached the database and the trail:
values of record and report data cannot be changed there at all; everything the admin may edit — accounts,
groups, roles, agencies — leaves entries saying who changed which field from what to what.
"""

import logging
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from planwatch.accounts.models import Membership
from planwatch.audit.admin_mixins import ADMIN_REASON
from planwatch.audit.models import AuditEntry
from planwatch.registry.models import Agency, AgencyAlias, AgencyGroup, Indicator, IndicatorValue, Task
from planwatch.reporting.models import IndicatorLine, Report

pytestmark = pytest.mark.django_db

User = get_user_model()
OUR_APPS = {"audit", "accounts", "auth", "registry", "reporting"}


class _FormReader(HTMLParser):
    """The fields one form of a page would submit, as a browser fills them in from the HTML."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_of(response, form_id: str) -> dict:
    assert response.status_code == 200, response.status_code
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form #{form_id} on the page"
    # Django's test client takes a list for a multi-valued field; a textarea's first newline is the HTML's.
    return {name: values if len(values) > 1 else values[0].removeprefix("\n") for name, values in reader.data.items()}


def entries_for(obj, **filters):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk), **filters)


@pytest.fixture
def superuser(client):
    user = User.objects.get(username="admin")
    assert user.is_superuser
    client.force_login(user)
    return user


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


# (a) Values of record and report data are read-only --------------------------------------------------------


@pytest.fixture
def value_of_record():
    """A value of record that came from the demo's accepted report of Sở Y tế."""
    line = IndicatorLine.objects.filter(recorded_value__isnull=False).select_related("recorded_value").first()
    assert line is not None, "the demo has an accepted report"
    return line.recorded_value


def test_a_value_of_record_cannot_be_changed_through_its_own_admin(client, superuser, value_of_record):
    before = IndicatorValue.objects.filter(pk=value_of_record.pk).values().get()
    page = client.get(change_url(value_of_record))
    assert page.status_code == 200
    assert b'name="text"' not in page.content  # shown, not offered as a form field

    response = client.post(change_url(value_of_record), {"text": "999", "low": "999", "high": "999", "op": "eq",
                                                         "source_note": "sửa tay"})

    assert response.status_code == 403
    assert IndicatorValue.objects.filter(pk=value_of_record.pk).values().get() == before
    delete = client.post(reverse("admin:registry_indicatorvalue_delete", args=[value_of_record.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert client.get(reverse("admin:registry_indicatorvalue_add")).status_code == 403
    assert IndicatorValue.objects.filter(pk=value_of_record.pk).exists()


def test_a_value_of_record_cannot_be_changed_through_the_indicator_inline(client, superuser, value_of_record):
    indicator = value_of_record.indicator
    before = IndicatorValue.objects.filter(pk=value_of_record.pk).values().get()
    page = client.get(change_url(indicator))
    assert value_of_record.source_note.encode() in page.content  # the value and its provenance are shown
    data = form_of(page, "indicator_form")
    offered = {name.split("-", 2)[2] for name in data if name.startswith("values-") and name.count("-") == 2}
    assert offered <= {"id", "indicator"}, f"value rows must not be editable: {offered}"

    # A hand-made POST as if the inline were editable: the rows are ignored.
    index = list(indicator.values.order_by("period", "kind").values_list("pk", flat=True)).index(value_of_record.pk)
    data.update({
        f"values-{index}-id": str(value_of_record.pk), f"values-{index}-indicator": str(indicator.pk),
        f"values-{index}-text": "999", f"values-{index}-low": "999", f"values-{index}-high": "999",
        f"values-{index}-source_note": "sửa tay", f"values-{index}-DELETE": "on",
    })
    response = client.post(change_url(indicator), data)

    assert response.status_code == 302, response.content[:2000]
    assert IndicatorValue.objects.filter(pk=value_of_record.pk).values().get() == before
    assert not entries_for(value_of_record, reason=ADMIN_REASON).exists()


# Written only by services: shown in the admin, never added, changed or deleted there.
SERVICE_OWNED = ["audit.AuditEntry", "registry.IndicatorValue", "reporting.Round", "reporting.Report",
                 "reporting.Action", "reporting.Reminder", "reporting.Notification"]
SERVICE_OWNED_INLINES = [
    ("registry.Indicator", "registry.IndicatorValue"), ("registry.Indicator", "registry.Judgement"),
    ("reporting.Report", "reporting.IndicatorLine"), ("reporting.Report", "reporting.TaskLine"),
]


def superuser_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_for(label):
    return next(model_admin for model, model_admin in admin.site._registry.items() if model._meta.label == label)


@pytest.mark.parametrize("label", SERVICE_OWNED)
def test_service_owned_records_refuse_add_change_and_delete(client, superuser, label, caplog):
    model_admin = admin_for(label)
    request = superuser_request(superuser)
    permissions = [model_admin.has_add_permission(request), model_admin.has_change_permission(request),
                   model_admin.has_delete_permission(request), model_admin.has_view_permission(request)]
    assert permissions == [False, False, False, True]
    obj = model_admin.model._default_manager.first()
    before = model_admin.model._default_manager.filter(pk=obj.pk).values().get()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.post(change_url(obj), {}).status_code == 403
    # The refusal is logged with the address and status (ASVS 7.2.2: failed access control decisions are logged).
    assert any(r.status_code == 403 and change_url(obj) in r.getMessage() for r in caplog.records), caplog.records
    info = (obj._meta.app_label, obj._meta.model_name)
    assert client.post(reverse("admin:%s_%s_delete" % info, args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert model_admin.model._default_manager.filter(pk=obj.pk).values().get() == before


@pytest.mark.parametrize("parent, label", SERVICE_OWNED_INLINES)
def test_service_owned_inlines_are_read_only(superuser, parent, label):
    request = superuser_request(superuser)
    inline = next(i for i in admin_for(parent).get_inline_instances(request) if i.model._meta.label == label)
    permissions = [inline.has_add_permission(request, None), inline.has_change_permission(request),
                   inline.has_delete_permission(request), inline.has_view_permission(request)]
    assert permissions == [False, False, False, True]


def test_indicators_and_tasks_are_neither_added_nor_deleted_in_the_admin(client, superuser, value_of_record):
    indicator = value_of_record.indicator
    task = Task.objects.first()
    assert client.get(reverse("admin:registry_indicator_add")).status_code == 403
    for obj in (indicator, task):
        url = reverse(f"admin:registry_{obj._meta.model_name}_delete", args=[obj.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists() and Task.objects.filter(pk=task.pk).exists()


def test_a_task_status_is_not_editable_in_the_admin(client, superuser):
    task = Task.objects.exclude(status=Task.Status.DONE).first()
    page = client.get(change_url(task))
    data = form_of(page, "task_form")
    assert "status" not in data
    data["status"] = Task.Status.DONE
    assert client.post(change_url(task), data).status_code == 302
    task.refresh_from_db()
    assert task.status != Task.Status.DONE


# (b) Granting superuser, staff, active; passwords --------------------------------------------------------------


def test_granting_superuser_through_the_user_form_is_audited(client, superuser, outsider):
    data = form_of(client.get(change_url(outsider)), "user_form")
    assert "is_superuser" not in data
    data["is_superuser"] = "on"
    data["is_staff"] = "on"
    started = timezone.now()

    response = client.post(change_url(outsider), data)

    assert response.status_code == 302, response.content[:3000]
    outsider.refresh_from_db()
    assert outsider.is_superuser and outsider.is_staff
    entry = entries_for(outsider, field="is_superuser").get()
    assert (entry.action, entry.old_value, entry.new_value) == (AuditEntry.Action.UPDATE, "False", "True")
    assert entry.actor == superuser and entry.actor_label == "admin"
    assert started - timedelta(seconds=1) <= entry.at <= timezone.now()
    assert entry.reason == ADMIN_REASON
    assert entries_for(outsider, field="is_staff", old_value="False", new_value="True").exists()


def test_revoking_superuser_and_deactivating_are_audited(client, superuser, outsider):
    outsider.is_superuser = outsider.is_staff = True
    outsider.save()
    data = form_of(client.get(change_url(outsider)), "user_form")
    for name in ("is_superuser", "is_staff", "is_active"):
        data.pop(name)

    assert client.post(change_url(outsider), data).status_code == 302

    changed = {e.field: (e.old_value, e.new_value) for e in entries_for(outsider, actor=superuser)}
    assert changed == {
        "is_superuser": ("True", "False"), "is_staff": ("True", "False"), "is_active": ("True", "False"),
    }


def test_a_password_set_through_the_admin_is_recorded_without_the_hash(client, superuser, outsider):
    url = reverse("admin:auth_user_password_change", args=[outsider.pk])
    data = form_of(client.get(url), "user_form")
    data.update({"password1": "Bau-troi-xanh-7391!", "password2": "Bau-troi-xanh-7391!"})
    old_hash = outsider.password

    response = client.post(url, data)

    assert response.status_code == 302, response.content[:3000]
    outsider.refresh_from_db()
    assert outsider.check_password("Bau-troi-xanh-7391!")
    entry = entries_for(outsider, field="password").get()
    assert entry.actor == superuser and entry.new_value == "đã đặt mật khẩu mới" and entry.old_value == ""
    for secret in (old_hash, outsider.password, "Bau-troi-xanh-7391!"):
        assert not AuditEntry.objects.filter(new_value__contains=secret).exists()
        assert not AuditEntry.objects.filter(old_value__contains=secret).exists()


def test_a_user_added_through_the_admin_is_audited_with_its_password_set(client, superuser):
    url = reverse("admin:auth_user_add")
    data = form_of(client.get(url), "user_form")
    data.update({"username": "kiemtoan.vien", "password1": "Bau-troi-xanh-7391!", "password2": "Bau-troi-xanh-7391!",
                 "usable_password": "true", "membership-0-role": Membership.Role.PLANNING})

    response = client.post(url, data)

    assert response.status_code == 302, response.content[:3000]
    user = User.objects.get(username="kiemtoan.vien")
    created = {e.field: e.new_value for e in entries_for(user, action=AuditEntry.Action.CREATE, actor=superuser)}
    assert created["username"] == "kiemtoan.vien" and created["password"] == "đã đặt mật khẩu mới"
    membership = Membership.objects.get(user=user)
    assert {e.field: e.new_value for e in entries_for(membership, actor=superuser)} == {
        "user": "kiemtoan.vien", "role": Membership.Role.PLANNING,
    }
    assert user.password not in AuditEntry.objects.values_list("new_value", flat=True)


# (c) Groups, permissions and roles ----------------------------------------------------------------------------


def test_putting_a_user_in_a_group_is_audited(client, superuser, outsider):
    group = Group.objects.create(name="Kiểm tra nội bộ")
    data = form_of(client.get(change_url(outsider)), "user_form")
    data["groups"] = [str(group.pk)]

    assert client.post(change_url(outsider), data).status_code == 302

    assert list(outsider.groups.all()) == [group]
    entry = entries_for(outsider, field="groups").get()
    assert (entry.old_value, entry.new_value, entry.actor) == ("", "Kiểm tra nội bộ", superuser)


def test_a_group_permission_granted_through_the_group_admin_is_audited(client, superuser):
    group = Group.objects.create(name="Kiểm tra nội bộ")
    permission = Permission.objects.get(codename="change_agency")
    data = form_of(client.get(change_url(group)), "group_form")
    data["permissions"] = [str(permission.pk)]

    assert client.post(change_url(group), data).status_code == 302

    entry = entries_for(group, field="permissions").get()
    assert entry.old_value == "" and entry.new_value == str(permission) and entry.actor == superuser


def test_a_role_changed_through_the_membership_admin_is_audited(client, superuser, officer):
    membership = officer.membership
    data = form_of(client.get(change_url(membership)), "membership_form")
    assert data["role"] == Membership.Role.OFFICER
    data["role"] = Membership.Role.HEAD

    assert client.post(change_url(membership), data).status_code == 302

    membership.refresh_from_db()
    assert membership.role == Membership.Role.HEAD
    entry = entries_for(membership, field="role", reason=ADMIN_REASON).get()
    assert (entry.old_value, entry.new_value, entry.actor) == ("officer", "head", superuser)


def test_a_role_given_through_the_user_form_inline_is_audited(client, superuser, outsider):
    agency = Agency.objects.get(name="Sở Y tế")
    data = form_of(client.get(change_url(outsider)), "user_form")
    data.update({"membership-0-role": Membership.Role.OFFICER, "membership-0-agency": str(agency.pk)})

    response = client.post(change_url(outsider), data)

    assert response.status_code == 302, response.content[:3000]
    membership = Membership.objects.get(user=outsider)
    created = {e.field: e.new_value for e in entries_for(membership, action=AuditEntry.Action.CREATE)}
    assert created["role"] == "officer" and created["agency"] == "Sở Y tế"
    assert entries_for(membership).filter(actor=superuser).count() == len(created)


# (d) Reference data: an agency ---------------------------------------------------------------------------------


def test_an_agency_renamed_through_the_admin_is_audited_with_before_and_after(client, superuser):
    agency = Agency.objects.get(name="Sở Y tế")
    data = form_of(client.get(change_url(agency)), "agency_form")
    data["name"] = "Sở Y tế Hà Nội"
    data.update({"aliases-TOTAL_FORMS": str(int(data["aliases-TOTAL_FORMS"]) + 1)})
    new_index = int(data["aliases-TOTAL_FORMS"]) - 1
    data.update({f"aliases-{new_index}-text": "SYT Hà Nội", f"aliases-{new_index}-agency": str(agency.pk)})

    response = client.post(change_url(agency), data)

    assert response.status_code == 302, response.content[:3000]
    entry = entries_for(agency, field="name", reason=ADMIN_REASON).get()
    assert (entry.action, entry.old_value, entry.new_value) == (AuditEntry.Action.UPDATE, "Sở Y tế", "Sở Y tế Hà Nội")
    assert entry.actor == superuser
    alias = AgencyAlias.objects.get(text="SYT Hà Nội")
    assert entries_for(alias, action=AuditEntry.Action.CREATE, field="text", new_value="SYT Hà Nội").exists()
    # The unchanged fields leave no entry.
    assert set(entries_for(agency, reason=ADMIN_REASON).values_list("field", flat=True)) == {"name"}


# (e) Bulk delete -----------------------------------------------------------------------------------------------


def test_a_bulk_delete_of_agencies_is_audited_with_what_it_took_along(client, superuser):
    parent = Agency.objects.create(name="Ban thử nghiệm xóa")
    AgencyAlias.objects.create(agency=parent, text="BTNX")
    child = Agency.objects.create(name="Tổ thử nghiệm", parent=parent)
    group = AgencyGroup.objects.create(name="Nhóm thử nghiệm")
    group.members.add(parent, child)
    parent_pk = parent.pk

    response = client.post(reverse("admin:registry_agency_changelist"),
                           {"action": "delete_selected", "_selected_action": [str(parent_pk)], "post": "yes"})

    assert response.status_code == 302
    assert not Agency.objects.filter(pk=parent_pk).exists()
    deleted = entries_for(parent, action=AuditEntry.Action.DELETE, actor=superuser)
    assert deleted.filter(field="name", old_value="Ban thử nghiệm xóa").exists()
    alias_type = ContentType.objects.get_for_model(AgencyAlias)
    alias_entries = AuditEntry.objects.filter(content_type=alias_type, action="delete", actor=superuser)
    assert alias_entries.filter(field="text", old_value="BTNX").exists()
    child.refresh_from_db()
    assert child.parent is None
    cleared = entries_for(child, field="parent").get()
    assert (cleared.old_value, cleared.new_value, cleared.actor) == ("Ban thử nghiệm xóa", "", superuser)
    # The group that loses a member says so on its own trail.
    assert list(group.members.all()) == [child]
    unlinked = entries_for(group, field="members").get()
    assert (unlinked.old_value, unlinked.new_value) == ("Ban thử nghiệm xóa; Tổ thử nghiệm", "Tổ thử nghiệm")


def test_a_bulk_delete_of_reports_is_refused(client, superuser):
    report = Report.objects.first()
    count = Report.objects.count()
    client.post(reverse("admin:reporting_report_changelist"),
                {"action": "delete_selected", "_selected_action": [str(report.pk)], "post": "yes"})
    assert Report.objects.count() == count
    assert not AuditEntry.objects.filter(reason=ADMIN_REASON).exists()


# (f) Every admin page renders ----------------------------------------------------------------------------------


def test_every_registered_admin_page_renders_for_the_superuser(client, superuser, outsider):
    Group.objects.get_or_create(name="Kiểm tra nội bộ")
    request = superuser_request(superuser)
    opened = set()
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:%s_%s_changelist" % info))
        assert changelist.status_code == 200, model
        if model_admin.has_add_permission(request):
            assert client.get(reverse("admin:%s_%s_add" % info)).status_code == 200, model
        obj = model_admin.get_queryset(request).first()
        if obj is not None:
            assert client.get(reverse("admin:%s_%s_change" % info, args=[obj.pk])).status_code == 200, model
            opened.add(model._meta.label)
    # The demo has rows in every table of ours: the loop must have opened each one's change page.
    ours = {m._meta.label for m in admin.site._registry if m._meta.app_label in OUR_APPS}
    assert len(ours) >= 17 and ours <= opened, ours - opened
