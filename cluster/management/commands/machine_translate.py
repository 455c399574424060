from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator

from cluster.languages import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from cluster.translation.machine_translation import (
    MachineTranslationFailed,
    store_machine_translations,
    translate_missing,
)
from cluster.translation.translatable import (
    find_source_object,
    object_key,
    source_locale,
    source_objects,
)


class Command(BaseCommand):
    help = (
        "Pre-fill the strings of live English pages and snippets that have no translation yet in "
        "LOCALE with the configured machine translator (DeepL or LibreTranslate), as machine "
        "translations for a translator to review; existing translations are never replaced. "
        "Nothing is written if the service fails for any object."
    )

    def add_arguments(self, parser):
        parser.add_argument("--locale", required=True, choices=TRANSLATION_LANGUAGES)
        parser.add_argument(
            "--object",
            action="append",
            dest="objects",
            metavar="KEY",
            help="only this object, e.g. cluster.citypage:anyang (repeatable; default: all)",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="also create or update and publish the translated objects",
        )

    def handle(self, locale, objects, publish, verbosity, **options):
        translator = self.configured_translator()
        target = Locale.objects.get(language_code=locale)
        if not translator.can_translate(source_locale(), target):
            raise CommandError(f"{translator.display_name} cannot translate into {locale}.")
        instances = self.selected_objects(objects)
        self.stdout.write(
            f"Translating {len(instances)} object(s) into {locale} with {translator.display_name}."
        )
        try:
            plans = translate_missing(
                instances, target, translator, progress=self.progress(verbosity)
            )
        except MachineTranslationFailed as failure:
            raise CommandError(
                f"{translator.display_name} failed on {failure.key}: {failure.reason}. "
                "Nothing was written."
            ) from None
        report = store_machine_translations(plans, target, translator.display_name, publish=publish)
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def configured_translator(self):
        translator = get_machine_translator()
        if translator is None:
            raise CommandError(
                "No machine translator is configured: set DEEPL_API_KEY, or LIBRETRANSLATE_URL "
                "(and LIBRETRANSLATE_API_KEY if the server needs one)."
            )
        return translator

    def selected_objects(self, keys):
        ordered = source_objects()
        if not keys:
            return ordered
        live = {object_key(instance): instance for instance in ordered}
        instances, unknown = [], []
        for key in dict.fromkeys(keys):
            instance = live.get(key) or find_source_object(key)
            if instance is None:
                unknown.append(key)
            else:
                instances.append(instance)
        if unknown:
            raise CommandError(
                f"No live {SOURCE_LANGUAGE} page or snippet for {', '.join(unknown)} "
                "(keys look like cluster.citypage:anyang)."
            )
        order = {object_key(instance): index for index, instance in enumerate(ordered)}
        return sorted(instances, key=lambda instance: order.get(object_key(instance), len(order)))

    def progress(self, verbosity):
        if verbosity < 1:
            return None

        def show(done, total, key, filled, rejected):
            if verbosity >= 2 or filled or rejected:
                self.stdout.write(f"[{done:>3}/{total}] {filled:>3} string(s) {key}")
            for context in rejected:
                self.stdout.write(f"      {context}: the answer broke the markup; left out")

        return show
