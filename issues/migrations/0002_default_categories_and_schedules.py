"""Default issue categories (the office extends the list) and the daily overdue sweep's schedule.

The schedule lives in django-celery-beat's tables, editable in the admin: every
day at 07:30 Asia/Shanghai, before the working day starts.
"""

from django.db import migrations

CATEGORIES = ["用地", "资金", "审批", "征拆", "水电气等配套", "环保", "其他"]


def load(apps, schema_editor):
    Category = apps.get_model("issues", "IssueCategory")
    for order, name in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"sort_order": order})
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    morning, _ = Crontab.objects.get_or_create(
        minute="30", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    Periodic.objects.get_or_create(
        name="每日逾期升级与提醒（escalate_overdue）",
        defaults={"task": "issues.escalate_overdue", "crontab": morning, "enabled": True},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
