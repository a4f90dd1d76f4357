"""The ledger's rules: raising, handling, closing off (销号), reopening, and the overdue sweep.

Pages, API, admin actions, the demo loader and Celery tasks call these; none of
them changes an issue's status or level directly.
"""
