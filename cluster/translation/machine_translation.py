"""Machine translation pre-fills strings for translators; it never replaces their work.

The service is chosen from the environment (`machine_settings.machine_translator_setting`):
DeepL when `DEEPL_API_KEY` is set, else LibreTranslate when `LIBRETRANSLATE_URL` is set, else
none, and the admin shows no machine translation button. The admin button and `manage.py
machine_translate` both store what the service returns in wagtail-localize's translation
memory as `translation_type="machine"`, for strings that have no translation yet. Translators
review them in the admin or in the PO files (where they are flagged fuzzy); reviewing turns a
string into a manual translation.

Both clients apply the heritage glossary (cluster/translation/glossary_checks.py): DeepL through its
glossary API, LibreTranslate, which has none, by sending each term as a placeholder the engine
leaves alone and putting the approved form in its place.
"""

import hashlib
from dataclasses import dataclass, field

import requests

from django.db import transaction
from django.db.models import Max

from wagtail_localize.machine_translators import deepl, libretranslate
from wagtail_localize.models import StringTranslation, Translation, TranslationLog
from wagtail_localize.strings import StringValue

from cluster.translation.glossary_checks import Glossary
from cluster.translation.machine_settings import machine_translator_setting  # noqa: F401  (re-exported)
from cluster.translation.po_export import stored_translations
from cluster.translation.po_import import (
    is_placeholder,
    publish_translation,
    refresh_source,
    source_segments,
    stored_string_translations,
)
from cluster.translation.translatable import object_key, source_locale, source_strings
from cluster.translation.translation_markup import markup_problem

# What the stock clients raise when the service is down or answers with an error.
SERVICE_ERRORS = (requests.RequestException, ValueError, KeyError, TypeError)
# A page's slug is shared by its language versions here (the seed keeps them), and a machine
# would change the page's address: it is left to the translator, and falls back to English.
NOT_FOR_MACHINES = {"slug"}


# --- choosing the service -----------------------------------------------------------------


def base_language(code):
    return code.split("-")[0].lower()


class LibreTranslator(libretranslate.LibreTranslator):
    """wagtail-localize's LibreTranslate client, sending the language codes the server lists.

    The stock client sends the part of a locale's code before the hyphen, so `zh-hans` always
    goes out as `zh`: Simplified Chinese on servers with Argos Translate's classic models, but
    recent servers list it as `zh-Hans` (Traditional as `zh-Hant`). This client asks the server
    once for its languages (GET /languages) and sends the code listed for the whole locale code,
    compared without case, or else for the part before the hyphen. API_KEY may be left out.
    """

    def __init__(self, options):
        super().__init__({"API_KEY": "", **options})
        self.server_codes = None

    def language_code(self, code):
        if self.server_codes is None:
            response = requests.get(
                self.get_api_endpoint() + "/languages", timeout=self.get_timeout()
            )
            response.raise_for_status()
            self.server_codes = {item["code"].lower(): item["code"] for item in response.json()}
        for candidate in (code.lower(), base_language(code)):
            if candidate in self.server_codes:
                return self.server_codes[candidate]
        return base_language(code)

    def can_translate(self, source_locale, target_locale):
        # The admin asks on every translation editor view: answer without calling the server.
        return base_language(source_locale.language_code) != base_language(
            target_locale.language_code
        )

    def translate(self, source_locale, target_locale, strings):
        """Translate with the glossary's terms protected: each is sent as an empty `<x id>`
        element and comes back as its approved form. An answer that lost a placeholder is
        left out (the string stays for the translator)."""
        glossary = Glossary.from_database()
        language = target_locale.language_code
        protected = {string: glossary.protect(string.data, language) for string in strings}
        answers = super().translate(
            source_locale, target_locale, [StringValue(text) for text, _ in protected.values()]
        )
        translated = {}
        for string, (text, forms) in protected.items():
            answer = answers.get(StringValue(text))
            restored = Glossary.restore(answer.data, forms) if answer is not None else None
            if restored is not None:
                translated[string] = StringValue(restored)
        return translated


class DeepLTranslator(deepl.DeepLTranslator):
    """wagtail-localize's DeepL client, translating with the heritage glossary.

    Before translating into a language, it makes sure DeepL holds a glossary of the current
    terms for the language pair (GET/POST /v2/glossaries), named after a hash of its entries,
    so an unchanged glossary is created once and an edited one replaces it (the old one is
    deleted); its id goes with the request as `glossary_id`. The stock client takes fixed
    `GLOSSARY_IDS` only, which the glossary in the admin would not follow. `API_URL` (from
    `DEEPL_API_URL`) replaces the address chosen from the key.
    """

    NAME_PREFIX = "cities-cluster"

    def api_url(self):
        if url := self.options.get("API_URL"):
            return url.rstrip("/")
        return super().get_api_endpoint().removesuffix("/v2/translate")

    def get_api_endpoint(self):
        return self.api_url() + "/v2/translate"

    def get_parameters(self, source_locale, target_locale, strings):
        parameters = super().get_parameters(source_locale, target_locale, strings)
        glossary_id = self.glossary_id(source_locale, target_locale)
        if glossary_id:
            parameters["glossary_id"] = glossary_id
        return parameters

    def glossary_id(self, source_locale, target_locale):
        language = target_locale.language_code
        glossary = Glossary.from_database()
        entries = "\n".join(
            f"{term.term}\t{term.forms[language]}"
            for term in glossary.terms
            if term.forms.get(language)
        )
        if not entries:
            return None
        source_lang = deepl.language_code(source_locale.language_code).lower()
        target_lang = deepl.language_code(language, is_target=True).lower()
        pair = f"{self.NAME_PREFIX} {source_lang}-{target_lang}"
        name = f"{pair} {hashlib.sha256(entries.encode()).hexdigest()[:16]}"
        url = self.api_url() + "/v2/glossaries"
        response = requests.get(url, headers=self.get_headers(), timeout=self.timeout())
        response.raise_for_status()
        found = None
        for stored in response.json()["glossaries"]:
            if stored["name"] == name:
                found = stored["glossary_id"]
            elif stored["name"].startswith(pair + " "):
                requests.delete(
                    f"{url}/{stored['glossary_id']}", headers=self.get_headers(), timeout=10
                ).raise_for_status()
        if found:
            return found
        response = requests.post(
            url,
            data={
                "name": name,
                "source_lang": source_lang,
                "target_lang": target_lang,
                "entries": entries,
                "entries_format": "tsv",
            },
            headers=self.get_headers(),
            timeout=self.timeout(),
        )
        response.raise_for_status()
        return response.json()["glossary_id"]

    def timeout(self):
        return int(self.options.get("TIMEOUT", 30))

    def translate(self, source_locale, target_locale, strings):
        # The stock client reads the answer without checking its status.
        response = requests.post(
            self.get_api_endpoint(),
            self.get_parameters(source_locale, target_locale, strings),
            timeout=self.timeout(),
            headers=self.get_headers(),
        )
        response.raise_for_status()
        return {
            string: StringValue(translation["text"])
            for string, translation in zip(strings, response.json()["translations"], strict=True)
        }


# --- pre-filling translations -------------------------------------------------------------


class MachineTranslationFailed(Exception):
    def __init__(self, key, reason):
        self.key = key
        self.reason = reason
        super().__init__(f"{key}: {reason}")


@dataclass
class MachineReport:
    outcomes: list = field(default_factory=list)  # (key, strings filled, outcome)
    rejected: int = 0  # answers not used because they broke the markup

    def count(self, outcome):
        return sum(1 for *_, o in self.outcomes if o == outcome)

    @property
    def strings(self):
        return sum(filled for _, filled, _ in self.outcomes)

    def summary(self):
        objects = sum(1 for _, filled, _ in self.outcomes if filled)
        published = self.count("created") + self.count("updated")
        parts = [
            f"{self.strings} string(s) machine-translated in {objects} object(s)",
            f"{published} translation(s) published",
        ]
        if self.rejected:
            parts.append(f"{self.rejected} answer(s) broke the markup and were left out")
        return "; ".join(parts)


def missing_strings(instance, locale):
    """The object's (context, English text) pairs with no translation in `locale`, in field
    order, except page slugs. A string whose English changed since it was translated counts as
    missing."""
    stored = stored_translations(instance, locale)
    return [
        (context, text)
        for context, text in source_strings(instance)
        if (context, text) not in stored and context not in NOT_FOR_MACHINES
    ]


def describe_failure(error):
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"the service answered {error.response.status_code}: {error.response.text[:200]}"
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        return f"the service is unreachable ({error})"
    return f"the service's answer could not be used ({error!r})"


@dataclass
class MachinePlan:
    """What the service answered for one object: {(context, English text): translation}, and
    the contexts whose answer broke the markup (left for the translator)."""

    instance: object
    key: str
    strings: dict
    rejected: list


def translate_missing(instances, locale, translator, *, progress=None):
    """Ask the service for every object's missing strings, writing nothing; returns a
    MachinePlan per object, or raises MachineTranslationFailed naming the object it failed on.
    An answer whose tags, link ids or placeholders differ from the English is not used."""
    source = source_locale()
    plans = []
    for number, instance in enumerate(instances, start=1):
        key = object_key(instance)
        missing = missing_strings(instance, locale)
        translated, rejected = {}, []
        if missing:
            texts = list(dict.fromkeys(text for _, text in missing))
            try:
                answers = translator.translate(source, locale, [StringValue(t) for t in texts])
            except SERVICE_ERRORS as error:
                raise MachineTranslationFailed(key, describe_failure(error)) from error
            for context, text in missing:
                answer = answers.get(StringValue(text))
                if answer is None or not answer.data:
                    continue
                if markup_problem(text, answer.data):
                    rejected.append(context)
                else:
                    translated[(context, text)] = answer.data
        plans.append(MachinePlan(instance, key, translated, rejected))
        if progress:
            progress(number, len(instances), key, len(translated), rejected)
    return plans


def store_machine_translations(plans, locale, tool_name, *, publish=False, user=None):
    """Write the plans in one transaction, never replacing a stored translation; with
    `publish`, create or update and publish every translated object that is missing, still a
    placeholder, or older than its source or its strings (stored now or in an earlier run)."""
    report = MachineReport()
    with transaction.atomic():
        for plan in plans:
            filled, outcome = apply_plan(plan, locale, tool_name, publish=publish, user=user)
            report.outcomes.append((plan.key, filled, outcome))
            report.rejected += len(plan.rejected)
    return report


def apply_plan(plan, locale, tool_name, *, publish, user):
    if not plan.strings and not publish:
        return 0, "unchanged"
    source, _ = refresh_source(plan.instance)
    Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    filled = store_machine_strings(source, locale, plan.strings, tool_name, user)
    if not publish:
        return filled, "stored" if filled else "unchanged"
    existing = plan.instance.get_translation_or_none(locale)
    if existing is not None and not is_placeholder(existing) and not is_behind(source, locale):
        return filled, "unchanged"
    publish_translation(source, locale, user)
    return filled, "created" if existing is None else "updated"


def is_behind(source, locale):
    """True when the translated object was last made from this source before the source or
    one of its strings in `locale` last changed."""
    made = TranslationLog.objects.filter(source=source, locale=locale).aggregate(
        at=Max("created_at")
    )["at"]
    if made is None or source.last_updated_at > made:
        return True
    return StringTranslation.objects.filter(
        context__object_id=source.object_id, locale=locale, updated_at__gt=made
    ).exists()


def store_machine_strings(source, locale, strings, tool_name, user=None):
    """Store {(context, English text): translation} as machine translations; a string that
    has a translation already (a translator may have made one meanwhile) keeps it. Returns how
    many were stored."""
    segments = source_segments(source)
    contexts = {context for _string, context in segments.values()}
    existing = stored_string_translations(source, locale, contexts)
    stored = 0
    for (context_path, text), translated in strings.items():
        string, context = segments[context_path, text]
        if (string.pk, context.pk) in existing:
            continue
        existing[string.pk, context.pk] = StringTranslation.objects.create(
            translation_of=string,
            locale=locale,
            context=context,
            data=translated,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
            tool_name=tool_name,
            last_translated_by=user,
        )
        stored += 1
    return stored
