"""What a change affects, in one place for the publish notifications (cluster/delivery/webhooks.py:
the
`api_paths` and `url_paths` of an event) and the CDN purge (cluster/delivery/cdn_purge.py): the
objects
that refer to a changed one, as Wagtail's reference index knows them, and the API endpoint and
paths that serve an object. The API's own response cache does not use it: any change replaces
its one version (cluster/delivery/cache_version.py)."""

from collections import defaultdict
from functools import cache
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from wagtail.models import DraftStateMixin, Page, ReferenceIndex

from cluster.api.router import configured_router


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
    api_router = configured_router()
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
    api_router = configured_router()
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


# --- the paths a webhook event names -------------------------------------------------------

PAGE_FIELDS = ("id", "path", "depth", "url_path", "content_type_id", "locale__language_code")


def html_path(url_path, language):
    # Imported late: the API package is loaded while the models are.
    from cluster.api.language_versions import html_path

    return html_path(url_path, language)


def page_change_paths(page, moved_from=None):
    """The AffectedPaths of a page published, unpublished, deleted or moved (`moved_from`: its
    parent and `url_path` before): the page, its live language versions, the live pages and
    snippets referring to it, and for a move its old location and the pages below it."""
    paths = AffectedPaths()
    paths.add_pages(Page.objects.filter(pk=page.pk))
    paths.add_pages(Page.objects.live().filter(translation_key=page.translation_key))
    paths.add_referrers_of(page)
    paths.add_api_path(reverse("api_sitemap"))
    if moved_from is not None:
        parent_before, url_path_before = moved_from
        language = page.locale.language_code
        paths.add_old_location(page, parent_before, url_path_before, language)
        paths.add_api_path(reverse("api_redirects"))
    return paths


def snippet_change_paths(snippet):
    """The AffectedPaths of a snippet published, unpublished or deleted: the snippet, its live
    language versions and the live pages and snippets referring to it."""
    model = type(snippet)
    versions = model._default_manager.filter(translation_key=snippet.translation_key, live=True)
    paths = AffectedPaths()
    paths.add_snippets(model, [snippet.pk])
    paths.add_snippets(model, versions.order_by("pk").values_list("pk", flat=True))
    paths.add_referrers_of(snippet)
    if getattr(model, "frontend_section", None):  # a page of its own in the sitemap
        paths.add_api_path(reverse("api_sitemap"))
    return paths


def type_label(model):
    """`cluster.CityPage`: what the API calls a type in `meta.type` and `?type=`."""
    return f"{model._meta.app_label}.{model.__name__}"


class AffectedPaths:
    """The API paths and page URL paths that a change makes stale, in the order they are added,
    without duplicates."""

    def __init__(self):
        self._api_paths = {}
        self._url_paths = {}
        self.moves = []  # [{"old_path", "new_path"}] of a moved page and the pages below it

    @property
    def api_paths(self):
        return list(self._api_paths)

    @property
    def url_paths(self):
        return list(self._url_paths)

    def add_api_path(self, value):
        self._api_paths.setdefault(value, None)

    def add_url_path(self, value):
        self._url_paths.setdefault(value, None)

    def add_pages(self, pages):
        """Every page of the queryset `pages` where it is now."""
        rows = list(pages.values(*PAGE_FIELDS))
        parents = parents_of(rows)
        for row in rows:
            language = row["locale__language_code"]
            model = ContentType.objects.get_for_id(row["content_type_id"]).model_class() or Page
            own_path = html_path(row["url_path"], language)
            parent = parents.get(row["path"][: -Page.steplen])
            self.add_api_path(api_path(Page, row["id"]))
            self.add_api_path(api_path(Page, type=type_label(model)))
            if parent:
                self.add_api_path(api_path(Page, child_of=parent["id"]))
            self.add_api_path(find_path(own_path))
            self.add_url_path(own_path)
            if parent:
                self.add_url_path(html_path(parent["url_path"], language))

    def add_old_location(self, page, parent_before, url_path_before, language):
        """Where a moved page and the pages below it were: their old paths, and the old parent's
        listing and page. Their new places are added by `add_pages`."""
        old_path = html_path(url_path_before, language)
        self.add_api_path(find_path(old_path))
        self.add_url_path(old_path)
        self.moves.append({"old_path": old_path, "new_path": html_path(page.url_path, language)})
        if parent_before.depth > 1:
            self.add_api_path(api_path(Page, child_of=parent_before.pk))
            self.add_url_path(html_path(parent_before.url_path, language))
        descendants = Page.objects.descendant_of(page)
        self.add_pages(descendants)
        for url_path in descendants.order_by("path").values_list("url_path", flat=True):
            old_path = html_path(url_path_before + url_path[len(page.url_path) :], language)
            self.add_api_path(find_path(old_path))
            self.add_url_path(old_path)
            self.moves.append({"old_path": old_path, "new_path": html_path(url_path, language)})

    def add_snippets(self, model, pks):
        for pk in pks:
            self.add_api_path(api_path(model, pk))
        self.add_api_path(api_path(model))

    def add_referrers_of(self, obj):
        """The live pages and snippets that show or link to `obj`."""
        for model, pks in referrers([obj]).items():
            if issubclass(model, Page):
                self.add_pages(Page.objects.live().filter(pk__in=pks))
            elif is_notified_snippet(model):
                live = model._default_manager.filter(pk__in=pks, live=True).order_by("pk")
                self.add_snippets(model, live.values_list("pk", flat=True))


def parents_of(page_rows):
    """{path: row} of the parents that the API serves (the root page above each language's
    home page is not)."""
    paths = {row["path"][: -Page.steplen] for row in page_rows if row["depth"] > 2}
    return {row["path"]: row for row in Page.objects.filter(path__in=paths).values(*PAGE_FIELDS)}


def find_path(page_path):
    """`/api/v2/pages/find/?html_path=/es/.../puebla/`."""
    namespace, endpoint = api_endpoint_of(Page)
    query = urlencode({"html_path": page_path}, safe="/")
    return f"{reverse(f'{namespace}:{endpoint}:find')}?{query}"


@cache
def is_notified_snippet(model):
    """A snippet with drafts that the API serves: NewsItem, KnowledgeProduct, Video, Topic."""
    return (
        issubclass(model, DraftStateMixin)
        and not issubclass(model, Page)
        and api_endpoint_of(model) is not None
    )
