"""The reserve pool (项目储备库), one past evaluation round and this year's annual plan, for the demo.

Everything goes through ``reserve.services``, exactly as the office would do it
in the browser, so every entry has its moves and history with a reason. Dates
that describe the pool (entry dates, the round's opening date, time nodes) are
fixed here; only the moment a row was written is the real one.

The story the data tells (``pool.py``; as seen in late 2026):

- the projects in 谋划, 储备 and 前期 entered the pool between 2024 and October 2026
  across the three tiers (近期 1 year, 中期 3 years, 远期 5 years); two 谋划 ideas are
  not in the pool yet;
- the office took 稀有金属深加工项目 out of the pool directly (policy and environment);
- "2026 年一季度评估" (opened 20 March 2026, the office and two city leaders scoring)
  decided every kind of move: four new starts into the 2026 plan, three tier changes
  up and one down, five kept, 数据标注与算力服务基地 removed;
- entries that came in after the round have never been evaluated; those older than
  six months show as due for evaluation;
- the 2026 annual plan holds the new starts, every project under construction as
  续建 and the projects completed this year as 竣工, each with its annual planned
  investment equal to the project's own.

Natural keys decide what exists: an entry's project, the round's name, a plan's
year, a plan item's (year, project). The round and the direct moves are made only
together with the entries they concern, so a second run changes nothing.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from projects.choices import ProjectStage, ProjectType
from projects.models import Project
from reserve import services
from reserve.choices import Decision, PlanCategory
from reserve.models import (
    AnnualPlan,
    AnnualPlanItem,
    EvaluationRound,
    ReserveEntry,
    ReserveMove,
    RoundItem,
    Score,
)

from .pool import (
    AFTER_ROUND,
    BEFORE_ROUND,
    COMPLETION_MILESTONE,
    COMPLETION_REASON,
    CONTINUING_REASON,
    CRITERIA,
    DECISIONS,
    DIRECT_NEW_START,
    DIRECT_REMOVAL,
    EVALUATORS,
    OFFICE,
    PLAN_NOTES,
    PLAN_TITLE,
    PLAN_YEAR,
    ROUND_NAME,
    ROUND_NOTES,
    ROUND_OPENED_ON,
    SEED_MILESTONES,
    base_name,
)
from .projects import SEED_PROJECTS
from .synthetic import REMOVAL_REASONS, synthetic_projects

REASON = "演示数据初始化"
#: every reserve table this module writes, for the count of created rows
MODELS = [ReserveEntry, ReserveMove, EvaluationRound, RoundItem, Score, AnnualPlan, AnnualPlanItem]


def _specs():
    return {base_name(spec["name"]): spec for spec in SEED_PROJECTS + synthetic_projects()}


def _month(day):
    return f"{day.year}年{day.month}月"


def _time_nodes(project):
    start = project.planned_start
    return (
        f"{_month(start - relativedelta(months=6))}前完成立项、用地预审与环评等前期手续；"
        f"{_month(start)}开工建设；{_month(project.planned_completion)}建成"
    )


def _goals(project):
    if project.project_type == ProjectType.INDUSTRIAL and project.expected_output_value:
        return (
            f"达产后年产值{project.expected_output_value.normalize():f}万元、"
            f"税收{project.expected_tax.normalize():f}万元，带动就业{project.expected_jobs}人。"
        )
    if project.project_type == ProjectType.LIVELIHOOD:
        return "按期建成投用，群众满意度不低于90%。"
    return "按期完工，质量合格，安全零事故。"


def _milestones(spec):
    """This year's target of a synthetic project under construction, from its dates and type."""
    industrial = spec["project_type"] == ProjectType.INDUSTRIAL
    if spec["planned_completion"].year == PLAN_YEAR:
        return "设备安装调试，年底前部分投产" if industrial else "年底前主体完工，完成竣工验收"
    if spec["actual_start"] >= date(PLAN_YEAR - 1, 10, 1):
        return "完成基础工程，主体结构出正负零"
    return "主体封顶，启动设备采购" if industrial else "主体封顶，完成年度形象进度"


def _score(profile, criterion, item_index, criterion_index, evaluator_index):
    """One evaluator's score: the profile's value, nudged by -3..+3 so evaluators differ a little."""
    if criterion.name in CRITERIA:
        base = Decimal(profile[CRITERIA.index(criterion.name)])
    else:
        base = Decimal(sum(profile)) / len(profile)
    nudge = (item_index * 7 + criterion_index * 3 + evaluator_index * 5) % 7 - 3
    value = (base + nudge) * criterion.max_score / 100
    return min(max(value.quantize(Decimal("1")), Decimal(0)), Decimal(criterion.max_score))


class PoolLoader:
    def __init__(self, users):
        self.users = users
        self.office = users[OFFICE]
        self.specs = _specs()
        self.entered = set()  # names of the entries this run created

    def project(self, name):
        # Read afresh every time: the services change stages as they go.
        return Project.objects.get(code=self.specs[name]["code"])

    def enter(self, spec):
        project = self.project(spec.name)
        if ReserveEntry.objects.filter(project=project).exists():
            return
        services.enter_pool(
            project=project,
            tier=spec.tier,
            responsible_unit=project.responsible_unit,
            responsible_person=project.responsible_person,
            reason=spec.reason,
            actor=self.office,
            entered_on=spec.entered_on,
            prep_deadline=project.planned_start - relativedelta(months=6),
            target_start=project.planned_start,
            time_nodes=spec.time_nodes or _time_nodes(project),
            expected_goals=spec.goals or _goals(project),
        )
        self.entered.add(spec.name)

    def plan(self):
        if not AnnualPlan.objects.filter(year=PLAN_YEAR).exists():
            plan = AnnualPlan(year=PLAN_YEAR, title=PLAN_TITLE, notes=PLAN_NOTES)
            plan.full_clean()
            plan._change_reason = REASON
            plan.save()

    def direct_moves(self):
        if DIRECT_REMOVAL in self.entered:
            entry = ReserveEntry.objects.get(project=self.project(DIRECT_REMOVAL))
            services.remove(entry, reason=REMOVAL_REASONS[DIRECT_REMOVAL], actor=self.office)
        name, reason, milestones = DIRECT_NEW_START
        if name in self.entered:
            project = self.project(name)
            services.add_to_plan(
                project=project,
                year=PLAN_YEAR,
                category=PlanCategory.NEW_START,
                planned_investment=project.annual_plan_investment,
                reason=reason,
                actor=self.office,
                target_milestones=milestones,
            )

    def evaluation_round(self):
        """Open, score, decide and apply the round, if it is missing and its entries are new."""
        names = [name for name, *_rest in DECISIONS]
        if EvaluationRound.objects.filter(name=ROUND_NAME).exists() or not set(names) <= self.entered:
            return
        evaluators = [self.users[username] for username in EVALUATORS]
        entries = [ReserveEntry.objects.get(project=self.project(name)) for name in names]
        evaluation_round = services.open_round(
            name=ROUND_NAME,
            plan_year=PLAN_YEAR,
            entries=entries,
            evaluators=evaluators,
            actor=self.office,
            opened_on=ROUND_OPENED_ON,
            notes=ROUND_NOTES,
        )
        criteria = list(evaluation_round.criteria.all())
        items = {item.entry_id: item for item in evaluation_round.items.all()}
        for index, (entry, (_name, decision, target, reason, profile)) in enumerate(
            zip(entries, DECISIONS, strict=True)
        ):
            item = items[entry.pk]
            for e, evaluator in enumerate(evaluators):
                values = {c.pk: _score(profile, c, index, k, e) for k, c in enumerate(criteria)}
                services.record_scores(item, evaluator, values)
            details = {}
            if decision == Decision.CHANGE_TIER:
                details["new_tier"] = target
            elif decision == Decision.TO_PLAN:
                details["plan_category"] = target
                details["planned_investment"] = entry.project.annual_plan_investment
            services.decide(item, decision=decision, reason=reason, actor=self.office, **details)
        services.apply_round(evaluation_round, actor=self.office)

    def continuing_and_completed(self):
        """Every project under construction as 续建, every project completed this year as 竣工."""
        for name, spec in self.specs.items():
            stage = spec["stage"]
            if stage == ProjectStage.CONSTRUCTION:
                category, reason = PlanCategory.CONTINUING, CONTINUING_REASON
                milestones = SEED_MILESTONES.get(name) or _milestones(spec)
            elif stage == ProjectStage.COMPLETED and spec["actual_completion"].year == PLAN_YEAR:
                category, reason, milestones = (
                    PlanCategory.COMPLETION,
                    COMPLETION_REASON,
                    COMPLETION_MILESTONE,
                )
            else:
                continue
            project = self.project(name)
            if project.stage != stage:
                continue  # moved on since the demo was loaded: the office decides now
            if AnnualPlanItem.objects.filter(plan__year=PLAN_YEAR, project=project).exists():
                continue
            services.add_to_plan(
                project=project,
                year=PLAN_YEAR,
                category=category,
                planned_investment=project.annual_plan_investment,
                reason=reason,
                actor=self.office,
                target_milestones=milestones,
            )

    def load(self):
        before = {model: model.objects.count() for model in MODELS}
        self.plan()
        for spec in BEFORE_ROUND:
            self.enter(spec)
        self.direct_moves()
        self.evaluation_round()
        for spec in AFTER_ROUND:
            self.enter(spec)
        self.continuing_and_completed()
        after = {model: model.objects.count() for model in MODELS}
        return Counter(
            {model: after[model] - count for model, count in before.items() if after[model] > count}
        )


def load_pool(users):
    """Create the missing pool, round and plan through the services; return a Counter of created rows."""
    return PoolLoader(users).load()
