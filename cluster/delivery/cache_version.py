"""The one version of the API's `api` cache, and what replaces it.

Every entry kept in the `api` cache that content can make stale (a cached API answer,
caching.py; the paths of the restricted pages, visibility.py; the collections whose media are
hidden, media_visibility.py) records the version read before the database was; it is used only
while that version is current. Any change to what the API serves deletes the version
(`content_changed`, connected in `connect_signals` from the app's `ready`): at once, for the rest
of the transaction, and again when it commits, so that what another process read before the
commit and stored after the first deletion is stored under a version the commit replaces. The
next request makes a new random version with `add`.
"""

import secrets

from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from cluster.delivery.affected import served

CACHE_ALIAS = "api"
VERSION_KEY = "api-version"


def cache_enabled():
    return getattr(settings, "API_CACHE_ENABLED", True)


def api_cache():
    return caches[CACHE_ALIAS]


def current_version(cache=None):
    """The version now, a new random one if there is none (another process may make it at the
    same time: `add` keeps the first); None if the cache cannot be reached."""
    cache = cache or api_cache()
    cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
    return cache.get(VERSION_KEY)


# Seconds a value kept under the version lives: every change replaces the version, in a cache
# every process shares (cms/shared_caches.py), so this only bounds the memory held.
KEPT_TIMEOUT = 3600


def kept_under_version(key, read):
    """`read()`, kept in the `api` cache under `key` for as long as the version does not change
    (visibility.py, media_visibility.py). The version is taken before `read` queries the database,
    so what is read while a change commits is never used after it."""
    cache = api_cache()
    found = cache.get_many([VERSION_KEY, key])
    version, entry = found.get(VERSION_KEY), found.get(key)
    if version is not None and entry is not None and entry["version"] == version:
        return entry["value"]
    if version is None:
        version = current_version(cache)
    value = read()
    if version is not None:  # None: the cache could not be reached
        cache.set(key, {"version": version, "value": value}, timeout=KEPT_TIMEOUT)
    return value


def forget_everything():
    """Replace the version: no entry kept before is used again. With Redis down, the backend
    makes this delete when Redis answers again."""
    api_cache().delete(VERSION_KEY)


def content_changed(**kwargs):
    """Forgotten now, for the rest of this transaction, and again when it commits: a process that
    read the database before the commit may have stored what it read under the version made in
    between. A rolled-back change costs one needless refill."""
    forget_everything()
    transaction.on_commit(forget_everything, robust=True)


# --- What replaces the version ---------------------------------------------------------------


def object_published_or_unpublished(sender, instance, **kwargs):
    if served(type(instance)):  # pages, snippets; pages are also sent page_* signals
        content_changed()


def object_deleted(sender, instance, **kwargs):
    if served(type(instance)):
        content_changed()


SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"
# cluster/renditions.py: they return how many renditions they made.
RENDITION_TASKS = {
    "cluster.renditions.make_renditions",
    "cluster.renditions.make_renditions_for_object",
}


def background_task_finished(sender, task_result, **kwargs):
    """A task changed what the API serves (in a worker, perhaps long after the publish): the
    search index task (the answers to searches), or a rendition task that made renditions (an
    image served as null until then): forgotten once its writes commit."""
    path = task_result.task.module_path
    made_renditions = (
        path in RENDITION_TASKS
        and task_result.status == TaskResultStatus.SUCCESSFUL
        and task_result.return_value
    )
    if path == SEARCH_INDEX_TASK or made_renditions:
        transaction.on_commit(forget_everything, robust=True)


def connect_signals():
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Locale,
        PageViewRestriction,
        Site,
    )
    from wagtail_localize.models import StringTranslation, TranslationSource

    uid = "cluster.delivery.cache_version"
    task_finished.connect(background_task_finished, dispatch_uid=uid)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=uid)
    for signal in (published, unpublished):
        signal.connect(object_published_or_unpublished, dispatch_uid=uid)
    post_delete.connect(object_deleted, dispatch_uid=uid)
    changing_models = (
        get_image_model(),
        get_document_model(),
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        Site,
        Locale,
        StringTranslation,
        TranslationSource,
        Redirect,  # the redirects endpoint, `pages/find/` of an old path
    )
    for signal in (post_save, post_delete):
        for model in changing_models:
            signal.connect(content_changed, sender=model, dispatch_uid=uid)
