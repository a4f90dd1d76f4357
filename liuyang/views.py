"""Generic page views: list, detail, edit, delete. Each model's views are a few lines.

Every write path asks the model's policy, saves inside one transaction,
re-checks the policy on the saved object (rolling back if it fails), and
leaves one history record (django-simple-history, with an optional reason).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import View

from .exceptions import ConflictError
from .filtersets import filtered
from .history import history_for
from .policies import policy_for


class PolicyViewMixin(LoginRequiredMixin):
    model = None
    queryset = None

    @property
    def policy(self):
        return policy_for(self.model)

    def get_queryset(self):
        queryset = self.queryset if self.queryset is not None else self.model._default_manager.all()
        self.require_view()
        return self.policy.viewable(self.request.user, queryset.all())

    def require_view(self):
        if not self.policy.can_view(self.request.user):
            raise PermissionDenied(_("您没有查看此内容的权限。"))


class ExportRequest:
    """What a list view reads of a request, for building its rows outside one (an export job)."""

    method = "GET"
    htmx = False

    def __init__(self, user, params):
        self.user = user
        self.GET = params


class ObjectListView(PolicyViewMixin, View):
    """A filtered, sorted, paginated list; htmx requests get only the table."""

    filterset_class = None
    filter_form_class = None
    template_name = None
    table_template_name = None
    paginate_by = 50
    max_page_size = 200

    def get_page_size(self):
        try:
            size = int(self.request.GET.get("page_size", self.paginate_by))
        except ValueError:
            return self.paginate_by
        return max(1, min(size, self.max_page_size))

    def get(self, request):
        self.require_view()
        filterset = self.filterset_class(request.GET, queryset=self.get_queryset(), request=request)
        status = 200
        if filterset.is_valid():
            queryset = filterset.qs
        else:
            queryset = self.model._default_manager.none()
            status = 400
        paginator = Paginator(queryset, self.get_page_size())
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
        writable = self.policy.writable_ids(request.user, [row.pk for row in rows])
        for row in rows:
            row.user_can_change = row.pk in writable
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filterset": filterset,
            "filter_errors": filterset.errors if status == 400 else {},
            "page_obj": page,
            "rows": rows,
            "paginator": paginator,
            "querystring": query.urlencode(),
            "sort": request.GET.get("sort", ""),
            "can_add": self.policy.can_add(request.user),
            "model_meta": self.model._meta,
        }
        context.update(self.extra_context(request))
        template = (
            self.table_template_name
            if getattr(request, "htmx", False) and not request.htmx.boosted
            else self.template_name
        )
        response = render(request, template, context, status=status)
        # Same URL, two bodies (page or htmx table): caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def extra_context(self, request):
        return {}

    @classmethod
    def export_queryset(cls, user, params, **attrs):
        """Every row the list shows for ``params`` (its query string), in its order, unpaginated.

        The same scope, filters and sort as the page; bad filters raise a ValidationError
        keyed by parameter, as the page answers 400. ``attrs`` set what the page's URL would
        (a year's plan: ``plan=``).
        """
        view = cls(**attrs)
        view.request = ExportRequest(user, params)
        return filtered(view.filterset_class(params, queryset=view.get_queryset(), request=view.request))


class ObjectDetailView(PolicyViewMixin, View):
    template_name = None
    history_limit = 50

    def get(self, request, pk):
        self.require_view()
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        history = history_for(obj, limit=self.history_limit)
        context = {
            "object": obj,
            "can_change": self.policy.can_change(request.user, obj),
            "can_delete": self.policy.can_delete(request.user, obj),
            "history": history,
            "history_truncated": history.truncated,
            "model_meta": self.model._meta,
        }
        context.update(self.extra_context(request, obj))
        return render(request, self.template_name, context)

    def extra_context(self, request, obj):
        return {}


class ObjectEditView(PolicyViewMixin, View):
    """Create (no pk) or edit (pk) one object."""

    form_class = None
    template_name = "generic/object_edit.html"

    def get_object(self, pk):
        if pk is None:
            if not self.policy.can_add(self.request.user):
                raise PermissionDenied(_("您没有新建此类记录的权限。"))
            return self.model()
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if not self.policy.can_change(self.request.user, obj):
            raise PermissionDenied(_("您没有修改此记录的权限。"))
        return obj

    def render_form(self, request, form, obj, status=200):
        context = {"form": form, "object": obj, "model_meta": self.model._meta}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return self.render_form(request, self.form_class(instance=obj, user=request.user), obj)

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = self.form_class(request.POST, request.FILES, instance=obj, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form, obj, status=400)
        try:
            with transaction.atomic():
                reason = form.cleaned_data.get("change_reason", "")
                if reason:
                    form.instance._change_reason = reason
                saved = form.save()
                if not self.policy.can_change(request.user, saved):
                    raise PermissionDenied(_("保存后的记录超出了您的权限范围，未做任何修改。"))
        except ConflictError as exc:
            form.add_error(None, str(exc))
            # Let a deliberate second save go through against the version now stored.
            form.data = form.data.copy()
            form.data["version"] = (
                type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
            )
            return self.render_form(request, form, obj, status=409)
        messages.success(
            request,
            (_("已创建 %(obj)s。") if pk is None else _("已保存 %(obj)s。")) % {"obj": saved},
        )
        return HttpResponseRedirect(saved.get_absolute_url())


class ObjectDeleteView(PolicyViewMixin, View):
    template_name = "generic/object_delete.html"
    success_url = None

    def get_object(self, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if not self.policy.can_delete(self.request.user, obj):
            raise PermissionDenied(_("您没有删除此记录的权限。"))
        return obj

    def get(self, request, pk):
        obj = self.get_object(pk)
        return render(request, self.template_name, {"object": obj, "model_meta": self.model._meta})

    def post(self, request, pk):
        obj = self.get_object(pk)
        name = str(obj)
        try:
            with transaction.atomic():
                reason = request.POST.get("change_reason", "").strip()
                if reason:
                    obj._change_reason = reason
                obj.delete()
        except (ProtectedError, RestrictedError) as exc:
            blockers = "、".join(sorted({str(o) for o in exc.args[1]})[:5])
            context = {
                "object": obj,
                "model_meta": self.model._meta,
                "error": _("无法删除：仍有记录引用它（%(blockers)s）。") % {"blockers": blockers},
            }
            return render(request, self.template_name, context, status=409)
        messages.success(request, _("已删除 %(obj)s。") % {"obj": name})
        return HttpResponseRedirect(self.success_url)
