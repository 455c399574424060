"""Which fields a listing serves, so that every item has each field its schema requires.

A listing's `?fields=` can add fields to the defaults (`title,summary`, or `*` for all), never
remove them: Wagtail's `-name` and `_` would serve items without keys the OpenAPI document
requires, and a generated client would then trust a field that is not there. The endpoints of
one type (snippets, media, the page-type listings) serve every listing field by default, so
their generated item types have every field required.
"""

from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter


def removed_fields(fields_config):
    """The names `?fields=` removes (`-name`, or `_` for every default), at any depth."""
    removed = []
    for name, negated, sub_fields in fields_config:
        if negated or name == "_":
            removed.append(f"-{name}" if negated else "_")
        if sub_fields:
            removed.extend(removed_fields(sub_fields))
    return removed


def check_fields_parameter(query):
    """Raise BadRequestError for a `?fields=` that removes fields (its syntax Wagtail checks)."""
    if "fields" not in query:
        return
    try:
        removed = removed_fields(parse_fields_parameter(query["fields"]))
    except ValueError:
        return  # Wagtail answers a malformed value with its own 400
    if removed:
        raise BadRequestError(
            f"fields can add fields to the defaults (or `*` for all), not remove them; got "
            f"{', '.join(removed)}"
        )


class EveryListingField:
    """A listing of this endpoint serves every field a listing can hold, as `fields=*` would."""

    @classmethod
    def get_listing_default_fields(cls, model):
        names = [*cls.get_body_fields_names(model), *cls.get_meta_fields_names(model)]
        return [name for name in dict.fromkeys(names) if name not in cls.detail_only_fields]
