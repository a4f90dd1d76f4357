"""Keep the working-day calendar's remembered overrides in step with the table."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import workdays
from .models import WorkdayOverride


@receiver([post_save, post_delete], sender=WorkdayOverride)
def forget_overrides(**kwargs):
    workdays.forget()
    transaction.on_commit(workdays.forget)
