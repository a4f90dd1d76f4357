"""The Celery application. Beat runs as its own process with the database scheduler."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liuyang.settings")

app = Celery("liuyang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
