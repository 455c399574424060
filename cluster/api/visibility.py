"""Which pages a request may see under Wagtail's view restrictions (password, login, groups).

Every frontend asks anonymously, and an anonymous request passes no restriction: its pages are
filtered by a subquery of their own query. A logged-in user, or a session given a page's
password, may pass some; their restrictions are read and checked one by one, as Wagtail's
`get_public_pages_queryset` does, and their answers are never shared (caching.py).
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith

from wagtail.models import Page, PageViewRestriction


def outside_view_restrictions_q(request):
    """Pages under no view restriction `request` does not pass. A request that can pass none
    (anonymous, no password entered in its session: every frontend's) gets a subquery, which
    spares a query for the restrictions; others are checked restriction by restriction, as
    Wagtail does."""
    if not can_pass_view_restrictions(request):
        restricting = PageViewRestriction.objects.exclude(
            restriction_type=PageViewRestriction.NONE
        ).filter(StartsWith(OuterRef("path"), F("page__path")))  # the page or an ancestor
        return ~Q(Exists(restricting))
    conditions = Q()
    for restriction in PageViewRestriction.objects.select_related("page"):
        if not restriction.accept_request(request):
            conditions &= ~Page.objects.descendant_of_q(restriction.page, inclusive=True)
    return conditions


def can_pass_view_restrictions(request):
    """Whether some view restriction could accept `request`: a logged-in user may pass a login or
    group restriction, a session a password restriction it has been given the password of."""
    if is_logged_in(request):
        return True
    session = getattr(request, "session", None)
    key = PageViewRestriction.passed_view_restrictions_session_key
    return session is not None and bool(session.get(key))


def is_logged_in(request):
    user = getattr(request, "user", None)  # None: a request no middleware authenticated
    return user is not None and user.is_authenticated
