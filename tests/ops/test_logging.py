"""Structured logs: every response has an X-Request-ID (kept from a sane incoming header,
generated otherwise), and every record written during the request carries it, as JSON."""

import io
import json
import logging
import re

import pytest
from django.conf import settings

from liuyang.logging import JsonFormatter, RequestContextFilter, TextFormatter
from liuyang.logging import current as log_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_lines():
    """Records reaching the root logger, written the way the console handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_every_response_gets_a_request_id(client):
    first = client.get("/healthz")
    second = client.get("/healthz")
    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert GENERATED.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sane_incoming_id_is_kept(client):
    response = client.get("/login/", HTTP_X_REQUEST_ID="edge-7f3a.42:01")
    assert response["X-Request-ID"] == "edge-7f3a.42:01"


@pytest.mark.parametrize(
    "bogus",
    [
        "two words",
        "<script>alert(1)</script>",
        "x" * 200,
        "id\r\nSet-Cookie: a=b",
        "-starts-with-dash",
        "编号",
    ],
)
def test_a_bogus_incoming_id_is_replaced(client, bogus):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bogus)
    assert response["X-Request-ID"] != bogus
    assert GENERATED.fullmatch(response["X-Request-ID"])


@pytest.mark.urls("tests.ops.logging_urls")
def test_a_record_emitted_during_a_request_carries_the_id_as_json(client, json_lines):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/noisy/", HTTP_X_REQUEST_ID="req-abc-123")
    assert response["X-Request-ID"] == "req-abc-123"

    lines = json_lines()
    inside = [line for line in lines if line["logger"] == "tests.ops.view"]
    assert inside == [
        {
            "time": inside[0]["time"],
            "level": "WARNING",
            "logger": "tests.ops.view",
            "message": "inside the view",
            "request_id": "req-abc-123",
            "user_id": user.pk,
            "path": "/noisy/",
        }
    ]
    access = [line for line in lines if line["logger"] == "liuyang.access"]
    assert len(access) == 1
    assert access[0]["request_id"] == "req-abc-123"
    assert access[0]["method"] == "GET"
    assert access[0]["path"] == "/noisy/"
    assert access[0]["status"] == 200
    assert access[0]["user_id"] == user.pk
    assert isinstance(access[0]["duration_ms"], float)
    # and nothing is left bound once the response is out
    assert log_context() == {}
    logging.getLogger("tests.ops.view").warning("after the request")
    assert "request_id" not in json_lines()[-1]


def test_an_anonymous_request_logs_no_user_and_costs_no_query(client, json_lines, django_assert_num_queries):
    with django_assert_num_queries(1):  # /healthz's own SELECT 1; the access line looks nothing up
        client.get("/healthz", HTTP_X_REQUEST_ID="probe-1")
    (access,) = [line for line in json_lines() if line["logger"] == "liuyang.access"]
    assert access["request_id"] == "probe-1"
    assert "user_id" not in access


def test_a_celery_task_logs_with_its_task_id_and_the_request_id(json_lines, eager_celery):
    from liuyang.celery import app
    from liuyang.logging import bind, unbind

    @app.task(name="tests.ops.log_something")
    def log_something():
        logging.getLogger("tests.ops.task").info("inside the task")

    token = bind(request_id="req-queued-it")
    try:
        result = log_something.delay()
    finally:
        unbind(token)
    (line,) = [line for line in json_lines() if line["logger"] == "tests.ops.task"]
    assert line["task_id"] == result.id
    assert line["task"] == "tests.ops.log_something"
    assert line["request_id"] == "req-queued-it"


def test_the_text_format_names_the_request():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", (), None)
    record.request_id = "req-1"
    assert TextFormatter().format(record).endswith("INFO x [req-1] hello")


def test_logs_are_json_by_default_in_production():
    console = settings.LOGGING["handlers"]["console"]
    assert console["filters"] == ["context"]
    assert settings.LOGGING["formatters"][console["formatter"]]
    assert console["formatter"] == ("text" if settings.DEBUG else "json")
    assert settings.MIDDLEWARE[0] == "liuyang.middleware.RequestIdMiddleware"
