"""liuyang.models.VersionedModel: every save bumps ``version``; a save from a stale version is
refused (ConflictError) and writes nothing — whichever path saves (form, API, admin, service)."""

import pytest

from liuyang.exceptions import ConflictError
from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_new_row_starts_at_version_one_and_every_save_adds_one():
    project = ProjectFactory()
    assert project.version == 1
    project.save()
    project.save()
    assert Project.objects.get(pk=project.pk).version == 3


def test_a_save_from_a_stale_version_is_refused_and_writes_nothing():
    project = ProjectFactory(name="原名称")
    stale = Project.objects.get(pk=project.pk)
    project.name = "先保存的"
    project.save()
    history = project.history.count()
    stale.name = "后保存的"
    stale.expected_version = 1
    with pytest.raises(ConflictError):
        stale.save()
    project.refresh_from_db()
    assert (project.name, project.version) == ("先保存的", 2)
    assert project.history.count() == history


def test_a_save_from_the_current_version_goes_through():
    project = ProjectFactory()
    project.expected_version = 1
    project.name = "按当前版本保存"
    project.save()
    assert Project.objects.get(pk=project.pk).version == 2


def test_a_save_with_update_fields_also_bumps_the_stored_version():
    """Otherwise an editor opened before it would silently overwrite the change."""
    project = ProjectFactory()
    project.stage = "construction"
    project.save(update_fields=["stage"])
    assert Project.objects.get(pk=project.pk).version == 2
    opened_before = Project.objects.get(pk=project.pk)
    opened_before.expected_version = 1
    with pytest.raises(ConflictError):
        opened_before.save()
