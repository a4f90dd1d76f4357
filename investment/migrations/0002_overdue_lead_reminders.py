"""The daily overdue-lead reminders at 08:30 Asia/Shanghai (django-celery-beat, editable in the admin)."""

from django.db import migrations

NAME = "招商线索逾期提醒（remind_overdue_leads）"


def schedule(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = Crontab.objects.get_or_create(
        minute="30", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    Periodic.objects.get_or_create(
        name=NAME, defaults={"task": "investment.remind_overdue_leads", "crontab": daily, "enabled": True}
    )


def unschedule(apps, schema_editor):
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    Periodic.objects.filter(task="investment.remind_overdue_leads").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("investment", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
