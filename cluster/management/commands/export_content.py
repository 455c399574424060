from django.core.management.base import BaseCommand, CommandError

from cluster.content_import.exporting import export_content


class Command(BaseCommand):
    help = (
        "Write the live English content back into DIR as YAML in the import's format "
        "(cluster/content/README.md), keeping the comments of the files already there: "
        "`export_content cluster/content` brings the admin's edits into the repository."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, directory, verbosity, **options):
        try:
            written, warnings = export_content(directory)
        except OSError as error:
            raise CommandError(f"cannot write to {directory}: {error}") from None
        for warning in warnings:
            self.stderr.write(warning)
        if verbosity > 1:
            for path in written:
                self.stdout.write(str(path))
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} content file(s)."))
