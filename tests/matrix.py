"""The permission matrix: one base class that every model's page and API tests inherit.

NetBox's habit: without permission → 403 and nothing changed; with it →
success, the object saved as sent, one change record. A test class declares,
in about forty lines, *what* a model is and *who* may do what to it; this base
generates one test per (role, action, scope) and checks every one the same way.

How to use it
-------------
::

    class TestWidgetPermissions(PermissionMatrix):
        model = Widget

        # URL builders; leave one as None and its actions are not generated
        list_url = staticmethod(lambda: reverse("widgets:widget_list"))
        detail_url = staticmethod(lambda obj: reverse("widgets:widget_detail", args=[obj.pk]))
        add_url = ...; edit_url = ...; delete_url = ...
        api_list_url = ...; api_detail_url = ...

        expected = {
            Role.KEY_OFFICE: FULL,
            Role.CITY_LEADER: READ_ONLY,
            Role.TASK_FORCE_STAFF: CHANGE_IN_SCOPE,
            ...
            SUPERUSER: FULL,
            NO_ROLE: NO_ACCESS,
            ANONYMOUS: ANONYMOUS_ACCESS,
        }

        def make_object(self):                       # out of everybody's scope
            return WidgetFactory()

        def link_to_scope(self, obj, user, role):    # bring obj into user's row scope for role
            ...

        def create_form_data(self, user): ...        # valid POST data for the add page
        def update_form_data(self, user, obj): ...   # valid POST data for the edit page
        def create_api_data(self, user): ...         # valid JSON for POST
        def update_api_data(self, user, obj): ...    # valid JSON for PUT (every writable field)
        def partial_api_data(self, user, obj): ...   # valid JSON for PATCH

        # optional: field changes that would carry an in-scope object out of the
        # user's scope; each one must be refused (403) and rolled back
        scope_escapes = {Role.DEPARTMENT_STAFF: lambda self, obj, user: {"unit": OtherUnitFactory().pk}}

The expectation table maps a role (a group name from ``accounts.roles.Role``,
or ``SUPERUSER``, ``NO_ROLE``, ``ANONYMOUS``) to a dict ``action → status``.
A status is an int (the same for every object), ``LOGIN`` (a page redirecting
to the login page), or ``scoped(in_scope, out_of_scope)`` when it depends on the
object's row scope. The profiles below (``FULL``, ``READ_ONLY``,
``CHANGE_IN_SCOPE``, ``NO_ACCESS``, ``ANONYMOUS_ACCESS``) are complete tables
to start from; ``expect(READ_ONLY, add_get=200)`` overrides single actions.

What every generated test asserts
---------------------------------
* the status code (a page's ``LOGIN`` is a 302 to ``settings.LOGIN_URL``);
* a read that succeeds shows the object (list rows / API results contain it,
  the detail page and API retrieve show it);
* a **refused write** changes nothing: the target row's field values, the
  model's row count and its history count are the same before and after;
* an **allowed write** saves exactly what was sent (each sent model field,
  compared as the model field's Python value), leaves the fields it did not
  send alone (except ``volatile_fields`` and ``auto_now`` fields), and leaves
  exactly one new django-simple-history record of the right type whose
  ``history_user`` is the acting user (and whose reason is the sent
  ``change_reason``, if any).

Test names read as the rule they guard, e.g.
``test_page[department_staff-edit_post-out_of_scope-403]``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import resolve_url
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from tests.factories import DepartmentFactory, UserFactory
from tests.records import (
    Snapshot,
    api_data,
    assert_saved_as_sent,
    form_data,
    form_value,
    json_value,
    writable_api_fields,
)

# -- who ---------------------------------------------------------------------------
SUPERUSER = "superuser"
NO_ROLE = "no_role"
ANONYMOUS = "anonymous"

# -- what --------------------------------------------------------------------------
LOGIN = "login"

PAGE_ACTIONS = (
    "list",
    "detail",
    "add_get",
    "add_post",
    "edit_get",
    "edit_post",
    "delete_get",
    "delete_post",
)
API_ACTIONS = ("api_list", "api_retrieve", "api_create", "api_update", "api_partial_update", "api_destroy")
ALL_ACTIONS = PAGE_ACTIONS + API_ACTIONS
OBJECT_ACTIONS = frozenset(
    {
        "detail",
        "edit_get",
        "edit_post",
        "delete_get",
        "delete_post",
        "api_retrieve",
        "api_update",
        "api_partial_update",
        "api_destroy",
    }
)
#: write action → (kind of write, status of success)
WRITES = {
    "add_post": ("create", 302),
    "edit_post": ("update", 302),
    "delete_post": ("delete", 302),
    "api_create": ("create", 201),
    "api_update": ("update", 200),
    "api_partial_update": ("update", 200),
    "api_destroy": ("delete", 204),
}
HISTORY_TYPE = {"create": "+", "update": "~", "delete": "-"}


def scoped(in_scope, out_of_scope):
    """A status that depends on whether the object is in the user's row scope."""
    return (in_scope, out_of_scope)


def expect(base, **overrides):
    """A copy of an expectation profile with single actions overridden."""
    table = dict(base)
    unknown = set(overrides) - set(ALL_ACTIONS)
    if unknown:
        raise ValueError(f"unknown actions {sorted(unknown)}")
    table.update(overrides)
    return table


# -- profiles: complete tables to start from ---------------------------------------
FULL = {
    "list": 200,
    "detail": 200,
    "add_get": 200,
    "add_post": 302,
    "edit_get": 200,
    "edit_post": 302,
    "delete_get": 200,
    "delete_post": 302,
    "api_list": 200,
    "api_retrieve": 200,
    "api_create": 201,
    "api_update": 200,
    "api_partial_update": 200,
    "api_destroy": 204,
}
READ_ONLY = {
    **dict.fromkeys(ALL_ACTIONS, 403),
    "list": 200,
    "detail": 200,
    "api_list": 200,
    "api_retrieve": 200,
}
CHANGE_IN_SCOPE = expect(
    READ_ONLY,
    edit_get=scoped(200, 403),
    edit_post=scoped(302, 403),
    api_update=scoped(200, 403),
    api_partial_update=scoped(200, 403),
)
NO_ACCESS = dict.fromkeys(ALL_ACTIONS, 403)
#: pages send anonymous users to the login page; the API answers 401 (token auth comes first,
#: so the response carries ``WWW-Authenticate: Token``)
ANONYMOUS_ACCESS = {**dict.fromkeys(PAGE_ACTIONS, LOGIN), **dict.fromkeys(API_ACTIONS, 401)}


@dataclass(frozen=True)
class Case:
    role: str
    action: str
    scope: str  # "in_scope", "out_of_scope" or "any" (status does not depend on scope)
    status: object

    @property
    def id(self):
        return f"{self.role}-{self.action}-{self.scope}-{self.status}"


class PermissionMatrix:
    """Base of every model's permission-matrix tests (see the module docstring)."""

    model = None
    expected = {}

    list_url = detail_url = add_url = edit_url = delete_url = None
    api_list_url = api_detail_url = None

    #: fields that change on every save by design (version counters); never compared
    volatile_fields = frozenset()
    #: the form / API key whose value becomes the history record's change reason
    reason_field = "change_reason"
    #: role → callable(self, obj, user) returning field changes that leave the user's scope
    scope_escapes = {}

    # -- what a model's test class provides ----------------------------------------
    def make_object(self):
        """An object in nobody's row scope."""
        raise NotImplementedError

    def link_to_scope(self, obj, user, role):
        """Bring ``obj`` into ``user``'s row scope for ``role``."""
        raise NotImplementedError

    def create_form_data(self, user):
        raise NotImplementedError

    def update_form_data(self, user, obj):
        raise NotImplementedError

    def delete_form_data(self, user, obj):
        return {self.reason_field: "测试删除"}

    def create_api_data(self, user):
        raise NotImplementedError

    def update_api_data(self, user, obj):
        raise NotImplementedError

    def partial_api_data(self, user, obj):
        raise NotImplementedError

    def make_user(self, role):
        if role == ANONYMOUS:
            return AnonymousUser()
        if role == SUPERUSER:
            return UserFactory(is_superuser=True, is_staff=True, unit=DepartmentFactory())
        roles = [] if role == NO_ROLE else [role]
        return UserFactory(roles=roles, unit=DepartmentFactory())

    # -- the generated tests -------------------------------------------------------
    def pytest_generate_tests(self, metafunc):
        for argname, actions in (("page_case", PAGE_ACTIONS), ("api_case", API_ACTIONS)):
            if argname in metafunc.fixturenames:
                cases = list(self._cases(actions))
                metafunc.parametrize(argname, cases, ids=[c.id for c in cases])
        for argname, action in (("page_escape", "edit_post"), ("api_escape", "api_partial_update")):
            if argname in metafunc.fixturenames:
                roles = [r for r in self.scope_escapes if self._available(action)]
                metafunc.parametrize(argname, roles, ids=[f"{r}-{action}-leaving_scope-403" for r in roles])

    def _available(self, action):
        needs = {
            "list": "list_url",
            "detail": "detail_url",
            "add_get": "add_url",
            "add_post": "add_url",
            "edit_get": "edit_url",
            "edit_post": "edit_url",
            "delete_get": "delete_url",
            "delete_post": "delete_url",
            "api_list": "api_list_url",
            "api_create": "api_list_url",
        }.get(action, "api_detail_url")
        return getattr(self, needs) is not None

    def _cases(self, actions):
        for role, table in self.expected.items():
            for action in actions:
                if not self._available(action):
                    continue
                status = table[action]
                if isinstance(status, tuple):
                    yield Case(role, action, "in_scope", status[0])
                    yield Case(role, action, "out_of_scope", status[1])
                else:
                    yield Case(role, action, "any", status)

    def test_page(self, page_case, db):
        self._run(page_case, self._client(page_case.role, api=False))

    def test_api(self, api_case, db):
        self._run(api_case, self._client(api_case.role, api=True))

    def test_page_scope_escape(self, page_escape, db):
        """Changing an in-scope object so it leaves the user's scope is refused and rolled back."""
        self._run_escape(page_escape, "edit_post")

    def test_api_scope_escape(self, api_escape, db):
        """The same through the API (PATCH)."""
        self._run_escape(api_escape, "api_partial_update")

    # -- machinery ------------------------------------------------------------------
    def _client(self, role, api):
        self.user = self.make_user(role)
        client = APIClient() if api else Client()
        if self.user.is_authenticated:
            client.force_login(self.user)
        return client

    def _object_for(self, case):
        obj = self.make_object()
        if case.scope == "in_scope":
            self.link_to_scope(obj, self.user, case.role)
        obj.refresh_from_db()
        return obj

    def _request(self, client, action, obj):
        user = self.user
        if action == "list":
            return client.get(self.list_url())
        if action == "detail":
            return client.get(self.detail_url(obj))
        if action == "add_get":
            return client.get(self.add_url())
        if action == "add_post":
            self.sent = self.create_form_data(user)
            return client.post(self.add_url(), self.sent)
        if action == "edit_get":
            return client.get(self.edit_url(obj))
        if action == "edit_post":
            self.sent = self.update_form_data(user, obj)
            return client.post(self.edit_url(obj), self.sent)
        if action == "delete_get":
            return client.get(self.delete_url(obj))
        if action == "delete_post":
            self.sent = self.delete_form_data(user, obj)
            return client.post(self.delete_url(obj), self.sent)
        if action == "api_list":
            return client.get(self.api_list_url())
        if action == "api_retrieve":
            return client.get(self.api_detail_url(obj))
        if action == "api_create":
            self.sent = self.create_api_data(user)
            return client.post(self.api_list_url(), self.sent, format="json")
        if action == "api_update":
            self.sent = self.update_api_data(user, obj)
            return client.put(self.api_detail_url(obj), self.sent, format="json")
        if action == "api_partial_update":
            self.sent = self.partial_api_data(user, obj)
            return client.patch(self.api_detail_url(obj), self.sent, format="json")
        if action == "api_destroy":
            return client.delete(self.api_detail_url(obj))
        raise ValueError(action)

    def _run(self, case, client):
        self.sent = {}
        if case.action in OBJECT_ACTIONS:
            obj = self._object_for(case)
            shown = [obj]
        else:
            obj = None
            shown = [
                self._object_for(Case(case.role, case.action, scope, None))
                for scope in ("in_scope", "out_of_scope")
            ]
        before = Snapshot.take(self.model, obj)
        response = self._request(client, case.action, obj)
        self.assert_status(response, case)
        if case.action in WRITES:
            kind, success = WRITES[case.action]
            if case.status == success:
                self.assert_written(kind, before, obj)
            else:
                self.assert_unchanged(before, obj)
        elif response.status_code == 200:
            self.assert_shows(response, case.action, shown)

    def _run_escape(self, role, action):
        client = self._client(role, api=action.startswith("api_"))
        case = Case(role, action, "in_scope", 403)
        obj = self._object_for(case)
        escape = self.scope_escapes[role](self, obj, self.user)
        if action == "edit_post":
            self.sent = {
                **self.update_form_data(self.user, obj),
                **{k: form_value(v) for k, v in escape.items()},
            }
            before = Snapshot.take(self.model, obj)
            response = client.post(self.edit_url(obj), self.sent)
        else:
            self.sent = {k: json_value(v) for k, v in escape.items()}
            before = Snapshot.take(self.model, obj)
            response = client.patch(self.api_detail_url(obj), self.sent, format="json")
        self.assert_status(response, case)
        self.assert_unchanged(before, obj)

    # -- assertions -------------------------------------------------------------------
    def assert_status(self, response, case):
        body = getattr(response, "content", b"")[:600].decode("utf-8", "replace")
        if case.status == LOGIN:
            assert response.status_code == 302, f"{case.id}: got {response.status_code}\n{body}"
            login = resolve_url(settings.LOGIN_URL)
            assert response["Location"].startswith(login), f"{case.id}: redirected to {response['Location']}"
            return
        assert response.status_code == case.status, (
            f"{case.id}: expected {case.status}, got {response.status_code}\n{body}"
        )

    def assert_shows(self, response, action, objects):
        pks = {o.pk for o in objects}
        if action == "list":
            listed = {row.pk for row in response.context["rows"]}
        elif action == "api_list":
            data = response.json()
            listed = {item["id"] for item in (data["results"] if isinstance(data, dict) else data)}
        elif action == "api_retrieve":
            listed = {response.json()["id"]}
        elif action == "detail":
            listed = {response.context["object"].pk}
        else:
            return
        assert pks <= listed, f"{action}: expected {pks} to be shown, got {listed}"

    def assert_unchanged(self, before, obj):
        after = Snapshot.take(self.model, obj)
        assert after.rows == before.rows, f"row count changed: {before.rows} → {after.rows}"
        assert after.history == before.history, f"history count changed: {before.history} → {after.history}"
        assert after.values == before.values, "a refused write changed the row"

    def assert_written(self, kind, before, obj):
        after = Snapshot.take(self.model, obj)
        manager = self.model._default_manager
        if kind == "create":
            assert after.rows == before.rows + 1, f"create: row count {before.rows} → {after.rows}"
            (new_pk,) = after.pks - before.pks
            obj = manager.get(pk=new_pk)
            assert_saved_as_sent(obj, self.sent, skip=self.volatile_fields)
        elif kind == "update":
            assert after.rows == before.rows, f"update: row count {before.rows} → {after.rows}"
            assert_saved_as_sent(obj, self.sent, skip=self.volatile_fields)
            self.assert_unsent_fields_unchanged(before.values, after.values)
        else:
            assert after.rows == before.rows - 1, f"delete: row count {before.rows} → {after.rows}"
            assert not manager.filter(pk=obj.pk).exists()
        assert after.history == before.history + 1, (
            f"{kind}: expected exactly one new history record, {before.history} → {after.history}"
        )
        record = self.model.history.order_by("-history_id").first()
        assert getattr(record, self.model._meta.pk.attname) == obj.pk, (
            "the new history record is another row's"
        )
        assert record.history_type == HISTORY_TYPE[kind]
        assert record.history_user_id == self.user.pk, (
            f"history_user is {record.history_user_id}, expected the acting user {self.user.pk}"
        )
        reason = self.sent.get(self.reason_field)
        if reason:
            assert record.history_change_reason == reason

    def assert_unsent_fields_unchanged(self, before, after):
        changed = {
            field.attname: (before[field.attname], after[field.attname])
            for field in self.model._meta.concrete_fields
            if field.name not in self.sent
            and field.name not in self.volatile_fields
            and not getattr(field, "auto_now", False)
            and before[field.attname] != after[field.attname]
        }
        assert not changed, f"fields that were not sent changed: {changed}"


# Role is re-exported so a model's test module needs one import for the table.
__all__ = [
    "ALL_ACTIONS",
    "ANONYMOUS",
    "ANONYMOUS_ACCESS",
    "API_ACTIONS",
    "CHANGE_IN_SCOPE",
    "FULL",
    "LOGIN",
    "NO_ACCESS",
    "NO_ROLE",
    "PAGE_ACTIONS",
    "READ_ONLY",
    "SUPERUSER",
    "PermissionMatrix",
    "Role",
    "Snapshot",
    "api_data",
    "assert_saved_as_sent",
    "expect",
    "form_data",
    "scoped",
    "writable_api_fields",
]
