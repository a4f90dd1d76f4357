"""Queue again, every five minutes, the export jobs whose message never reached the broker
(django-celery-beat's tables, editable in the admin)."""

from django.db import migrations


def schedule(apps, schema_editor):
    Interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = Interval.objects.get_or_create(every=5, period="minutes")
    Periodic.objects.get_or_create(
        name="重新排队未发出的导出任务（requeue_exports）",
        defaults={"task": "exports.requeue_exports", "interval": every, "enabled": True},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task="exports.requeue_exports"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0002_purge_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
