"""What the fuzzer found, pinned down: the error responses are JSON, documented, and not 500s."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(api_client):
    api_client.force_authenticate(UserFactory(roles=[Role.KEY_OFFICE]))
    return api_client


def test_an_unknown_address_under_api_answers_json_404(office_client, client):
    for path in ("/api/projects/1.5/", "/api/projects/%08/", "/api/no-such-thing/"):
        response = office_client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "未找到。"}
    # elsewhere the 404 page, as before
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    page = client.get("/projects/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("year", ["-32617515567608896", "0", "10000", "2026.5"])
@pytest.mark.parametrize("path", ["/api/workday-overrides/", "/api/approval-cases/", "/api/approval-tasks/"])
def test_a_year_out_of_range_is_a_400_not_a_500(office_client, path, year):
    response = office_client.get(path, {"year": year})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_a_year_in_range_still_filters(office_client):
    assert office_client.get("/api/workday-overrides/", {"year": "2026"}).status_code == 200


def test_the_schema_documents_the_errors_each_operation_gives(office_client):
    schema = office_client.get(reverse("schema"), {"format": "json"}).json()
    paths, components = schema["paths"], schema["components"]["schemas"]

    def codes(path, method):
        return set(paths[path][method]["responses"])

    assert codes("/api/projects/{id}/", "patch") >= {"200", "400", "401", "403", "404", "409"}
    assert codes("/api/projects/{id}/", "delete") >= {"204", "401", "403", "404", "409"}
    assert codes("/api/projects/", "get") >= {"200", "400", "401", "403", "404"}
    assert "409" not in codes("/api/projects/", "get")
    assert "404" not in codes("/api/projects/", "post")
    body = paths["/api/projects/{id}/"]["patch"]["responses"]["400"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ValidationErrorBody"}
    assert components["ErrorDetail"]["required"] == ["detail"]

    # the statistics are one object, not a list
    stats = paths["/api/approval-statistics/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert stats["schema"] == {"$ref": "#/components/schemas/ApprovalStatistics"}
    # a blank read-only choice ("" for a move without a new tier) is documented
    to_tier = components["ReserveMove"]["properties"]["to_tier"]
    refs = [choice.get("$ref") for choice in to_tier.get("oneOf", [])]
    assert "#/components/schemas/BlankEnum" in refs


@pytest.mark.parametrize("path", ["/api/issues/", "/api/investment-leads/", "/api/tolerance-applications/"])
def test_a_body_that_is_no_object_is_a_400(office_client, path):
    response = office_client.post(path, "false", content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_an_unknown_filter_with_a_percent_sign_is_a_400(office_client):
    response = office_client.get("/api/lead-journal/", {"a%zb": "1"})
    assert response.status_code == 400
    assert response.json() == {"a%zb": ["未知的筛选参数“a%zb”。"]}


def test_options_on_my_notification_settings_answers(office_client):
    assert office_client.options("/api/notification-preferences/me/").status_code == 200


def test_the_schema_matches_what_the_fuzzer_saw_later(office_client):
    schema = office_client.get(reverse("schema"), {"format": "json"}).json()
    workdays = schema["paths"]["/api/workdays/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert workdays["schema"] == {"$ref": "#/components/schemas/WorkdayAnswer"}
    journal = schema["components"]["schemas"]["IssueJournal"]["properties"]
    assert journal["from_level_display"]["nullable"] is True
    preference = schema["components"]["schemas"]["NotificationPreference"]["properties"]
    blank = {"type": "string", "maxLength": 0}  # "" (no address) is documented beside the email format
    assert blank in preference["account_email"]["oneOf"] and blank in preference["email"]["oneOf"]
