"""The approval rules: intake at the single window, parallel handling, deadlines and statistics.

Pages, API, admin actions, the demo loader and Celery tasks all call these
functions; none of them edits a case's or a task's status directly.
"""
