"""Which Site a request is for, without a query per request.

Wagtail's `Site.find_for_request` asks the database on every request (`get_site_for_hostname`).
Sites change rarely, so the answer for each host and port is kept in the `api` cache, which is
shared by every process when Redis is configured, and dropped whenever a Site is saved or
deleted (`connect_signals`, from the app's `ready`).
"""

from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port

from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from .caching import api_cache

CACHE_KEY = "sites:by-host"
TIMEOUT = 300  # seconds; also bounds a lookup written just as a Site changed
MAX_HOSTS = 50  # the Host header is the client's: the number of answers kept is bounded
SITE_FIELDS = ["id", "hostname", "port", "site_name", "root_page_id", "is_default_site"]


def site_for_request(request):
    """`Site.find_for_request(request)`, read from the cache; it is also remembered on the
    request, where Wagtail's own `find_for_request` (page URLs, `?site=`-less filters) looks."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        site = cached_site(hostname, request.get_port())
        request._wagtail_site = site
        inner = getattr(request, "_request", None)  # the HttpRequest of a DRF Request
        if inner is not None:
            inner._wagtail_site = site
    return request._wagtail_site


def cached_site(hostname, port):
    cache = api_cache()
    host = f"{hostname}:{port}"
    sites = cache.get(CACHE_KEY) or {}
    if host not in sites:
        sites[host] = site_fields(hostname, port)
        if len(sites) <= MAX_HOSTS:
            cache.set(CACHE_KEY, sites, timeout=TIMEOUT)
    fields = sites[host]
    return Site(**fields) if fields is not None else None


def site_fields(hostname, port):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    return {name: getattr(site, name) for name in SITE_FIELDS}


def forget_sites(**kwargs):
    api_cache().delete(CACHE_KEY)


def connect_signals():
    for signal in (post_save, post_delete):
        signal.connect(forget_sites, sender=Site, dispatch_uid="cluster.api.sites")
