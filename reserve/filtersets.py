import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.choices import UnitKind
from accounts.models import Unit
from liuyang.filtersets import StableOrderingFilter, StrictFilterSet
from projects.choices import PolicyTag, ProjectType
from projects.models import Industry

from . import services
from .choices import EntryStatus, MoveKind, PlanCategory, PlanSource, RoundStatus, Tier
from .models import AnnualPlanItem, EvaluationRound, ReserveEntry, ReserveMove


class ReserveEntryFilterSet(StrictFilterSet):
    search_fields = ("project__code", "project__name", "project__owner_enterprise", "responsible_person")

    tier = django_filters.MultipleChoiceFilter(label=_("储备层级"), choices=Tier.choices, distinct=False)
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=EntryStatus.choices, distinct=False)
    project_type = django_filters.MultipleChoiceFilter(
        label=_("项目类型"), field_name="project__project_type", choices=ProjectType.choices, distinct=False
    )
    industry = django_filters.ModelMultipleChoiceFilter(
        label=_("所属产业"), field_name="project__industry", queryset=Industry.objects.all(), distinct=False
    )
    town = django_filters.ModelMultipleChoiceFilter(
        label=_("乡镇/街道"),
        field_name="project__town",
        queryset=Unit.objects.filter(kind=UnitKind.TOWN),
        distinct=False,
    )
    responsible_unit = django_filters.ModelMultipleChoiceFilter(
        label=_("谋划责任单位"), queryset=Unit.objects.exclude(kind=UnitKind.ENTERPRISE), distinct=False
    )
    policy_tag = django_filters.ChoiceFilter(
        label=_("政策契合"), choices=PolicyTag.choices, method="filter_policy_tag"
    )
    due = django_filters.BooleanFilter(label=_("待评估"), method="filter_due")
    sort = StableOrderingFilter(
        label=_("排序"),
        tiebreaker="project__code",
        fields=(
            ("project__code", "code"),
            ("project__name", "name"),
            ("tier", "tier"),
            ("project__total_investment", "total_investment"),
            ("entered_on", "entered_on"),
            ("last_evaluated_on", "last_evaluated_on"),
        ),
        field_labels={
            "project__code": _("项目编号"),
            "project__name": _("项目名称"),
            "tier": _("储备层级"),
            "project__total_investment": _("总投资"),
            "entered_on": _("入库日期"),
            "last_evaluated_on": _("最近评估日期"),
        },
    )

    class Meta:
        model = ReserveEntry
        fields = []

    def filter_policy_tag(self, queryset, name, value):
        return queryset.filter(project__policy_tags__icontains=f'"{value}"') if value else queryset

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        q = services.due_q()
        return queryset.filter(q) if value else queryset.exclude(q)


class ReserveMoveFilterSet(StrictFilterSet):
    search_fields = ("entry__project__code", "entry__project__name", "reason")

    kind = django_filters.MultipleChoiceFilter(label=_("动作"), choices=MoveKind.choices, distinct=False)
    entry = django_filters.NumberFilter(label=_("储备项目ID"))
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="entry__project")
    evaluation_round = django_filters.NumberFilter(label=_("评估轮次ID"))

    class Meta:
        model = ReserveMove
        fields = []


class EvaluationRoundFilterSet(StrictFilterSet):
    search_fields = ("name",)

    status = django_filters.ChoiceFilter(label=_("状态"), choices=RoundStatus.choices)
    plan_year = django_filters.NumberFilter(label=_("纳入计划年度"))

    class Meta:
        model = EvaluationRound
        fields = []


class AnnualPlanItemFilterSet(StrictFilterSet):
    search_fields = ("project__code", "project__name")

    year = django_filters.NumberFilter(label=_("年度"), field_name="plan__year")
    category = django_filters.MultipleChoiceFilter(
        label=_("计划类别"), choices=PlanCategory.choices, distinct=False
    )
    source = django_filters.ChoiceFilter(label=_("纳入方式"), choices=PlanSource.choices)
    project_type = django_filters.MultipleChoiceFilter(
        label=_("项目类型"), field_name="project__project_type", choices=ProjectType.choices, distinct=False
    )
    industry = django_filters.ModelMultipleChoiceFilter(
        label=_("所属产业"), field_name="project__industry", queryset=Industry.objects.all(), distinct=False
    )
    town = django_filters.ModelMultipleChoiceFilter(
        label=_("乡镇/街道"),
        field_name="project__town",
        queryset=Unit.objects.filter(kind=UnitKind.TOWN),
        distinct=False,
    )
    sort = StableOrderingFilter(
        label=_("排序"),
        tiebreaker="project__code",
        fields=(
            ("project__code", "code"),
            ("category", "category"),
            ("planned_investment", "planned_investment"),
        ),
    )

    class Meta:
        model = AnnualPlanItem
        fields = []
