"""Sign-in lockout (等保2.0 三级 登录失败处理).

``LOGIN_FAILURE_LIMIT`` failed sign-ins for one username within
``LOGIN_FAILURE_WINDOW_MINUTES`` lock it for ``LOGIN_LOCKOUT_MINUTES``. The
counts are rows in the database (``LoginLock``), so every web process and
worker sees the same lock. A successful sign-in clears them; the security
administrator can unlock early.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import LoginLock, SecurityEventKind


def normalise(username):
    return (username or "").strip()[:150]


def locked_until(username):
    """When the username's lock ends, or None if it is not locked."""
    lock = LoginLock.objects.filter(username=normalise(username)).only("locked_until").first()
    if lock is not None and lock.is_locked:
        return lock.locked_until
    return None


def record_failure(username, request=None):
    """Count one failed sign-in; lock the username when the limit is reached. Returns the lock end or None."""
    username = normalise(username)
    if not username:
        return None
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    with transaction.atomic():
        lock, _created = LoginLock.objects.select_for_update().get_or_create(username=username)
        if lock.is_locked:
            # Tries during a lock are refused before the password is checked; they do not extend it.
            audit.record(SecurityEventKind.LOGIN_FAILED, username, request, detail="locked")
            return lock.locked_until
        if lock.first_failure_at is None or now - lock.first_failure_at > window:
            lock.failures, lock.first_failure_at = 0, now
        lock.failures += 1
        lock.locked_until = None
        newly_locked = lock.failures >= settings.LOGIN_FAILURE_LIMIT
        if newly_locked:
            lock.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        lock.save()
        audit.record(SecurityEventKind.LOGIN_FAILED, username, request, detail=f"{lock.failures}")
        if newly_locked:
            audit.record(
                SecurityEventKind.LOCKED,
                username,
                request,
                detail=timezone.localtime(lock.locked_until).strftime("%Y-%m-%d %H:%M:%S"),
            )
    return lock.locked_until


def reset(username):
    """A successful sign-in: forget the failures."""
    LoginLock.objects.filter(username=normalise(username)).delete()


def unlock(username, request=None):
    """The security administrator lifts a lock (recorded)."""
    with transaction.atomic():
        deleted, _detail = LoginLock.objects.filter(username=normalise(username)).delete()
        audit.record(SecurityEventKind.UNLOCKED, normalise(username), request)
    return bool(deleted)
