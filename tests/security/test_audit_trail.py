"""等保2.0 三级 安全审计: the security log and the change history cannot be edited or deleted through the
platform, and nothing deletes records younger than AUDIT_RETENTION_DAYS."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent, SecurityEventKind
from accounts.roles import AdminRole, Role
from projects.models import Project
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMINS = {
    "superuser": {"is_superuser": True},
    "audit": {"roles": [AdminRole.AUDIT]},
    "security": {"roles": [AdminRole.SECURITY]},
    "system": {"roles": [AdminRole.SYSTEM]},
    "office": {"roles": [Role.KEY_OFFICE]},
}


def as_(who):
    client = Client()
    client.force_login(UserFactory(is_staff=True, **ADMINS[who]))
    return client


@pytest.fixture
def event():
    return SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="zhangsan", detail="原始")


def test_a_stored_event_cannot_be_changed_or_deleted_through_the_orm(event):
    event.detail = "篡改"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="篡改")
    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.all().delete()
    assert SecurityEvent.objects.get(pk=event.pk).detail == "原始"


@pytest.mark.parametrize("who", list(ADMINS))
def test_no_one_changes_or_deletes_an_event_in_the_admin(event, who):
    client = as_(who)
    change = reverse("admin:accounts_securityevent_change", args=[event.pk])
    page = client.get(change)
    if who in ("superuser", "audit"):
        assert page.status_code == 200
        assert (
            page.context["has_change_permission"] is False and page.context["has_delete_permission"] is False
        )
    else:
        assert page.status_code in (302, 403)
    client.post(change, {"kind": "logout", "username": "lisi", "detail": "篡改"})
    delete = client.post(reverse("admin:accounts_securityevent_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code in (302, 403)
    client.post(
        reverse("admin:accounts_securityevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    add = client.post(reverse("admin:accounts_securityevent_add"), {"kind": "login", "username": "forged"})
    assert add.status_code in (302, 403)
    stored = SecurityEvent.objects.get(pk=event.pk)
    assert (stored.kind, stored.username, stored.detail) == ("login", "zhangsan", "原始")
    assert not SecurityEvent.objects.filter(username__in=["lisi", "forged"]).exists()


@pytest.mark.parametrize("who", list(ADMINS))
def test_history_records_are_read_only_in_the_admin(who):
    project = ProjectFactory(name="原名称")
    record = project.history.first()
    client = as_(who)
    url = reverse("admin:projects_historicalproject_change", args=[record.pk])
    page = client.get(url)
    if who in ("superuser", "audit"):
        assert page.status_code == 200 and page.context["has_change_permission"] is False
    else:
        assert page.status_code in (302, 403)
    client.post(url, {"name": "篡改"})
    client.post(reverse("admin:projects_historicalproject_delete", args=[record.pk]), {"post": "yes"})
    assert type(record).objects.filter(pk=record.pk, name="原名称").exists()


@pytest.mark.parametrize("who", ["superuser", "office"])
def test_a_past_version_cannot_be_saved_back_from_the_history_page(who):
    project = ProjectFactory(name="第一版")
    first = project.history.get()
    project.name = "第二版"
    project.save()
    client = as_(who)
    url = reverse("admin:projects_project_simple_history", args=[project.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "第一版"}).status_code == 403
    project.refresh_from_db()
    assert project.name == "第二版" and project.history.count() == 2


def test_younger_records_cannot_be_deleted_by_any_path(settings):
    project = ProjectFactory()
    records = project.history.all()
    with pytest.raises(PermissionDenied), transaction.atomic():
        records.delete()
    with pytest.raises(PermissionDenied), transaction.atomic():
        records.first().delete()
    # django-simple-history's own purge command refuses too, and deletes nothing
    project.history.update(history_date=timezone.now() - timedelta(days=10))
    with pytest.raises(PermissionDenied), transaction.atomic():
        call_command("clean_old_history", "--days", "1", "--auto", verbosity=0)
    assert project.history.count() == 1


def test_records_past_the_retention_period_may_be_purged(settings):
    project = ProjectFactory()
    old = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS + 1)
    project.history.update(history_date=old)
    call_command("clean_old_history", "--days", str(settings.AUDIT_RETENTION_DAYS), "--auto", verbosity=0)
    assert not Project.history.filter(id=project.pk).exists()


def test_retention_is_180_days_by_default():
    from django.conf import settings

    assert settings.AUDIT_RETENTION_DAYS >= 180
