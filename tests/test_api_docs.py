"""The OpenAPI schema and its docs page: for signed-in users, and fully offline."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_schema_and_docs_are_refused_to_anonymous_callers(client):
    assert client.get(reverse("schema")).status_code in (401, 403)
    assert client.get(reverse("api-docs")).status_code in (401, 403)


def test_signed_in_user_gets_the_schema_with_the_projects_api(client):
    client.force_login(UserFactory(roles=["city_leader"]))
    response = client.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/projects/", "/api/projects/{id}/"} <= set(paths)


def test_docs_page_loads_swagger_from_our_own_static_files(client):
    client.force_login(UserFactory(roles=["key_office"]))
    html = client.get(reverse("api-docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
