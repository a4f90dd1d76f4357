"""Send the email outbox every five minutes (django-celery-beat, editable in the admin)."""

from django.db import migrations


def load(apps, schema_editor):
    Interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = Interval.objects.get_or_create(every=5, period="minutes")
    Periodic.objects.get_or_create(
        name="发送邮件发件箱（send_outbox）",
        defaults={"task": "notifications.send_outbox", "interval": every, "enabled": True},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
