"""Which pages a request may see under Wagtail's view restrictions (password, login, groups).

Every frontend asks anonymously, and an anonymous request passes no restriction: the pages it
may not see are those at or below a restricted page, whose tree paths are kept in the `api`
cache (`restricted_paths`) so that the filter costs no query and no subquery. A logged-in user,
or a session given a page's password, may pass some; their restrictions are read and checked one
by one, as Wagtail's `get_public_pages_queryset` does, and their answers are never shared
(caching.py).
"""

from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from wagtail.models import CollectionViewRestriction, PageViewRestriction
from wagtail.signals import post_page_move

PATHS_KEY = "view-restrictions:paths"
VERSION_KEY = "view-restrictions:version"
# Seconds an entry is kept. In a cache every process shares (Redis), every change replaces the
# version and the timeout only bounds the memory held. In each process's own memory, a change
# made by another process drops nothing here: it is seen when the entry expires.
SHARED_TIMEOUT = 3600
LOCAL_TIMEOUT = 10


def outside_view_restrictions_q(request):
    """Pages under no view restriction `request` does not pass. A request that can pass none
    (anonymous, no password entered in its session: every frontend's) is kept out of every
    restricted page and what lies below it; others are checked restriction by restriction, as
    Wagtail does."""
    if not can_pass_view_restrictions(request):
        return outside_of(restricted_paths())
    restrictions = PageViewRestriction.objects.select_related("page")
    return outside_of(r.page.path for r in restrictions if not r.accept_request(request))


def outside_of(paths):
    """Pages neither at nor below any of the tree paths `paths`."""
    conditions = Q()
    for path in paths:
        conditions &= ~Q(path__startswith=path)
    return conditions


def can_pass_view_restrictions(request):
    """Whether some view restriction could accept `request`: a logged-in user may pass a login or
    group restriction, a session a password restriction (of a page or of a collection of media)
    it has been given the password of."""
    if is_logged_in(request):
        return True
    session = getattr(request, "session", None)
    return session is not None and any(
        session.get(restriction.passed_view_restrictions_session_key)
        for restriction in (PageViewRestriction, CollectionViewRestriction)
    )


def is_logged_in(request):
    user = getattr(request, "user", None)  # None: a request no middleware authenticated
    return user is not None and user.is_authenticated


def restricted_paths():
    """The tree paths of the pages whose view restriction keeps an anonymous request out, from
    the `api` cache (shared by every process when Redis is configured).

    The entry holds the version it was read under, taken before reading the database. A saved
    or deleted restriction, or a moved page, replaces the version when it commits, so an entry
    read before the change, even one written after it, is never used again (the response
    cache's tags work alike, caching.py). Without Redis the cache is each process's own, and
    another process's change is seen within `LOCAL_TIMEOUT` seconds. If Redis is down, the
    cache backend answers as an empty cache: the database is read and nothing is kept."""
    cache = api_cache()
    found = cache.get_many([PATHS_KEY, VERSION_KEY])
    version, entry = found.get(VERSION_KEY), found.get(PATHS_KEY)
    if version is not None and entry is not None and entry["version"] == version:
        return entry["paths"]
    if version is None:
        version = current_version(cache, VERSION_KEY)
    paths = read_restricted_paths()
    if version is not None:  # None: the cache could not be reached
        cache.set(PATHS_KEY, {"version": version, "paths": paths}, timeout=entry_timeout(cache))
    return paths


def entry_timeout(cache):
    return LOCAL_TIMEOUT if isinstance(cache, LocMemCache) else SHARED_TIMEOUT


def read_restricted_paths():
    restrictions = PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.NONE)
    return sorted(set(restrictions.values_list("page__path", flat=True)))


def forget_restricted_paths():
    api_cache().delete(VERSION_KEY)  # with Redis down, made when Redis answers again


def restrictions_changed(**kwargs):
    """Forgotten now, for the rest of this transaction, and again when it commits: a process
    that read the database before the commit may have cached what it read under the version
    made in between."""
    forget_restricted_paths()
    transaction.on_commit(forget_restricted_paths, robust=True)


def api_cache():
    from .caching import api_cache  # caching.py imports this module

    return api_cache()


def current_version(cache, key):
    from .caching import current_version

    return current_version(cache, key)


def connect_signals():
    uid = "cluster.api.visibility"
    for signal in (post_save, post_delete):
        signal.connect(restrictions_changed, sender=PageViewRestriction, dispatch_uid=uid)
    post_page_move.connect(restrictions_changed, dispatch_uid=uid)
