"""The demo publishes both tracked Hanoi plans (portal/demo.py): the 2024 plan and plan 183."""

import pytest
from django.test import Client

from planwatch.portal.models import Publication
from planwatch.portal.services import document_unpublish


@pytest.fixture
def anonymous(db):
    return Client()


@pytest.fixture
def plan_183_unpublished(plan_183, reviewer):
    document_unpublish(document=plan_183, user=reviewer)
    assert not Publication.objects.filter(document=plan_183).exists()
    return plan_183
