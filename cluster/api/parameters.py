"""The query parameters every endpoint checks before Wagtail reads them, in one place
(`check_request`), so a bad value is a 400 with a message on every endpoint, media included.

Integers especially: Wagtail reads `limit`, `offset`, `child_of`, `?hero_image=` and the other
integer parameters with `int()`, which takes `+5`, ` 5 `, `1_000` and Arabic-Indic digits, and
passes any size on to the database: an offset of 2**63 is a `DataError` on PostgreSQL, a
20-digit `?hero_image=` an `OverflowError` on SQLite, both a 500. Here an integer is ASCII
digits with an optional minus sign, within the range a 64-bit column holds (what SQLite stores
and PostgreSQL's `bigint`), ids and references from 1; Wagtail's own parsing then only sees
values it handles. The OpenAPI document (schema.py) declares the same ranges, from
`integer_range()` and `query_parameter_ranges()`.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404

from taggit.managers import TaggableManager
from wagtail.api.v2.utils import BadRequestError

from cluster.api.filters import requested_locale
from cluster.api.listing_fields import check_fields_parameter
from cluster.api.search_filter import check_search_parameters

INTEGER_MIN = -(2**63)
INTEGER_MAX = 2**63 - 1
ID_MIN = 1
SHOWN_MAX_LENGTH = 40  # characters of a bad value repeated in the message

# Page-tree parameters; Wagtail also takes `root` (the site's root page) for some.
PAGE_PARAMETERS = {
    "child_of": ("root",),
    "descendant_of": ("root",),
    "translation_of": ("root",),
    "ancestor_of": (),
}


def query_parameter_ranges():
    """{name: (minimum, maximum, other accepted words)} of the integer parameters every
    endpoint knows (`id` finds an item, and filters a listing by its id)."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or INTEGER_MAX
    return {
        "limit": (0, limit_max, ()),
        "offset": (0, INTEGER_MAX, ()),
        "id": (ID_MIN, INTEGER_MAX, ()),
        **{name: (ID_MIN, INTEGER_MAX, words) for name, words in PAGE_PARAMETERS.items()},
    }


def shortened_repr(value):
    if len(value) > SHOWN_MAX_LENGTH:
        value = value[:SHOWN_MAX_LENGTH] + "..."
    return repr(value)


def parse_integer(name, value, minimum, maximum, words=()):
    """`value` as an int if it is written as one and lies in [minimum, maximum] (or one of
    `words`, returned as it is); otherwise BadRequestError, e.g. `offset must be an integer
    from 0 to 9223372036854775807; got '1e3'`."""
    if value in words:
        return value
    digits = value.removeprefix("-")
    if (
        digits.isascii()
        and digits.isdigit()
        # Longer than the maximum: out of range, and not worth converting (Python refuses
        # to convert more than 4300 digits).
        and len(digits.lstrip("0")) <= len(str(INTEGER_MAX))
        and minimum <= int(value) <= maximum
    ):
        return int(value)
    alternatives = "".join(f" or {word!r}" for word in words)
    got = shortened_repr(value)
    raise BadRequestError(
        f"{name} must be an integer from {minimum} to {maximum}{alternatives}; got {got}"
    )


def check_query_parameters(query):
    """Raise BadRequestError for the first value in `query` (a QueryDict) of a known integer
    parameter that is malformed or out of range."""
    for name, (minimum, maximum, words) in query_parameter_ranges().items():
        for value in query.getlist(name):
            parse_integer(name, value, minimum, maximum, words)


def integer_range(field):
    """(minimum, maximum) of the values `?<field>=` can compare with, if `field` is an integer
    column or a reference to a row (an id); None otherwise. Tags are filtered by name."""
    if isinstance(field, TaggableManager):
        return None
    if field.is_relation:
        field = field.target_field  # the related row's id, for a reverse relation too
    if not isinstance(field, models.IntegerField):  # AutoFields are IntegerFields too
        return None
    return (ID_MIN, INTEGER_MAX) if field.primary_key else (INTEGER_MIN, INTEGER_MAX)


def check_field_filters(query, model, filter_names):
    """Raise BadRequestError for the first `?<field>=value` of `query` filtering an integer or
    reference field of `model` with a value that is not an integer in that field's range."""
    for name in filter_names:
        if name not in query:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        bounds = integer_range(field)
        if bounds is not None:
            for value in query.getlist(name):
                parse_integer(name, value, *bounds)


def check_format(query, renderers):
    """`?format=` names one of the view's renderers (`json`). DRF's content negotiation
    answers any other with an empty 404: call this before it."""
    formats = [renderer.format for renderer in renderers]
    requested = query.get("format")
    if requested is not None and requested not in formats:
        got = shortened_repr(requested)
        raise BadRequestError(f"format must be one of {', '.join(formats)}; got {got}")


def check_request(request, url_arguments):
    """Every query parameter every endpoint knows, and the id in a detail's URL (a 404 if it
    is out of range, as for any id no item has)."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise BadRequestError(f"null characters are not allowed in query parameter {name!r}")
    requested_locale(request)
    check_fields_parameter(request.GET)
    check_query_parameters(request.GET)
    check_search_parameters(request)
    pk = url_arguments.get("pk")
    if pk is not None and not ID_MIN <= int(pk) <= INTEGER_MAX:
        raise Http404("no item has this id")
