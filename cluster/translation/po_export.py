"""Exporting translations as PO files, one per object and language, for translators.

A file holds every translatable string of the live English object: translated strings as they
are, machine translations flagged `fuzzy` for review, and strings whose English changed since
they were translated flagged `fuzzy` with the earlier English (`#| msgid`) and its translation.
`outdated_only` writes only the files a translator has work in (`is_outdated`).
"""

from pathlib import Path

import polib

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource

from cluster.languages import SOURCE_LANGUAGE
from cluster.translation.translatable import (
    OBJECT_HEADER,
    object_key,
    relative_path,
    source_objects,
    source_strings,
)

MACHINE_COMMENT = "machine translation, not reviewed"


def stored_translations(instance, locale):
    """{(context, English text): StringTranslation} for one object in one language, including
    translations of English text that has since changed."""
    return {
        (translation.context.path, translation.translation_of.data): translation
        for translation in StringTranslation.objects.filter(
            context__object_id=instance.translation_key, locale=locale
        ).select_related("context", "translation_of")
    }


def translation_entries(instance, locale):
    """The PO entries for one object in one language: current translations as they are, machine
    translations flagged fuzzy for review, and strings whose English text changed flagged fuzzy
    with the earlier English (`#| msgid`) and its translation, ready to revise."""
    stored = stored_translations(instance, locale)
    by_context = {}
    for (context, _text), translation in stored.items():
        by_context.setdefault(context, []).append(translation)
    entries = []
    for context, text in source_strings(instance):
        entry = polib.POEntry(msgctxt=context, msgid=text, msgstr="")
        current = stored.get((context, text))
        if current is not None and not current.has_error:
            entry.msgstr = current.data
            if current.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE:
                entry.flags.append("fuzzy")
                entry.tcomment = MACHINE_COMMENT
        elif by_context.get(context):
            earlier = max(by_context[context], key=lambda t: t.updated_at)
            entry.msgstr = earlier.data
            entry.previous_msgid = earlier.translation_of.data
            entry.flags.append("fuzzy")
            entry.tcomment = "the English text changed; revise the translation"
        entries.append(entry)
    return entries


def needs_work(entries):
    return any(not entry.msgstr or entry.fuzzy for entry in entries)


def build_po(instance, language, entries):
    po = polib.POFile(wrapwidth=100)
    po.header = f"{instance} ({instance._meta.verbose_name}) in {language}"
    po.metadata = {
        "Project-Id-Version": "Cities Cluster CMS",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        OBJECT_HEADER: object_key(instance),
        "X-Source-Language": SOURCE_LANGUAGE,
    }
    po.extend(entries)
    return po


def export_translations(directory, language, *, outdated_only=False):
    """Write one PO file per source object into `directory/<language>/`; returns the paths."""
    locale = Locale.objects.get(language_code=language)
    written = []
    for instance in source_objects():
        entries = translation_entries(instance, locale)
        if not entries or (outdated_only and not is_outdated(instance, locale, entries)):
            continue
        path = Path(directory) / relative_path(instance, language)
        path.parent.mkdir(parents=True, exist_ok=True)
        build_po(instance, language, entries).save(str(path))
        written.append(path)
    return written


def is_outdated(instance, locale, entries):
    """A translation needs a translator when strings are missing or flagged for review, or when
    the English object was published after the translation was last synchronised with it."""
    if needs_work(entries):
        return True
    translated = instance.get_translation_or_none(locale)
    if translated is None:
        return True
    source = TranslationSource.objects.filter(
        object_id=instance.translation_key, locale=instance.locale_id
    ).first()
    published = getattr(instance, "last_published_at", None)
    return source is None or (published is not None and published > source.last_updated_at)
