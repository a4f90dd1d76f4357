"""Run the daily overdue sweep by hand (the same function the Celery task calls)."""

from issues.services import escalation
from liuyang.management.day_command import DayCommand


class Command(DayCommand):
    help = "逾期问题升级、审批事项 / 容缺材料 / 节点逾期提醒（与每日定时任务相同）。"

    def run(self, today, dry_run):
        if dry_run:
            found = escalation.plan(today)
            self.stdout.write(f"{today} 试运行（不写入）：")
            for issue in found["escalate"]:
                self.stdout.write(
                    f"  升级  #{issue.pk} {issue.title}｜{issue.get_level_display()} → 第{issue.level + 1}级"
                    f"｜原时限 {issue.deadline}"
                )
            for issue in found["top_overdue"]:
                self.stdout.write(f"  逾期（已在最高层级）#{issue.pk} {issue.title}｜时限 {issue.deadline}")
            for task in found["approval_tasks"]:
                self.stdout.write(f"  审批超期 {task}｜期限 {task.due_date}")
            for supplement in found["supplements"]:
                self.stdout.write(f"  容缺逾期 {supplement}｜期限 {supplement.deadline}")
            for milestone in found["milestones"]:
                self.stdout.write(
                    f"  节点逾期 {milestone.project.name}：{milestone.name}｜计划 {milestone.planned_date}"
                )
            self.stdout.write(
                f"合计：升级 {len(found['escalate'])} 个问题，{len(found['top_overdue'])} 个最高层级问题逾期，"
                f"审批超期 {len(found['approval_tasks'])}、容缺逾期 {len(found['supplements'])}、"
                f"节点逾期 {len(found['milestones'])}（已提醒过的不再重复提醒）。"
            )
            return
        done = escalation.escalate_overdue(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{today}：升级 {done['escalated']} 个问题；最高层级逾期 {done['top_level_overdue']} 个；"
                f"新增逾期提醒 {done['flagged']} 条。"
            )
        )
