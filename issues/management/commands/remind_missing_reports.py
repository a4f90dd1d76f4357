"""Remind projects of late progress reports by hand (the same function the daily task calls)."""

from issues.services import reminders
from liuyang.management.day_command import DayCommand


class Command(DayCommand):
    help = "进度填报逾期提醒：上一期进度未按时填报的前期、在建项目（与每日定时任务相同）。"

    dry_run_help = "只列出将被提醒的项目，不写入"

    def run(self, today, dry_run):
        if dry_run:
            late = reminders.late_projects(today)
            self.stdout.write(f"{today} 试运行（不写入）：")
            for project in late:
                self.stdout.write(
                    f"  {project.code} {project.name}｜期间 {project.prev_start} 起｜应于 {project.prev_due} 前填报"
                )
            self.stdout.write(f"合计：{len(late)} 个项目未按时填报（已提醒过的不再重复提醒）。")
            return
        done = reminders.remind_missing_reports(today=today)
        self.stdout.write(
            self.style.SUCCESS(f"{today}：{done['late']} 个项目逾期未填报，新增提醒 {done['notified']} 条。")
        )
