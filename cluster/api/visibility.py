"""Which pages a request may see under Wagtail's view restrictions (password, login, groups).

Every frontend asks anonymously, and an anonymous request passes no restriction: the pages it
may not see are those at or below a restricted page, whose tree paths are kept in the `api`
cache (`restricted_paths`) so that the filter costs no query and no subquery. A logged-in user,
or a session given a page's password, may pass some; their restrictions are read and checked one
by one, as Wagtail's `get_public_pages_queryset` does, and their answers are never shared
(caching.py).
"""

from django.db.models import Q

from wagtail.models import CollectionViewRestriction, PageViewRestriction

from cluster.delivery.cache_version import kept_under_version

PATHS_KEY = "view-restrictions:paths"


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
    """The tree paths of the pages whose view restriction keeps an anonymous request out, kept
    in the `api` cache under the one version of the API cache (cache_version.py), which a saved or
    deleted restriction, or a moved page, replaces: the same rule as for every cached answer.
    The cache is shared by every process (cms/shared_caches.py), so a restriction set in any
    process hides the page from the very next request of every other. If Redis is down, the
    database is read and nothing is kept."""
    return kept_under_version(PATHS_KEY, read_restricted_paths)


def read_restricted_paths():
    restrictions = PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.NONE)
    return sorted(set(restrictions.values_list("page__path", flat=True)))
