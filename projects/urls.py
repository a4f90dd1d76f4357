from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    # Key projects
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("add/", views.ProjectEditView.as_view(), name="project_add"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:pk>/delete/", views.ProjectDeleteView.as_view(), name="project_delete"),
    # 精准服务: my projects, the task force and its work plan
    path("mine/", views.MyProjectsView.as_view(), name="my_projects"),
    path("<int:pk>/task-force/", views.TaskForceView.as_view(), name="task_force"),
    path("<int:pk>/task-force/edit/", views.TaskForceEditView.as_view(), name="task_force_edit"),
    path("<int:pk>/task-force/members/add/", views.MemberAddView.as_view(), name="member_add"),
    path("task-force-members/<int:pk>/remove/", views.MemberRemoveView.as_view(), name="member_remove"),
    path("<int:pk>/milestones/add/", views.MilestoneEditView.as_view(), name="milestone_add"),
    path("<int:pk>/milestones/apply-template/", views.ApplyTemplateView.as_view(), name="apply_template"),
    path("milestones/<int:milestone_pk>/edit/", views.MilestoneEditView.as_view(), name="milestone_edit"),
    path("milestones/<int:pk>/delete/", views.MilestoneDeleteView.as_view(), name="milestone_delete"),
    # Progress reports and photos
    path("<int:pk>/reports/", views.ProjectReportListView.as_view(), name="report_list"),
    path("<int:pk>/reports/new/", views.ReportCreateView.as_view(), name="report_new"),
    path("reports/attention/", views.ReportAttentionView.as_view(), name="reports_attention"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/accept/", views.ReviewView.as_view(action="accept"), name="report_accept"),
    path("reports/<int:pk>/return/", views.ReviewView.as_view(action="return"), name="report_return"),
    path("photos/<int:pk>/delete/", views.PhotoDeleteView.as_view(), name="photo_delete"),
    path("photos/<int:pk>/<str:kind>/", views.PhotoView.as_view(), name="photo"),
    # Dispatch meetings
    path("<int:pk>/meetings/new/", views.MeetingEditView.as_view(), name="meeting_new"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:meeting_pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/action-items/add/", views.ActionItemAddView.as_view(), name="action_item_add"),
    path("action-items/<int:pk>/edit/", views.ActionItemEditView.as_view(), name="action_item_edit"),
    path("action-items/<int:pk>/done/", views.ActionItemDoneView.as_view(), name="action_item_done"),
]
