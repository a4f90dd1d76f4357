"""Who may read and write what: one policy per model, used by views, API and admin.

A policy answers four questions for a user: may they see the model's rows, may
they add a row, which rows may they change, may they delete a row. Roles grant
rights on every row (``write_all_roles``) or on the rows a *row scope* selects
(``scope_q``: "member of this project's task force", "staff of this
department"). Superusers may do everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.roles import ALL_ROLES, Role, user_roles

_registry = {}

NOTHING = Q(pk__in=[])


def require(allowed, message=None):
    """Raise PermissionDenied (→ 403) unless ``allowed``: the services' permission check."""
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限。"))


def register(policy_class):
    """Class decorator: make ``policy_class`` the policy of its model."""
    _registry[policy_class.model] = policy_class()
    return policy_class


def policy_for(model_or_obj):
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    model = getattr(model._meta, "concrete_model", model)
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"No policy registered for {model.__name__}") from None


class ObjectPolicy:
    model = None
    #: roles that may read the model at all
    read_roles = ALL_ROLES
    #: of those, the roles that read every row; the others read only ``read_scope_q``.
    #: None: every read role reads every row.
    read_all_roles = None
    #: roles that may change every row
    write_all_roles = frozenset({Role.KEY_OFFICE})
    #: roles that may create rows
    add_roles = frozenset({Role.KEY_OFFICE})
    #: roles that may delete rows
    delete_roles = frozenset({Role.KEY_OFFICE})

    # -- the rule a model overrides -------------------------------------------------
    def scope_q(self, user, roles):
        """Rows the user may change through a row scope (beyond ``write_all_roles``)."""
        return NOTHING

    def read_scope_q(self, user, roles):
        """Rows a read role outside ``read_all_roles`` may see (by default: those they may change)."""
        return self.scope_q(user, roles)

    # -- questions ------------------------------------------------------------------
    def can_view(self, user):
        return bool(user.is_active and (user.is_superuser or user_roles(user) & self.read_roles))

    def can_add(self, user):
        return bool(user.is_active and (user.is_superuser or user_roles(user) & self.add_roles))

    def writes_all(self, user):
        return bool(user.is_active and (user.is_superuser or user_roles(user) & self.write_all_roles))

    def may_change_some(self, user):
        """Whether the user could change any row at all (to show or hide edit links)."""
        return self.writes_all(user) or self.scope_q(user, user_roles(user)) is not NOTHING

    def viewable(self, user, queryset=None):
        """The rows of ``queryset`` the user may see: all of them, their read scope, or none."""
        queryset = self.model._default_manager.all() if queryset is None else queryset
        if not self.can_view(user):
            return queryset.none()
        roles = user_roles(user)
        if self.read_all_roles is None or user.is_superuser or roles & self.read_all_roles:
            return queryset
        q = self.read_scope_q(user, roles)
        if q is NOTHING:
            return queryset.none()
        return queryset.filter(q)

    def writable(self, user, queryset=None):
        """The rows of ``queryset`` the user may change."""
        queryset = self.model._default_manager.all() if queryset is None else queryset
        if self.writes_all(user):
            return queryset
        if not user.is_active:
            return queryset.none()
        q = self.scope_q(user, user_roles(user))
        if q is NOTHING:
            return queryset.none()
        return queryset.filter(q)

    def can_change(self, user, obj):
        if self.writes_all(user):
            return True
        if obj.pk is None:
            return False
        return self.writable(user).filter(pk=obj.pk).exists()

    def can_delete(self, user, obj):
        """A role that may delete, and (for a given row) the row within the user's scope."""
        allowed = bool(user.is_active and (user.is_superuser or user_roles(user) & self.delete_roles))
        if not allowed or obj is None or self.writes_all(user):
            return allowed
        return self.can_change(user, obj)

    def writable_ids(self, user, ids):
        """Of the given primary keys, those the user may change (one query at most)."""
        ids = list(ids)
        if not ids:
            return set()
        if self.writes_all(user):
            return set(ids)
        return set(self.writable(user).filter(pk__in=ids).values_list("pk", flat=True))
