from django.core.management.base import BaseCommand, CommandError

from cluster.content_import.conflicts import FORCE, SKIP, STOP, ImportConflicts
from cluster.content_import.reading import ContentInvalid, read_content
from cluster.content_import.writing import ImportConflict, import_content

from ._reporting import fail_listing_errors, outcome_printer


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
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument(
            "--skip-conflicts",
            action="store_const",
            dest="on_conflict",
            const=SKIP,
            help="leave the objects changed in the admin as they are; import everything else",
        )
        choice.add_argument(
            "--force",
            action="store_const",
            dest="on_conflict",
            const=FORCE,
            help="overwrite the objects changed in the admin with the files",
        )
        parser.set_defaults(on_conflict=STOP)

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
            for conflict in stopped.conflicts:
                self.stderr.write(str(conflict))
            raise CommandError(
                f"{len(stopped.conflicts)} object(s) changed in the admin since the last import "
                "would be overwritten; nothing was written. Bring the admin's edits into the "
                "files (export_content), or rerun with --skip-conflicts to leave them as they "
                "are or --force to overwrite them."
            ) from None
        for conflict in report.conflicts:
            self.stderr.write(str(conflict))
        if report.conflicts:
            done = {STOP: "the import would stop", SKIP: "left as they are", FORCE: "overwritten"}
            self.stderr.write(
                f"{len(report.conflicts)} object(s) changed in the admin since the last import: "
                f"{done[on_conflict]}."
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))
