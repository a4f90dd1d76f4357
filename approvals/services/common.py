"""Helpers every approvals service shares."""

from django.utils import timezone

from liuyang.policies import require  # noqa: F401

from ..models import CaseMaterial, TaskMove


def now_and_today(at=None):
    """The moment of an action and its local date (Asia/Shanghai)."""
    at = at or timezone.now()
    return at, timezone.localdate(at)


def record_move(task, kind, from_status, actor, at, note=""):
    return TaskMove.objects.create(
        task=task, kind=kind, from_status=from_status, to_status=task.status, actor=actor, at=at, note=note
    )


def store_upload(case, material, upload, user, at):
    """Keep an uploaded material file of a case (checked beforehand with files.check_file)."""
    saved = CaseMaterial(
        case=case,
        material=material,
        original_name=(upload.name or "")[:200],
        size=upload.size,
        uploaded_by=user,
        uploaded_at=at,
    )
    saved.file.save(upload.name, upload, save=False)
    saved.save()
    return saved
