"""What the approvals endpoints share: the base viewsets and the task actions' permission.

Every change of a case, a task or a supplement is an action that calls
``approvals.services`` (which checks the user's right again, validates with
messages keyed by field and saves atomically); the views parse the body and
answer with the object read afresh through their queryset.
"""

from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from liuyang.api.permissions import PolicyPermission
from liuyang.api.viewsets import PolicyModelViewSet
from liuyang.policies import policy_for

from ..models import ApprovalCase

READ = ["get", "head", "options"]


class ActionsMixin:
    """Actions that parse their own bodies (``inputs``) and answer with the object read again."""

    #: action → serializer of its request body
    inputs = {}
    #: action → serializer of its answer, where it is not ``serializer_class``
    outputs = {}

    @cached_property
    def today(self):
        return timezone.localdate()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.today}

    def get_serializer_class(self):
        return self.inputs.get(self.action) or self.outputs.get(self.action) or self.serializer_class

    def parse(self):
        serializer = self.inputs[self.action](data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def fresh(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def answer(self, obj, status_code=status.HTTP_200_OK):
        data = self.serializer_class(self.fresh(obj), context=self.get_serializer_context()).data
        return Response(data, status=status_code)


class CatalogueViewSet(ActionsMixin, PolicyModelViewSet):
    """Plain office-kept records (catalogue, calendar, dishonesty list): the base viewset's
    atomic, audited and re-checked writes."""


class ScopedReadViewSet(ActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Cases, tasks and supplements: read through the policy's row scope; no PUT, PATCH or DELETE.
    Their state changes only through the actions."""

    def get_queryset(self):
        return policy_for(self.queryset.model).viewable(self.request.user, super().get_queryset())


class IntakeViewSet(mixins.CreateModelMixin, ScopedReadViewSet):
    """A scoped read-only viewset that also takes POST on the list (intake)."""


class TaskActionPermission(PolicyPermission):
    """The department's actions need a task the user may change (their department's); the
    applicant's correction (``resubmit``) needs the case's applicant side (the office or the
    project's service commissioner). Reads follow the task policy."""

    APPLICANT_ACTIONS = frozenset({"resubmit"})

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated or not self._policy(view).can_view(user):
            return False
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        if view.action in self.APPLICANT_ACTIONS:
            return policy_for(ApprovalCase).can_add(user)
        return self._policy(view).may_change_some(user)

    def has_object_permission(self, request, view, obj):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        if view.action in self.APPLICANT_ACTIONS:
            return policy_for(ApprovalCase).can_change(request.user, obj.case)
        return self._policy(view).can_change(request.user, obj)
