"""The test database holds the Hanoi data once per session; each test runs in a transaction rolled back after it.

The cast, the same accounts the demo prints:
- `officer`: an officer of Sở Y tế; `other_officer`: an officer of Sở Công Thương;
- `head`: the head of Sở Y tế, who approves its reports;
- `reviewer`: a Sở Kế hoạch và Đầu tư planner, who sees every plan;
- `leader`: the vice-chairman for the economy (Hà Minh Hải's seat);
- `outsider`: signed in, but with no role and no agency.
"""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from planwatch.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(autouse=True)
def _no_results_kept_from_another_test():
    # Results are kept in the process's cache under the register's token, which a rolled-back test never renews:
    # a test that wrote rows without signals must not meet what an earlier test kept.
    from django.core.cache import cache

    cache.clear()


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def officer(db):
    return _user("yte")


@pytest.fixture
def other_officer(db):
    return _user("congthuong")


@pytest.fixture
def head(db):
    return _user("yte.truong")


@pytest.fixture
def reviewer(db):
    return _user("khdt")


@pytest.fixture
def leader(db):
    return _user("pct.kinhte")


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user("nguoila", password="nguoi-la-2024")


@pytest.fixture
def plan_2024(db):
    from planwatch.registry.models import Document

    return Document.objects.get(slug="kh-ubnd-2024-chi-tieu-dai-hoi-xvii")


@pytest.fixture
def plan_183(db):
    from planwatch.registry.models import Document

    return Document.objects.get(slug="183-kh-ubnd")
