"""Weekly dispatch meetings (每周调度会) of a task force, with decisions and action items."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liuyang.models import VersionedModel


class DispatchMeeting(VersionedModel):
    task_force = models.ForeignKey(
        "projects.TaskForce", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("专班")
    )
    held_on = models.DateField(_("会议日期"))
    location = models.CharField(_("地点"), max_length=100, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主持人"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="dispatch_meetings", verbose_name=_("参会人员")
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    decisions = models.TextField(_("议定事项"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version", "created_at"])

    class Meta:
        verbose_name = _("调度会")
        verbose_name_plural = _("调度会")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["task_force", "-held_on"])]

    def __str__(self):
        return _("%(task_force)s %(date)s 调度会") % {"task_force": self.task_force, "date": self.held_on}

    def get_absolute_url(self):
        return reverse("projects:meeting_detail", args=[self.pk])


class ActionItem(VersionedModel):
    """An action item (交办事项) agreed at a meeting, with owner and due date.

    The issue-clearing ledger (app ``issues``) turns one into a ledger issue in one click;
    it links back to the item it came from.
    """

    meeting = models.ForeignKey(
        DispatchMeeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("调度会")
    )
    title = models.CharField(_("事项"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("责任人"),
    )
    owner_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("责任单位"),
    )
    due_date = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("交办事项")
        verbose_name_plural = _("交办事项")
        ordering = ["meeting", "due_date", "pk"]

    def __str__(self):
        return self.title
