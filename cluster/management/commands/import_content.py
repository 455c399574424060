from django.core.management.base import BaseCommand, CommandError

from cluster.content_import.reading import ContentInvalid, read_content
from cluster.content_import.writing import ImportConflict, import_content

from ._reporting import fail_listing_errors, outcome_printer


class Command(BaseCommand):
    help = (
        "Import the content files in PATH (see cluster/content/README.md): validate every file, "
        "then create or update pages and snippets in one transaction, publishing only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the content directory, e.g. cluster/content")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, but write nothing"
        )

    def handle(self, path, dry_run, verbosity, **options):
        try:
            content = read_content(path)
        except ContentInvalid as invalid:
            fail_listing_errors(self, invalid.errors, path, "nothing was written")
        self.stdout.write(f"Validated {content.count()} objects in {path}.")
        progress = outcome_printer(self, verbosity, heartbeat=True)
        try:
            report = import_content(content, dry_run=dry_run, progress=progress)
        except ImportConflict as conflict:
            raise CommandError(f"{conflict}; nothing was written.") from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
