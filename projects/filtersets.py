import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.choices import UnitKind
from accounts.models import Unit
from liuyang.filtersets import StableOrderingFilter, StrictFilterSet

from .choices import Light, PolicyTag, ProjectStage, ProjectType, ReportFrequency
from .models import Industry, Project
from .selectors import ATTENTION_STATES, attention_q
from .services.lights import LIT_STAGES, with_lights


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
    light = django_filters.MultipleChoiceFilter(
        label=_("红黄绿灯"), choices=Light.choices, method="filter_light"
    )
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

    def filter_light(self, queryset, name, value):
        if not value:
            return queryset
        # The list page annotates the lights already; the API's queryset gets them here.
        if "light" not in queryset.query.annotations:
            queryset = with_lights(queryset)
        return queryset.filter(light__in=value)


ATTENTION_STATE_CHOICES = [
    ("late", _("逾期未报")),
    ("returned", _("已退回待修改")),
    ("submitted", _("已提交待审核")),
]


class ReportAttentionFilterSet(StrictFilterSet):
    """Filters of the office's list of late, returned and unreviewed reports (on the annotations
    of ``selectors.attention_projects``)."""

    search_fields = ("code", "name", "responsible_person")

    state = django_filters.MultipleChoiceFilter(
        label=_("情况"), choices=ATTENTION_STATE_CHOICES, method="filter_state"
    )
    period = django_filters.ChoiceFilter(
        label=_("期间"),
        choices=[("current", _("本期")), ("previous", _("上期"))],
        method="filter_period",
        empty_label=_("本期和上期"),
    )
    stage = django_filters.MultipleChoiceFilter(
        label=_("项目阶段"),
        choices=[(value, label) for value, label in ProjectStage.choices if value in LIT_STAGES],
        distinct=False,
    )
    report_frequency = django_filters.ChoiceFilter(
        label=_("填报周期"), choices=ReportFrequency.choices, empty_label=_("全部")
    )
    responsible_unit = django_filters.ModelMultipleChoiceFilter(
        label=_("责任单位"), queryset=Unit.objects.exclude(kind=UnitKind.ENTERPRISE), distinct=False
    )

    class Meta:
        model = Project
        fields = []

    def __init__(self, *args, today=None, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def _prefixes(self):
        period = self.form.cleaned_data.get("period")
        return {"current": ("cur",), "previous": ("prev",)}.get(period, ("cur", "prev"))

    def filter_state(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(attention_q(value, self.today, self._prefixes()))

    def filter_period(self, queryset, name, value):
        if not value:
            return queryset
        states = self.form.cleaned_data.get("state") or ATTENTION_STATES
        return queryset.filter(attention_q(states, self.today, self._prefixes()))
