from django.core.management.base import BaseCommand, CommandError

from cluster.languages import TRANSLATION_LANGUAGES
from cluster.translation.po_export import export_translations


class Command(BaseCommand):
    help = (
        "Write one gettext PO file per translatable page and snippet into DIR/<locale>/: the "
        "English strings, their current translations, and fuzzy entries where a machine "
        "translation awaits review or the English text changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument("--locale", required=True, choices=TRANSLATION_LANGUAGES)
        parser.add_argument(
            "--outdated-only",
            action="store_true",
            help="only objects whose translation is missing, incomplete or older than the source",
        )

    def handle(self, directory, locale, outdated_only, **options):
        try:
            written = export_translations(directory, locale, outdated_only=outdated_only)
        except OSError as error:
            raise CommandError(f"cannot write to {directory}: {error}") from None
        if options["verbosity"] > 1:
            for path in written:
                self.stdout.write(str(path))
        kind = "outdated " if outdated_only else ""
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {len(written)} {kind}translation file(s) for {locale}.")
        )
