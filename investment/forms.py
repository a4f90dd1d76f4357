"""The forms of the investment pages; the services (investment.services) check everything again."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from liuyang.forms import BootstrapMixin, DateInput
from liuyang.policies import policy_for
from projects import lookups
from projects.choices import ProjectType
from reserve.choices import Tier

from .choices import ContactWay, ElementKind, LeadMode, Region, TalentBenefit
from .models import ChainLink, InvestmentLead, InvestmentTeam
from .services.leads import EDITABLE
from .services.leads import suggested_code as next_code


class LinkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.chain.name} · {obj.name}（{obj.get_status_display()}）"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def teams_for(user):
    """The teams the user may record leads for: every team for the office, else their own."""
    teams = InvestmentTeam.objects.all()
    if policy_for(InvestmentLead).writes_all(user):
        return teams
    return teams.filter(Q(members=user) | Q(leader=user)).distinct()


def team_people(teams):
    return User.objects.filter(Q(pk__in=teams.values("leader")) | Q(pk__in=teams.values("members"))).order_by(
        "full_name", "pk"
    )


class VersionedForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


class LeadForm(VersionedForm):
    """Add a lead (线索) or edit one; stage, project and dates move through the actions."""

    company = forms.CharField(label=_("目标企业"), max_length=200)
    contact_person = forms.CharField(label=_("企业联系人"), max_length=50, required=False)
    region = forms.ChoiceField(label=_("所在区域"), choices=Region.choices)
    mode = forms.ChoiceField(label=_("招商方式"), choices=LeadMode.choices)
    link = LinkChoiceField(
        label=_("补链环节"), queryset=ChainLink.objects.select_related("chain"), required=False
    )
    project_name = forms.CharField(label=_("拟建项目"), max_length=200)
    intended_investment = forms.DecimalField(
        label=_("意向投资（万元）"), max_digits=14, decimal_places=2, min_value=0
    )
    team = forms.ModelChoiceField(label=_("招商小分队"), queryset=InvestmentTeam.objects.none())
    owner = PersonChoiceField(label=_("负责人"), queryset=User.objects.none())
    next_step = forms.CharField(label=_("下一步工作"), max_length=200, required=False)
    next_step_due = forms.DateField(label=_("下一步时限"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("修改说明"), max_length=200, required=False)

    def __init__(self, *args, user, lead=None, **kwargs):
        if lead is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(lead, name) for name in EDITABLE} | {"version": lead.version}
        super().__init__(*args, **kwargs)
        teams = teams_for(user)
        self.fields["team"].queryset = teams
        self.fields["owner"].queryset = team_people(teams)
        if lead is None:
            del self.fields["reason"]
            self.fields["owner"].initial = user.pk
            if teams.count() == 1:
                self.fields["team"].initial = teams.first().pk

    def service_kwargs(self):
        data = super().service_kwargs()
        data.pop("expected_version")
        return {name: data[name] for name in EDITABLE}


class ContactForm(VersionedForm):
    way = forms.ChoiceField(label=_("联系方式"), choices=ContactWay.choices)
    on = forms.DateField(label=_("联系日期"), widget=DateInput(), required=False)
    text = forms.CharField(label=_("联系情况"), widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=_("下一步工作"), max_length=200, required=False)
    next_step_due = forms.DateField(label=_("下一步时限"), widget=DateInput(), required=False)


class AdvanceForm(VersionedForm):
    note = forms.CharField(label=_("推进情况"), widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label=_("下一步工作"), max_length=200, required=False)
    next_step_due = forms.DateField(label=_("下一步时限"), widget=DateInput(), required=False)


class DropForm(VersionedForm):
    reason = forms.CharField(label=_("终止原因"), max_length=200)


class LandForm(VersionedForm):
    landed_on = forms.DateField(label=_("落地日期"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("落地情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SignForm(VersionedForm):
    """签约转项目: the project's own fields, pre-filled from the lead; name, owner and total come from it."""

    code = forms.CharField(label=_("项目编号"), max_length=30)
    project_type = forms.ChoiceField(label=_("项目类型"), choices=ProjectType.choices)
    industry = forms.ModelChoiceField(label=_("所属产业"), queryset=lookups.industries())
    town = forms.ModelChoiceField(label=_("所在乡镇/街道"), queryset=lookups.towns())
    responsible_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=lookups.responsible_units())
    responsible_person = forms.CharField(label=_("责任人"), max_length=50)
    tier = forms.ChoiceField(label=_("储备层级"), choices=Tier.choices)
    signed_on = forms.DateField(label=_("签约日期"), widget=DateInput(), required=False)

    @classmethod
    def for_lead(cls, lead, **kwargs):
        today = timezone.localdate()
        chain = lead.link.chain if lead.link_id else None
        initial = {
            "version": lead.version,
            "code": next_code(today.year),
            "project_type": ProjectType.INDUSTRIAL,
            "industry": chain.industry_id if chain else None,
            "responsible_person": lead.owner.display_name,
            "tier": Tier.NEAR,
            "signed_on": today,
        }
        return cls(initial=initial, **kwargs)


class ElementRequestForm(BootstrapMixin, forms.Form):
    """要素保障需求: what each kind must say is the service's rule (land: area; finance: bank and
    amount; talent: benefit and headcount)."""

    kind = forms.ChoiceField(label=_("要素类别"), choices=ElementKind.choices)
    title = forms.CharField(label=_("事项"), max_length=200)
    detail = forms.CharField(label=_("需求说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    responsible_unit = forms.ModelChoiceField(label=_("责任部门"), queryset=lookups.responsible_units())
    deadline = forms.DateField(label=_("办理时限"), widget=DateInput())
    land_area = forms.DecimalField(
        label=_("用地面积（亩）"), max_digits=10, decimal_places=2, min_value=0, required=False
    )
    standard_land = forms.BooleanField(label=_("标准地（拿地即开工）"), required=False)
    bank = forms.CharField(label=_("对接银行"), max_length=100, required=False)
    amount = forms.DecimalField(
        label=_("融资金额（万元）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    benefit = forms.ChoiceField(
        label=_("人才待遇"), choices=[("", "—"), *TalentBenefit.choices], required=False
    )
    headcount = forms.IntegerField(label=_("人数"), min_value=1, required=False)

    #: fields each kind sends to the service (the others are left out)
    KIND_FIELDS = {
        ElementKind.LAND: ("land_area", "standard_land"),
        ElementKind.FINANCE: ("bank", "amount"),
        ElementKind.TALENT: ("benefit", "headcount"),
    }

    def service_kwargs(self):
        data = self.cleaned_data
        kind = data["kind"]
        kwargs = {name: data[name] for name in ("kind", "title", "detail", "responsible_unit", "deadline")}
        for name in self.KIND_FIELDS.get(kind, ()):
            kwargs[name] = data[name]
        return kwargs


class CloseElementForm(BootstrapMixin, forms.Form):
    guaranteed = forms.TypedChoiceField(
        label=_("办理结论"),
        choices=[("1", _("已保障")), ("0", _("不予保障"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    result = forms.CharField(label=_("办理结果或理由"), widget=forms.Textarea(attrs={"rows": 3}))
