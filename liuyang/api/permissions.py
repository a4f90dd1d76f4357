"""The API's permission class: it asks the model's policy (``liuyang.policies``).

Kept free of ``rest_framework.views`` imports: DRF imports this module while
its own views module is loading.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from liuyang.policies import policy_for


class PolicyPermission(permissions.BasePermission):
    """Ask the model's policy (``liuyang.policies``) for every request."""

    message = _("您没有执行此操作的权限。")

    def _policy(self, view):
        return policy_for(view.queryset.model)

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        policy = self._policy(view)
        if not policy.can_view(user):
            return False
        if request.method == "POST":
            return policy.can_add(user)
        if request.method in permissions.SAFE_METHODS:
            return True
        # Changes and deletes are decided per object.
        return policy.may_change_some(user) or policy.can_delete(user, None)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        policy = self._policy(view)
        if request.method == "DELETE":
            return policy.can_delete(request.user, obj)
        return policy.can_change(request.user, obj)
