from django.core.management.base import BaseCommand, CommandError

from cluster.content_import.conflicts import STOP, ImportConflicts
from cluster.content_import.reading import ContentInvalid, read_content
from cluster.content_import.writing import ImportConflict, import_content

from ._reporting import (
    add_conflict_options,
    fail_listing_errors,
    outcome_printer,
    report_conflicts,
)


class Command(BaseCommand):
    help = (
        "Import the content files in PATH (see cluster/content/README.md): validate every file, "
        "then create or update pages and snippets in one transaction, publishing only what "
        "changed. "
        "An object changed in the admin since the last import is a conflict: the import lists "
        "them all and writes nothing, unless --skip-conflicts or --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the content directory, e.g. cluster/content")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, but write nothing"
        )
        add_conflict_options(parser, "objects")

    def handle(self, path, dry_run, on_conflict, verbosity, **options):
        try:
            content = read_content(path)
        except ContentInvalid as invalid:
            fail_listing_errors(self, invalid.errors, path, "nothing was written")
        self.stdout.write(f"Validated {content.count()} objects in {path}.")
        progress = outcome_printer(self, verbosity, heartbeat=True)
        try:
            report = import_content(
                content, dry_run=dry_run, progress=progress, on_conflict=on_conflict
            )
        except ImportConflict as conflict:
            raise CommandError(f"{conflict}; nothing was written.") from None
        except ImportConflicts as stopped:
            report_conflicts(self, stopped.conflicts, STOP)
        if dry_run and report.conflicts and on_conflict == STOP:
            for conflict in report.conflicts:
                self.stderr.write(str(conflict))
            self.stderr.write(
                f"{len(report.conflicts)} object(s) changed in the admin since the last import: "
                "the import would stop."
            )
        else:
            report_conflicts(self, report.conflicts, on_conflict)
        self.stdout.write(self.style.SUCCESS(report.summary()))
