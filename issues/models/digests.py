"""The weekly dispatch digest (每周调度简报): one stored snapshot per task force per ISO week."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WeeklyDigest(models.Model):
    """What a task force's weekly meeting looks at, composed before the meeting and sent to its people.

    ``content`` is the snapshot (``issues.services.digests.compose``); it is not
    recomputed, so the page and the workbook show what was sent. The unique
    constraint makes the digest exist once per task force and ISO week, however
    often (and however concurrently) the weekly task runs.
    """

    task_force = models.ForeignKey(
        "projects.TaskForce", verbose_name=_("专班"), on_delete=models.CASCADE, related_name="digests"
    )
    iso_year = models.PositiveSmallIntegerField(_("ISO 年"))
    iso_week = models.PositiveSmallIntegerField(_("ISO 周"))
    week_start = models.DateField(_("周一"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    content = models.JSONField(_("内容"), default=dict)

    class Meta:
        verbose_name = _("每周调度简报")
        verbose_name_plural = _("每周调度简报")
        ordering = ["-week_start", "task_force_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "iso_year", "iso_week"], name="one_digest_per_task_force_week"
            )
        ]
        indexes = [models.Index(fields=["-week_start", "task_force"])]

    def __str__(self):
        return f"{self.task_force} {self.iso_year}-W{self.iso_week:02d}"

    def get_absolute_url(self):
        return reverse("issues:digest_detail", args=[self.pk])

    @property
    def week_label(self):
        return f"{self.iso_year}年第{self.iso_week}周"
