"""Forms of the reserve pool's pages. They parse input; the rules are in ``reserve.services``.

A service's ValidationError is keyed by field where there is one; the field
names here are the services' keys, so ``add_service_errors`` puts each message
on its own field.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import UnitKind
from accounts.models import Unit
from accounts.roles import ALL_ROLES
from liuyang.forms import BootstrapMixin, DateInput
from projects.models import Project

from .choices import Decision, EntryStatus, PlanCategory, Tier
from .models import ReserveEntry

REASON_REQUIRED = _("请填写理由。")
YEAR_LIMITS = {"min_value": 2000, "max_value": 2100}


def reason_field(label, help_text=None, rows=2):
    return forms.CharField(
        label=label,
        max_length=2000,
        help_text=help_text,
        error_messages={"required": REASON_REQUIRED},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def money_field(label, required=True):
    field = forms.DecimalField(label=label, required=required, min_value=0, max_digits=14, decimal_places=2)
    field.widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
    return field


def unit_choices():
    return Unit.objects.exclude(kind=UnitKind.ENTERPRISE).filter(is_active=True)


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class EnterPoolForm(BootstrapMixin, forms.Form):
    """入库 (a new project) or 重新入库 (``project`` given: a removed entry's project)."""

    project = ProjectChoiceField(
        label=_("项目"),
        queryset=Project.objects.none(),
        help_text=_("未入库或已出库的重点项目"),
        empty_label=_("请选择项目"),
    )
    tier = forms.ChoiceField(label=_("储备层级"), choices=Tier.choices, widget=forms.RadioSelect)
    responsible_unit = forms.ModelChoiceField(
        label=_("谋划责任单位"), queryset=Unit.objects.none(), empty_label=_("请选择单位")
    )
    responsible_person = forms.CharField(label=_("谋划责任人"), max_length=50)
    prep_deadline = forms.DateField(label=_("前期工作完成时限"), required=False, widget=DateInput())
    target_start = forms.DateField(label=_("计划开工时间节点"), required=False, widget=DateInput())
    time_nodes = forms.CharField(
        label=_("其他时间节点"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_goals = forms.CharField(
        label=_("预期目标"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = reason_field(_("入库理由"))

    DETAIL_FIELDS = ("prep_deadline", "target_start", "time_nodes", "expected_goals")

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if project is not None:
            del self.fields["project"]
            self.fields["reason"].label = _("重新入库理由")
        else:
            self.fields["project"].queryset = Project.objects.filter(
                Q(reserve_entry__isnull=True) | Q(reserve_entry__status=EntryStatus.REMOVED)
            ).order_by("code")
        self.fields["responsible_unit"].queryset = unit_choices()

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "project": self.project or data["project"],
            "tier": data["tier"],
            "responsible_unit": data["responsible_unit"],
            "responsible_person": data["responsible_person"],
            "reason": data["reason"],
            **{name: data[name] for name in self.DETAIL_FIELDS},
        }


class EntryDetailsForm(EnterPoolForm):
    """修改储备信息: the entry's responsible unit and person, time nodes and goals (not its tier or status)."""

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, project=entry.project, **kwargs)
        del self.fields["tier"]
        self.fields["reason"].label = _("修改理由")
        if not self.is_bound:
            for name in ("responsible_person", *self.DETAIL_FIELDS):
                self.initial.setdefault(name, getattr(entry, name))
            self.initial.setdefault("responsible_unit", entry.responsible_unit_id)

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "responsible_unit": data["responsible_unit"],
            "responsible_person": data["responsible_person"],
            "reason": data["reason"],
            **{name: data[name] for name in self.DETAIL_FIELDS},
        }


class ChangeTierForm(BootstrapMixin, forms.Form):
    new_tier = forms.ChoiceField(label=_("新层级"), choices=Tier.choices, widget=forms.RadioSelect)
    reason = reason_field(_("调整理由"))


class RemoveForm(BootstrapMixin, forms.Form):
    reason = reason_field(_("出库理由"))
    confirm = forms.BooleanField(
        label=_("确认将该项目调整出库（记录保留，项目阶段改为“出库”）"),
        error_messages={"required": _("请勾选确认后再调整出库。")},
    )


class PlanItemForm(BootstrapMixin, forms.Form):
    """纳入年度实施计划 directly (the office), for one project or a project picked here."""

    project = ProjectChoiceField(
        label=_("项目"), queryset=Project.objects.none(), empty_label=_("请选择项目")
    )
    year = forms.IntegerField(label=_("计划年度"), **YEAR_LIMITS)
    category = forms.ChoiceField(label=_("计划类别"), choices=PlanCategory.choices, widget=forms.RadioSelect)
    planned_investment = money_field(_("年度计划投资（万元）"))
    target_milestones = forms.CharField(
        label=_("年度目标节点"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = reason_field(_("纳入理由"))

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})
        if project is not None:
            del self.fields["project"]
        else:
            self.fields["project"].queryset = Project.objects.order_by("code")

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "project": self.project or data["project"],
            "year": data["year"],
            "category": data["category"],
            "planned_investment": data["planned_investment"],
            "target_milestones": data["target_milestones"],
            "reason": data["reason"],
        }


class EvaluatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}（{obj.unit}）" if obj.unit_id else obj.display_name


class EntryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.project.code} {obj.project.name}"


class OpenRoundForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("轮次名称"), max_length=100)
    plan_year = forms.IntegerField(
        label=_("纳入计划年度"),
        help_text=_("决定“纳入年度实施计划”的项目进入该年度的计划"),
        **YEAR_LIMITS,
    )
    evaluators = EvaluatorChoiceField(
        label=_("评估人"), queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    entries = EntryChoiceField(
        label=_("参评项目"),
        queryset=ReserveEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个储备项目。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        quarter = (today.month - 1) // 3 + 1
        quarters = (
            pgettext_lazy("quarter", "一"),
            pgettext_lazy("quarter", "二"),
            pgettext_lazy("quarter", "三"),
            pgettext_lazy("quarter", "四"),
        )
        self.fields["name"].initial = _("%(year)s 年%(quarter)s季度评估") % {
            "year": today.year,
            "quarter": quarters[quarter - 1],
        }
        self.fields["plan_year"].initial = today.year
        self.fields["evaluators"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=ALL_ROLES)
            .distinct()
            .select_related("unit")
            .order_by("unit__kind", "unit__sort_order", "username")
        )
        self.fields["entries"].queryset = ReserveEntry.objects.filter(status=EntryStatus.IN_POOL)


class DecisionForm(BootstrapMixin, forms.Form):
    """The office's decision on one project of a round (one row of the decisions page)."""

    decision = forms.ChoiceField(
        label=_("决策"), choices=[("", _("（未决策）")), *Decision.choices], required=False
    )
    new_tier = forms.ChoiceField(label=_("调整后层级"), choices=[("", "—"), *Tier.choices], required=False)
    plan_category = forms.ChoiceField(
        label=_("计划类别"), choices=[("", "—"), *PlanCategory.choices], required=False
    )
    planned_investment = money_field(_("年度计划投资（万元）"), required=False)
    target_milestones = forms.CharField(label=_("年度目标节点"), max_length=2000, required=False)
    reason = forms.CharField(label=_("决策理由"), max_length=2000, required=False)

    def __init__(self, *args, item=None, **kwargs):
        self.item = item
        if item is not None and not kwargs.get("data") and not args:
            kwargs.setdefault(
                "initial",
                {
                    "decision": item.decision,
                    "new_tier": item.new_tier,
                    "plan_category": item.plan_category,
                    "planned_investment": item.planned_investment,
                    "target_milestones": item.target_milestones,
                    "reason": item.decision_reason,
                },
            )
        super().__init__(*args, **kwargs)

    def is_blank(self):
        """Nothing entered on this row: the project stays undecided for now."""
        return not any(str(self.cleaned_data.get(name) or "").strip() for name in self.fields)

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "new_tier": data["new_tier"],
            "plan_category": data["plan_category"],
            "planned_investment": data["planned_investment"],
            "target_milestones": data["target_milestones"],
            "reason": data["reason"],
        }
