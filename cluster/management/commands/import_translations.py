from django.core.management.base import BaseCommand, CommandError

from cluster.content_import.conflicts import STOP, ImportConflicts
from cluster.translation.po_import import (
    TranslationFilesInvalid,
    glossary_findings,
    import_translations,
    read_translation_files,
)

from ._reporting import add_conflict_options, fail_listing_errors, outcome_printer, report_conflicts


class Command(BaseCommand):
    help = (
        "Import the PO files under DIR (as written by export_translations): check every file and "
        "entry first, then apply all of them or none, and publish the updated translations. A "
        "translation changed in the admin since the last import is a conflict: the import lists "
        "them all and writes nothing, unless --skip-conflicts or --force is given. Translations "
        "that lack a glossary term's approved form are listed."
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
        add_conflict_options(parser, "translations")

    def handle(self, directory, check, strict, on_conflict, verbosity, **options):
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
        try:
            report = import_translations(
                files,
                progress=outcome_printer(self, verbosity),
                on_conflict=on_conflict,
                directory=directory,
            )
        except ImportConflicts as stopped:
            report_conflicts(self, stopped.conflicts, STOP)
        report_conflicts(self, report.conflicts, on_conflict)
        self.stdout.write(self.style.SUCCESS(report.summary()))
