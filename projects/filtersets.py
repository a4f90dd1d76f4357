import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.choices import UnitKind
from accounts.models import Unit
from liuyang.filtersets import StableOrderingFilter, StrictFilterSet

from .choices import PolicyTag, ProjectStage, ProjectType
from .models import Industry, Project


class ProjectFilterSet(StrictFilterSet):
    search_fields = ("code", "name", "owner_enterprise", "responsible_person")

    project_type = django_filters.MultipleChoiceFilter(
        label=_("项目类型"), choices=ProjectType.choices, distinct=False
    )
    stage = django_filters.MultipleChoiceFilter(
        label=_("项目阶段"), choices=ProjectStage.choices, distinct=False
    )
    industry = django_filters.ModelMultipleChoiceFilter(
        label=_("所属产业"), queryset=Industry.objects.all(), distinct=False
    )
    town = django_filters.ModelMultipleChoiceFilter(
        label=_("乡镇/街道"), queryset=Unit.objects.filter(kind=UnitKind.TOWN), distinct=False
    )
    responsible_unit = django_filters.ModelMultipleChoiceFilter(
        label=_("责任单位"), queryset=Unit.objects.exclude(kind=UnitKind.ENTERPRISE), distinct=False
    )
    policy_tag = django_filters.ChoiceFilter(
        label=_("政策契合"), choices=PolicyTag.choices, method="filter_policy_tag"
    )
    total_investment_min = django_filters.NumberFilter(
        label=_("总投资不低于（万元）"), field_name="total_investment", lookup_expr="gte"
    )
    total_investment_max = django_filters.NumberFilter(
        label=_("总投资不高于（万元）"), field_name="total_investment", lookup_expr="lte"
    )
    planned_start_after = django_filters.DateFilter(
        label=_("计划开工不早于"), field_name="planned_start", lookup_expr="gte"
    )
    planned_start_before = django_filters.DateFilter(
        label=_("计划开工不晚于"), field_name="planned_start", lookup_expr="lte"
    )
    service_commissioner = django_filters.NumberFilter(label=_("服务专员（用户ID）"))
    sort = StableOrderingFilter(
        label=_("排序"),
        tiebreaker="code",
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("total_investment", "total_investment"),
            ("annual_plan_investment", "annual_plan_investment"),
            ("planned_start", "planned_start"),
            ("updated_at", "updated_at"),
            ("stage", "stage"),
        ),
        field_labels={
            "code": _("项目编号"),
            "name": _("项目名称"),
            "total_investment": _("总投资"),
            "annual_plan_investment": _("年度计划投资"),
            "planned_start": _("计划开工日期"),
            "updated_at": _("更新时间"),
            "stage": _("项目阶段"),
        },
    )

    class Meta:
        model = Project
        fields = []

    def filter_policy_tag(self, queryset, name, value):
        # icontains on the JSON text works on both PostgreSQL and SQLite.
        return queryset.filter(policy_tags__icontains=f'"{value}"') if value else queryset
