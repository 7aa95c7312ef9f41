"""The task filter's lists (registry/forms.py): written in code, the same markup as Django's own Select; a model's
choices read by one plain query."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.registry.forms import ListedModelChoiceField, ListSelect, TaskFilterForm
from planwatch.registry.models import Agency

CHOICES = [
    ("", "Mọi tình trạng"),
    ("Nhóm <1>", [("a", 'Sở "Kế hoạch" & Đầu tư'), ("b", "<b>đậm</b>")]),
    ("c", "Hoàn thành"),
    (4, "Bốn"),
]


@pytest.mark.parametrize("value, attrs", [
    (None, None),
    ("b", {"id": "id_x", "class": "wide"}),
    (["a", "c"], {"required": True, "disabled": False, "data-note": "<x>"}),
    (4, {"aria-label": "Lọc & tìm"}),
])
def test_a_list_is_written_as_django_s_select_writes_it(value, attrs):
    multiple = isinstance(value, list)
    ours = (type("ListSelectMultiple", (ListSelect,), {"allow_multiple_selected": True}) if multiple else ListSelect)
    theirs = forms.SelectMultiple if multiple else forms.Select
    assert ours(choices=CHOICES).render("trang", value, attrs) == theirs(choices=CHOICES).render("trang", value, attrs)


@pytest.mark.django_db
def test_a_model_s_choices_are_read_by_one_plain_query():
    field = ListedModelChoiceField(queryset=Agency.objects.filter(name__startswith="Sở"), required=False)
    with CaptureQueriesContext(connection) as queries:
        choices = [choice for choice in field.choices]  # as the widget reads them: no count first
    assert len(queries.captured_queries) == 1
    assert not queries.captured_queries[0]["sql"].upper().startswith("DECLARE")  # no server-side cursor
    assert choices[0] == ("", field.empty_label)
    assert [label for _value, label in choices[1:]] == list(
        Agency.objects.filter(name__startswith="Sở").values_list("name", flat=True))


@pytest.mark.django_db
def test_the_task_filter_writes_its_lists_as_before():
    agencies = Agency.objects.filter(name__startswith="Sở")[:5]
    chosen = agencies[1]
    form = TaskFilterForm({"agency": str(chosen.pk), "status": "done"}, agencies=Agency.objects.filter(
        pk__in=[a.pk for a in agencies]))
    assert form.is_valid() and form.to_filter().agency == chosen.pk
    agency_html = str(form["agency"])
    assert agency_html.count("<option") == 6 and f'<option value="{chosen.pk}" selected>' in agency_html
    listed = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
    django_s = forms.Select(choices=[("", "---------"), *((a.pk, str(a)) for a in listed)])
    assert agency_html == django_s.render("agency", chosen.pk, {"id": "id_agency"})
    assert '<option value="done" selected>' in str(form["status"])
