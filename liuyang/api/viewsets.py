"""The base viewset: writes are atomic, audited and re-checked after saving."""

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied

from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = ConflictError.default_message
    default_code = "conflict"


class PolicyModelViewSet(viewsets.ModelViewSet):
    """A model viewset whose writes are atomic, audited and re-checked after saving.

    The object as saved must still be one the user may change (a staff member
    cannot move a project out of their own scope); otherwise the save is rolled
    back and the request refused.
    """

    def get_queryset(self):
        return policy_for(self.queryset.model).viewable(self.request.user, super().get_queryset())

    def _recheck(self, instance):
        if not policy_for(instance).can_change(self.request.user, instance):
            raise PermissionDenied(_("保存后的记录超出了您的权限范围，未做任何修改。"))

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            self._recheck(instance)

    def perform_update(self, serializer):
        try:
            with transaction.atomic():
                instance = serializer.save()
                self._recheck(instance)
        except ConflictError as exc:
            raise Conflict(str(exc)) from exc

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as exc:
            blockers = "、".join(sorted({str(o) for o in exc.args[1]})[:5])
            raise Conflict(_("无法删除：仍有记录引用它（%(blockers)s）。") % {"blockers": blockers}) from exc
