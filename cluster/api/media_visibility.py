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
collections hidden from it are kept in the `api` cache under the version of the response
cache's `all` tag, so that a cached answer and the collections it was rendered with always
belong together. A collection's view restriction saved or deleted, or a collection saved
(created, renamed, moved) or deleted, replaces that version at once and again at its commit
(`forget_hidden_collections`): every cached answer and these ids are read again. An image or a
document moved to another collection is a save of that object, which drops the answers showing
it (caching.py, `media_saved`).
"""

from types import MappingProxyType, SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Collection, CollectionViewRestriction

from .caching import ALL, api_cache, current_version, tag_key
from .visibility import can_pass_view_restrictions, entry_timeout

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
    """The anonymous request's hidden collection ids, from the `api` cache when it holds them
    under the current version of the `all` tag (taken before the database is read, so ids read
    while a change commits are never used after it). If Redis is down, the cache backend
    answers as an empty cache: the database is read and nothing is kept."""
    cache = api_cache()
    found = cache.get_many([HIDDEN_KEY, tag_key(ALL)])
    version, entry = found.get(tag_key(ALL)), found.get(HIDDEN_KEY)
    if version is not None and entry is not None and entry["version"] == version:
        return entry["ids"]
    if version is None:
        version = current_version(cache, tag_key(ALL))
    ids = read_hidden_from_anonymous()
    if version is not None:  # None: the cache could not be reached
        cache.set(HIDDEN_KEY, {"version": version, "ids": ids}, timeout=entry_timeout(cache))
    return ids


def read_hidden_from_anonymous():
    return restricted_collection_ids(ANONYMOUS)


def forget_hidden_collections():
    """Replace the version of the `all` tag: every cached answer and the hidden collections kept
    under it are read again (also when the response cache is off, for the ids)."""
    api_cache().delete(tag_key(ALL))


def collections_changed(**kwargs):
    """Forgotten now, for the rest of this transaction, and again when it commits: a process
    that read the database before the commit may have cached what it read under the version
    made in between."""
    forget_hidden_collections()
    transaction.on_commit(forget_hidden_collections, robust=True)


def connect_signals():
    uid = "cluster.api.media_visibility"
    for signal in (post_save, post_delete):
        for model in (CollectionViewRestriction, Collection):
            signal.connect(collections_changed, sender=model, dispatch_uid=uid)
