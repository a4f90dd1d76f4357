"""Who may call the ledger's endpoints; the services decide who may act on which issue.

Reading follows the policy's row scope (an issue out of it is a 404). Raising needs
a role that raises issues; editing an issue's description and deleting it are the
office's. The actions (update, resolve, verify, reopen, list) reach the services,
which refuse (403) a user who may see the issue but not act on it.
"""

from rest_framework import permissions

from liuyang.api.permissions import PolicyPermission

CREATE_ACTIONS = frozenset({"create", "from_action_item"})


class IssuePermission(PolicyPermission):
    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated or not self._policy(view).can_view(user):
            return False
        if view.action in CREATE_ACTIONS:
            return self._policy(view).can_add(user)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        policy = self._policy(view)
        if request.method == "DELETE":
            return policy.can_delete(request.user, obj)
        if request.method in ("PUT", "PATCH"):
            return policy.writes_all(request.user)
        return True
