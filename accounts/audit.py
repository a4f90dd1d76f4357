"""Writing security audit records (``SecurityEvent``), append-only."""

from .models import SecurityEvent


def client_ip(request):
    """The caller's address: REMOTE_ADDR (behind a proxy, the proxy sets it via the WSGI server)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(kind, username, request=None, actor="", detail=""):
    """Append one security event; returns it."""
    if not actor and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        actor=(actor or "")[:150],
        ip_address=client_ip(request),
        detail=(detail or "")[:500],
    )
