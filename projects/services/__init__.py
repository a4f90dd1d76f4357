"""Rules of task forces, work plans, progress reports, status lights and dispatch meetings.

Pages, API, demo data and tasks call these; each write checks the user's right
through the model's policy, validates with Chinese messages keyed by field,
saves atomically and leaves a history record.
"""
