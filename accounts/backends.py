"""The sign-in backend: Django's, refusing a locked username before looking at the password."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import lockout


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.get_user_model_field())
        if username is not None and lockout.locked_until(username):
            # authenticate() turns this into "no user" and sends user_login_failed; no other backend runs.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def get_user_model_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
