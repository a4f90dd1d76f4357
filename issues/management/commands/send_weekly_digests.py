"""Send the weekly dispatch digests by hand (the same function the Friday task calls)."""

from issues.services import digests
from liuyang.management.day_command import DayCommand


class Command(DayCommand):
    help = "生成并发送每周调度简报（每个专班每周一份，与每周五定时任务相同）。"

    date_help = "按哪一天执行（YYYY-MM-DD，默认今天）；简报属于该日所在的 ISO 周"
    dry_run_help = "只列出将收到简报的专班，不写入"

    def run(self, today, dry_run):
        iso_year, iso_week, monday = digests.week_of(today)
        if dry_run:
            due = list(digests.due_task_forces(today))
            self.stdout.write(f"{iso_year}年第{iso_week}周（{monday} 起）试运行（不写入）：")
            for task_force in due:
                self.stdout.write(f"  {task_force.project.code} {task_force}")
            self.stdout.write(f"合计：{len(due)} 个专班将收到简报（本周已有简报的专班不再生成）。")
            return
        done = digests.send_weekly_digests(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{iso_year}年第{iso_week}周：生成简报 {done['created']} 份，新增消息 {done['notified']} 条；"
                f"已有简报跳过 {done['skipped']} 个专班。"
            )
        )
