from django.conf import settings

from accounts.roles import user_roles


def platform(request):
    user = getattr(request, "user", None)
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "user_roles": user_roles(user) if user is not None else frozenset(),
    }
