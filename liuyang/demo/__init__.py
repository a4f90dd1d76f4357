"""Demo data (演示数据) for a first start: Liuyang's units and towns, demo users, projects,
the reserve pool with a past evaluation round, this year's annual plan, and the task forces'
work — work plans, monthly progress reports with site photos, dispatch meetings.

The facts of the seed article (花炮, 大围山, 数字经济产业园 …) are kept with their
real figures; everything else is clearly synthetic (names ending in "（示例）").
``loader.load_demo`` creates what is missing and changes nothing that exists.
The task forces' work is as seen on 27 November 2026 (``progress.DEMO_TODAY``).
"""
