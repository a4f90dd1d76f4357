"""The unread count in the header: one COUNT query per page, only for a signed-in user."""

from django.utils.functional import SimpleLazyObject

from .services import unread_count


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that never shows the header (an htmx table) runs no query.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
