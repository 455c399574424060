"""What a change affects, in one place for the publish notifications (cluster/webhooks.py) and
the CDN purge (cluster/cdn_purge.py): the objects that refer to a changed one, and the API
endpoint and paths that serve an object. The API's own response cache does not use it: any
change replaces its one version (cluster/api/caching.py)."""

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


def served(model):
    return api_endpoint_of(model) is not None


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


def listing_paths():
    """The listing path of every endpoint of the router (`/api/v2/pages/`, `/api/v2/news/`...),
    from its URL patterns: one per endpoint, each with the endpoint's name as namespace."""
    from cms.api import api_router

    namespace = api_router.url_namespace
    names = [pattern.namespace for pattern in api_router.get_urlpatterns()]
    return [reverse(f"{namespace}:{name}:listing") for name in names]


# --- the objects a change shows up in ---------------------------------------------------------


def affected_objects(instances):
    """[(model, pk)] of every object whose API answers can show one of `instances` (only their
    class and pk are read): the objects; the pages below the pages among them (their URLs and
    `meta.parent` show them); the other language versions of those (`meta.translations`); and
    the objects that refer to one of them, as Wagtail's reference index knows it. Primary keys
    are strings, as in the reference index."""
    changed = changed_objects(instances)
    shown = changed | language_versions(changed) | referrers_of(changed)
    return sorted(shown, key=lambda item: (base_model(item[0])._meta.label_lower, item[1]))


def changed_objects(instances):
    """{(model, pk)}: the objects, and the descendants of the pages among them (looked for
    under those that have children)."""
    from wagtail.models import Page

    changed = {(base_model(type(instance)), str(instance.pk)) for instance in instances}
    pages = [instance.pk for instance in instances if isinstance(instance, Page)]
    parents = Page.objects.filter(pk__in=pages, numchild__gt=0) if pages else []
    for parent in parents:
        descendants = Page.objects.descendant_of(parent).values_list("pk", flat=True)
        changed |= {(Page, str(pk)) for pk in descendants}
    return changed


def language_versions(objects):
    """{(model, pk)} of every language version of the given translatable objects."""
    from wagtail.models import TranslatableMixin

    versions = set()
    for model in {model for model, _pk in objects}:
        if not issubclass(model, TranslatableMixin):
            continue
        pks = [pk for object_model, pk in objects if object_model is model]
        keys = model.objects.filter(pk__in=pks).values("translation_key")
        siblings = model.objects.filter(translation_key__in=keys).values_list("pk", flat=True)
        versions |= {(model, str(pk)) for pk in siblings}
    return versions


def referrers_of(objects):
    """{(model, pk)} of the objects that refer to one of the given objects."""
    stand_ins = [model(pk=pk) for model, pk in objects]
    return {(model, pk) for model, pks in referrers(stand_ins).items() for pk in pks}


def purge_paths(models_and_pks):
    """The API paths showing these objects: their details and their endpoints' listings
    (`pages/` also stands for `pages/find/`); a listing path stands for all its query variants."""
    paths = []
    for model, pk in models_and_pks:
        if not served(model):
            continue
        if pk is not None:
            paths.append(api_path(model, pk))
        paths.append(api_path(model))
    return list(dict.fromkeys(paths))
