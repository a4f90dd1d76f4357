"""Work plans (工作方案): apply a template, then adjust milestones."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for

from ..models import Milestone, MilestoneTemplate
from .common import require

MILESTONE_FIELDS = (
    "name",
    "phase",
    "owner",
    "owner_unit",
    "planned_date",
    "started_on",
    "actual_date",
    "note",
    "sort_order",
)


@transaction.atomic
def apply_template(project, template, *, actor):
    """Add the template's nodes a project does not have yet (by name), with planned dates
    counted from the project's planned start. Returns the milestones created."""
    require(policy_for(Milestone).can_add(actor) and policy_for(project).can_change(actor, project))
    if not isinstance(template, MilestoneTemplate) or not template.is_active:
        raise ValidationError({"template": _("请选择启用的工作方案模板。")})
    existing = set(project.milestones.values_list("name", flat=True))
    offset_base = project.planned_start
    last = project.milestones.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    created = []
    for item in template.items.order_by("sort_order", "pk"):
        if item.name in existing:
            continue
        last += 10
        milestone = Milestone(
            project=project,
            name=item.name,
            phase=item.phase,
            owner_unit=project.responsible_unit,
            planned_date=offset_base + datetime.timedelta(days=item.offset_days) if offset_base else None,
            sort_order=last,
        )
        milestone._change_reason = _("套用模板“%(template)s”") % {"template": template.name}
        milestone.save()
        created.append(milestone)
    return created


@transaction.atomic
def save_milestone(*, actor, project=None, milestone=None, expected_version=None, **fields):
    """Create (``project``) or change (``milestone``) a node of a work plan."""
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"not a milestone field: {', '.join(sorted(unknown))}")
    policy = policy_for(Milestone)
    if milestone is None:
        require(policy.can_add(actor) and policy_for(project).can_change(actor, project))
        milestone = Milestone(project=project)
    else:
        require(policy.can_change(actor, milestone))
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if expected_version is not None and int(expected_version) != milestone.version:
            raise ConflictError()
    for name, value in fields.items():
        setattr(milestone, name, value)
    if milestone.actual_date and milestone.started_on and milestone.actual_date < milestone.started_on:
        raise ValidationError({"actual_date": _("实际完成日期不能早于开始日期。")})
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def delete_milestone(milestone, *, actor, reason=""):
    require(policy_for(Milestone).can_delete(actor, milestone))
    milestone._change_reason = reason
    milestone.delete()


def next_milestones(project, today, limit=3):
    """The next unfinished nodes by planned date (overdue first)."""
    return list(
        project.milestones.filter(actual_date__isnull=True).order_by(
            F("planned_date").asc(nulls_last=True), "sort_order"
        )[:limit]
    )
