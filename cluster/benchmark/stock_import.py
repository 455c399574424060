"""Creating, translating and publishing pages the stock way, timed on a sample, for the import's
ratio to stock (report.py): the issue's target of 50 pages/s was set against "about 6 pages/s"
for stock Wagtail on a machine like the benchmark's, and machines differ.

The stock way is what the documented APIs do for an editor and a translator: the English page
with `add_child()` and `save_revision().publish()`; then, for each language, a
`TranslationSource` of the page, a `Translation` into the language, the language's PO file
imported with `Translation.import_po()`, and the translated page created with
`Translation.save_target()` and published. Each sample page is a new city with the content of
an imported one under a new slug (the PO file's entries apply to it, but for its slug). As in the
pipeline's import, Wagtail updates the search and reference indexes on each save; the API cache
invalidation is deferred and not timed. Everything is rolled back: the database the API is
measured on stays as the pipeline left it.
"""

import time
from pathlib import Path

import polib

from django.db import transaction

from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from ..api.caching import invalidation_deferred
from ..models import CityPage, ClusterPage
from ..pipeline.importing import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from ..pipeline.translations import relative_path


class RolledBack(Exception):
    pass


def stock_import_rate(content_dir, sample):
    """{"pages", "seconds", "pages_per_second"} for `sample` cities created, translated into
    every translation language and published the stock way."""
    cluster = ClusterPage.objects.get(locale__language_code=SOURCE_LANGUAGE)
    cities = list(CityPage.objects.child_of(cluster).live().order_by("path")[:sample])
    locales = list(Locale.objects.filter(language_code__in=TRANSLATION_LANGUAGES))
    pages, seconds = 0, 0.0
    try:
        with transaction.atomic(), invalidation_deferred():
            started = time.perf_counter()
            for number, city in enumerate(cities):
                slug = f"{city.slug}-stock-{number}"
                pages += create_translate_publish(city, slug, locales, content_dir)
            seconds = time.perf_counter() - started
            raise RolledBack  # before the deferred updates run
    except RolledBack:
        pass
    rate = round(pages / seconds, 1) if seconds else None
    return {"pages": pages, "seconds": round(seconds, 2), "pages_per_second": rate}


def create_translate_publish(city, slug, locales, content_dir):
    """A new city like `city` under its parent, published, then translated into `locales` from
    `city`'s PO files and published; returns the number of pages made."""
    page = new_page_like(city, slug)
    city.get_parent().add_child(instance=page)
    page.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(page)
    for locale in locales:
        translation = Translation.objects.create(source=source, target_locale=locale)
        translation.import_po(polib.pofile(str(po_file(content_dir, city, locale))))
        translation.save_target(publish=False)  # publish=True would wait for the commit
        translated = page.get_translation(locale)
        translated.get_latest_revision().publish()
    return 1 + len(locales)


def po_file(content_dir, city, locale):
    return Path(content_dir) / "locale" / relative_path(city, locale.language_code)


def new_page_like(page, slug):
    """An unsaved page of `page`'s type with its content (its own fields, its title, its inline
    children) under another slug."""
    model = type(page)
    own_fields = {
        field.attname: getattr(page, field.attname)
        for field in model._meta.concrete_fields
        if field.model is not Page and not field.primary_key
    }
    copy = model(title=page.title, slug=slug, **own_fields)
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        children = [
            relation.related_model(
                **{
                    field.attname: getattr(child, field.attname)
                    for field in relation.related_model._meta.concrete_fields
                    if not field.primary_key
                    and field.name not in ("translation_key", "locale", relation.field.name)
                }
            )
            for child in getattr(page, name).all()
        ]
        setattr(copy, name, children)
    return copy
