"""Notify users (in-app, and by email through the outbox) and send the outbox.

``notify`` writes rows; it never talks to the mail server. ``send_outbox``
sends what is pending, one email per recipient per batch, under row locks
that skip rows another sender holds, so two senders never send twice.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .choices import EmailStatus
from .models import Notification, NotificationPreference

log = logging.getLogger(__name__)

#: after this many failed attempts an email stays failed (the notification is still in the inbox)
MAX_EMAIL_ATTEMPTS = 5


def _email_address(user, preferences):
    preference = preferences.get(user.pk)
    if preference is not None and not preference.email_enabled:
        return ""
    return (preference.email if preference and preference.email else "") or user.email or ""


def notify(users, *, kind, key, title, body="", url=""):
    """Notify each user once per ``key``; returns the number of notifications created."""
    return notify_many([(users, {"kind": kind, "key": key, "title": title, "body": body, "url": url})])


def notify_many(messages):
    """Create many notifications in a fixed number of queries; returns how many were created.

    ``messages`` is a list of (users, {"kind", "key", "title", "body", "url"}). A
    (recipient, key) pair that exists is left alone, so an event raised twice
    notifies once. Emails go out when the outbox is next sent: a task is enqueued
    after the transaction commits, and beat also sends the outbox regularly.
    """
    wanted = {}
    for users, message in messages:
        for user in users:
            if user is not None and user.is_active:
                wanted.setdefault((user.pk, message["key"]), (user, message))
    if not wanted:
        return 0
    user_ids = {pk for pk, _key in wanted}
    keys = {key for _pk, key in wanted}
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}
    existing = set(
        Notification.objects.filter(key__in=keys, recipient_id__in=user_ids).values_list(
            "recipient_id", "key"
        )
    )
    rows = [
        Notification(
            recipient=user,
            kind=message["kind"],
            key=key,
            title=message["title"][:200],
            body=message.get("body", ""),
            url=message.get("url", ""),
            email_status=EmailStatus.PENDING if _email_address(user, preferences) else EmailStatus.SKIPPED,
        )
        for (pk, key), (user, message) in wanted.items()
        if (pk, key) not in existing
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.email_status == EmailStatus.PENDING for row in rows):
        _send_after_commit()
    return len(rows)


def _send_after_commit():
    """Enqueue one outbox send when the transaction commits (once, however many notify calls it held)."""
    from .tasks import enqueue_outbox

    connection = transaction.get_connection()
    if any(callback is enqueue_outbox for _sids, callback, *_rest in connection.run_on_commit):
        return
    transaction.on_commit(enqueue_outbox)


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, notifications=None):
    """Mark the user's notifications (all, or the given ones) read; returns how many changed."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notifications is not None:
        queryset = queryset.filter(pk__in=[n.pk if hasattr(n, "pk") else n for n in notifications])
    return queryset.update(read_at=timezone.now())


def send_outbox(limit=200):
    """Send pending emails, one per recipient per batch; returns {"sent": n, "failed": n}."""
    done = {"sent": 0, "failed": 0}
    with transaction.atomic():
        batch = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(email_status=EmailStatus.PENDING)
            .select_related("recipient")
            .order_by("created_at", "pk")[:limit]
        )
        if not batch:
            return done
        preferences = {
            p.user_id: p
            for p in NotificationPreference.objects.filter(user_id__in={n.recipient_id for n in batch})
        }
        by_recipient = {}
        for notification in batch:
            by_recipient.setdefault(notification.recipient_id, []).append(notification)
        now = timezone.now()
        for notifications in by_recipient.values():
            user = notifications[0].recipient
            address = _email_address(user, preferences)
            if not address:
                Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                    email_status=EmailStatus.SKIPPED
                )
                continue
            subject = (
                notifications[0].title
                if len(notifications) == 1
                else f"{notifications[0].title} 等 {len(notifications)} 条消息"
            )
            lines = []
            for n in notifications:
                link = f"{settings.PLATFORM_URL.rstrip('/')}{n.url}" if n.url else ""
                lines.append(
                    "\n".join(part for part in (f"【{n.get_kind_display()}】{n.title}", n.body, link) if part)
                )
            try:
                send_mail(f"[{settings.PLATFORM_NAME}] {subject}", "\n\n".join(lines), None, [address])
            except (OSError, ConnectionError) as exc:  # SMTP errors are OSErrors
                log.warning("email to %s failed: %s", address, exc)
                for n in notifications:
                    n.email_attempts += 1
                    n.email_error = str(exc)[:300]
                    n.email_status = (
                        EmailStatus.FAILED if n.email_attempts >= MAX_EMAIL_ATTEMPTS else EmailStatus.PENDING
                    )
                Notification.objects.bulk_update(
                    notifications, ["email_attempts", "email_error", "email_status"]
                )
                done["failed"] += len(notifications)
                continue
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                email_status=EmailStatus.SENT, emailed_at=now, email_attempts=F("email_attempts") + 1
            )
            done["sent"] += len(notifications)
    return done
