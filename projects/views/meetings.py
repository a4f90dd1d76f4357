"""Dispatch meetings (调度会): record one, its minutes, attendees, decisions and action items."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from issues.views.actions import may_raise_on
from liuyang.history import history_for
from liuyang.policies import policy_for

from ..forms_work import ActionItemForm, MeetingForm
from ..models import ActionItem, DispatchMeeting, Project, TaskForce
from ..services import meetings
from .base import Rights, done, keep_input_after_conflict, require, require_view, run_service, today

MEETING_PAGE = DispatchMeeting.objects.select_related(
    "task_force__project", "task_force__leader", "chair__unit", "created_by"
)


class MeetingRights:
    """What a user may do on one meeting's pages: the services' own checks, asked once each."""

    def __init__(self, user, meeting):
        self.user, self.meeting = user, meeting
        self._edit = None

    @property
    def edit(self):
        """Change the record and its action items (an item follows its meeting's project scope)."""
        if self._edit is None:
            self._edit = policy_for(DispatchMeeting).can_change(self.user, self.meeting)
        return self._edit

    @property
    def add_items(self):
        return policy_for(ActionItem).can_add(self.user) and self.edit


class MeetingEditView(LoginRequiredMixin, View):
    """Record a meeting (project pk) or change one (meeting pk)."""

    template_name = "projects/meeting_edit.html"

    def get_objects(self, request, pk, meeting_pk):
        if meeting_pk is not None:
            meeting = get_object_or_404(MEETING_PAGE, pk=meeting_pk)
            task_force = meeting.task_force
        else:
            project = get_object_or_404(Project, pk=pk)
            task_force = TaskForce.objects.filter(project=project).select_related("project").first()
            require(task_force is not None, _("该项目尚未组建专班，不能记录调度会。"))
            meeting = None
        if meeting is None:
            require(Rights(request.user, task_force.project).meet, _("您没有记录该专班调度会的权限。"))
        else:
            require(MeetingRights(request.user, meeting).edit, _("您没有修改该调度会记录的权限。"))
        return task_force, meeting

    def render_form(self, request, task_force, meeting, form, status=200):
        context = {"task_force": task_force, "project": task_force.project, "meeting": meeting, "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk=None, meeting_pk=None):
        task_force, meeting = self.get_objects(request, pk, meeting_pk)
        if meeting is None:
            now = today()
            initial = {
                "held_on": now,
                "chair": task_force.leader_id,
                "attendees": list(task_force.members.values_list("user_id", flat=True)),
            }
        else:
            initial = {name: getattr(meeting, name) for name in meetings.MEETING_FIELDS}
        form = MeetingForm(instance=meeting, task_force=task_force, initial=initial)
        return self.render_form(request, task_force, meeting, form)

    def post(self, request, pk=None, meeting_pk=None):
        task_force, meeting = self.get_objects(request, pk, meeting_pk)
        form = MeetingForm(request.POST, instance=meeting, task_force=task_force)
        status = 400
        if form.is_valid():
            kwargs = form.service_kwargs()
            if meeting is None:
                call = lambda: meetings.save_meeting(actor=request.user, task_force=task_force, **kwargs)  # noqa: E731
            else:
                version = form.cleaned_data["version"]
                call = lambda: meetings.save_meeting(  # noqa: E731
                    actor=request.user, meeting=meeting, expected_version=version, **kwargs
                )
            saved, status = run_service(form, call)
            if status == 200:
                return done(request, _("已保存调度会记录。"), saved.get_absolute_url())
            if status == 409:
                keep_input_after_conflict(form, DispatchMeeting, meeting.pk)
        return self.render_form(request, task_force, meeting, form, status=status)


def render_meeting(request, meeting, item_form=None, status=200):
    rights = MeetingRights(request.user, meeting)
    now = today()
    items = list(
        meeting.action_items.select_related("owner", "owner_unit", "ledger_issue").order_by("due_date", "pk")
    )
    for item in items:
        item.is_overdue = item.done_on is None and item.due_date < now
    context = {
        "meeting": meeting,
        "task_force": meeting.task_force,
        "project": meeting.task_force.project,
        "attendees": meeting.attendees.select_related("unit").order_by("unit__sort_order", "full_name"),
        "items": items,
        "rights": rights,
        "can_raise_issues": may_raise_on(request.user, meeting.task_force.project),
        "item_form": item_form or (ActionItemForm(prefix="item") if rights.add_items else None),
        "item_form_open": item_form is not None,
        "history": history_for(meeting, limit=20),
        "today": now,
    }
    return render(request, "projects/meeting_detail.html", context, status=status)


class MeetingDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        require_view(request.user, DispatchMeeting)
        return render_meeting(request, get_object_or_404(MEETING_PAGE, pk=pk))


def meeting_url(meeting):
    return reverse("projects:meeting_detail", args=[meeting.pk])


class ActionItemAddView(LoginRequiredMixin, View):
    def post(self, request, pk):
        meeting = get_object_or_404(MEETING_PAGE, pk=pk)
        require(MeetingRights(request.user, meeting).add_items, _("您没有为该调度会添加交办事项的权限。"))
        form = ActionItemForm(request.POST, prefix="item")
        status = 400
        if form.is_valid():
            item, status = run_service(
                form,
                lambda: meetings.save_action_item(
                    actor=request.user, meeting=meeting, **form.service_kwargs()
                ),
            )
            if status == 200:
                return done(
                    request,
                    _("已添加交办事项“%(title)s”。") % {"title": item.title},
                    meeting_url(meeting) + "#items",
                )
        return render_meeting(request, meeting, item_form=form, status=status)


class ActionItemEditView(LoginRequiredMixin, View):
    template_name = "projects/action_item_edit.html"

    def get_item(self, request, pk):
        item = get_object_or_404(ActionItem.objects.select_related("meeting__task_force__project"), pk=pk)
        require(policy_for(ActionItem).can_change(request.user, item), _("您没有修改该交办事项的权限。"))
        return item

    def render_form(self, request, item, form, status=200):
        context = {
            "item": item,
            "meeting": item.meeting,
            "project": item.meeting.task_force.project,
            "form": form,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        item = self.get_item(request, pk)
        initial = {name: getattr(item, name) for name in meetings.ACTION_FIELDS}
        return self.render_form(request, item, ActionItemForm(instance=item, initial=initial))

    def post(self, request, pk):
        item = self.get_item(request, pk)
        form = ActionItemForm(request.POST, instance=item)
        status = 400
        if form.is_valid():
            version = form.cleaned_data["version"]
            _saved, status = run_service(
                form,
                lambda: meetings.save_action_item(
                    actor=request.user, item=item, expected_version=version, **form.service_kwargs()
                ),
            )
            if status == 200:
                return done(
                    request,
                    _("已保存交办事项“%(title)s”。") % {"title": item.title},
                    meeting_url(item.meeting) + "#items",
                )
            if status == 409:
                keep_input_after_conflict(form, ActionItem, item.pk)
        return self.render_form(request, item, form, status=status)


class ActionItemDoneView(LoginRequiredMixin, View):
    """Mark an action item done today (from the meeting page, one tap)."""

    def post(self, request, pk):
        item = get_object_or_404(ActionItem.objects.select_related("meeting__task_force__project"), pk=pk)
        require(policy_for(ActionItem).can_change(request.user, item), _("您没有修改该交办事项的权限。"))
        form = ActionItemForm(prefix="item")
        raw = request.POST.get("version", "")
        version = int(raw) if raw.isdigit() else None
        _saved, status = run_service(
            form,
            lambda: meetings.save_action_item(
                actor=request.user, item=item, expected_version=version, done_on=today()
            ),
        )
        if status == 200:
            return done(
                request,
                _("已将“%(title)s”标记为完成。") % {"title": item.title},
                meeting_url(item.meeting) + "#items",
            )
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return render_meeting(request, MEETING_PAGE.get(pk=item.meeting_id), status=status)
