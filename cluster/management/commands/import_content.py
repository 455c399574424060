from django.core.management.base import BaseCommand, CommandError

from cluster.pipeline.importing import ImportConflict, import_content
from cluster.pipeline.reading import ContentInvalid, read_content


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
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(invalid.errors)} error(s) in {path}; nothing was written."
            ) from None
        self.stdout.write(f"Validated {content.count()} objects in {path}.")
        try:
            report = import_content(content, dry_run=dry_run, progress=self.progress(verbosity))
        except ImportConflict as conflict:
            raise CommandError(f"{conflict}; nothing was written.") from None
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def progress(self, verbosity):
        if verbosity < 1:
            return None

        def show(done, total, kind, slug, outcome):
            if verbosity >= 2 or outcome != "unchanged":
                self.stdout.write(f"[{done:>3}/{total}] {outcome:<9} {kind} {slug}")
            elif done == total or done % 10 == 0:
                self.stdout.write(f"[{done:>3}/{total}] ...")

        return show
