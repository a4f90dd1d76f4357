from django import forms
from django.utils.translation import gettext_lazy as _

from liuyang.forms import BootstrapMixin, DateInput

from . import lookups
from .choices import PolicyTag
from .models import EDITABLE_FIELDS, Project


class ProjectForm(BootstrapMixin, forms.ModelForm):
    """Create and edit a key project. Saves with optimistic concurrency on ``version``."""

    policy_tags = forms.MultipleChoiceField(
        label=_("政策契合"),
        choices=PolicyTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("修改说明"),
        max_length=200,
        required=False,
        help_text=_("可选，记入变更历史"),
    )

    class Meta:
        model = Project
        fields = EDITABLE_FIELDS
        widgets = {
            "planned_start": DateInput(),
            "planned_completion": DateInput(),
            "actual_start": DateInput(),
            "actual_completion": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_targets": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, queryset in lookups.for_project(self.instance if self.instance.pk else None).items():
            self.fields[name].queryset = queryset
        for name in ("total_investment", "annual_plan_investment", "expected_output_value", "expected_tax"):
            self.fields[name].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
        self.fields["land_area"].widget.attrs.update({"min": "0", "step": "0.01"})
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = _("缺少版本号，请刷新页面后重新编辑。")

    def save(self, commit=True):
        # The model refuses the save (ConflictError) if someone saved since this form was opened.
        self.instance.expected_version = self.cleaned_data.get("version")
        return super().save(commit=commit)
