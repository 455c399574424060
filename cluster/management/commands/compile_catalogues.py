from pathlib import Path

import polib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile every gettext catalogue (.po) under LOCALE_PATHS into its .mo, with polib, so "
        "that GNU gettext need not be installed. Fuzzy and untranslated entries are left out, "
        "as msgfmt does."
    )

    def handle(self, **options):
        catalogues = sorted(
            po for locale_path in settings.LOCALE_PATHS for po in Path(locale_path).rglob("*.po")
        )
        for po_path in catalogues:
            try:
                catalogue = polib.pofile(str(po_path))
            except OSError as error:
                raise CommandError(f"{po_path}: {error}") from error
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(
                f"{po_path.relative_to(settings.BASE_DIR)}: "
                f"{len(catalogue.translated_entries())} of {len(catalogue)} messages"
            )
