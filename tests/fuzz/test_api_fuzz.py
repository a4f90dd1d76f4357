"""Schemathesis against /api/schema/: every operation, as a signed-in office user.

The schema is fetched from the running app (in-process WSGI, the real PostgreSQL
test database) with the office user's token, then every operation is called with
generated data and each response is checked: no server error, a status code and
a content type the schema documents, and a body that matches the documented
schema. Writes happen in the test's transaction and are rolled back.

The normal suite runs a few examples per operation; ``make fuzz`` runs many more
(``FUZZ_MAX_EXAMPLES``) and can load the whole demo first (``FUZZ_DEMO=1``).
Exclusions and the reasons for them: docs/fuzz.md.
"""

import os
import re
from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test.utils import override_settings
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.demo import FAST_HASHER

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "3"))
LOAD_DEMO = os.environ.get("FUZZ_DEMO", "") not in ("", "0", "false", "no")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: how many real ids per path the generator may pick besides the random ones
REAL_IDS = 5


def build_small_world():
    """A few rows of the main kinds, so that detail, update and delete calls can hit real objects."""
    from accounts.roles import Role
    from tests import factories

    office = factories.UserFactory(username="fuzz_office", roles=[Role.KEY_OFFICE])
    project = factories.ProjectFactory()
    task_force = factories.TaskForceFactory(project=project)
    factories.TaskForceMemberFactory(task_force=task_force)
    factories.MilestoneFactory(project=project)
    factories.ProgressReportFactory(project=factories.ProjectFactory(stage="construction"), created_by=office)
    factories.DispatchMeetingFactory(task_force=task_force, created_by=office)
    factories.ReserveEntryFactory()
    factories.EvaluationCriterionFactory()
    return office


def load_demo_world():
    from accounts.models import User
    from liuyang.demo.loader import load_demo

    load_demo()
    return User.objects.get(username="office")


def real_ids(raw_schema, office):
    """For each path with an ``{id}``, a few primary keys the office user can see."""
    from liuyang.policies import policy_for

    ids = {}
    for path in raw_schema["paths"]:
        if "{id}" not in path:
            continue
        try:
            match = resolve(re.sub(r"\{[^}]+\}", "1", path))
        except Resolver404:
            continue
        queryset = getattr(getattr(match.func, "cls", None), "queryset", None)
        if queryset is None:
            continue
        visible = policy_for(queryset.model).viewable(office, queryset.model._default_manager.all())
        ids[path] = list(visible.order_by("pk").values_list("pk", flat=True)[:REAL_IDS])
    return ids


@contextmanager
def connection_kept_open():
    """Like Django's test client: a request must not close the connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The office user, its token and the rows to aim at; all rolled back at the end of the module."""
    media = tmp_path_factory.mktemp("fuzz-media")
    overrides = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHER)
    with django_db_blocker.unblock(), overrides, connection_kept_open(), transaction.atomic():
        office = load_demo_world() if LOAD_DEMO else build_small_world()
        token = Token.objects.create(user=office)
        yield {"office": office, "headers": {"Authorization": f"Token {token.key}"}}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def api_schema(fuzz_world, request):
    config = schemathesis.Config.from_dict(
        {
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
            # The coverage phase alone sends hundreds of boundary cases per operation: make fuzz only.
            "phases": {"coverage": {"enabled": MAX_EXAMPLES > 20}, "stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), config=config, headers=fuzz_world["headers"]
    )
    ids = real_ids(schema.raw_schema, fuzz_world["office"])

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        known = ids.get(context.operation.path) if context.operation else None
        if not known or "id" not in path_parameters:
            return st.just(path_parameters)
        return st.one_of(
            st.just(path_parameters), st.sampled_from(known).map(lambda pk: {**path_parameters, "id": pk})
        )

    calls = Counter()

    @schema.hook
    def after_call(context, case, response):
        calls[response.status_code] += 1

    yield schema
    operations = sum(1 for result in schema.get_all_operations() if isinstance(result, Ok))
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(calls.items()))
    # past pytest's capture, so that make fuzz shows how much it did
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(
            f"\nschemathesis: {operations} operations, {sum(calls.values())} calls "
            f"(max_examples={MAX_EXAMPLES}, demo={LOAD_DEMO}); by status {statuses}"
        )


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """schemathesis 4.32 reads ``node._nodeid`` to name each operation's subtest; pytest 9.2 has no such attribute."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, fuzz_world):
    case.call_and_validate(headers=fuzz_world["headers"], checks=CHECKS)
