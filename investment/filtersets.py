"""One FilterSet per list: the page, its export and the API share it (unknown parameters: 400)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import UnitKind
from accounts.models import Unit
from liuyang.filtersets import StableOrderingFilter, StrictFilterSet

from .choices import (
    OPEN_ELEMENT_STATUSES,
    OPEN_STAGES,
    ElementKind,
    ElementStatus,
    FundKind,
    InvestmentStatus,
    JournalKind,
    LeadMode,
    LeadStage,
    LinkPosition,
    LinkStatus,
    Region,
)
from .models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
    LeadJournal,
)


class PipelineFilterSet(StrictFilterSet):
    """The pipeline's filters: who works the leads, how, where, for which chain."""

    search_fields = ("company", "project_name", "contact_person")

    team = django_filters.ModelMultipleChoiceFilter(
        label=_("招商小分队"), queryset=InvestmentTeam.objects.all(), distinct=False
    )
    mode = django_filters.MultipleChoiceFilter(label=_("招商方式"), choices=LeadMode.choices, distinct=False)
    region = django_filters.MultipleChoiceFilter(label=_("所在区域"), choices=Region.choices, distinct=False)
    chain = django_filters.ModelMultipleChoiceFilter(
        label=_("产业链"), field_name="link__chain", queryset=IndustryChain.objects.all(), distinct=False
    )

    class Meta:
        model = InvestmentLead
        fields = []


class LeadFilterSet(PipelineFilterSet):
    stage = django_filters.MultipleChoiceFilter(label=_("阶段"), choices=LeadStage.choices, distinct=False)
    link = django_filters.ModelMultipleChoiceFilter(
        label=_("补链环节"), queryset=ChainLink.objects.select_related("chain"), distinct=False
    )
    owner = django_filters.NumberFilter(label=_("负责人（用户ID）"), field_name="owner_id")
    overdue = django_filters.BooleanFilter(label=_("下一步逾期"), method="filter_overdue")
    sort = StableOrderingFilter(
        label=_("排序"),
        tiebreaker="-pk",
        fields=(
            ("company", "company"),
            ("intended_investment", "intended_investment"),
            ("next_step_due", "next_step_due"),
            ("stage", "stage"),
            ("updated_at", "updated_at"),
        ),
        field_labels={
            "company": _("目标企业"),
            "intended_investment": _("意向投资"),
            "next_step_due": _("下一步时限"),
            "stage": _("阶段"),
            "updated_at": _("更新时间"),
        },
    )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(stage__in=OPEN_STAGES, next_step_due__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class LeadJournalFilterSet(StrictFilterSet):
    search_fields = ("text",)

    lead = django_filters.NumberFilter(label=_("线索ID"), field_name="lead_id")
    kind = django_filters.MultipleChoiceFilter(label=_("类型"), choices=JournalKind.choices, distinct=False)

    class Meta:
        model = LeadJournal
        fields = []


class IndustryChainFilterSet(StrictFilterSet):
    search_fields = ("name",)

    class Meta:
        model = IndustryChain
        fields = []


class ChainLinkFilterSet(StrictFilterSet):
    search_fields = ("name", "local_enterprises")

    chain = django_filters.NumberFilter(label=_("产业链ID"), field_name="chain_id")
    position = django_filters.MultipleChoiceFilter(
        label=_("位置"), choices=LinkPosition.choices, distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("本地状况"), choices=LinkStatus.choices, distinct=False
    )

    class Meta:
        model = ChainLink
        fields = []


class InvestmentTeamFilterSet(StrictFilterSet):
    search_fields = ("name", "focus")

    class Meta:
        model = InvestmentTeam
        fields = []


class FundFilterSet(StrictFilterSet):
    search_fields = ("name", "partner")

    kind = django_filters.ChoiceFilter(label=_("层级"), choices=FundKind.choices)
    parent = django_filters.NumberFilter(label=_("母基金ID"), field_name="parent_id")

    class Meta:
        model = Fund
        fields = []


class FundInvestmentFilterSet(StrictFilterSet):
    search_fields = ("company",)

    fund = django_filters.NumberFilter(label=_("基金ID"), field_name="fund_id")
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=InvestmentStatus.choices, distinct=False
    )

    class Meta:
        model = FundInvestment
        fields = []


class ElementRequestFilterSet(StrictFilterSet):
    """The office queue of element guarantees (and a department's own)."""

    search_fields = ("title", "project__code", "project__name")

    kind = django_filters.MultipleChoiceFilter(
        label=_("要素类别"), choices=ElementKind.choices, distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=ElementStatus.choices, distinct=False
    )
    unit = django_filters.ModelMultipleChoiceFilter(
        label=_("责任部门"),
        field_name="responsible_unit",
        queryset=Unit.objects.exclude(kind=UnitKind.ENTERPRISE),
        distinct=False,
    )
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="project_id")
    overdue = django_filters.BooleanFilter(label=_("已逾期"), method="filter_overdue")
    sort = StableOrderingFilter(
        label=_("排序"),
        fields=(("deadline", "deadline"), ("requested_on", "requested_on"), ("status", "status")),
        field_labels={"deadline": _("办理时限"), "requested_on": _("提出日期"), "status": _("状态")},
    )

    class Meta:
        model = ElementRequest
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=OPEN_ELEMENT_STATUSES, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
