"""Query-parameter filters for the API. Each one validates its own parameters and answers bad
values with a 400 (BadRequestError), never a 500."""

import datetime

from rest_framework.filters import BaseFilterBackend

from django.db.models import Subquery

from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale

from cluster.languages import CONTENT_LANGUAGES, SOURCE_LANGUAGE

ALL_LANGUAGES = "all"  # `?locale=all`: a listing in every language


def requested_locale(request):
    """The `?locale=` language code, validated against the content languages; None if absent
    (or `all`)."""
    code = request.GET.get("locale")
    if code is None or code == ALL_LANGUAGES:
        return None
    if code not in CONTENT_LANGUAGES:
        raise BadRequestError(
            f"locale must be one of {', '.join(CONTENT_LANGUAGES)} or {ALL_LANGUAGES}; got {code!r}"
        )
    return code


# Without `?locale=`, a listing within a page's tree is in that page's language, and
# `translation_of` asks for the other languages: the source language is no default there.
TREE_PARAMETERS = {"child_of", "descendant_of", "ancestor_of", "translation_of"}


def listing_language(request):
    """The language a listing is in: `?locale=`, else the source language; None for every
    language (`?locale=all`, or a listing in a page's tree without `?locale=`)."""
    if request.GET.get("locale") == ALL_LANGUAGES:
        return None
    if "locale" not in request.GET and not TREE_PARAMETERS.isdisjoint(request.GET):
        return None
    return requested_locale(request) or SOURCE_LANGUAGE


class LocaleFilter(BaseFilterBackend):
    """A listing is in one language: `?locale=zh-hans`, by default the source language, or
    every language with `?locale=all`. Unlike Wagtail's own filter, an unknown language is a
    400 with the list of valid ones, not a 404. A detail is found in any language; `?locale=`
    then only checks it is in that one. (Wagtail's also carries the `?child_of=` parent over
    for its admin explorer's filter; nothing in /api/v2/ reads it.)"""

    def filter_queryset(self, request, queryset, view):
        if view.action == "listing_view":
            code = listing_language(request)
        else:
            code = requested_locale(request)
        if code is None:
            return queryset
        # The locale's id as a subquery rather than a join: the database then knows it before
        # reading the items, and can read a listing's first page in order from an index.
        locale_id = Locale.objects.filter(language_code=code).values("id")
        return queryset.filter(locale_id=Subquery(locale_id))


def parse_date_parameter(request, name):
    value = request.GET.get(name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as e:
        raise BadRequestError(f"{name} must be a date as YYYY-MM-DD; got {value!r}") from e


class DateRangeFilter(BaseFilterBackend):
    """`?date_from=2020-11-01&date_to=2021-01-31`, both inclusive, on the object's `date`."""

    def filter_queryset(self, request, queryset, view):
        date_from = parse_date_parameter(request, "date_from")
        date_to = parse_date_parameter(request, "date_to")
        if date_from and date_to and date_from > date_to:
            raise BadRequestError("date_from must not be after date_to")
        if date_from:
            queryset = queryset.filter(date__gte=date_from)
        if date_to:
            queryset = queryset.filter(date__lte=date_to)
        return queryset


class TopicFilter(BaseFilterBackend):
    """`?topic=webinars`: objects tagged with that topic slug (comma-separated: any of them)."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("topic")
        if value is None:
            return queryset
        slugs = [slug.strip() for slug in value.split(",") if slug.strip()]
        if not slugs:
            raise BadRequestError("topic must name at least one topic slug")
        return queryset.filter(
            topic_links__topic__slug__in=slugs, topic_links__topic__live=True
        ).distinct()


class KindFilter(BaseFilterBackend):
    """`?kind=webinar`: validated against the model's choices, so a typo is a 400, not an empty
    list."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("kind")
        if value is None:
            return queryset
        valid = [choice for choice, _label in queryset.model._meta.get_field("kind").choices]
        if value not in valid:
            raise BadRequestError(f"kind must be one of {', '.join(valid)}; got {value!r}")
        return queryset.filter(kind=value)
