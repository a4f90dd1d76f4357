"""Approval statistics (审批统计), under /api/approval-statistics/.

The figures are ``services.statistics.approval_statistics``' (the statistics page shows
the same), over the cases and tasks the reader may see: a department its own tasks, a
service commissioner their projects, the office and city leaders everything.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from ..models import ApprovalCase
from ..services.statistics import approval_statistics
from .base import ActionsMixin
from .inputs import StatisticsQuerySerializer
from .serializers import ApprovalStatisticsSerializer


class ApprovalStatisticsViewSet(ActionsMixin, viewsets.GenericViewSet):
    """Per case, per department (tasks, on-time rate, overdue, average working days) and per
    stage (compression against handling the items one after another), narrowed by the
    acceptance ``year``, the ``stage`` and the ``department``."""

    queryset = ApprovalCase.objects.all()
    serializer_class = ApprovalStatisticsSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(summary="审批统计", parameters=[StatisticsQuerySerializer])
    def list(self, request):
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = approval_statistics(request.user, today=self.today, **query.validated_data)
        return Response(ApprovalStatisticsSerializer(figures).data)
