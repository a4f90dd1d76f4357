"""Query-count baselines for the ledger API: the same count with few and many rows, equal to the
pinned number. If a deliberate change moves a baseline, update it here and say why.

Every API request costs three queries before the view's own: the session, the user and
the user's roles.
"""

import pytest
from django.urls import reverse

from issues.models import LedgerIssue
from issues.services import ledger
from tests.queries import assert_num_queries_stable

from .test_api import Scene, client_for, pdf

# auth (3) + count + page + evidence + escalations
ISSUE_LIST = 7
# auth (3) + count + page
JOURNAL_LIST = 5

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(db):
    return Scene()


def grow_issues(scene):
    """Issues with every kind of related row: a journal, evidence, some resolved."""

    def grow(n):
        while LedgerIssue.objects.count() < n:
            issue = scene.raise_(title=f"问题{LedgerIssue.objects.count()}", responsible_person=scene.handler)
            ledger.add_update(scene.handler, issue, text="进展")
            if LedgerIssue.objects.count() % 2:
                ledger.resolve(scene.handler, issue, resolution="完成", files=[pdf()])

    return grow


def ok(client, url, params=None):
    def fetch():
        response = client.get(url, params or {})
        assert response.status_code == 200, response.content[:500]
        return response

    return fetch


@pytest.mark.parametrize("who", ["office", "handler", "member"])
def test_issue_list(scene, who):
    fetch = ok(client_for(getattr(scene, who)), reverse("api:issue-list"), {"status": "in_progress"})
    assert_num_queries_stable(fetch, grow_issues(scene), sizes=(2, 8), expected=ISSUE_LIST)


def test_issue_list_unfiltered(scene):
    fetch = ok(client_for(scene.office), reverse("api:issue-list"))
    assert_num_queries_stable(fetch, grow_issues(scene), sizes=(2, 8), expected=ISSUE_LIST)


def test_journal_list(scene):
    fetch = ok(client_for(scene.member), reverse("api:issue-journal-list"))
    assert_num_queries_stable(fetch, grow_issues(scene), sizes=(2, 8), expected=JOURNAL_LIST)
