"""Forms of the task-force pages (精准服务): they parse input; the rules are in ``projects.services``.

Field names are the services' keyword arguments, so a service's ValidationError
keyed by field lands on its own field (``add_service_errors``).
"""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import ALL_ROLES, Role
from liuyang.forms import BootstrapMixin, DateInput

from .choices import MilestonePhase
from .models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    ProgressReport,
    TaskForce,
    TaskForceMember,
)

VERSION_MISSING = _("缺少版本号，请刷新页面后重新编辑。")


def label_of(model, name):
    return model._meta.get_field(name).verbose_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.unit}" if obj.unit_id else str(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}（{obj.unit}）" if obj.unit_id else str(obj)


def people(current_ids=()):
    """Active people holding a role (and whoever is already chosen), by unit and name."""
    with_role = User.objects.filter(groups__name__in=ALL_ROLES).values("pk")
    return (
        User.objects.filter(Q(is_active=True, pk__in=with_role) | Q(pk__in=[i for i in current_ids if i]))
        .select_related("unit")
        .order_by("unit__sort_order", "full_name", "username")
    )


def units(current_id=None):
    q = Q(is_active=True)
    if current_id:
        q |= Q(pk=current_id)
    return Unit.objects.exclude(kind=UnitKind.ENTERPRISE).filter(q)


class VersionedForm(BootstrapMixin, forms.Form):
    """A form editing a VersionedModel carries the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = VERSION_MISSING

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


# -- progress reports --------------------------------------------------------------------


def money_field(name):
    field = forms.DecimalField(
        label=label_of(ProgressReport, name), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    field.widget.attrs.update(
        {"min": "0", "step": "0.01", "inputmode": "decimal", "placeholder": "0", "data-money": name}
    )
    return field


class ReportForm(VersionedForm):
    """本期完成投资 split in four (万元; blank is 0), 形象进度, percent complete, problems."""

    construction = money_field("construction")
    installation = money_field("installation")
    equipment = money_field("equipment")
    other = money_field("other")
    physical_progress = forms.CharField(
        label=label_of(ProgressReport, "physical_progress"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：主体结构施工至第 12 层，完成桩基 80%"),
        error_messages={"required": _("请填写形象进度。")},
    )
    percent_complete = forms.DecimalField(
        label=label_of(ProgressReport, "percent_complete"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("0–100，项目整体完成的比例"),
        error_messages={"required": _("请填写工程总体完成比例。")},
    )
    problems = forms.CharField(
        label=label_of(ProgressReport, "problems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("需要协调解决的问题，可留空"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent_complete"].widget.attrs.update(
            {"min": "0", "max": "100", "step": "0.01", "inputmode": "decimal"}
        )

    def clean(self):
        data = super().clean()
        for name in ("construction", "installation", "equipment", "other"):
            if name in data and data[name] is None:
                data[name] = Decimal("0")
        return data


class ReviewForm(BootstrapMixin, forms.Form):
    """The office's comment when accepting (optional) or returning (required) a report."""

    comment = forms.CharField(
        label=_("审核意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(ReviewForm):
    comment = forms.CharField(
        label=_("退回原因"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("说明需要修改的内容，填报人会在报表上看到。"),
        error_messages={"required": _("退回时请填写意见，说明需要修改的内容。")},
    )


# -- work plans --------------------------------------------------------------------------


class MilestoneForm(VersionedForm):
    name = forms.CharField(label=label_of(Milestone, "name"), max_length=100)
    phase = forms.ChoiceField(label=label_of(Milestone, "phase"), choices=MilestonePhase.choices)
    owner = PersonChoiceField(
        label=label_of(Milestone, "owner"), queryset=User.objects.none(), required=False
    )
    owner_unit = forms.ModelChoiceField(
        label=label_of(Milestone, "owner_unit"), queryset=Unit.objects.none(), required=False
    )
    planned_date = forms.DateField(
        label=label_of(Milestone, "planned_date"), required=False, widget=DateInput()
    )
    started_on = forms.DateField(label=label_of(Milestone, "started_on"), required=False, widget=DateInput())
    actual_date = forms.DateField(
        label=label_of(Milestone, "actual_date"),
        required=False,
        widget=DateInput(),
        help_text=_("填写后节点即为已完成"),
    )
    note = forms.CharField(label=label_of(Milestone, "note"), max_length=200, required=False)
    sort_order = forms.IntegerField(
        label=label_of(Milestone, "sort_order"), min_value=0, required=False, help_text=_("数字小的排在前面")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["owner"].queryset = people([getattr(instance, "owner_id", None)])
        self.fields["owner_unit"].queryset = units(getattr(instance, "owner_unit_id", None))

    def service_kwargs(self):
        data = super().service_kwargs()
        if data.get("sort_order") is None:
            data.pop("sort_order", None)
        return data


class ApplyTemplateForm(BootstrapMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("工作方案模板"), queryset=MilestoneTemplate.objects.none(), empty_label=_("请选择模板")
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        templates = MilestoneTemplate.objects.filter(is_active=True)
        if project is not None:
            templates = templates.filter(Q(project_type="") | Q(project_type=project.project_type))
        self.fields["template"].queryset = templates.order_by("project_type", "name")


# -- task force and members (the office) ---------------------------------------------------


class TaskForceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = TaskForce
        fields = ["name", "leader", "meeting_frequency", "meeting_weekday"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leaders = User.objects.filter(groups__name=Role.CITY_LEADER).values("pk")
        current = self.instance.leader_id if self.instance.pk else None
        self.fields["leader"].queryset = User.objects.filter(
            Q(is_active=True, pk__in=leaders) | Q(pk=current)
        ).order_by("full_name", "username")
        self.fields["name"].help_text = _("留空则为“项目名称+专班”")


class MemberForm(BootstrapMixin, forms.ModelForm):
    user = PersonChoiceField(label=label_of(TaskForceMember, "user"), queryset=User.objects.none())

    class Meta:
        model = TaskForceMember
        fields = ["user", "unit", "duty"]

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task_force = task_force
        self.fields["user"].queryset = people()
        self.fields["unit"].queryset = units()
        self.fields["duty"].widget.attrs["placeholder"] = _("例如：用地报批协调")

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.task_force is not None and self.task_force.members.filter(user=user).exists():
            raise forms.ValidationError(_("%(user)s 已是该专班成员。") % {"user": user})
        return user


# -- dispatch meetings ---------------------------------------------------------------------


class MeetingForm(VersionedForm):
    held_on = forms.DateField(label=label_of(DispatchMeeting, "held_on"), widget=DateInput())
    location = forms.CharField(label=label_of(DispatchMeeting, "location"), max_length=100, required=False)
    chair = PersonChoiceField(
        label=label_of(DispatchMeeting, "chair"), queryset=User.objects.none(), required=False
    )
    attendees = PeopleChoiceField(
        label=label_of(DispatchMeeting, "attendees"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=label_of(DispatchMeeting, "minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    decisions = forms.CharField(
        label=label_of(DispatchMeeting, "decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项；需要跟踪落实的请在会议页面添加交办事项"),
    )

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        current = list(meeting.attendees.values_list("pk", flat=True)) if meeting and meeting.pk else []
        chosen = {task_force.leader_id, task_force.project.service_commissioner_id, *current}
        chosen |= set(task_force.members.values_list("user_id", flat=True))
        office = User.objects.filter(groups__name=Role.KEY_OFFICE, is_active=True).values("pk")
        self.fields["attendees"].queryset = (
            User.objects.filter(Q(pk__in=[i for i in chosen if i]) | Q(pk__in=office))
            .select_related("unit")
            .order_by("unit__sort_order", "full_name", "username")
        )
        self.fields["chair"].queryset = people([getattr(meeting, "chair_id", None)])
        if meeting is not None and meeting.pk:
            self.initial.setdefault("attendees", current)

    def service_kwargs(self):
        data = super().service_kwargs()
        data["attendees"] = list(data.get("attendees") or [])
        return data


class ActionItemForm(VersionedForm):
    title = forms.CharField(label=label_of(ActionItem, "title"), max_length=200)
    owner = PersonChoiceField(
        label=label_of(ActionItem, "owner"), queryset=User.objects.none(), required=False
    )
    owner_unit = forms.ModelChoiceField(
        label=label_of(ActionItem, "owner_unit"), queryset=Unit.objects.none(), required=False
    )
    due_date = forms.DateField(label=label_of(ActionItem, "due_date"), widget=DateInput())
    done_on = forms.DateField(label=label_of(ActionItem, "done_on"), required=False, widget=DateInput())
    note = forms.CharField(label=label_of(ActionItem, "note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["owner"].queryset = people([getattr(instance, "owner_id", None)])
        self.fields["owner_unit"].queryset = units(getattr(instance, "owner_unit_id", None))
