"""The dashboards' filter form: year, project type, industry, town. Strict like the lists'
FilterSets: an unknown parameter is an error (400), never silently ignored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import UnitKind
from accounts.models import Unit
from liuyang.forms import BootstrapMixin
from projects.choices import ProjectType
from projects.models import Industry

#: how many years back the year filter offers
YEARS_BACK = 8


class DashboardFilterForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    project_type = forms.ChoiceField(
        label=_("项目类型"), choices=[("", _("全部类型")), *ProjectType.choices], required=False
    )
    industry = forms.ModelChoiceField(
        label=_("所属产业"), queryset=Industry.objects.all(), required=False, empty_label=_("全部产业")
    )
    town = forms.ModelChoiceField(
        label=_("乡镇/街道"),
        queryset=Unit.objects.filter(kind=UnitKind.TOWN),
        required=False,
        empty_label=_("全部乡镇/街道"),
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(today.year, today.year - YEARS_BACK, -1)
        self.fields["year"].choices = [("", _("本年度"))] + [(y, str(y)) for y in years]

    def clean(self):
        data = super().clean()
        unknown = sorted(set(self.data) - set(self.fields)) if self.is_bound else []
        if unknown:
            raise forms.ValidationError(
                _("未知的筛选参数“%(names)s”。") % {"names": "、".join(unknown)}, code="unknown"
            )
        return data
