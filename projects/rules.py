"""Business rules on a project's own fields, shared by forms, API and imports."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.choices import UnitKind

from .choices import PolicyTag


def check_project(project):
    """Raise ValidationError (keyed by field) when a project's fields contradict each other."""
    errors = {}
    planned_start, planned_completion = project.planned_start, project.planned_completion
    if planned_start and planned_completion and planned_completion < planned_start:
        errors["planned_completion"] = _("计划竣工日期不能早于计划开工日期（%(start)s）。") % {
            "start": planned_start.isoformat()
        }
    if project.actual_completion:
        if not project.actual_start:
            errors["actual_start"] = _("已填写实际竣工日期时，必须填写实际开工日期。")
        elif project.actual_completion < project.actual_start:
            errors["actual_completion"] = _("实际竣工日期不能早于实际开工日期（%(start)s）。") % {
                "start": project.actual_start.isoformat()
            }
    total, annual = project.total_investment, project.annual_plan_investment
    if total is not None and annual is not None and annual > total:
        errors["annual_plan_investment"] = _(
            "年度计划投资（%(annual)s 万元）不能超过总投资（%(total)s 万元）。"
        ) % {
            "annual": annual,
            "total": total,
        }
    tags = project.policy_tags
    if not isinstance(tags, list) or any(tag not in PolicyTag.values for tag in tags):
        known = "、".join(PolicyTag.values)
        errors["policy_tags"] = _("政策契合标签无效，可选值：%(known)s。") % {"known": known}
    if project.town_id and project.town.kind != UnitKind.TOWN:
        errors["town"] = _("所在地必须是乡镇或街道。")
    if project.responsible_unit_id and project.responsible_unit.kind == UnitKind.ENTERPRISE:
        errors["responsible_unit"] = _("责任单位应为党政机关或乡镇/街道，不能是企业（企业请填写业主单位）。")
    if errors:
        raise ValidationError(errors)
