"""Progress reports (进度填报): the phone form with photos, the report page with the office's
review, a project's report list, photos served behind the read check, and the office's list
of late, returned and unreviewed reports."""

import datetime
import mimetypes
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from liuyang.exceptions import ConflictError
from liuyang.filtersets import check_params, filtered
from liuyang.forms import add_service_errors
from liuyang.history import history_for
from liuyang.policies import policy_for
from liuyang.views import ExportRequest

from .. import selectors
from ..choices import ReportStatus
from ..filtersets import ReportAttentionFilterSet
from ..forms_work import ReportForm, ReturnForm, ReviewForm
from ..models import ProgressReport, Project, ReportPhoto
from ..services import periods, photos, reports
from .base import Rights, done, keep_input_after_conflict, require, require_view, today

REPORT_PAGE = ProgressReport.objects.select_related(
    "project__responsible_unit", "created_by", "submitted_by", "reviewed_by"
)


def report_edit_url(report):
    return reverse("projects:report_edit", args=[report.pk])


def require_edit(user, report):
    if report.status == ReportStatus.ACCEPTED and policy_for(ProgressReport).can_change(user, report):
        raise PermissionDenied(_("报表已被采纳，不能再修改。如需更正，请联系市重点办退回。"))
    require(reports.can_edit(user, report), _("您没有修改该项目进度填报的权限。"))


def parse_period(project, raw, now):
    """The period start asked for (``?period=YYYY-MM-DD``, any day of the period), or the
    current period. Returns (start, error message)."""
    frequency = project.report_frequency
    if not raw:
        return periods.current_period(frequency, now)[0], ""
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return periods.current_period(frequency, now)[0], _(
            "期间“%(value)s”不是有效的日期（应为 YYYY-MM-DD）。"
        ) % {"value": raw}
    start = periods.period_for(frequency, day)[0]
    if start > now:
        return start, _("不能填报尚未开始的期间。")
    return start, ""


class ReportFormView(LoginRequiredMixin, View):
    """Shared by the new-report and edit-report pages: four money fields with live totals,
    形象进度, percent, problems, photos; 保存草稿 or 提交; the version against lost updates."""

    template_name = "projects/report_form.html"

    def render_form(
        self, request, project, report, period_start, form, photo_errors=(), status=200, period_error=""
    ):
        before_total, before_ytd = selectors.cumulative_before(project, period_start)
        period_total = report.period_total if report is not None else Decimal("0")
        now = today()
        context = {
            "project": project,
            "report": report,
            "period": selectors.period_state(project.report_frequency, period_start, now, report),
            "form": form,
            "photo_errors": photo_errors,
            "period_error": period_error,
            "photos": list(report.photos.all()) if report is not None else [],
            "before_total": before_total,
            "before_ytd": before_ytd,
            # without JavaScript: the figures as stored (the page's script sums the inputs live)
            "shown": {
                "period": period_total,
                "since_start": before_total + period_total,
                "since_jan": before_ytd + period_total,
            },
            "max_photo_mb": photos.max_bytes() // (1024 * 1024),
        }
        return render(request, self.template_name, context, status=status)

    def save(self, request, project, report, period_start):
        form = ReportForm(request.POST, instance=report)
        uploads = request.FILES.getlist("photos")
        photo_errors = []
        # Every photo is checked before anything is saved: one bad file keeps the whole report unsaved.
        for upload in uploads:
            try:
                photos.check_image(upload)
            except ValidationError as error:
                photo_errors.extend(m for messages in error.message_dict.values() for m in messages)
        if not form.is_valid() or photo_errors:
            return self.render_form(request, project, report, period_start, form, photo_errors, status=400)
        submit = request.POST.get("action") == "submit"
        created = []
        try:
            with transaction.atomic():
                saved = reports.save_report(
                    project=project,
                    actor=request.user,
                    period_start=period_start,
                    report=report,
                    submit=submit,
                    expected_version=form.cleaned_data["version"] if report is not None else None,
                    **form.service_kwargs(),
                )
                for upload in uploads:
                    created.append(photos.add_photo(saved, upload, actor=request.user))
        except BaseException as error:
            # The rows are rolled back; the files written for them must go too.
            for photo in created:
                for image in (photo.original, photo.display, photo.thumbnail):
                    image.storage.delete(image.name)
            if isinstance(error, ValidationError):
                add_service_errors(form, error)
                status = 400
            elif isinstance(error, ConflictError):
                form.add_error(None, str(error))
                keep_input_after_conflict(form, ProgressReport, report.pk)
                status = 409
            else:
                raise
            return self.render_form(request, project, report, period_start, form, photo_errors, status=status)
        if submit:
            message = _("已提交%(period)s，等待市重点办审核。") % {"period": saved.period_label}
        else:
            message = _("已保存%(period)s草稿。") % {"period": saved.period_label}
        if uploads:
            message += " " + _("上传照片 %(count)s 张。") % {"count": len(uploads)}
        return done(request, message, saved.get_absolute_url())


class ReportCreateView(ReportFormView):
    def get_project(self, request, pk):
        project = get_object_or_404(Project, pk=pk)
        require(Rights(request.user, project).report, _("您没有填报该项目进度的权限。"))
        return project

    def existing(self, project, period_start):
        return ProgressReport.objects.filter(
            project=project, frequency=project.report_frequency, period_start=period_start
        ).first()

    def get(self, request, pk):
        project = self.get_project(request, pk)
        period_start, error = parse_period(project, request.GET.get("period", ""), today())
        report = self.existing(project, period_start) if not error else None
        if report is not None:
            # One report per period: go to the one there is.
            target = (
                report_edit_url(report)
                if reports.can_edit(request.user, report)
                else report.get_absolute_url()
            )
            return HttpResponseRedirect(target)
        return self.render_form(
            request,
            project,
            None,
            period_start,
            ReportForm(),
            status=400 if error else 200,
            period_error=error,
        )

    def post(self, request, pk):
        project = self.get_project(request, pk)
        period_start, error = parse_period(project, request.GET.get("period", ""), today())
        if error:
            form = ReportForm(request.POST)
            form.is_valid()
            return self.render_form(
                request, project, None, period_start, form, status=400, period_error=error
            )
        return self.save(request, project, None, period_start)


class ReportEditView(ReportFormView):
    def get_report(self, request, pk):
        report = get_object_or_404(REPORT_PAGE, pk=pk)
        require_edit(request.user, report)
        return report

    def get(self, request, pk):
        report = self.get_report(request, pk)
        initial = {name: getattr(report, name) for name in reports.REPORT_FIELDS}
        form = ReportForm(instance=report, initial=initial)
        return self.render_form(request, report.project, report, report.period_start, form)

    def post(self, request, pk):
        report = self.get_report(request, pk)
        return self.save(request, report.project, report, report.period_start)


# -- the report page and the office's review ---------------------------------------------------


def render_report(request, report, forms=None, status=200):
    forms = forms or {}
    report = reports.with_cumulative(REPORT_PAGE.filter(pk=report.pk)).get()
    rights = Rights(request.user, report.project)
    may_review = rights.review
    context = {
        "report": report,
        "project": report.project,
        "photos": list(report.photos.select_related("uploaded_by")),
        "history": history_for(report, limit=30),
        "can_edit": reports.can_edit(request.user, report),
        "can_delete_photos": reports.can_edit(request.user, report)
        and policy_for(ReportPhoto).can_delete(request.user, None),
        "accept_form": forms.get("accept") or (ReviewForm(prefix="accept") if may_review else None),
        "return_form": forms.get("return") or (ReturnForm(prefix="return") if may_review else None),
        "open_form": next(iter(forms), ""),
        "may_review": may_review,
    }
    return render(request, "projects/report_detail.html", context, status=status)


class ReportDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        require_view(request.user, ProgressReport)
        return render_report(request, get_object_or_404(ProgressReport, pk=pk))


class ReviewView(LoginRequiredMixin, View):
    """The office accepts (采纳) or returns (退回, with a comment) a report."""

    action = None

    def post(self, request, pk):
        report = get_object_or_404(ProgressReport.objects.select_related("project"), pk=pk)
        require(policy_for(ProgressReport).writes_all(request.user), _("只有市重点办可以审核进度填报。"))
        form_class = ReturnForm if self.action == "return" else ReviewForm
        form = form_class(request.POST, prefix=self.action)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            try:
                if self.action == "return":
                    reports.return_report(report, actor=request.user, comment=comment)
                    message = _("已退回%(report)s，填报人会看到退回原因。")
                else:
                    reports.accept(report, actor=request.user, comment=comment)
                    message = _("已采纳%(report)s。")
                return done(request, message % {"report": report}, report.get_absolute_url())
            except ValidationError as error:
                add_service_errors(form, error)
        return render_report(request, report, {self.action: form}, status=400)


# -- photos ------------------------------------------------------------------------------------

PHOTO_KINDS = ("original", "display", "thumbnail")


class PhotoView(LoginRequiredMixin, View):
    """A site photo, streamed only to people who may read the project (no public media URL)."""

    def get(self, request, pk, kind):
        if kind not in PHOTO_KINDS:
            raise Http404
        photo = get_object_or_404(ReportPhoto.objects.select_related("report__project"), pk=pk)
        require(
            policy_for(Project).can_view(request.user) and policy_for(ReportPhoto).can_view(request.user),
            _("您没有查看此内容的权限。"),
        )
        image = getattr(photo, kind)
        try:
            handle = image.open("rb")
        except FileNotFoundError:
            raise Http404(_("照片文件不存在。")) from None
        content_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}-{kind}{_suffix(image.name)}"'
        return response


def _suffix(name):
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


class PhotoDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        photo = get_object_or_404(ReportPhoto.objects.select_related("report__project"), pk=pk)
        report = photo.report
        require_edit(request.user, report)
        photos.delete_photo(photo, actor=request.user)
        return done(request, _("已删除照片。"), report_edit_url(report) + "#photos")


# -- lists -------------------------------------------------------------------------------------


def report_list_queryset(user, project, params):
    """A project's reports as its report list shows them (the page and its export both ask here)."""
    require_view(user, ProgressReport)
    check_params(params)
    return selectors.project_reports(project)


class ProjectReportListView(LoginRequiredMixin, View):
    """A project's reports per period: status, period total, cumulative since start and this year."""

    paginate_by = 24

    def get(self, request, pk):
        require_view(request.user, ProgressReport)
        project = get_object_or_404(Project.objects.select_related("responsible_unit"), pk=pk)
        status = 200
        try:
            queryset = report_list_queryset(request.user, project, request.GET)
        except ValidationError:
            queryset, status = ProgressReport.objects.none(), 400
        paginator = Paginator(queryset, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        now = today()
        current = selectors.attach_periods([project], now)[0].current_period
        context = {
            "project": project,
            "reports": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "querystring": "",
            "rights": Rights(request.user, project),
            "current_period": current,
        }
        return render(request, "projects/report_list.html", context, status=status)


class ReportAttentionView(LoginRequiredMixin, View):
    """The office's list: for the current and previous periods, projects in 前期/在建 whose report is
    late (none or a draft past its due date), returned, or submitted and awaiting review."""

    paginate_by = 50
    template_name = "projects/reports_attention.html"

    @staticmethod
    def filterset(user, params, now, request=None):
        """The page's filters over the projects needing attention (the page and its export)."""
        require_view(user, ProgressReport)
        return ReportAttentionFilterSet(
            params,
            queryset=selectors.attention_projects(now),
            request=request or ExportRequest(user, params),
            today=now,
        )

    @classmethod
    def export_queryset(cls, user, params, now=None):
        return filtered(cls.filterset(user, params, now or today()))

    def get(self, request):
        now = today()
        filterset = self.filterset(request.user, request.GET, now, request)
        status = 200
        queryset = filterset.qs if filterset.is_valid() else Project.objects.none()
        if not filterset.is_valid():
            status = 400
        paginator = Paginator(queryset, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filterset": filterset,
            "filter_errors": filterset.errors if status == 400 else {},
            "rows": selectors.decorate_attention(page.object_list, now),
            "page_obj": page,
            "paginator": paginator,
            "querystring": query.urlencode(),
            "today": now,
            "may_review": policy_for(ProgressReport).writes_all(request.user),
            "monthly_due_day": getattr(settings, "PROGRESS_MONTHLY_DUE_DAY", 5),
        }
        return render(request, self.template_name, context, status=status)
