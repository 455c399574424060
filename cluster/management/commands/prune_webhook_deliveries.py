from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cluster.models import WebhookDelivery


class Command(BaseCommand):
    help = (
        "Delete the webhook delivery log's attempts older than --days (WEBHOOK_LOG_DAYS, default "
        "30). Run it daily, e.g. from cron, beside `manage.py db_worker`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.WEBHOOK_LOG_DAYS,
            help="keep the attempts of the last DAYS days (at least 1)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted, delete nothing"
        )

    def handle(self, *, days, dry_run, **options):
        if days < 1:
            raise CommandError(f"--days must be at least 1; got {days}")
        cutoff = timezone.now() - timedelta(days=days)
        old = WebhookDelivery.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(
                f"Dry run: would delete {old.count()} attempts from before {cutoff:%Y-%m-%d %H:%M}."
            )
            return
        deleted, _by_model = old.delete()
        self.stdout.write(f"Deleted {deleted} attempts from before {cutoff:%Y-%m-%d %H:%M}.")
