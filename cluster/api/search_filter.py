"""`?search=` for every endpoint: English, Chinese and Spanish (see
cluster/multilingual_search.py), within
whatever the other filters left, ranked by relevance unless `?order=` is given."""

from rest_framework.filters import BaseFilterBackend

from django.conf import settings

from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend

from cluster.multilingual_search import query_words, search_query

SEARCH_MAX_LENGTH = 200
# Each word costs a ranking term in SQL: 60 distinct Chinese words take close to a second.
SEARCH_MAX_WORDS = 32
SEARCH_OPERATORS = ("and", "or")


def search_operator(request):
    operator = request.GET.get("search_operator", "and")
    if operator not in SEARCH_OPERATORS:
        raise BadRequestError(
            f"search_operator must be one of {', '.join(SEARCH_OPERATORS)}; got {operator!r}"
        )
    return operator


def search_text(request):
    text = request.GET["search"]
    if len(text) > SEARCH_MAX_LENGTH:
        raise BadRequestError(
            f"search must be at most {SEARCH_MAX_LENGTH} characters; got {len(text)}"
        )
    return text


def check_search_parameters(request):
    """`?search_operator=` and the length of `?search=`, for every endpoint: the media endpoints
    search with Wagtail's filter, which passes an unknown operator to the backend (a 500)."""
    if "search_operator" in request.GET:
        search_operator(request)
    if "search" in request.GET:
        search_text(request)


def search_words(request):
    words = query_words(search_text(request))
    if len(words) > SEARCH_MAX_WORDS:
        raise BadRequestError(
            f"search must have at most {SEARCH_MAX_WORDS} words; got {len(words)}"
        )
    return words


def search_within(queryset, query, order_by_relevance):
    """Search results drawn from `queryset` as it stands: locale, type, tree, kind, topic and
    date filters stay plain SQL conditions.

    Wagtail's `backend.search()` first checks that every filter on the queryset names an
    `index.FilterField`, because search engines such as Elasticsearch must translate filters
    into their own language; it therefore refuses `locale__language_code`, `topic_links__...`
    or ordering by `title`. The database backends run the search as a condition on the queryset
    itself, so that check is only in the way: this is `backend.search()` without it."""
    backend = get_search_backend()
    compiler = backend.query_compiler_class(queryset, query, order_by_relevance=order_by_relevance)
    return backend.results_class(backend, compiler)


class MultilingualSearchFilter(BaseFilterBackend):
    """`?search=洛阳`, `?search=Queretaro`, `?search=oracle bone`, with `?search_operator=or` to
    match any word instead of all. Must come last among the filter backends.

    A query over SEARCH_MAX_LENGTH characters or SEARCH_MAX_WORDS distinct words, or an unknown
    operator, is answered with a 400 (a NUL byte is refused for every parameter by the views).
    A query with no letter or digit in it (`&`, `\\`, an emoji) finds nothing."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        query = search_query(search_words(request), operator=search_operator(request))
        if query is None:
            return queryset.none()
        return search_within(queryset, query, order_by_relevance="order" not in request.GET)
