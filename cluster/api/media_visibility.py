"""Which images and documents a request may see, wherever the API shows them: the `images/` and
`documents/` endpoints, and the media embedded in pages and snippets (a city's hero image, an
image block of a body, a knowledge product's document).

The rule is Wagtail's own (`wagtail.api.v2.utils.get_restricted_collection_ids`, which its image
and document endpoints apply): media in a collection, or below a collection, whose view
restriction (`CollectionViewRestriction`: password, login or groups) does not `accept_request`
the request are not shown; embedded, they are `null`. As for pages (visibility.py), a
restriction the request passes hides nothing from it (a logged-in user and a login restriction;
a user in one of a restriction's groups; a session given a collection's password), and such
answers are private and never cached (caching.py).

Every frontend asks anonymously, and an anonymous request passes no restriction: the ids of the
collections hidden from it are kept in the `api` cache under the one version of the API cache
(cache_version.py), so that a cached answer and the collections it was rendered with always
belong together. A collection's view restriction, a collection, an image or a document saved or
deleted replaces that version: every cached answer and these ids are read again.
"""

from types import MappingProxyType, SimpleNamespace

from django.contrib.auth.models import AnonymousUser

from cluster.api.visibility import can_pass_view_restrictions
from cluster.delivery.cache_version import kept_under_version

HIDDEN_KEY = "media-visibility:hidden-collections"
CONTEXT_KEY = "hidden_media_collections"  # the ids, kept in a serializer's context per request

# What `accept_request` reads of a request that is logged in to nothing and was given no password.
ANONYMOUS = SimpleNamespace(user=AnonymousUser(), session=MappingProxyType({}))


def shown(media, context):
    """`media` (an image or a document, or None) if the request being serialised may see it,
    else None. `context` is a serializer's context (its `request`); the hidden collections are
    looked up once per context. Without a context, the request is taken as anonymous."""
    if media is None:
        return None
    if context is None:
        hidden = hidden_collection_ids(None)
    else:
        if CONTEXT_KEY not in context:
            context[CONTEXT_KEY] = hidden_collection_ids(context.get("request"))
        hidden = context[CONTEXT_KEY]
    return None if media.collection_id in hidden else media


def restricted_collection_ids(request):
    # Imported here: the module loads models by name on import, and blocks.py and fields.py,
    # which use this module, are imported while the models are being loaded.
    from wagtail.api.v2.utils import get_restricted_collection_ids

    return frozenset(get_restricted_collection_ids(request))


def hidden_collection_ids(request):
    """The ids of the collections whose media `request` may not see (sub-collections included).
    A request that can pass no view restriction (None: no request) gets the anonymous set from
    the `api` cache; others are checked restriction by restriction, as Wagtail does."""
    if request is not None and can_pass_view_restrictions(request):
        return restricted_collection_ids(request)
    return hidden_from_anonymous()


def hidden_from_anonymous():
    """The anonymous request's hidden collection ids, kept in the `api` cache under the response
    cache's version (cache_version.py, `kept_under_version`)."""
    return kept_under_version(HIDDEN_KEY, read_hidden_from_anonymous)


def read_hidden_from_anonymous():
    return restricted_collection_ids(ANONYMOUS)
