"""Excel pages of the reserve pool: template download and import (the office), export (every reader)."""

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from liuyang.forms import BootstrapMixin
from liuyang.policies import policy_for
from projects.models import Project

from . import excel
from .excel.columns import note_for
from .excel.reader import megabytes
from .filtersets import ReserveEntryFilterSet
from .models import ReserveEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_import(user):
    """The office (and superusers): they add projects and pool entries."""
    return policy_for(ReserveEntry).can_add(user) and policy_for(Project).can_add(user)


def pool_list_url():
    return reverse("reserve:entry_list")


class OfficeRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_import(request.user):
            raise PermissionDenied(_("只有市重点办可以下载导入模板和导入储备项目。"))
        return super().dispatch(request, *args, **kwargs)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        allow_empty_file=True,  # the import says so itself, more clearly
        error_messages={"required": gettext_lazy("请选择要上传的 .xlsx 文件。")},
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )


class TemplateDownloadView(OfficeRequiredMixin, View):
    def get(self, request):
        buffer = io.BytesIO()
        excel.build_template(buffer)
        buffer.seek(0)
        return FileResponse(
            buffer, as_attachment=True, filename=_("储备项目导入模板.xlsx"), content_type=XLSX
        )


class ImportView(OfficeRequiredMixin, View):
    template_name = "reserve/excel/import.html"

    def render_page(self, request, form, status=200, rejected=None):
        context = {
            "form": form,
            "rejected": rejected,
            "max_megabytes": megabytes(settings.RESERVE_IMPORT_MAX_BYTES),
            "max_rows": settings.RESERVE_IMPORT_MAX_ROWS,
            "columns": [(c.header, c.required, note_for(c)) for c in excel.COLUMNS],
            "pool_url": pool_list_url(),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        try:
            result = excel.import_upload(form.cleaned_data["file"], user=request.user)
        except excel.ImportRejected as rejected:
            return self.render_page(request, form, status=400, rejected=rejected)
        text = _(
            "已导入“%(name)s”：新建 %(created)s 个项目，更新 %(updated)s 个，未变化 %(unchanged)s 个。"
        ) % {
            "name": result.file_name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if result.entered:
            text += _("其中 %(entered)s 个原有项目新入库。") % {"entered": result.entered}
        messages.success(request, text)
        return HttpResponseRedirect(pool_list_url())


def _filter_summary(filterset):
    """The active filters in words, for the export's title row."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value is None or value == "" or (isinstance(value, list | tuple | QuerySet) and not value):
            continue
        field = filterset.form.fields[name]
        if isinstance(value, bool):
            shown = _("是") if value else _("否")
        elif isinstance(value, QuerySet):
            shown = "、".join(str(obj) for obj in value)
        else:
            plain_choices = isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            )
            labels = {str(key): label for key, label in field.choices} if plain_choices else {}
            items = value if isinstance(value, list | tuple) else [value]
            shown = "、".join(str(labels.get(str(item), item)) for item in items)
        parts.append(f"{field.label}：{shown}")
    return "；".join(parts)


class ExportView(LoginRequiredMixin, View):
    """The pool list's current filters → .xlsx in the template's columns (re-importable)."""

    def get(self, request):
        policy = policy_for(ReserveEntry)
        if not policy.can_view(request.user):
            raise PermissionDenied(_("您没有查看储备库的权限。"))
        queryset = policy.viewable(
            request.user,
            ReserveEntry.objects.select_related(
                "project__industry", "project__town", "project__responsible_unit", "responsible_unit"
            ),
        )
        filterset = ReserveEntryFilterSet(request.GET, queryset=queryset, request=request)
        if not filterset.is_valid():
            context = {"errors": filterset.errors, "pool_url": pool_list_url()}
            return render(request, "reserve/excel/export_error.html", context, status=400)
        entries = filterset.qs
        count = entries.count()
        now = timezone.localtime()
        title = _("浏阳市重点项目储备库 · 导出于 %(when)s，共 %(count)s 个项目") % {
            "when": date_format(now, "Y-m-d H:i"),
            "count": count,
        }
        summary = _filter_summary(filterset)
        if summary:
            title += _("（筛选：%(filters)s）") % {"filters": summary}
        fh = excel.write_export(entries.iterator(chunk_size=1000), title=title, count=count)
        filename = _("储备库_%(date)s.xlsx") % {"date": now.date().isoformat()}
        return FileResponse(fh, as_attachment=True, filename=filename, content_type=XLSX)
