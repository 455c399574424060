import logging
import time

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

logger = logging.getLogger(__name__)

# (command, arguments, seconds between runs); None: every round (--interval).
JOBS = [
    # Editors' go-live and expiry dates: Wagtail's own command, which publishes and unpublishes
    # through the usual signals, so webhooks are sent and cached API answers dropped.
    ("publish_scheduled", [], None),
    # Tasks whose worker was killed while running them (cluster/stale_tasks.py).
    ("requeue_stale_tasks", [], None),
    ("prune_webhook_deliveries", [], 24 * 3600),  # WEBHOOK_LOG_DAYS
    ("prune_db_task_results", ["--min-age-days", "14"], 24 * 3600),  # finished background tasks
    ("clearsessions", [], 24 * 3600),  # expired admin sessions
]


class Command(BaseCommand):
    help = (
        "The scheduler process (Procfile `scheduler`, one per installation): runs "
        "publish_scheduled every --interval seconds (SCHEDULED_JOBS_INTERVAL, default 60) and "
        "the prune commands once a day, until stopped. --once runs every job once and exits "
        "(for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=int,
            default=settings.SCHEDULED_JOBS_INTERVAL,
            help="seconds between two runs of publish_scheduled (at least 1)",
        )
        parser.add_argument("--once", action="store_true", help="run every job once and exit")

    def handle(self, *, interval, once, **options):
        if interval < 1:
            raise CommandError(f"--interval must be at least 1; got {interval}")
        last_run = {}  # command: monotonic time it last started
        while True:
            started = time.monotonic()
            failed = []
            for name, arguments, every in self.jobs():
                if once or every is None or started - last_run.get(name, -every) >= every:
                    last_run[name] = started
                    if not self.run_job(name, arguments):
                        failed.append(name)
            if once:
                if failed:
                    raise CommandError(f"failed: {', '.join(failed)} (logged above)")
                return
            # As between two requests: a connection kept past CONN_MAX_AGE, or one PostgreSQL
            # dropped (a restart, a failover), is replaced before the next round.
            close_old_connections()
            time.sleep(max(0.0, interval - (time.monotonic() - started)))

    def jobs(self):
        queued = isinstance(task_backends["default"], DatabaseBackend)
        queue_jobs = {"prune_db_task_results", "requeue_stale_tasks"}
        return [job for job in JOBS if queued or job[0] not in queue_jobs]

    def run_job(self, name, arguments):
        """One job, True if it succeeded; a failure is logged (and reported to Sentry) and the
        next jobs still run."""
        try:
            call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
        except Exception:
            logger.exception("Scheduled job %s failed", name)
            return False
        return True
