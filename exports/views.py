"""Start an export, watch its progress (htmx polling), download the file; a user sees only their own jobs."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from approvals.views.cases import file_response

from . import registry, services
from .choices import JobStatus
from .models import ExportJob


def my_jobs(user):
    return ExportJob.objects.filter(requested_by=user)


class StartView(LoginRequiredMixin, View):
    """POST /exports/<key>/?<the list's query string>: queue the export, then show its progress."""

    def post(self, request, key):
        try:
            job = services.start(request.user, key, request.GET)
        except ValidationError as error:
            export = registry.get(key)
            messages_ = [f"{name}：{'；'.join(errors)}" for name, errors in error.message_dict.items()]
            context = {"export": export, "errors": messages_}
            return render(request, "exports/refused.html", context, status=400)
        if getattr(request, "htmx", False):
            return render(request, "exports/_progress.html", {"job": job})
        return HttpResponseRedirect(job.get_absolute_url())


class JobDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(my_jobs(request.user), pk=pk)
        if getattr(request, "htmx", False):
            return render(request, "exports/_progress.html", {"job": job})
        return render(request, "exports/job_detail.html", {"job": job})


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(my_jobs(request.user), pk=pk, status=JobStatus.DONE)
        return file_response(job.file, job.filename or _("导出.xlsx"))


class JobListView(LoginRequiredMixin, View):
    def get(self, request):
        jobs = list(my_jobs(request.user)[:50])
        return render(request, "exports/job_list.html", {"jobs": jobs})
