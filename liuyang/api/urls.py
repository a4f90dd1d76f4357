"""Every app's API routes, under /api/."""

from rest_framework import permissions, routers

from approvals.api import case_views as approvals
from approvals.api import catalogue_views as approval_catalogue
from approvals.api.statistics_views import ApprovalStatisticsViewSet
from assessment.api import views as assessment
from investment.api import views as investment
from issues.api import views as issues
from notifications.api import views as notifications
from projects.api import report_views as reports
from projects.api import work_views as work
from projects.api.views import ProjectViewSet
from reserve.api import views as reserve

app_name = "api"


class APIRootView(routers.APIRootView):
    """The list of the API's endpoints, for signed-in users. (The default permission asks a
    model's policy, and the root has no model.)"""

    permission_classes = [permissions.IsAuthenticated]


router = routers.DefaultRouter()
router.APIRootView = APIRootView
router.register("projects", ProjectViewSet)

# 精准服务: task forces, work plans, progress reports, status lights, dispatch meetings
router.register("task-forces", work.TaskForceViewSet, basename="task-force")
router.register("task-force-members", work.TaskForceMemberViewSet, basename="task-force-member")
router.register("milestone-templates", work.MilestoneTemplateViewSet, basename="milestone-template")
router.register("milestones", work.MilestoneViewSet, basename="milestone")
router.register("progress-reports", reports.ProgressReportViewSet, basename="progress-report")
router.register("report-photos", reports.ReportPhotoViewSet, basename="report-photo")
router.register("project-lights", reports.ProjectLightViewSet, basename="project-light")
router.register("meetings", work.DispatchMeetingViewSet, basename="meeting")
router.register("action-items", work.ActionItemViewSet, basename="action-item")

# 精准谋划: the reserve pool, evaluation rounds and the annual plan
router.register("reserve/entries", reserve.ReserveEntryViewSet, basename="reserve-entry")
router.register("reserve/moves", reserve.ReserveMoveViewSet, basename="reserve-move")
router.register("reserve/criteria", reserve.EvaluationCriterionViewSet, basename="reserve-criterion")
router.register("reserve/rounds", reserve.EvaluationRoundViewSet, basename="reserve-round")
router.register("reserve/scores", reserve.ScoreViewSet, basename="reserve-score")
router.register("reserve/plans", reserve.AnnualPlanViewSet, basename="reserve-plan")
router.register("reserve/plan-items", reserve.AnnualPlanItemViewSet, basename="reserve-plan-item")

# 精准服务: 容缺受理 + 并联审批 — the catalogue, the working-day calendar, cases, tasks, statistics
router.register("approval-stages", approval_catalogue.ApprovalStageViewSet, basename="approval-stage")
router.register("approval-items", approval_catalogue.ApprovalItemViewSet, basename="approval-item")
router.register("item-materials", approval_catalogue.ItemMaterialViewSet, basename="item-material")
router.register("workday-overrides", approval_catalogue.WorkdayOverrideViewSet, basename="workday-override")
router.register("workdays", approval_catalogue.WorkdayCalculatorViewSet, basename="workday")
router.register(
    "dishonest-applicants", approval_catalogue.DishonestApplicantViewSet, basename="dishonest-applicant"
)
router.register("approval-cases", approvals.ApprovalCaseViewSet, basename="approval-case")
router.register("approval-supplements", approvals.SupplementViewSet, basename="approval-supplement")
router.register("approval-tasks", approvals.ApprovalTaskViewSet, basename="approval-task")
router.register("approval-statistics", ApprovalStatisticsViewSet, basename="approval-statistics")

# 精准服务: the issue-clearing ledger (问题清零), overdue flags
router.register("issue-categories", issues.IssueCategoryViewSet, basename="issue-category")
router.register("issues", issues.LedgerIssueViewSet, basename="issue")
router.register("issue-journal", issues.IssueJournalViewSet, basename="issue-journal")
router.register("overdue-flags", issues.OverdueFlagViewSet, basename="overdue-flag")
router.register("digests", issues.WeeklyDigestViewSet, basename="digest")

# 精准考核: indicator schemes, periods, results, fault tolerance (容错纠错)
router.register("assessment-schemes", assessment.IndicatorSchemeViewSet, basename="assessment-scheme")
router.register("assessment-indicators", assessment.IndicatorViewSet, basename="assessment-indicator")
router.register("assessment-periods", assessment.AssessmentPeriodViewSet, basename="assessment-period")
router.register("assessment-results", assessment.ProjectAssessmentViewSet, basename="assessment-result")
router.register(
    "tolerance-applications", assessment.ToleranceApplicationViewSet, basename="tolerance-application"
)

# 精准招商: the industry map, teams, leads and their journal, guidance funds, element guarantees
router.register("industry-chains", investment.IndustryChainViewSet, basename="industry-chain")
router.register("chain-links", investment.ChainLinkViewSet, basename="chain-link")
router.register("investment-teams", investment.InvestmentTeamViewSet, basename="investment-team")
router.register("investment-leads", investment.InvestmentLeadViewSet, basename="investment-lead")
router.register("lead-journal", investment.LeadJournalViewSet, basename="lead-journal")
router.register("funds", investment.FundViewSet, basename="fund")
router.register("fund-investments", investment.FundInvestmentViewSet, basename="fund-investment")
router.register("element-requests", investment.ElementRequestViewSet, basename="element-request")

# Notifications: the user's own inbox and email settings; the office's log of background runs
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register(
    "notification-preferences",
    notifications.NotificationPreferenceViewSet,
    basename="notification-preference",
)
router.register("task-runs", notifications.TaskRunViewSet, basename="task-run")

urlpatterns = router.urls
