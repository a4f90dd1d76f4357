"""The forms of the assessment pages; the services (assessment.services) check everything again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liuyang.forms import BootstrapMixin
from projects.models import Project

from .choices import OutcomeKind, PeriodKind, ToleranceDecision
from .models import ProjectAssessment


class OpenPeriodForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("周期"), choices=PeriodKind.choices, initial=PeriodKind.ANNUAL)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[("", "—")] + [(q, _("第 %(q)s 季度") % {"q": q}) for q in (1, 2, 3, 4)],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year, "kind": PeriodKind.ANNUAL})
        super().__init__(*args, **kwargs)


class FigureForm(BootstrapMixin, forms.Form):
    """The office fills or corrects one indicator's figure."""

    figure = forms.DecimalField(label=_("数值"), max_digits=14, decimal_places=2, required=False)
    source_note = forms.CharField(label=_("数据来源说明"), max_length=200, required=False)
    reason = forms.CharField(label=_("更正理由"), max_length=200, required=False)
    evidence = forms.FileField(
        label=_("佐证材料"),
        required=False,
        help_text=_("PDF、JPEG 或 PNG；填报的数据必附"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class OutcomeForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("结果运用"), choices=OutcomeKind.choices)
    reason = forms.CharField(label=_("调整理由"), max_length=200, required=False)


class AcceptForm(BootstrapMixin, forms.Form):
    accept = forms.TypedChoiceField(
        label=_("受理意见"),
        choices=[("1", _("受理")), ("0", _("不予受理"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(
        label=_("不予受理理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class VerifyForm(BootstrapMixin, forms.Form):
    findings = forms.CharField(label=_("核实情况"), widget=forms.Textarea(attrs={"rows": 3}))


class DetermineForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("认定结果"), choices=ToleranceDecision.choices)
    reason = forms.CharField(label=_("认定理由"), widget=forms.Textarea(attrs={"rows": 3}))


class FileForm(BootstrapMixin, forms.Form):
    filed_to = forms.CharField(label=_("报备单位"), max_length=100, initial=_("市纪委监委、市委组织部"))


class ResultChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.period} · {obj.project.name}（{obj.get_outcome_display()}）"


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ApplicationForm(BootstrapMixin, forms.Form):
    """An application: against an accountability result, or (no result) filed before acting."""

    result = ResultChoiceField(
        label=_("被问责的考核结果"),
        queryset=ProjectAssessment.objects.none(),
        required=False,
        help_text=_("事前容错报备不选考核结果，只选项目。"),
    )
    project = ProjectChoiceField(label=_("项目"), queryset=Project.objects.none(), required=False)
    facts = forms.CharField(label=_("事实经过"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    policy_direction = forms.CharField(
        label=_("是否符合政策方向"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    public_good = forms.CharField(
        label=_("是否出于公心、为了公共利益"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    no_private_gain = forms.CharField(
        label=_("是否未谋取私利"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    first_trial = forms.BooleanField(label=_("先行先试"), required=False)

    def __init__(self, *args, results, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].queryset = results
        self.fields["project"].queryset = projects

    def clean(self):
        data = super().clean()
        result = data.get("result")
        if result is not None:
            data["project"] = result.project
        elif not data.get("project") and "project" not in self.errors:
            self.add_error("project", _("请选择考核结果或项目。"))
        return data
