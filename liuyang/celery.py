"""The Celery application. Beat runs as its own process with the database scheduler."""

import os

from celery import Celery

# Connects the signals that put the task id on every log line and keep Django's LOGGING in the worker.
from liuyang import logging as _platform_logging  # noqa: F401

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liuyang.settings")

app = Celery("liuyang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
