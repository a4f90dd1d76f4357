"""Forms of the approvals pages. They parse input; the rules are in ``approvals.services``.

Field names are the services' keyword arguments and error keys (``items``,
``promise_letter``, ``material_<id>``, ``deadline_<id>``, ``document_number``,
``reason``, ``file`` …), so a service's ValidationError lands on its own field
(``liuyang.forms.add_service_errors``). Required-ness is left to the services,
so each rule and its message live in one place.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import UnitKind
from accounts.models import Unit
from liuyang.forms import BootstrapMixin, DateInput

from .choices import MaterialKind
from .models import ApprovalItem, ApprovalStage
from .services.intake import deadline_field, material_field, submittable_projects

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
APPLICANT_FIELDS = (
    "applicant_name",
    "applicant_credit_code",
    "legal_representative",
    "contact_person",
    "contact_phone",
)


def file_field(label, css=""):
    """An optional PDF/JPEG/PNG file (the service checks the content). Fields added after
    BootstrapMixin has run pass their ``css`` themselves."""
    attrs = {"accept": ACCEPT}
    if css:
        attrs["class"] = css
    return forms.FileField(label=label, required=False, widget=forms.FileInput(attrs=attrs))


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class IntakeForm(BootstrapMixin, forms.Form):
    """The single window (一窗受理): project, stage, items, a file per material, the applicant,
    and the promise letter when a secondary material is to come later (容缺受理).

    The stage's active items and one file field per material (plus a deadline field
    per material that may come later) are built from the chosen stage.
    """

    project = ProjectChoiceField(label=_("项目"), queryset=None, empty_label=_("请选择项目"))
    stage = forms.ModelChoiceField(
        label=_("审批阶段"), queryset=ApprovalStage.objects.all(), empty_label=_("请选择审批阶段")
    )
    items = forms.ModelMultipleChoiceField(
        label=_("申报事项"),
        queryset=ApprovalItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    applicant_name = forms.CharField(label=_("申请人"), max_length=200, required=False)
    applicant_credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    promise_signed_by = forms.CharField(
        label=_("承诺书签署人"),
        max_length=50,
        required=False,
        help_text=_("申请人的法定代表人。"),
    )
    promise_letter = file_field(_("容缺受理承诺书"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = submittable_projects(user).order_by("code")
        self.stage_obj = self._chosen_stage()
        self.stage_items = []
        if self.stage_obj is not None:
            active = ApprovalItem.objects.filter(stage=self.stage_obj, is_active=True)
            self.fields["items"].queryset = active
            self.stage_items = list(
                active.select_related("department")
                .prefetch_related("materials")
                .order_by("sort_order", "code")
            )
        for item in self.stage_items:
            for material in item.materials.all():
                self.fields[material_field(material.pk)] = file_field(material.name, "form-control")
                if material.kind == MaterialKind.SECONDARY and material.may_supply_later:
                    self.fields[deadline_field(material.pk)] = forms.DateField(
                        label=_("“%(material)s”补齐期限") % {"material": material.name},
                        required=False,
                        widget=DateInput(attrs={"class": "form-control form-control-sm"}),
                    )

    def _chosen(self, name):
        return self.data.get(name) if self.is_bound else self.initial.get(name)

    def _chosen_stage(self):
        value = self._chosen("stage")
        pk = value.pk if isinstance(value, ApprovalStage) else _pk(value)
        return ApprovalStage.objects.filter(pk=pk).first() if pk else None

    def chosen_item_ids(self):
        """The items ticked (as sent, for re-rendering), as a set of ids."""
        if self.is_bound:
            raw = self.data.getlist("items") if hasattr(self.data, "getlist") else self.data.get("items", [])
        else:
            raw = self.initial.get("items", [])
        return {pk for pk in (_pk(getattr(v, "pk", v)) for v in raw) if pk}

    def service_kwargs(self):
        """submit_case's keyword arguments: only the files and deadlines of the ticked items."""
        data = self.cleaned_data
        items = list(data["items"])
        uploads, deadlines = {}, {}
        for item in self.stage_items:
            if item not in items:
                continue
            for material in item.materials.all():
                upload = data.get(material_field(material.pk))
                if upload:
                    uploads[material.pk] = upload
                deadline = data.get(deadline_field(material.pk))
                if deadline:
                    deadlines[material.pk] = deadline
        return {
            "project": data["project"],
            "stage": data["stage"],
            "items": items,
            "uploads": uploads,
            "supplement_deadlines": deadlines,
            "promise_signed_by": data["promise_signed_by"],
            "promise_letter": data["promise_letter"] or None,
            **{name: data[name] for name in APPLICANT_FIELDS},
        }


# -- a department's moves on its task ------------------------------------------------------


class TaskActionForm(BootstrapMixin, forms.Form):
    """Base of the department's actions: the task's version against lost updates."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


class StartForm(TaskActionForm):
    pass


class ApproveForm(TaskActionForm):
    document_number = forms.CharField(
        label=_("批文/证照编号"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如：浏自然资预〔2026〕1号")}),
    )
    note = forms.CharField(
        label=_("办理意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(TaskActionForm):
    reason = forms.CharField(
        label=_("不予许可理由"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("申请人将在统一反馈中看到理由。"),
    )


class ReturnForm(TaskActionForm):
    reason = forms.CharField(
        label=_("需要补正的内容"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回补正期间不计入办理时限。"),
    )


# -- the applicant's side: corrections and promised materials ------------------------------


class ResubmitForm(BootstrapMixin, forms.Form):
    """Corrected materials for a task returned for correction (退回补正), and a note."""

    note = forms.CharField(
        label=_("补正说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = list(item.materials.all())
        for material in self.materials:
            self.fields[material_field(material.pk)] = file_field(material.name, "form-control")

    def uploads(self):
        return {
            m.pk: self.cleaned_data[material_field(m.pk)]
            for m in self.materials
            if self.cleaned_data.get(material_field(m.pk))
        }


class SupplyForm(BootstrapMixin, forms.Form):
    """The file of a material accepted on promise (容缺后补)."""

    file = forms.FileField(
        label=_("补齐的材料"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("请选择要提交的文件。")},
    )


# -- filters of the statistics page ---------------------------------------------------------


class StatisticsFilterForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("受理年度"), coerce=int, required=False, empty_value=None)
    stage = forms.ModelChoiceField(
        label=_("审批阶段"), queryset=ApprovalStage.objects.all(), required=False, empty_label=_("全部阶段")
    )
    department = forms.ModelChoiceField(
        label=_("审批部门"),
        queryset=Unit.objects.filter(kind=UnitKind.DEPARTMENT),
        required=False,
        empty_label=_("全部部门"),
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度"))] + [(y, str(y)) for y in years]

    def clean(self):
        data = super().clean()
        known = set(self.fields)
        unknown = sorted(set(self.data) - known) if self.is_bound else []
        if unknown:
            raise forms.ValidationError(
                _("未知的筛选参数“%(names)s”。") % {"names": "、".join(unknown)}, code="unknown"
            )
        return data


def years_choice(first, last):
    """Years from ``first`` to ``last``, newest first."""
    return list(range(last, first - 1, -1))


def parse_year(raw, today=None):
    """The calendar page's ``?year=``: (year, error message)."""
    today = today or datetime.date.today()
    if raw in (None, ""):
        return today.year, ""
    year = _pk(raw)
    if year is None or not 2000 <= year <= 2100:
        return today.year, _("年份“%(value)s”无效，请填写 2000–2100 之间的年份。") % {"value": raw}
    return year, ""
