"""The task-force page (专班): members, the work plan, reports and meetings of one project."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from liuyang.policies import policy_for

from .. import selectors
from ..forms_work import ApplyTemplateForm, MemberForm, MilestoneForm, TaskForceForm
from ..models import Milestone, Project, TaskForce, TaskForceMember
from ..services import workplans
from ..services.lights import with_lights
from ..services.meetings import next_meeting_date
from .base import (
    Rights,
    done,
    keep_input_after_conflict,
    require,
    require_view,
    run_service,
    today,
)

#: reports and meetings the task-force page lists (the report list has them all)
RECENT_REPORTS = 12
RECENT_MEETINGS = 10

PAGE_PROJECTS = Project.objects.select_related(
    "industry", "responsible_unit", "town", "service_commissioner__unit", "task_force__leader"
)


def task_force_url(project):
    return reverse("projects:task_force", args=[project.pk])


def load_project(pk, now):
    project = get_object_or_404(with_lights(PAGE_PROJECTS, now), pk=pk)
    selectors.attach_reasons([project], now)
    return project


def render_task_force(request, project, now, rights, bound=None, status=200):
    """The page, with ``bound`` (name → form) replacing the blank forms after a failed action."""
    bound = bound or {}
    task_force = getattr(project, "task_force", None)
    current = selectors.attach_periods([project], now)[0].current_period
    context = {
        "project": project,
        "task_force": task_force,
        "members": (
            task_force.members.select_related("user__unit", "unit").order_by("pk") if task_force else []
        ),
        "milestones": selectors.project_milestones(project, now),
        "reports": selectors.project_reports(project)[:RECENT_REPORTS],
        "meetings": selectors.task_force_meetings(task_force, now)[:RECENT_MEETINGS] if task_force else [],
        "next_meeting": next_meeting_date(task_force, now) if task_force else None,
        "current_period": current,
        "rights": rights,
        "today": now,
        "member_form": bound.get("member")
        or (MemberForm(task_force=task_force) if rights.members and task_force else None),
        "template_form": bound.get("template")
        or (ApplyTemplateForm(project=project) if rights.plan else None),
        "open_form": next(iter(bound), ""),
    }
    return render(request, "projects/task_force.html", context, status=status)


class TaskForceView(LoginRequiredMixin, View):
    def get(self, request, pk):
        require_view(request.user, TaskForce)
        now = today()
        project = load_project(pk, now)
        return render_task_force(request, project, now, Rights(request.user, project))


class TaskForceEditView(LoginRequiredMixin, View):
    """The office sets up a project's task force: name, leading city leader, meeting rhythm."""

    template_name = "projects/task_force_edit.html"

    def setup_objects(self, request, pk):
        project = get_object_or_404(Project, pk=pk)
        require(Rights(request.user, project).members, _("只有市重点办可以组建和调整专班。"))
        return project, getattr(project, "task_force", None) or TaskForce(project=project)

    def render_form(self, request, project, form, status=200):
        return render(request, self.template_name, {"project": project, "form": form}, status=status)

    def get(self, request, pk):
        project, task_force = self.setup_objects(request, pk)
        return self.render_form(request, project, TaskForceForm(instance=task_force))

    def post(self, request, pk):
        project, task_force = self.setup_objects(request, pk)
        form = TaskForceForm(request.POST, instance=task_force)
        if not form.is_valid():
            return self.render_form(request, project, form, status=400)
        with transaction.atomic():
            form.save()
        return done(request, _("已保存专班设置。"), task_force_url(project))


class MemberAddView(LoginRequiredMixin, View):
    def post(self, request, pk):
        now = today()
        project = load_project(pk, now)
        rights = Rights(request.user, project)
        require(rights.members, _("只有市重点办可以调整专班成员。"))
        task_force = getattr(project, "task_force", None)
        require(task_force is not None, _("请先组建专班。"))
        form = MemberForm(
            request.POST, task_force=task_force, instance=TaskForceMember(task_force=task_force)
        )
        if not form.is_valid():
            return render_task_force(request, project, now, rights, {"member": form}, status=400)
        with transaction.atomic():
            member = form.save()
        return done(
            request,
            _("已将 %(user)s 加入专班。") % {"user": member.user},
            task_force_url(project) + "#members",
        )


class MemberRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk):
        member = get_object_or_404(
            TaskForceMember.objects.select_related("task_force__project", "user"), pk=pk
        )
        project = member.task_force.project
        require(Rights(request.user, project).members, _("只有市重点办可以调整专班成员。"))
        name = str(member.user)
        with transaction.atomic():
            reason = request.POST.get("change_reason", "").strip()
            if reason:
                member._change_reason = reason
            member.delete()
        return done(
            request, _("已将 %(user)s 移出专班。") % {"user": name}, task_force_url(project) + "#members"
        )


class ApplyTemplateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        now = today()
        project = load_project(pk, now)
        rights = Rights(request.user, project)
        require(rights.plan)
        form = ApplyTemplateForm(request.POST, project=project)
        if form.is_valid():
            created, status = run_service(
                form,
                lambda: workplans.apply_template(project, form.cleaned_data["template"], actor=request.user),
            )
            if status == 200:
                message = (
                    _("已套用模板“%(template)s”，新增 %(count)s 个节点。")
                    if created
                    else _("模板“%(template)s”的节点都已在工作方案中，未新增节点。")
                )
                return done(
                    request,
                    message % {"template": form.cleaned_data["template"], "count": len(created)},
                    task_force_url(project) + "#plan",
                )
        return render_task_force(request, project, now, rights, {"template": form}, status=400)


# -- milestones ------------------------------------------------------------------------


class MilestoneEditView(LoginRequiredMixin, View):
    """Add (project pk) or change (milestone pk) a node of the work plan."""

    template_name = "projects/milestone_edit.html"

    def get_objects(self, request, pk, milestone_pk):
        if milestone_pk is not None:
            milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=milestone_pk)
            project = milestone.project
            allowed = policy_for(Milestone).can_change(request.user, milestone)
        else:
            milestone, project = None, get_object_or_404(Project, pk=pk)
            allowed = Rights(request.user, project).plan
        require(allowed, _("您没有修改该项目工作方案的权限。"))
        return project, milestone

    def render_form(self, request, project, milestone, form, status=200):
        context = {"project": project, "milestone": milestone, "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk=None, milestone_pk=None):
        project, milestone = self.get_objects(request, pk, milestone_pk)
        initial = {}
        if milestone is not None:
            initial = {name: getattr(milestone, name) for name in workplans.MILESTONE_FIELDS}
        return self.render_form(
            request, project, milestone, MilestoneForm(instance=milestone, initial=initial)
        )

    def post(self, request, pk=None, milestone_pk=None):
        project, milestone = self.get_objects(request, pk, milestone_pk)
        form = MilestoneForm(request.POST, instance=milestone)
        status = 400
        if form.is_valid():
            kwargs = form.service_kwargs()
            if milestone is None:
                call = lambda: workplans.save_milestone(actor=request.user, project=project, **kwargs)  # noqa: E731
            else:
                version = form.cleaned_data["version"]
                call = lambda: workplans.save_milestone(  # noqa: E731
                    actor=request.user, milestone=milestone, expected_version=version, **kwargs
                )
            saved, status = run_service(form, call)
            if status == 200:
                return done(
                    request,
                    _("已保存节点“%(name)s”。") % {"name": saved.name},
                    task_force_url(project) + "#plan",
                )
            if status == 409:
                keep_input_after_conflict(form, Milestone, milestone.pk)
        return self.render_form(request, project, milestone, form, status=status)


class MilestoneDeleteView(LoginRequiredMixin, View):
    template_name = "projects/milestone_delete.html"

    def get_milestone(self, request, pk):
        milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=pk)
        policy = policy_for(Milestone)
        require(
            policy.can_delete(request.user, milestone) and policy.can_change(request.user, milestone),
            _("您没有修改该项目工作方案的权限。"),
        )
        return milestone

    def get(self, request, pk):
        milestone = self.get_milestone(request, pk)
        return render(request, self.template_name, {"milestone": milestone, "project": milestone.project})

    def post(self, request, pk):
        milestone = self.get_milestone(request, pk)
        project, name = milestone.project, milestone.name
        workplans.delete_milestone(
            milestone, actor=request.user, reason=request.POST.get("change_reason", "")
        )
        return done(request, _("已删除节点“%(name)s”。") % {"name": name}, task_force_url(project) + "#plan")
