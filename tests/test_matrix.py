"""The permission matrix guards what it claims: it generates every case, and it fails when a
policy lets the wrong person write, when a write saves something else than what was sent, and
when the history does not name the acting user."""

import pytest

from accounts.roles import Role
from liuyang.api.viewsets import PolicyModelViewSet
from projects.policies import ProjectPolicy
from tests.matrix import API_ACTIONS, OBJECT_ACTIONS, PAGE_ACTIONS, Case
from tests.projects import test_project_permissions as project_permissions


def matrix():
    return project_permissions.TestProjectPermissionMatrix()


def test_the_matrix_generates_every_role_action_and_scope():
    m = matrix()
    cases = list(m._cases(PAGE_ACTIONS + API_ACTIONS))
    ids = {c.id for c in cases}
    assert len(ids) == len(cases), "case ids must be unique"
    assert "department_staff-edit_post-in_scope-302" in ids
    assert "department_staff-edit_post-out_of_scope-403" in ids
    assert "city_leader-api_destroy-any-403" in ids
    assert "anonymous-list-any-login" in ids
    for role in m.expected:
        for action in PAGE_ACTIONS + API_ACTIONS:
            assert any(c.role == role and c.action == action for c in cases), (role, action)
    scoped = [c for c in cases if c.scope != "any"]
    assert all(c.action in OBJECT_ACTIONS for c in scoped)


def test_the_matrix_fails_when_a_read_only_role_can_write(db, monkeypatch):
    monkeypatch.setattr(ProjectPolicy, "write_all_roles", frozenset({Role.KEY_OFFICE, Role.CITY_LEADER}))
    m = matrix()
    case = Case(Role.CITY_LEADER, "api_partial_update", "any", 403)
    with pytest.raises(AssertionError, match="expected 403, got 200"):
        m._run(case, m._client(case.role, api=True))


def test_the_matrix_fails_when_a_write_saves_something_else(db, monkeypatch):
    original = PolicyModelViewSet.perform_update

    def tamper(self, serializer):
        serializer.validated_data["name"] = "被篡改"
        original(self, serializer)

    monkeypatch.setattr(PolicyModelViewSet, "perform_update", tamper)
    m = matrix()
    case = Case(Role.KEY_OFFICE, "api_partial_update", "any", 200)
    with pytest.raises(AssertionError, match="saved values differ"):
        m._run(case, m._client(case.role, api=True))


def test_the_matrix_fails_when_history_does_not_name_the_user(db, monkeypatch):
    from simple_history.models import HistoricalRecords

    monkeypatch.setattr(HistoricalRecords, "get_history_user", lambda self, instance: None)
    m = matrix()
    case = Case(Role.KEY_OFFICE, "api_partial_update", "any", 200)
    with pytest.raises(AssertionError, match="history_user"):
        m._run(case, m._client(case.role, api=True))
