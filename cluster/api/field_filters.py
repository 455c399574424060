"""The `?field=value` filter of the API's endpoints: Wagtail's, answering bad values with a 400."""

from django.core.exceptions import ValidationError

from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.utils import BadRequestError

from cluster.api.parameters import check_field_filters


class SafeFieldsFilter(FieldsFilter):
    """Wagtail's `?field=value` filter, with values the database would refuse (`?date=abc`,
    `?latitude=north`, `?hero_image=` with 20 digits) answered by a 400 instead of a 500."""

    def filter_queryset(self, request, queryset, view):
        # As Wagtail's filter: `locale` is the locale filter's (a language code).
        filters = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        check_field_filters(request.GET, queryset.model, filters)
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError) as e:
            message = "; ".join(e.messages) if isinstance(e, ValidationError) else str(e)
            raise BadRequestError(f"field filter error: {message}") from e
