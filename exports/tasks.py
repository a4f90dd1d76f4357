"""The export job's task: one run per job (``exports.services.run``)."""

from celery import shared_task

from notifications.tasks import TASK_OPTIONS, recorded


def _run_export(self, job_id):
    from . import services

    return services.run(job_id)


#: no automatic retry: a failed job says why, and the user starts a new one
run_export = shared_task(
    name="exports.run_export", bind=True, acks_late=True, soft_time_limit=1740, time_limit=1800
)(recorded(_run_export))


def _purge_exports(self):
    from . import services

    return {"deleted": services.purge()}


_purge_exports.forget_idle_runs = True
purge_exports = shared_task(name="exports.purge_exports", **TASK_OPTIONS)(recorded(_purge_exports))


def _requeue_exports(self):
    from . import services

    return {"requeued": services.requeue_waiting()}


_requeue_exports.forget_idle_runs = True
requeue_exports = shared_task(name="exports.requeue_exports", **TASK_OPTIONS)(recorded(_requeue_exports))
