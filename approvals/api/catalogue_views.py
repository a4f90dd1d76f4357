"""The approval catalogue, the working-day calendar and the dishonesty list, under /api/.

Everyone with a role reads the catalogue and the calendar; the office keeps them (the
dishonesty list is read by the office, city leaders and service commissioners). Writes
go through the base viewset: atomic, one history record each, and a row still
referenced (an item with cases, a material with uploads) cannot be deleted (409).
"""

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from ..filtersets import ApprovalItemFilterSet, WorkdayOverrideFilterSet
from ..models import ApprovalItem, ApprovalStage, DishonestApplicant, ItemMaterial, WorkdayOverride
from ..workdays import WorkCalendar
from .base import ActionsMixin, CatalogueViewSet
from .filtersets import ApprovalStageFilterSet, DishonestApplicantFilterSet, ItemMaterialFilterSet
from .inputs import WorkdayQuerySerializer
from .serializers import (
    ApprovalItemSerializer,
    ApprovalStageSerializer,
    DishonestApplicantSerializer,
    ItemMaterialSerializer,
    WorkdayAnswerSerializer,
    WorkdayOverrideSerializer,
)


def crud_summaries(noun, detail=""):
    return {
        "list": extend_schema(summary=f"{noun}列表"),
        "retrieve": extend_schema(summary=f"{noun}详情{detail}"),
        "create": extend_schema(summary=f"新增{noun}（市重点办）"),
        "update": extend_schema(summary=f"修改{noun}（市重点办）"),
        "partial_update": extend_schema(summary=f"修改{noun}（部分）"),
        "destroy": extend_schema(summary=f"删除{noun}（未被引用时）"),
    }


@extend_schema_view(**crud_summaries("审批阶段"))
class ApprovalStageViewSet(CatalogueViewSet):
    """The stages of the national process (立项用地规划许可、工程建设许可、施工许可、竣工验收)
    and the parallel line beside them, with their time limits in working days."""

    queryset = ApprovalStage.objects.select_related("lead_unit")
    serializer_class = ApprovalStageSerializer
    filterset_class = ApprovalStageFilterSet


@extend_schema_view(**crud_summaries("审批事项", "（含申报材料）"))
class ApprovalItemViewSet(CatalogueViewSet):
    """The approval items (审批事项) with department, statutory and promised limits (working
    days) and their required materials; the materials are kept at /api/item-materials/."""

    queryset = ApprovalItem.objects.select_related("stage", "department").prefetch_related(
        Prefetch("materials", queryset=ItemMaterial.objects.order_by("sort_order", "pk"))
    )
    serializer_class = ApprovalItemSerializer
    filterset_class = ApprovalItemFilterSet


@extend_schema_view(**crud_summaries("申报材料"))
class ItemMaterialViewSet(CatalogueViewSet):
    """The materials each item requires, main (主要) or secondary (次要); only a secondary one
    may be supplied later (容缺后补)."""

    queryset = ItemMaterial.objects.select_related("item").order_by(
        "item__stage__sort_order", "item__sort_order", "item_id", "sort_order", "pk"
    )
    serializer_class = ItemMaterialSerializer
    filterset_class = ItemMaterialFilterSet


@extend_schema_view(**crud_summaries("工作日调整"))
class WorkdayOverrideViewSet(CatalogueViewSet):
    """Days whose working status the office sets by hand: the State Council's holidays and
    make-up working days (调休) for a year the statutory calendar does not know yet, or a
    local change. An override wins over the statutory calendar."""

    queryset = WorkdayOverride.objects.all()
    serializer_class = WorkdayOverrideSerializer
    filterset_class = WorkdayOverrideFilterSet


@extend_schema_view(**crud_summaries("失信申请人"))
class DishonestApplicantViewSet(CatalogueViewSet):
    """The dishonesty list (失信名单): a listed applicant may not use acceptance with
    deficiencies (容缺受理) while listed."""

    queryset = DishonestApplicant.objects.all()
    serializer_class = DishonestApplicantSerializer
    filterset_class = DishonestApplicantFilterSet


def year_exceptions(calendar, year, names):
    """The days of ``year`` whose status differs from Monday-to-Friday, with a name for each."""
    day, end, rows = datetime.date(year, 1, 1), datetime.date(year, 12, 31), []
    while day <= end:
        working = calendar.is_working_day(day)
        if working != (day.weekday() < 5):
            if day in calendar.overrides:
                name, source = names.get(day, ""), "override"
            else:
                name = calendar.holiday_name(day) or (_("调休上班") if working else _("法定节假日"))
                source = "statutory"
            rows.append({"date": day, "is_working_day": working, "name": name, "source": source})
        day += datetime.timedelta(days=1)
    return rows


class WorkdayCalculatorViewSet(ActionsMixin, viewsets.GenericViewSet):
    """The working-day calculator (工作日计算), on the platform's calendar: the statutory
    holidays and make-up working days, and the office's overrides.

    Everyone with a role may ask. The day of acceptance is day 0: ``?start=&days=N`` gives
    the N-th working day after ``start``; ``?start=&end=`` counts the working days after
    ``start`` up to and including ``end``; ``?year=`` lists the year's holidays on weekdays
    and make-up working days on weekends.
    """

    queryset = WorkdayOverride.objects.all()
    serializer_class = WorkdayAnswerSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(summary="工作日计算", parameters=[WorkdayQuerySerializer])
    def list(self, request):
        query = WorkdayQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        calendar = WorkCalendar.load()
        if "days" in asked:
            answer = {**asked, "date": calendar.add(asked["start"], asked["days"])}
        elif "end" in asked:
            answer = {**asked, "days": calendar.between(asked["start"], asked["end"])}
        else:
            year = asked["year"]
            names = dict(WorkdayOverride.objects.filter(date__year=year).values_list("date", "name"))
            answer = {
                "year": year,
                "known": calendar.knows(year),
                "exceptions": year_exceptions(calendar, year, names),
            }
        return Response(WorkdayAnswerSerializer(answer).data)
