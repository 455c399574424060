"""HTTP caching for the API: validators and freshness on every GET, a server-side response cache
that publishing invalidates exactly, and purges of a CDN in front of the API.

**What a client sees.** Every GET or HEAD answered by an endpoint of the router carries a
`Cache-Control` and, unless it has no body (a `find/` redirect), a strong `ETag` (a SHA-256 of
the body; Django's GZipMiddleware makes it weak, `W/"..."`, on the gzipped variant):

- anonymous JSON answers (200, a `find/` redirect, 404): `public, max-age=API_CACHE_MAX_AGE,
  stale-while-revalidate=API_CACHE_STALE_WHILE_REVALIDATE`, `Vary: Accept, Accept-Encoding,
  Cookie` (and `Origin` where CORS is on);
- answers to logged-in users (session or `Authorization`), to a session given a page's password
  and the browsable HTML API:
  `private, no-cache`; they are never stored here;
- other errors (a 400 for a bad parameter): `no-store`.

`If-None-Match` gets a 304 when any listed tag matches, weak or strong (RFC 9110 compares
weakly for it), and `*` matches any answer.

**The server-side cache.** Anonymous JSON answers are kept in the `api`
cache (Redis at `REDIS_URL`, else this process's memory) under a key made of the scheme, host,
path, query parameters sorted by name and negotiated media type: nothing else shapes the body
(the API's language comes from `?locale=`, never from a header or cookie). Each entry records
the versions of the *tags* it depends on, read before the view queried the database; a lookup
fetches the entry and the current versions in one round trip and serves the entry only if they
are equal:

- a detail (`news/7/`) depends on `obj:cluster.newsitem:7` (the tag of the object in its URL);
- a listing or a find (`news/?topic=x`, `pages/find/?html_path=...`) depends on
  `list:cluster.newsitem`: any change that can alter one listing of an endpoint drops them all,
  since a new or changed item can enter any filtered listing;
- a search (`pages/?search=...`) also depends on `search:<model>`, dropped again when
  Wagtail's background task that updates the search index for an object of that endpoint has
  run: with a queued task backend the index lags behind the commit;
- everything depends on `all`, dropped when a site, a locale, a collection or a collection's
  view restriction changes (a page's view restriction counts as a change of the page; the
  media a request may see are media_visibility.py's).

A hit is answered by `CachedResponseMiddleware` before sessions, authentication and the view,
when the request is plainly an anonymous JSON GET; everything else is looked up by the view.

Invalidation deletes tags; a missing tag is recreated with a fresh random version, so an entry
stored before can never match again. That makes invalidation O(number of tags), the same on
local memory and on Redis, and with no tag-to-keys sets to maintain; stale entries are simply
never read again and expire after `API_CACHE_TIMEOUT`. Because versions are read before the
database, an answer rendered while a publish commits is stored with the old versions and is
never served.

**What a change drops.** A publish, unpublish, move or delete of a page or snippet `X` in any
language, or a save or delete of an image or document `X`, once its transaction commits, deletes the
object tags of: `X`; its descendants if `X` is a page (their URLs and `meta.parent` show it);
the other language versions of those (their `meta.translations` list them); and every object
whose fields, rich text or StreamField refer to one of them, as recorded in Wagtail's reference
index (a city showing a topic or a hero image, a video showing its related news item, a page
linking to a moved page). It also deletes the listing tags of the endpoints of all of those.
A translation string saved or deleted without a publish (a translator at work) drops the same
for its object, whose `translation_status` it changes. An unrelated object's detail stays
cached. An import publishes thousands of objects in one transaction: inside its
`invalidation_deferred()` block the changed objects are collected, and what they affect is
worked out once, 500 objects at a time, when the block ends, from the indexes the import has
just brought up to date.

**CDN.** When `WAGTAILFRONTENDCACHE` is configured (e.g. `FRONTEND_CACHE_PURGE_URL`), the same
change purges the detail URLs of those objects and the listing URLs of their endpoints, under
`WAGTAILAPI_BASE_URL`. A listing URL stands for all its query variants: configure the CDN to
treat its purge as a prefix ban.
"""

import hashlib
import secrets
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, partial
from types import MappingProxyType

from django_tasks.signals import task_finished
from rest_framework.exceptions import NotAcceptable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import Http404, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag, urlencode

from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from cluster.affected import api_endpoint_of, api_path, base_model, referrers

from .visibility import can_pass_view_restrictions

CACHE_ALIAS = "api"
ROUTES = {"listing", "detail", "find"}  # the URL names of an endpoint of the router
STORED_STATUSES = {200, 301, 302, 404}
ALL = "all"


def cache_enabled():
    return getattr(settings, "API_CACHE_ENABLED", True)


def api_cache():
    return caches[CACHE_ALIAS]


def model_label(model):
    return base_model(model)._meta.label_lower


def object_tag(model, pk):
    return f"obj:{model_label(model)}:{pk}"


def listing_tag(model):
    return f"list:{model_label(model)}"


def search_tag(model):
    return f"search:{model_label(model)}"


def tag_key(tag):
    return f"tag:{tag}"


# --- Answering a request ---------------------------------------------------------------------


class ResponseCacheMixin:
    """For the API's viewsets (through ContractMixin): answers anonymous GETs from the `api`
    cache and adds `ETag` and `Cache-Control` to every GET. Only the router's own URLs are
    handled: a view that reuses a viewset under another URL (the draft preview, which sends
    `Cache-Control: no-store`) passes through untouched."""

    def dispatch(self, request, *args, **kwargs):
        match = request.resolver_match
        route = match.url_name if match else None
        if request.method not in ("GET", "HEAD") or route not in ROUTES:
            return super().dispatch(request, *args, **kwargs)

        media_type = self.negotiated_json_media_type(request)
        if media_type is None or not is_anonymous(request):
            response = rendered(super().dispatch(request, *args, **kwargs))
            return conditional(request, with_private_headers(with_etag(response)))

        # CachedResponseMiddleware has already looked this request up if it could.
        store = getattr(request, "api_response_store", None)
        if store is None or store.media_type != media_type:
            tags = response_tags(self.model, route, kwargs, request.GET)
            store = StoredResponses(request, media_type, tags)
            response = store.lookup()
            if response is not None:
                return conditional(request, with_public_headers(response))
        response = with_etag(rendered(super().dispatch(request, *args, **kwargs)))
        if is_storable(response):
            store.save(response)
        return conditional(request, with_public_headers(response))

    def negotiated_json_media_type(self, request):
        """The media type DRF will answer with if that is JSON (`application/json`, or with
        `; indent=4`), else None: a browser asking for HTML gets the browsable API."""
        drf_request = self.initialize_request(request)
        try:
            renderer, media_type = self.get_content_negotiator().select_renderer(
                drf_request, self.get_renderers()
            )
        except (NotAcceptable, Http404):  # DRF's own answers (406, 404 for `?format=xml`)
            return None
        return media_type if renderer.format == "json" else None


def response_tags(model, route, kwargs, query):
    if route == "detail":
        return [ALL, object_tag(model, kwargs["pk"])]
    if "search" in query:
        # The search index may be updated by a background task after the commit that dropped
        # the listing tag: searches also depend on a tag that task drops when it is done.
        return [ALL, listing_tag(model), search_tag(model)]
    return [ALL, listing_tag(model)]


class CachedResponseMiddleware:
    """Answers a repeated anonymous API GET straight from the `api` cache, before sessions,
    authentication, the URL's view and Django REST framework: a cache hit costs one cache round
    trip and the URL resolution. It only takes requests whose answer it can be sure of without
    DRF: no session cookie or `Authorization`, JSON asked for plainly (no `Accept` beyond
    `*/*` or `application/json`, no `?format=`). Any other request, and every miss, goes on to
    the view, which caches it (a miss hands its lookup on, so the cache is read once)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cache_enabled() and request.method in ("GET", "HEAD"):
            store = self.stored_responses_for(request)
            if store is not None:
                response = store.lookup()
                if response is not None:
                    return conditional(request, with_public_headers(response))
                request.api_response_store = store
        return self.get_response(request)

    def stored_responses_for(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return None
        if not plainly_json(request) or not anonymous_without_session(request):
            return None
        route = cached_route(request.path_info)
        if route is None:
            return None
        view_class, route_name, kwargs = route
        tags = response_tags(view_class.model, route_name, kwargs, request.GET)
        return StoredResponses(request, JSON, tags)


def cached_route(path_info):
    """(viewset, route name, URL arguments) of a URL whose answers are cached here; None for
    any other. Remembered per URLconf and path: resolving walks the URL patterns, a sixth of a
    cache hit's time."""
    return _cached_route(get_urlconf() or settings.ROOT_URLCONF, path_info)


@lru_cache(maxsize=4096)
def _cached_route(urlconf, path_info):
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    view_class = getattr(match.func, "cls", None)
    if match.url_name not in ROUTES or not issubclass(view_class or object, ResponseCacheMixin):
        return None
    return view_class, match.url_name, MappingProxyType(match.kwargs)


API_PREFIX = "/api/"
JSON = "application/json"
PLAIN_ACCEPT = {"", "*/*", JSON}


def plainly_json(request):
    """True when DRF would certainly answer with `application/json`: its negotiation picks
    that for no `Accept`, `*/*` or `application/json`, unless `?format=` asks otherwise."""
    return request.META.get("HTTP_ACCEPT", "").strip() in PLAIN_ACCEPT and (
        "format" not in request.GET
    )


def anonymous_without_session(request):
    return (
        "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_anonymous(request):
    """Without an `Authorization` header or a session cookie a request is anonymous, and
    deciding costs no query; a session cookie is looked at. A session given a page's password
    is not: its answers may hold that page."""
    if anonymous_without_session(request):
        return True
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not can_pass_view_restrictions(request)


def rendered(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def with_etag(response):
    if response.content and not response.has_header("ETag"):
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    return response


def view_chose_caching(response):
    """A view that set its own Cache-Control (e.g. `no-store`) is obeyed, never overridden."""
    return response.has_header("Cache-Control")


def is_storable(response):
    return (
        response.status_code in STORED_STATUSES
        and not view_chose_caching(response)
        and not response.cookies
    )


def with_public_headers(response):
    if not view_chose_caching(response):
        if response.status_code in STORED_STATUSES:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.API_CACHE_MAX_AGE,
                stale_while_revalidate=settings.API_CACHE_STALE_WHILE_REVALIDATE,
            )
        else:
            patch_cache_control(response, no_store=True)
    # Cookie: a request with a login cookie gets a private answer.
    patch_vary_headers(response, ("Accept-Encoding", "Cookie"))
    return response


def with_private_headers(response):
    if not view_chose_caching(response):
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Accept-Encoding", "Cookie"))
    return response


def conditional(request, response):
    """A 304 (with the same ETag, Cache-Control and Vary) when If-None-Match matches."""
    if not response.has_header("ETag"):
        return response
    return get_conditional_response(request, etag=response["ETag"], response=response)


class StoredResponses:
    """The cached answer to one request and the tag versions it must match. While Redis is down
    the cache backend (cluster/redis_cache.py) answers as an empty cache: every lookup misses,
    the versions stay unknown and nothing is stored, so the request is answered from the
    database."""

    def __init__(self, request, media_type, tags):
        self.enabled = cache_enabled()
        self.media_type = media_type
        self.key = response_key(request, media_type)
        # The search index may be updated by a background task after the commit that dropped
        # the listing's answers: searches also depend on a tag that task drops when it is done.
        self.tags = tags
        self.versions = {}

    def lookup(self):
        """The cached response if its tags are current; otherwise None, after noting the
        current versions (before the view reads the database) for `save`."""
        if not self.enabled:
            return None
        found = api_cache().get_many([self.key, *map(tag_key, self.tags)])
        self.versions = {tag: found.get(tag_key(tag)) for tag in self.tags}
        entry = found.get(self.key)
        if entry is not None and entry["tags"] == self.versions:
            return response_from_entry(entry)
        self.create_missing_versions()
        return None

    def create_missing_versions(self):
        cache = api_cache()
        for tag, version in self.versions.items():
            if version is None:
                self.versions[tag] = current_version(cache, tag_key(tag))

    def save(self, response):
        """Stored only under versions known before the view ran: a version the cache could not
        give (Redis down) would let the entry match a tag it never saw."""
        if not self.enabled or None in self.versions.values():
            return
        entry = {
            "status": response.status_code,
            "headers": list(response.items()),
            "content": response.content,
            "tags": self.versions,
        }
        api_cache().set(self.key, entry, timeout=settings.API_CACHE_TIMEOUT)


def current_version(cache, key):
    """The version stored under `key`, a new random one if there is none (another process may
    make it at the same time: `add` keeps the first); None if the cache cannot be reached."""
    cache.add(key, secrets.token_hex(8), timeout=None)
    return cache.get(key)


def response_key(request, media_type):
    """Parameters are sorted by name only: for a repeated one, order decides which value wins."""
    query = urlencode(sorted(request.GET.lists(), key=lambda item: item[0]), doseq=True)
    parts = [request.scheme, request.get_host(), request.path, query, media_type]
    return "response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def response_from_entry(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


# --- Invalidation ----------------------------------------------------------------------------


def api_router():
    # Imported late: the router (cms/api.py) imports the views that use this module.
    from cms.api import api_router

    return api_router


def served(model):
    return api_endpoint_of(model) is not None


def invalidate(instance, *, everything=False, now=False):
    """Work out, while the change is visible in its transaction, which tags and URLs it affects;
    drop and purge them when the transaction commits (not at all if it rolls back). Inside
    `invalidation_deferred()` that is worked out when the block ends, unless `now` (a delete
    must be looked at before it happens)."""
    deferred = _deferred_changes.get()
    if deferred is not None and not (everything or now):
        deferred.add((type(instance), instance.pk))  # the pk now: a delete later unsets it
        return
    tags, models_and_pks = everything_tags() if everything else affected_by([instance])
    drop_and_purge_on_commit(tags, models_and_pks)


def drop_and_purge_on_commit(tags, models_and_pks):
    urls = purge_urls(models_and_pks) if frontend_cache_configured() else []
    transaction.on_commit(partial(drop_and_purge, tags, urls), robust=True)


_deferred_changes = ContextVar("deferred_changes", default=None)


@contextmanager
def invalidation_deferred():
    """Within the block, the changed objects are collected, and what they affect is worked out
    once, for all of them, when the block ends without an error (still inside the transaction):
    an import that publishes thousands of objects asks a few queries per batch of objects
    instead of a few per object. Nested blocks join the outermost one."""
    if _deferred_changes.get() is not None:
        yield
        return
    changes = set()
    token = _deferred_changes.set(changes)
    try:
        yield
    finally:
        _deferred_changes.reset(token)
    stand_ins = [model(pk=pk) for model, pk in changes]  # only their class and pk are read
    tags, shown = set(), set()
    for start in range(0, len(stand_ins), BATCH):
        batch_tags, batch_shown = affected_by(stand_ins[start : start + BATCH])
        tags |= batch_tags
        shown.update(batch_shown)
    if tags:
        drop_and_purge_on_commit(tags, sorted(shown, key=sort_key))


BATCH = 500  # objects per look-up: bounded IN lists (SQLite limits query parameters)


def drop_and_purge(tags, urls):
    if cache_enabled():
        # With Redis down, the backend makes this delete when Redis answers again.
        api_cache().delete_many([tag_key(tag) for tag in tags])
    if urls:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(urls)


def affected_by(instances):
    """(tags, [(model, pk)]) of every cached answer that can show one of `instances` (only their
    class and pk are read) or whose result set can change with it. See the module docstring for
    the rules. Primary keys are strings, as in the reference index."""
    changed = changed_objects(instances)
    shown = changed | language_versions(changed) | referrers_of(changed)
    tags = {object_tag(model, pk) for model, pk in shown}
    tags |= {listing_tag(model) for model, _pk in shown}
    return tags, sorted(shown, key=sort_key)


def sort_key(model_and_pk):
    model, pk = model_and_pk
    return (model_label(model), pk)


def everything_tags():
    """({all}, [(model, None)] for every endpoint): a site, a locale, a collection (moved under a
    restricted one) or a collection's view restriction can change any answer; the CDN is purged
    by listing URL (a prefix)."""
    endpoints = api_router().endpoints.values()
    return {ALL}, [(endpoint.model, None) for endpoint in endpoints]


def changed_objects(instances):
    """{(model, pk)}: the objects, and the descendants of the pages among them (looked for
    under those that have children)."""
    from wagtail.models import Page

    changed = {(base_model(type(instance)), str(instance.pk)) for instance in instances}
    pages = [instance.pk for instance in instances if isinstance(instance, Page)]
    parents = Page.objects.filter(pk__in=pages, numchild__gt=0) if pages else []
    for parent in parents:
        descendants = Page.objects.descendant_of(parent).values_list("pk", flat=True)
        changed |= {(Page, str(pk)) for pk in descendants}
    return changed


def language_versions(objects):
    """{(model, pk)} of every language version of the given translatable objects."""
    from wagtail.models import TranslatableMixin

    versions = set()
    for model in {model for model, _pk in objects}:
        if not issubclass(model, TranslatableMixin):
            continue
        pks = [pk for object_model, pk in objects if object_model is model]
        keys = model.objects.filter(pk__in=pks).values("translation_key")
        siblings = model.objects.filter(translation_key__in=keys).values_list("pk", flat=True)
        versions |= {(model, str(pk)) for pk in siblings}
    return versions


def referrers_of(objects):
    """{(model, pk)} of the objects that refer to one of the given objects."""
    stand_ins = [model(pk=pk) for model, pk in objects]
    return {(model, pk) for model, pks in referrers(stand_ins).items() for pk in pks}


def frontend_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_urls(models_and_pks):
    """The public API URLs showing these objects: their details and their endpoints' listings
    (`pages/` also stands for `pages/find/`), under WAGTAILAPI_BASE_URL."""
    from wagtail.api.utils import get_base_url

    base_url = get_base_url()
    urls = []
    for model, pk in models_and_pks:
        if not served(model):
            continue
        if pk is not None:
            urls.append(base_url + api_path(model, pk))
        urls.append(base_url + api_path(model))
    return list(dict.fromkeys(urls))


# --- Signals ---------------------------------------------------------------------------------


def page_changed(sender, instance, **kwargs):
    invalidate(instance)


def object_published_or_unpublished(sender, instance, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page) and served(type(instance)):  # pages: page_* signals
        invalidate(instance)


def object_deleted(sender, instance, **kwargs):
    """Before the delete: afterwards the reference index no longer lists who referred to it."""
    if served(type(instance)) and getattr(instance, "live", True):
        invalidate(instance, now=True)


def media_saved(sender, instance, **kwargs):
    invalidate(instance)


def page_restriction_changed(sender, instance, **kwargs):
    invalidate(instance.page)


def string_translation_changed(sender, instance, **kwargs):
    """A translator's saved (unpublished) string changes `translation_status` of every language
    version of its object (`machine` becomes `translated`, a share grows)."""
    try:
        translatable = instance.context.object
    except ObjectDoesNotExist:  # deleted with its context
        return
    model = translatable.content_type.model_class()
    obj = model and model._default_manager.filter(translation_key=translatable.pk).first()
    if obj is not None and served(type(obj)):
        invalidate(obj)


def everything_changed(sender, instance, **kwargs):
    invalidate(instance, everything=True)


SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


def search_index_updated(sender, task_result, **kwargs):
    """Wagtail's search index task for one object has run (in a worker, perhaps long after the
    publish): the searches of its endpoint are dropped again, once the index write commits."""
    if task_result.task.module_path != SEARCH_INDEX_TASK or not cache_enabled():
        return
    app_label, model_name = task_result.args[:2]
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return
    if served(model):
        transaction.on_commit(partial(drop_and_purge, {search_tag(model)}, []), robust=True)


def connect_invalidation_signals():
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

    uid = "cluster.api.caching"
    task_finished.connect(search_index_updated, dispatch_uid=uid)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=uid)
    for signal in (published, unpublished):
        signal.connect(object_published_or_unpublished, dispatch_uid=uid)
    pre_delete.connect(object_deleted, dispatch_uid=uid)
    for model in (get_image_model(), get_document_model()):
        post_save.connect(media_saved, sender=model, dispatch_uid=uid)
    for signal in (post_save, post_delete):
        signal.connect(page_restriction_changed, sender=PageViewRestriction, dispatch_uid=uid)
        signal.connect(string_translation_changed, sender=StringTranslation, dispatch_uid=uid)
        for model in (Site, Locale, CollectionViewRestriction, Collection):
            signal.connect(everything_changed, sender=model, dispatch_uid=uid)
