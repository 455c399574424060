"""HTTP caching for the API: validators and freshness on every GET, and a server-side response
cache with one invalidation rule. (A CDN in front of the API is purged by
cluster/delivery/cdn_purge.py.)

**What a client sees.** Every GET or HEAD answered by an endpoint of the router carries a
`Cache-Control` and, unless it has no body (a `find/` redirect), a strong `ETag` (a SHA-256 of
the body; Django's GZipMiddleware makes it weak, `W/"..."`, on the gzipped variant):

- anonymous JSON answers (200, a `find/` redirect, 404): `public, max-age=API_CACHE_MAX_AGE,
  stale-while-revalidate=API_CACHE_STALE_WHILE_REVALIDATE`, `Vary: Accept-Encoding,
  Cookie` (and `Origin` where CORS is on);
- answers to logged-in users (session or `Authorization`) and to a session given a page's
  password: `private, no-cache`; they are never stored here;
- other errors (a 400 for a bad parameter): `no-store`.

`If-None-Match` gets a 304 when any listed tag matches (weakly, as RFC 9110 says); `*` matches.

**The server-side cache.** Anonymous JSON answers are kept in the `api` cache, which every
process shares (Redis at `REDIS_URL`, else files under `CACHE_DIR`: cms/shared_caches.py),
under a key made of the scheme, host, path, query parameters sorted by name and negotiated
media type (the API's language comes from `?locale=`, never from a header or cookie). One rule
says when they are stale: **any change to what the API serves replaces one version
(cache_version.py), and an entry stored under another version is never served.** Each entry
records the version read before the view queried the database; a lookup reads the entry and
the version in one round trip and serves the entry only if they are equal. The pages hidden by
view restrictions (visibility.py) and the collections whose media are hidden
(media_visibility.py) are kept under the same version.

The version is deleted (the next request makes a new random one with `add`) when a page is
published, unpublished, moved or deleted; a snippet published, unpublished or deleted; an image,
a document, a page's or a collection's view restriction, a collection, a site, a locale, a
translation string or source, or a redirect saved or deleted; and when Wagtail's search index
task has run (searches may lag behind the commit). It is deleted at once and again when the
transaction commits: an answer rendered from data read before the commit and stored after the
first deletion is stored under a version the commit replaces.

Why not finer: a cluster publishes a few times an hour and its frontends ask mostly the same few
hundred URLs, so the emptied cache fills again within seconds; dropping only the answers that
Wagtail's reference index links to a change would leave stale any answer showing a field the
index does not record.

A hit is answered by `CachedResponseMiddleware` before sessions, authentication and the view,
when the request is plainly an anonymous JSON GET; everything else is looked up by the view.
Stale entries expire after `API_CACHE_TIMEOUT`. If Redis is down, the cache backend
(cluster/delivery/redis_cache.py) answers as an empty cache: lookups miss, nothing is stored, and a
deletion is made when Redis answers again.
"""

import hashlib

from rest_framework.exceptions import NotAcceptable

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag, urlencode

from cluster.api.visibility import can_pass_view_restrictions
from cluster.delivery.cache_version import VERSION_KEY, api_cache, cache_enabled, current_version

ROUTES = {"listing", "detail", "find"}  # the URL names of an endpoint of the router
STORED_STATUSES = {200, 301, 302, 404}


# --- Answering a request ---------------------------------------------------------------------


class ResponseCacheMixin:
    """For the API's viewsets (through ContractMixin): answers anonymous GETs from the `api`
    cache and adds `ETag` and `Cache-Control` to every GET. Only the router's own URLs are
    handled: a view that reuses a viewset under another URL (the draft preview, which sends
    `Cache-Control: no-store`) passes through untouched. A view mounted outside the router
    names its URL in `cached_routes` (the sitemap, the redirects)."""

    cached_routes = ROUTES

    def dispatch(self, request, *args, **kwargs):
        match = request.resolver_match
        route = match.url_name if match else None
        if request.method not in ("GET", "HEAD") or route not in self.cached_routes:
            return super().dispatch(request, *args, **kwargs)

        media_type = self.negotiated_json_media_type(request)
        if media_type is None or not is_anonymous(request):
            response = rendered(super().dispatch(request, *args, **kwargs))
            return conditional(request, with_private_headers(with_etag(response)))

        # CachedResponseMiddleware has already looked this request up if it could.
        store = getattr(request, "api_response_store", None)
        if store is None or store.media_type != media_type:
            store = StoredResponses(request, media_type)
            response = store.lookup()
            if response is not None:
                return conditional(request, with_public_headers(response))
        response = with_etag(rendered(super().dispatch(request, *args, **kwargs)))
        if is_storable(response):
            store.save(response)
        return conditional(request, with_public_headers(response))

    def negotiated_json_media_type(self, request):
        """The media type DRF will answer with if that is JSON (`application/json`, or with
        `; indent=4`), else None (DRF then answers 406 or 404)."""
        drf_request = self.initialize_request(request)
        try:
            renderer, media_type = self.get_content_negotiator().select_renderer(
                drf_request, self.get_renderers()
            )
        except (NotAcceptable, Http404):  # DRF's own answers (406, 404 for `?format=xml`)
            return None
        return media_type if renderer.format == "json" else None


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
        """The URL is not resolved: an answer is only ever stored by `ResponseCacheMixin`, for a
        listing, detail or find URL of the router, under a key naming the URL and the media
        type, so a key found here was stored by that view for this same request. A path that is
        no endpoint (the draft preview, a 404) costs a lookup that misses."""
        if not request.path_info.startswith(API_PREFIX):
            return None
        if not plainly_json(request) or not anonymous_without_session(request):
            return None
        return StoredResponses(request, JSON)


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
    """The cached answer to one request, and the version it must have been stored under."""

    def __init__(self, request, media_type):
        self.enabled = cache_enabled()
        self.media_type = media_type
        self.key = response_key(request, media_type)
        self.version = None

    def lookup(self):
        """The cached response if it was stored under the current version; otherwise None,
        after noting the version (before the view reads the database) for `save`."""
        if not self.enabled:
            return None
        cache = api_cache()
        found = cache.get_many([VERSION_KEY, self.key])
        self.version, entry = found.get(VERSION_KEY), found.get(self.key)
        if self.version is not None and entry is not None and entry["version"] == self.version:
            return response_from_entry(entry)
        if self.version is None:
            self.version = current_version(cache)
        return None

    def save(self, response):
        """Stored only under a version known before the view ran: None (Redis down) stores
        nothing."""
        if not self.enabled or self.version is None:
            return
        entry = {
            "status": response.status_code,
            "headers": list(response.items()),
            "content": response.content,
            "version": self.version,
        }
        api_cache().set(self.key, entry, timeout=settings.API_CACHE_TIMEOUT)


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
