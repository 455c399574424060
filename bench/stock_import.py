"""Creating, translating and publishing pages the stock way, timed on a sample beside the
pipeline's import (report: pages/s for both).

The stock way is what the documented APIs do for an editor and a translator: the English page
with `add_child()` and `save_revision().publish()`; then, for each language, a
`TranslationSource` of the page, a `Translation` into the language, the language's PO file
imported with `Translation.import_po()`, and the translated page created with
`Translation.save_target()` and published. Each sample page is a new city with the content of
an imported one under a new slug (the PO file's entries apply to it, but for its slug).

Fair to both sides: the sample runs after `VACUUM ANALYZE` (run_scale.py), with every signal
receiver the project connects, exactly as during the project's import (nothing is deferred or
switched off for one side only), and with the search index's `AUTO_UPDATE` off, Wagtail's
documented switch for a bulk import, which the pipeline's pages/s leave out too (its index is
updated once, after the pages). Everything is rolled back: the database the API is measured on
stays as the pipeline left it, and nothing waiting for the commit runs.
"""

import time

import polib

from django.conf import settings
from django.db import transaction
from django.test import override_settings

from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from cluster.models import CityPage, ClusterPage

from .generate import TRANSLATION_LANGUAGES, po_path


class RolledBack(Exception):
    pass


def stock_import_rate(content_dir, sample):
    """{"pages", "seconds", "pages_per_second"} for `sample` cities created, translated into
    every translation language and published the stock way."""
    cluster = ClusterPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    cities = list(CityPage.objects.child_of(cluster).live().order_by("path")[:sample])
    locales = list(Locale.objects.filter(language_code__in=TRANSLATION_LANGUAGES))
    pages, seconds = 0, 0.0
    try:
        with transaction.atomic(), search_index_not_updated():
            started = time.perf_counter()
            for number, city in enumerate(cities):
                slug = f"{city.slug}-stock-{number}"
                pages += create_translate_publish(city, slug, locales, content_dir)
            seconds = time.perf_counter() - started
            raise RolledBack
    except RolledBack:
        pass
    rate = round(pages / seconds, 1) if seconds else None
    return {"pages": pages, "seconds": round(seconds, 2), "pages_per_second": rate}


def search_index_not_updated():
    """Every search backend with `AUTO_UPDATE` off, for the duration of a `with`."""
    backends = {
        name: {**backend, "AUTO_UPDATE": False}
        for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    return override_settings(WAGTAILSEARCH_BACKENDS=backends)


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
    locale_directory = f"{content_dir}/locale"
    return po_path(locale_directory, city._meta.model_name, city.slug, locale.language_code)


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
