"""Background tasks whose worker died while running them go back to the queue.

django-tasks-db's worker finishes its task before it stops on SIGTERM, but a worker killed
outright (SIGKILL, the kernel's out-of-memory killer, a lost machine) leaves the task it had
claimed `RUNNING` for good: nothing would ever run it. The scheduler (`run_scheduled_jobs`)
therefore makes a task that has been running for longer than `TASK_STALE_AFTER` seconds (far
longer than any task of ours takes) ready again, and the next worker that polls runs it; its
`worker_ids` keep the dead worker's id beside the new one's.

Running a task twice is safe for every task of ours: renditions, the search and reference
indexes and a translation source's refresh are made to the same result, and a webhook receiver
recognises a repeated delivery by its event id (docs/delivery.md).
"""

from datetime import timedelta

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.utils import timezone


def requeue_stale_tasks(stale_after_seconds):
    """Make ready again every task running for longer than `stale_after_seconds`; how many."""
    started_before = timezone.now() - timedelta(seconds=stale_after_seconds)
    stale = DBTaskResult.objects.running().filter(started_at__lt=started_before)
    return stale.update(status=TaskResultStatus.READY, started_at=None)
