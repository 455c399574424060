"""What a translation import knows is not in the database, so that it does not ask for each file.

For every file, the import asked whether the object already had a translation in the file's
language and whether its English version already had a translation source: a query each, and on
a first import the answer is nearly always no. `rows_known()` reads both for all of the import's
objects at its start (one query per model, in chunks) and keeps them up to date with the rows
saved during the import, by the import or by anything it calls (wagtail-localize creating an
alias of a parent page, say). Only an absence is taken from here; a row known to exist is read
from the database as before. (A row inserted without a save, by `bulk_create`, would not be seen:
nothing the import calls inserts pages, snippets or sources that way.)
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import islice

from django.db.models.signals import post_save

from wagtail.models import TranslatableMixin
from wagtail_localize.models import TranslationSource

CHUNK = 500  # translation keys per query (SQLite limits the parameters of one statement)


@dataclass
class KnownRows:
    # (translation model, translation key, locale id) of the objects that exist
    translations: set = field(default_factory=set)
    # (translation key, locale id) of the translation sources that exist
    sources: set = field(default_factory=set)


KNOWN_ROWS = ContextVar("known_rows", default=None)


@contextmanager
def rows_known(instances, locales):
    """Inside the block, `translation_or_none` and `source_or_none` know without a query that
    the translations of `instances` into `locales`, and their sources, are missing."""
    known = KnownRows(
        translations=existing_translations(instances, locales),
        sources=existing_sources(instances),
    )
    token = KNOWN_ROWS.set(known)
    try:
        yield known
    finally:
        KNOWN_ROWS.reset(token)


def existing_translations(instances, locales):
    keys_by_model = {}
    for instance in instances:
        model = instance.get_translation_model()
        keys_by_model.setdefault(model, set()).add(instance.translation_key)
    locale_ids = [locale.pk for locale in locales]
    found = set()
    for model, keys in keys_by_model.items():
        for chunk in chunks(keys):
            rows = model._base_manager.filter(translation_key__in=chunk, locale_id__in=locale_ids)
            pairs = rows.values_list("translation_key", "locale_id")
            found |= {(model, uuid_text(key), locale) for key, locale in pairs}
    return found


def existing_sources(instances):
    keys = {instance.translation_key for instance in instances}
    found = set()
    for chunk in chunks(keys):
        rows = TranslationSource.objects.filter(object_id__in=chunk)
        pairs = rows.values_list("object_id", "locale_id")
        found |= {(uuid_text(key), locale) for key, locale in pairs}
    return found


def uuid_text(value):
    """One spelling of a UUID, whether it comes as a UUID or as either of its texts."""
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def chunks(values):
    values = iter(values)
    while chunk := list(islice(values, CHUNK)):
        yield chunk


def translation_or_none(instance, locale):
    """`instance.get_translation_or_none(locale)`, without a query when it is known to have no
    translation into `locale`."""
    known = KNOWN_ROWS.get()
    key = (instance.get_translation_model(), uuid_text(instance.translation_key), locale.pk)
    if known is not None and key not in known.translations:
        return None
    return instance.get_translation_or_none(locale)


def source_or_none(instance):
    """The TranslationSource of `instance` in its own language, or None, without a query when it
    is known to have none."""
    known = KNOWN_ROWS.get()
    if known is not None and (uuid_text(instance.translation_key), instance.locale_id) not in (
        known.sources
    ):
        return None
    return TranslationSource.objects.filter(
        object_id=instance.translation_key, locale=instance.locale_id
    ).first()


def remember_created(sender, instance=None, created=False, **kwargs):
    known = KNOWN_ROWS.get()
    if known is None or not created:
        return
    if isinstance(instance, TranslationSource):
        known.sources.add((uuid_text(instance.object_id), instance.locale_id))
    elif isinstance(instance, TranslatableMixin):
        model = instance.get_translation_model()
        known.translations.add((model, uuid_text(instance.translation_key), instance.locale_id))


post_save.connect(remember_created, dispatch_uid="cluster.pipeline.known_rows")
