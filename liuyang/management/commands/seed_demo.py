"""``manage.py seed_demo``: load the demo data (see ``liuyang.demo``) and print the demo logins."""

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from liuyang.demo.loader import demo_logins, load_demo


class Command(BaseCommand):
    help = "创建演示数据（单位、乡镇、产业、演示账号、重点项目与专班）；可重复运行，已有数据不改动。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="DEBUG 关闭且使用服务器数据库时也运行。演示账号的密码是公开的，请勿在生产库上使用。",
        )

    def handle(self, *args, allow_without_debug=False, **options):
        # The embedded SQLite database is always a local one; a server database with
        # DEBUG off looks like production, where public demo passwords do not belong.
        looks_like_production = not settings.DEBUG and connection.vendor != "sqlite"
        if looks_like_production and not allow_without_debug:
            raise CommandError(
                "DEBUG 未开启且使用服务器数据库：演示账号使用公开密码，为防误用于生产库已停止。"
                "确需在此数据库加载演示数据时，请加 --allow-without-debug。"
            )
        created = load_demo()
        if created:
            summary = "、".join(f"{model._meta.verbose_name} {count}" for model, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"已新建演示数据：{summary}。"))
        else:
            self.stdout.write("演示数据已齐全，未做任何修改。")
        self.stdout.write("")
        self.stdout.write("演示账号（仅供演示，请勿用于生产）：")
        self.stdout.write(f"  {_pad('用户名', 15)}{_pad('密码', 14)}{_pad('角色', 14)}姓名 · 单位")
        for username, password, role, full_name, unit in demo_logins():
            self.stdout.write(
                f"  {_pad(username, 15)}{_pad(password, 14)}{_pad(role, 14)}{full_name} · {unit}"
            )


def _pad(text, width):
    """Pad to ``width`` terminal columns; CJK characters take two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 1)
