from liuyang.api.viewsets import PolicyModelViewSet
from projects.filtersets import ProjectFilterSet
from projects.models import Project

from .serializers import ProjectSerializer


class ProjectViewSet(PolicyModelViewSet):
    """Key projects (重点项目): filter with the same parameters as the list page."""

    queryset = Project.objects.select_related("industry", "responsible_unit", "town")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
