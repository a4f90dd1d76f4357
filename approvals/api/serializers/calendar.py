"""The working-day calendar's office overrides, the calculator's answers, and the dishonesty list."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from ...models import DishonestApplicant, WorkdayOverride


class WorkdayOverrideSerializer(serializers.ModelSerializer):
    """A day whose working status the office sets by hand (e.g. the State Council's notice for a
    year the statutory calendar does not know yet, or a local change)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:workday-override-detail")
    date = serializers.DateField(
        validators=[UniqueValidator(WorkdayOverride.objects.all(), message=_("这一天已有工作日调整。"))]
    )

    class Meta:
        model = WorkdayOverride
        fields = ["id", "url", "date", "is_working_day", "name", "note"]


class WorkdayExceptionSerializer(serializers.Serializer):
    """A day whose status differs from "Monday to Friday work": a holiday on a weekday or a
    make-up working day (调休上班) on a weekend."""

    date = serializers.DateField()
    is_working_day = serializers.BooleanField()
    name = serializers.CharField(help_text="节日名称或办公室填写的名称")
    source = serializers.CharField(help_text="override：市重点办的调整；statutory：国务院公布的节假日安排")


@extend_schema_serializer(many=False)  # one object, though the view's action is ``list``
class WorkdayAnswerSerializer(serializers.Serializer):
    """The calculator's answer; which fields are filled depends on the question asked.

    - ``start`` + ``days``: ``date`` is the ``days``-th working day after ``start`` (0: ``start``
      itself if it is a working day, else the next one);
    - ``start`` + ``end``: ``days`` is the number of working days after ``start`` up to and
      including ``end``;
    - ``year``: ``exceptions`` lists the year's days that differ from Monday to Friday, and
      ``known`` tells whether the statutory calendar of that year is known.
    """

    start = serializers.DateField(required=False, allow_null=True)
    end = serializers.DateField(required=False, allow_null=True)
    days = serializers.IntegerField(required=False, allow_null=True, help_text="工作日数")
    date = serializers.DateField(required=False, allow_null=True)
    year = serializers.IntegerField(required=False, allow_null=True)
    known = serializers.BooleanField(
        required=False, allow_null=True, help_text="该年度的法定节假日安排是否已知（未知时按周一至周五计）"
    )
    exceptions = WorkdayExceptionSerializer(many=True, required=False)


class DishonestApplicantSerializer(serializers.ModelSerializer):
    """An applicant on the dishonesty list (失信名单): may not use acceptance with deficiencies
    (容缺受理) while listed (from ``listed_on`` until ``lifted_on``)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:dishonest-applicant-detail")
    is_listed = serializers.SerializerMethodField(help_text="今天是否仍在失信名单上")

    class Meta:
        model = DishonestApplicant
        fields = ["id", "url", "name", "credit_code", "reason", "listed_on", "lifted_on", "is_listed"]

    def get_is_listed(self, applicant) -> bool:
        today = self.context.get("today") or timezone.localdate()
        return applicant.listed_on <= today and (applicant.lifted_on is None or applicant.lifted_on > today)
