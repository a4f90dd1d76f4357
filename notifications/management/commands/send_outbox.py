"""Send the pending emails of the notification outbox by hand."""

from django.core.management.base import BaseCommand

from notifications.choices import EmailStatus
from notifications.models import Notification
from notifications.services import send_outbox


class Command(BaseCommand):
    help = "发送消息发件箱中待发送的邮件（与定时任务相同）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计待发送的邮件，不发送")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            pending = Notification.objects.filter(email_status=EmailStatus.PENDING)
            self.stdout.write(
                f"待发送 {pending.count()} 条，收件人 {pending.values('recipient').distinct().count()} 人（未发送）。"
            )
            return
        done = send_outbox()
        self.stdout.write(self.style.SUCCESS(f"已发送 {done['sent']} 条，失败 {done['failed']} 条。"))
