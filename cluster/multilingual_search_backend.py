"""The search backend: Wagtail's database backend for the database in use (PostgreSQL full-text
search, SQLite FTS5, or the plain fallback), with the admin's searches built like the API's.

The admin's page search, page explorer and snippet listings call the backend's `autocomplete()`
(prefix matching on titles only, where `龙门` finds nothing inside a body and a run of Chinese
characters is one word), or `search()` with the typed text for models without autocomplete
fields. A typed query with Chinese characters in it is therefore searched as the API's `?search=`
searches (cluster/multilingual_search.py: jieba's words in every searchable field, body
included, each also as its characters side by side); any other query is Wagtail's as before, so
`Luoy` still finds Luoyang. The API passes `search()` a query it has already built: unchanged.

Configured as the `BACKEND` of `WAGTAILSEARCH_BACKENDS["default"]`: Wagtail calls the module's
`SearchBackend(params)`, as for `wagtail.search.backends.database`.
"""

from functools import cache

from wagtail.search.backends import database
from wagtail.search.query import PlainText

from cluster.multilingual_search import HAN_RUN, query_words, search_query


def typed_text(query):
    """What the user typed, for a query the admin passes: a string (snippet listings) or the
    PlainText that Wagtail's `parse_query_string` makes of it (page search); None otherwise."""
    if isinstance(query, str):
        return query
    if isinstance(query, PlainText):
        return query.query_string
    return None


def chinese_query(query, operator):
    """The API's query for what the user typed when it has Chinese characters in it, else
    None."""
    text = typed_text(query)
    if text is None or not HAN_RUN.search(text):
        return None
    return search_query(query_words(text), operator=operator or "and")


class MultilingualAdminSearchMixin:
    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        built = chinese_query(query, operator)
        if built is not None:
            # A search restricted to some fields (a snippet viewset's `search_fields`) reads
            # those fields' own text, where Chinese is not cut into words, not the index.
            query, fields = built, None
        return super().search(query, model_or_queryset, fields=fields, operator=operator, **kwargs)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if chinese_query(query, operator) is not None:
            return self.search(query, model_or_queryset, fields=fields, operator=operator, **kwargs)
        return super().autocomplete(
            query, model_or_queryset, fields=fields, operator=operator, **kwargs
        )


@cache  # one class per Wagtail backend class: a process uses one database vendor
def multilingual_backend_class(backend_class):
    return type(
        f"Multilingual{backend_class.__name__}",
        (MultilingualAdminSearchMixin, backend_class),
        {},
    )


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """Wagtail's database backend for the default database, with `MultilingualAdminSearchMixin`."""
    backend_class = type(database.SearchBackend(params))
    return multilingual_backend_class(backend_class)(params)
