"""A command that does one day's scheduled work by hand: ``--date`` (default today) and ``--dry-run``.

The daily and weekly Celery tasks call the same service functions; the command parses the day
and hands it, with the dry-run flag, to ``run(today, dry_run)``.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class DayCommand(BaseCommand):
    date_help = "按哪一天执行（YYYY-MM-DD，默认今天）"
    dry_run_help = "只列出将要处理的事项，不写入"

    def add_arguments(self, parser):
        parser.add_argument("--date", help=self.date_help)
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from None
        self.run(today, dry_run)

    def run(self, today, dry_run):
        raise NotImplementedError
