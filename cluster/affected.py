"""What a change affects, shared by the API response cache (cluster/api/caching.py) and the
publish notifications (cluster/webhooks.py): the objects that refer to a changed one, and the
API endpoint and paths that serve an object."""

from collections import defaultdict
from functools import cache
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from wagtail.models import ReferenceIndex


def base_model(model):
    """The model holding an object's primary key: every page is a `Page`, as in the pages
    endpoint and in Wagtail's reference index."""
    parents = model._meta.get_parent_list()
    return parents[-1] if parents else model


def referrers(objects):
    """{model: {pk}} of the objects whose fields, inlines, StreamField blocks or rich text refer
    to one of `objects` (model instances; only their class and pk are read), from Wagtail's
    reference index. Models come in content type order; primary keys are strings."""
    found = defaultdict(set)
    references = (
        ReferenceIndex.get_references_to_in_bulk(objects)
        .values_list("base_content_type_id", "object_id")
        .order_by("base_content_type_id", "object_id")
        .distinct()
    )
    for content_type_id, object_id in references:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            found[model].add(object_id)
    return found


@cache
def api_endpoint_of(model):
    """(router namespace, endpoint name) serving `model` in the API, or None."""
    # Imported late: the router (cms/api.py) imports the views, which use the API cache.
    from cms.api import api_router

    found = api_router.get_model_endpoint(model)
    return (api_router.url_namespace, found[0]) if found else None


def api_path(model, pk=None, **filters):
    """`/api/v2/pages/12/`, `/api/v2/pages/?type=cluster.CityPage`, `/api/v2/news/`."""
    namespace, endpoint = api_endpoint_of(model)
    if pk is not None:
        return reverse(f"{namespace}:{endpoint}:detail", args=[pk])
    listing = reverse(f"{namespace}:{endpoint}:listing")
    return f"{listing}?{urlencode(filters, safe='/')}" if filters else listing
