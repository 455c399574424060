from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cluster.stale_tasks import requeue_stale_tasks


class Command(BaseCommand):
    help = (
        "Put background tasks back in the queue whose worker died while running them: those "
        "running for longer than --stale-after seconds (TASK_STALE_AFTER, default 900). The "
        "scheduler runs this every round."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=int,
            default=settings.TASK_STALE_AFTER,
            help="seconds a task may run before it counts as abandoned (at least 0)",
        )

    def handle(self, *, stale_after, **options):
        if stale_after < 0:
            raise CommandError(f"--stale-after must be at least 0; got {stale_after}")
        requeued = requeue_stale_tasks(stale_after)
        if requeued:
            self.stdout.write(f"{requeued} abandoned task(s) put back in the queue.")
