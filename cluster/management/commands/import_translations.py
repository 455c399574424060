from django.core.management.base import BaseCommand, CommandError

from cluster.pipeline.translations import (
    TranslationFilesInvalid,
    import_translations,
    read_translation_files,
)


class Command(BaseCommand):
    help = (
        "Import the PO files under DIR (as written by export_translations): check every file and "
        "entry first, then apply all of them or none, and publish the updated translations."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--check", action="store_true", help="validate every file and entry; write nothing"
        )

    def handle(self, directory, check, verbosity, **options):
        try:
            files = read_translation_files(directory)
        except TranslationFilesInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(invalid.errors)} error(s) in {directory}; nothing was imported."
            ) from None
        self.stdout.write(f"Validated {len(files)} translation file(s) in {directory}.")
        if check:
            return
        report = import_translations(files, progress=self.progress(verbosity))
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def progress(self, verbosity):
        if verbosity < 1:
            return None

        def show(done, total, language, key, outcome):
            if verbosity >= 2 or outcome != "unchanged":
                self.stdout.write(f"[{done:>3}/{total}] {outcome:<9} {language} {key}")

        return show
