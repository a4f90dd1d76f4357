"""Remind the owners of overdue investment leads by hand (the same function the daily task calls)."""

from investment.services import reminders
from liuyang.management.day_command import DayCommand


class Command(DayCommand):
    help = "招商线索逾期提醒：下一步工作超过时限的在谈线索，提醒负责人和小分队队长（与每日定时任务相同）。"

    dry_run_help = "只列出逾期线索，不写入"

    def run(self, today, dry_run):
        if dry_run:
            late = reminders.overdue_leads(today)
            self.stdout.write(f"{today} 试运行（不写入）：")
            for lead in late:
                self.stdout.write(
                    f"  {lead.company}｜{lead.team.name}｜{lead.get_stage_display()}｜"
                    f"“{lead.next_step}”应于 {lead.next_step_due} 前完成｜负责人 {lead.owner}"
                )
            self.stdout.write(f"合计：{len(late)} 条线索逾期（已提醒过的不再重复提醒）。")
            return
        done = reminders.remind_overdue_leads(today=today)
        self.stdout.write(
            self.style.SUCCESS(f"{today}：{done['overdue']} 条线索逾期，新增提醒 {done['notified']} 条。")
        )
