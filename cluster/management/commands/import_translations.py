from django.core.management.base import BaseCommand, CommandError

from cluster.translation.po_import import (
    TranslationFilesInvalid,
    glossary_findings,
    import_translations,
    read_translation_files,
)

from ._reporting import fail_listing_errors, outcome_printer


class Command(BaseCommand):
    help = (
        "Import the PO files under DIR (as written by export_translations): check every file and "
        "entry first, then apply all of them or none, and publish the updated translations. "
        "Translations that lack a glossary term's approved form are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--check", action="store_true", help="validate every file and entry; write nothing"
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="treat glossary findings as errors: fail, and import nothing, if there are any",
        )

    def handle(self, directory, check, strict, verbosity, **options):
        try:
            files = read_translation_files(directory)
        except TranslationFilesInvalid as invalid:
            fail_listing_errors(self, invalid.errors, directory, "nothing was imported")
        findings = glossary_findings(files)
        for finding in findings:
            self.stderr.write(str(finding))
        if findings and strict:
            raise CommandError(
                f"{len(findings)} glossary finding(s) in {directory}; nothing was imported."
            )
        self.stdout.write(f"Validated {len(files)} translation file(s) in {directory}.")
        if findings:
            self.stdout.write(
                self.style.WARNING(f"{len(findings)} glossary finding(s); see above.")
            )
        if check:
            return
        report = import_translations(files, progress=outcome_printer(self, verbosity))
        self.stdout.write(self.style.SUCCESS(report.summary()))
