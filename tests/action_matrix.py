"""The action matrix: who may perform a domain action, and a refusal changes nothing.

``tests.matrix.PermissionMatrix`` covers plain create/read/update/delete. Domain
actions (change a pool tier, remove from the pool, score, apply a round …) are
POSTs with effects on several tables; for them::

    from tests.action_matrix import ANONYMOUS, LOGIN, NO_ROLE, SUPERUSER, matrix, perform

    EXPECTED = matrix(default=403, **{Role.KEY_OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN})

    @pytest.mark.parametrize("who, status", EXPECTED)
    def test_remove_from_pool(client, who, status, entry):
        response = perform(
            client, who, status,
            lambda c: c.post(url, {"reason": "不具备实施条件"}),
            watch=[ReserveEntry, ReserveMove, Project],
        )
        ...  # on success, assert the effect

``perform`` signs in a user of that kind, sends the request, asserts the status
(``LOGIN`` = a redirect to the login page), and when the status is an error
asserts that no watched table changed: same row count, same rows, same values,
and the same number of history records (django-simple-history) for each.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from accounts.roles import Role
from tests.factories import UserFactory

SUPERUSER = "superuser"
NO_ROLE = "no_role"
ANONYMOUS = "anonymous"
LOGIN = "login"

EVERYONE = (*Role.values, SUPERUSER, NO_ROLE, ANONYMOUS)


def matrix(default, **statuses):
    """``[(who, status), …]`` for pytest.mark.parametrize: every kind of user, ``default`` unless named."""
    unknown = set(statuses) - set(EVERYONE)
    assert not unknown, f"unknown kinds of user: {unknown}"
    return [
        pytest.param(who, statuses.get(who, default), id=f"{who}-{statuses.get(who, default)}")
        for who in EVERYONE
    ]


def user_for(who, **fields):
    """A signed-in user of this kind (``None`` for anonymous)."""
    if who == ANONYMOUS:
        return None
    if who == SUPERUSER:
        return UserFactory(is_superuser=True, is_staff=True, **fields)
    if who == NO_ROLE:
        return UserFactory(**fields)
    return UserFactory(roles=[who], **fields)


class TablesSnapshot:
    """Every row of the watched models (and their history tables), to compare after a refusal."""

    def __init__(self, models):
        self.models = list(models)
        for model in list(self.models):
            history = getattr(model, "history", None)
            if history is not None and hasattr(history, "model"):
                self.models.append(history.model)
        self.rows = self._read()

    def _read(self):
        return {
            model._meta.label: sorted(model._default_manager.order_by().values_list(), key=repr)
            for model in self.models
        }

    def assert_unchanged(self):
        now = self._read()
        for label, before in self.rows.items():
            assert now[label] == before, f"{label} changed although the request was refused"


def perform(client, who, expected, send, watch=(), user=None):
    """Sign in as ``who`` (or ``user``), run ``send(client)``, check the status and, on refusal, nothing changed."""
    user = user if user is not None else user_for(who)
    if user is not None:
        client.force_login(user)
    snapshot = TablesSnapshot(watch)
    response = send(client)
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, (
            f"{who}: expected {expected}, got {response.status_code}: {getattr(response, 'content', b'')[:500]!r}"
        )
    if expected == LOGIN or expected >= 400:
        snapshot.assert_unchanged()
    response.user = user
    return response
