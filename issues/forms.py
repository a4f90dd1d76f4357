"""Forms of the ledger pages. They parse input; the rules are in ``issues.services.ledger``.

Field names are the services' keyword arguments and error keys (``deadline``,
``leader``, ``responsible_person``, ``files``, ``note`` …), so a service's
ValidationError lands on its own field (``liuyang.forms.add_service_errors``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit, User
from accounts.roles import Role
from liuyang.forms import BootstrapMixin, DateInput

from .choices import IssueNature
from .models import IssueCategory, LedgerIssue
from .services import ledger
from .services.ledger import check_issue

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
NATURE_HELP = _(
    "问题性质决定交办层级：一般问题由责任单位办理；跨部门问题由市重点办协调；"
    "复杂问题由市级领导领办（须选择领办领导）；需上级支持的问题向上汇报争取。"
)


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}（{obj.unit}）" if obj.unit_id else obj.display_name


def city_leaders():
    return User.objects.filter(is_active=True, groups__name=Role.CITY_LEADER).order_by("full_name", "pk")


def categories():
    return IssueCategory.objects.filter(is_active=True)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input; the service checks each by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class PeopleMixin:
    """Leader limited to city leaders; responsible person limited to the chosen unit's users."""

    def setup_people(self):
        self.fields["leader"].queryset = city_leaders()
        unit_id = self._chosen_pk("responsible_unit")
        people = User.objects.filter(is_active=True).select_related("unit").order_by("full_name", "pk")
        self.fields["responsible_person"].queryset = (
            people.filter(unit_id=unit_id) if unit_id else people.none()
        )

    def _chosen_pk(self, name):
        if self.is_bound:
            value = self.data.get(self.add_prefix(name))
        else:
            value = self.initial.get(name)
            if value is None and getattr(self, "instance", None) is not None:
                value = getattr(self.instance, f"{name}_id", None)
        value = getattr(value, "pk", value)
        try:
            return int(value)
        except (TypeError, ValueError):
            return None


class RaiseForm(PeopleMixin, BootstrapMixin, forms.Form):
    project = ProjectChoiceField(label=_("项目"), queryset=None, empty_label=_("请选择项目"))
    title = forms.CharField(label=_("问题"), max_length=200, required=False)
    description = forms.CharField(
        label=_("问题描述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=categories(), empty_label=_("请选择类别"))
    nature = forms.ChoiceField(
        label=_("问题性质"), choices=IssueNature.choices, initial=IssueNature.ORDINARY, help_text=NATURE_HELP
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.all(), empty_label=_("请选择责任单位")
    )
    responsible_person = PersonChoiceField(
        label=_("责任人"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("可选；只列出所选责任单位的人员，更换单位后请先点击“刷新责任人”。"),
    )
    leader = PersonChoiceField(
        label=_("领办市领导"), queryset=User.objects.none(), required=False, help_text=_("复杂问题须选择")
    )
    deadline = forms.DateField(label=_("办结时限"), widget=DateInput())

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects.order_by("code")
        self.setup_people()

    def service_kwargs(self):
        return dict(self.cleaned_data)


class IssueEditForm(PeopleMixin, BootstrapMixin, forms.ModelForm):
    """The office's edit of the descriptive fields (the status moves go through the actions)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(label=_("修改理由"), max_length=100, required=False)

    class Meta:
        model = LedgerIssue
        fields = [
            "title",
            "description",
            "category",
            "responsible_unit",
            "responsible_person",
            "leader",
            "deadline",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "deadline": DateInput()}
        field_classes = {"responsible_person": PersonChoiceField, "leader": PersonChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.before = ledger.snapshot(self.instance)
        self.fields["category"].queryset = IssueCategory.objects.all()
        self.setup_people()
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            check_issue(self.instance, None)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)

    def save(self, commit=True):
        version = self.cleaned_data.get("version")
        if version is not None:
            self.instance.expected_version = version
        issue = super().save(commit)
        if commit:
            ledger.note_edit(self.user, issue, self.before)
        return issue


class VersionedActionForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


class UpdateForm(VersionedActionForm):
    text = forms.CharField(
        label=_("办理进展"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(VersionedActionForm):
    resolution = forms.CharField(
        label=_("解决情况"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(
        label=_("佐证材料"),
        help_text=_("批文或证照、现场照片、会议纪要、项目单位确认等；PDF、JPEG 或 PNG，可多选。"),
    )


class VerifyForm(VersionedActionForm):
    accept = forms.TypedChoiceField(
        label=_("核验结论"),
        choices=[("1", _("核验通过，予以销号")), ("0", _("核验未通过，退回办理"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择核验结论。")},
    )
    note = forms.CharField(
        label=_("核验意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回办理时须说明理由。"),
    )


class ReopenForm(VersionedActionForm):
    reason = forms.CharField(
        label=_("重新打开理由"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("新的办结时限"), required=False, widget=DateInput())


class ListedForm(BootstrapMixin, forms.Form):
    listed = forms.TypedChoiceField(
        label=_("挂牌督办"),
        choices=[("1", _("挂牌督办")), ("0", _("取消挂牌"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("理由"), max_length=500, required=False)

    def service_kwargs(self):
        return dict(self.cleaned_data)


class FromActionItemForm(BootstrapMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=categories(), empty_label=_("请选择类别"))
    nature = forms.ChoiceField(
        label=_("问题性质"), choices=IssueNature.choices, initial=IssueNature.ORDINARY, help_text=NATURE_HELP
    )
    deadline = forms.DateField(
        label=_("办结时限"), required=False, widget=DateInput(), help_text=_("不填则沿用交办事项的完成时限。")
    )

    def service_kwargs(self):
        return dict(self.cleaned_data)
