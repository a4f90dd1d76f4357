"""What the task-force, work-plan, report and meeting endpoints share.

Their writes go through ``projects.services``, which check the user's right on
the project, validate with messages keyed by field, save atomically and leave
one history record; the serializers' ``create`` / ``update`` only call them.
The views answer with the object read afresh through their queryset, so the
derived figures (milestone status, cumulative investment, overdue flags) are
those of the saved row.
"""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.models import User
from liuyang.api.viewsets import PolicyModelViewSet

READ = ["get", "head", "options"]


class WorkViewSet(PolicyModelViewSet):
    """A policy viewset whose actions parse their own bodies (``inputs``) and whose answers are
    the objects read again through ``get_queryset`` (annotations and prefetches included)."""

    #: action → serializer of its request body
    inputs = {}

    @cached_property
    def today(self):
        return timezone.localdate()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.today}

    def get_serializer_class(self):
        return self.inputs.get(self.action) or self.serializer_class

    def parse(self):
        serializer = self.inputs[self.action](data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def fresh(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def answer(self, obj, status_code=status.HTTP_200_OK):
        """The object as the list shows it, read again after an action changed it."""
        data = self.serializer_class(self.fresh(obj), context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.fresh(serializer.instance)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.fresh(serializer.instance)


# -- serializer pieces ----------------------------------------------------------------------


def today_of(serializer):
    """The day the request's derived figures are computed for (the view's, for one request)."""
    return serializer.context.get("today") or timezone.localdate()


def active_users():
    return User.objects.filter(is_active=True)


class KeepCurrentMixin:
    """Related fields (``keep_current``) offer active rows only, plus the row the object already
    points at: a full PUT of an object that names a retired unit or person still passes."""

    keep_current = ()

    def get_fields(self):
        fields = super().get_fields()
        instance = self.instance if isinstance(self.instance, self.Meta.model) else None
        for name in self.keep_current:
            current = getattr(instance, f"{name}_id", None) if instance is not None else None
            if current is not None:
                field = fields[name]
                model = field.queryset.model
                field.queryset = field.queryset | model._default_manager.filter(pk=current)
        return fields


class ServiceSerializer(KeepCurrentMixin, serializers.ModelSerializer):
    """A model serializer whose saves call a service as the requesting user.

    ``fixed`` lists fields given on create that cannot change afterwards.
    """

    fixed = ()

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="乐观并发：修改时带上读取到的版本号，若已被他人修改则返回 409。",
    )

    @property
    def actor(self):
        return self.context["request"].user

    def validate(self, attrs):
        if self.instance is not None:
            errors = {}
            for name in self.fixed:
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    errors[name] = _("%(field)s创建后不能更改。") % {
                        "field": self.Meta.model._meta.get_field(name).verbose_name
                    }
            if errors:
                raise serializers.ValidationError(errors)
        return attrs

    @staticmethod
    def split(validated_data, *names):
        """Pop ``names`` from the validated data; return their values (None if absent)."""
        return [validated_data.pop(name, None) for name in names]
