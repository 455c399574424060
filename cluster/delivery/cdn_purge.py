"""Purges of a CDN in front of the API, when `WAGTAILFRONTENDCACHE` is configured (e.g.
`FRONTEND_CACHE_PURGE_URL`): a change, once its transaction commits, purges the API URLs that
show it, under `WAGTAILAPI_BASE_URL`, through Wagtail's frontend cache (`purge_urls_from_cache`).

A publish, unpublish, move or delete of a page or snippet, a save of an image or document, a
page's view restriction or a translator's saved string purges the details of the objects that
can show it and the listings of their endpoints (cluster/delivery/affected.py, `affected_objects`).
A
site, locale, collection or collection view restriction can change any answer: it purges every
endpoint's listing. A listing URL stands for all URLs below it: configure the CDN to treat a
purge as a prefix ban. (The server's own response cache has a simpler rule, see
cluster/delivery/caching.py.)
"""

from functools import partial

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from cluster.delivery.affected import affected_objects, listing_paths, purge_paths, served


def frontend_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_on_commit(paths):
    """Purge `paths` once the transaction commits (not at all if it rolls back)."""
    from wagtail.api.utils import get_base_url

    base_url = get_base_url()
    urls = [base_url + path for path in paths]
    if urls:
        transaction.on_commit(partial(purge, urls), robust=True)


def purge(urls):
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(urls)


def purge_what_shows(instance):
    """Worked out now, while the change is visible in its transaction."""
    if frontend_cache_configured():
        purge_on_commit(purge_paths(affected_objects([instance])))


def object_changed(sender, instance, **kwargs):
    purge_what_shows(instance)


def object_published_or_unpublished(sender, instance, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page) and served(type(instance)):  # pages: page_* signals
        purge_what_shows(instance)


def object_deleted(sender, instance, **kwargs):
    """Before the delete: afterwards the reference index no longer lists who referred to it."""
    if served(type(instance)) and getattr(instance, "live", True):
        purge_what_shows(instance)


def page_restriction_changed(sender, instance, **kwargs):
    purge_what_shows(instance.page)


def string_translation_changed(sender, instance, **kwargs):
    """A translator's saved string changes `translation_status` of its object's versions."""
    if not frontend_cache_configured():
        return
    try:
        translatable = instance.context.object
    except ObjectDoesNotExist:  # deleted with its context
        return
    model = translatable.content_type.model_class()
    obj = model and model._default_manager.filter(translation_key=translatable.pk).first()
    if obj is not None and served(type(obj)):
        purge_what_shows(obj)


def everything_changed(sender, instance, **kwargs):
    if frontend_cache_configured():
        purge_on_commit(listing_paths())


def connect_signals():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Locale,
        PageViewRestriction,
        Site,
    )
    from wagtail_localize.models import StringTranslation

    uid = "cluster.delivery.cdn_purge"
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(object_changed, dispatch_uid=uid)
    for signal in (published, unpublished):
        signal.connect(object_published_or_unpublished, dispatch_uid=uid)
    pre_delete.connect(object_deleted, dispatch_uid=uid)
    for model in (get_image_model(), get_document_model()):
        post_save.connect(object_changed, sender=model, dispatch_uid=uid)
    for signal in (post_save, post_delete):
        signal.connect(page_restriction_changed, sender=PageViewRestriction, dispatch_uid=uid)
        signal.connect(string_translation_changed, sender=StringTranslation, dispatch_uid=uid)
        for model in (Site, Locale, CollectionViewRestriction, Collection):
            signal.connect(everything_changed, sender=model, dispatch_uid=uid)
