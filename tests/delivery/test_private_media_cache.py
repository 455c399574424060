"""The collections whose media anonymous requests may not see are read once and kept in the
`api` cache; a collection's privacy changed, a collection created or moved below a private one,
or an image or a document moved into one is seen at once, and drops the cached answers (and
the HTTP cache's listings) that showed them."""

import pytest

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Collection, CollectionViewRestriction

from cluster.api import media_visibility
from cluster.delivery import cache_version
from cluster.models import CityPage
from tests.seed import english
from tests.support.private_media import (
    CITY_LISTING,
    a_knowledge_product_with_a_document,
    anyang_with_image_block,
    get,
    hero_images_by_slug,
    move_to,
    restricted_collection,
)
from tests.support.redis_stand_ins import closed_port

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_files")]


def restriction_queries(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = get(client, path, params)
    assert response.status_code == 200
    return [
        query["sql"]
        for query in queries
        if "collectionviewrestriction" in query["sql"]
        or 'from "wagtailcore_collection"' in query["sql"].lower()
    ]


def test_an_anonymous_request_reads_the_restrictions_once_and_a_change_is_seen_at_once(client):
    anyang = english(CityPage, slug="anyang")
    collection = restricted_collection()
    restriction_queries(client, "pages/", CITY_LISTING)  # reads them into the cache
    assert restriction_queries(client, "pages/", CITY_LISTING) == []
    assert restriction_queries(client, f"pages/{anyang.pk}/") == []

    move_to(anyang.hero_image, collection)  # no restriction change: the image row says where
    assert hero_images_by_slug(client)["anyang"] is None

    collection.view_restrictions.get().delete()
    assert hero_images_by_slug(client)["anyang"]["id"] == anyang.hero_image_id

    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert hero_images_by_slug(client)["anyang"] is None


def test_a_collection_created_below_a_restricted_one_is_private_at_once(client):
    anyang = english(CityPage, slug="anyang")
    parent = restricted_collection()
    assert hero_images_by_slug(client)["anyang"] is not None  # the restrictions are cached

    move_to(anyang.hero_image, parent.add_child(name="New album"))

    assert hero_images_by_slug(client)["anyang"] is None


def test_a_collection_moved_below_a_restricted_one_is_private_at_once(
    client, django_capture_on_commit_callbacks
):
    anyang = english(CityPage, slug="anyang")
    album = Collection.get_first_root_node().add_child(name="Album")
    move_to(anyang.hero_image, album)
    parent = restricted_collection()
    assert hero_images_by_slug(client)["anyang"] is not None

    with django_capture_on_commit_callbacks(execute=True):  # as the admin's edit view does
        album.save()
        album.move(parent, pos="sorted-child")

    assert hero_images_by_slug(client)["anyang"] is None


def test_ids_cached_by_a_request_that_raced_a_change_are_not_used_after_its_commit(
    client, django_capture_on_commit_callbacks
):
    anyang = english(CityPage, slug="anyang")
    collection = Collection.get_first_root_node().add_child(name="Soon private")
    move_to(anyang.hero_image, collection)
    api_cache = caches[cache_version.CACHE_ALIAS]
    assert media_visibility.hidden_from_anonymous() == frozenset()
    version_before = api_cache.get(cache_version.VERSION_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
        # Another process read the database before the commit and caches what it read, under
        # the version it found then.
        stale = {"version": version_before, "value": frozenset()}
        api_cache.set(media_visibility.HIDDEN_KEY, stale)
        api_cache.set(cache_version.VERSION_KEY, version_before)

    assert media_visibility.hidden_from_anonymous() == {collection.pk}
    assert get(client, f"pages/{anyang.pk}/").json()["hero_image"] is None


def test_without_the_cache_the_restrictions_are_read_from_the_database(client, settings):
    anyang = english(CityPage, slug="anyang")
    move_to(anyang.hero_image, restricted_collection())

    settings.CACHES = {
        **settings.CACHES,
        "api": {
            "BACKEND": "cluster.delivery.redis_cache.FallbackRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",  # a Redis refusing connections
        },
    }

    assert get(client, f"pages/{anyang.pk}/").json()["hero_image"] is None
    assert get(client, f"images/{anyang.hero_image_id}/").status_code == 404


# --- With the response cache on -------------------------------------------------------------


@pytest.fixture
def response_cache(settings):
    """On, and empty before and after (as in test_caching.py)."""
    settings.API_CACHE_ENABLED = True
    caches[cache_version.CACHE_ALIAS].clear()
    yield
    caches[cache_version.CACHE_ALIAS].clear()


def cached(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        get(client, path, params)
    return len(queries) == 0


def test_a_cached_listing_is_dropped_when_a_collection_gets_or_loses_a_restriction(
    client, response_cache, django_capture_on_commit_callbacks
):
    anyang = english(CityPage, slug="anyang")
    collection = Collection.get_first_root_node().add_child(name="Partners only")
    move_to(anyang.hero_image, collection)
    assert hero_images_by_slug(client)["anyang"] is not None
    assert cached(client, "pages/", CITY_LISTING)

    with django_capture_on_commit_callbacks(execute=True):
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    assert hero_images_by_slug(client)["anyang"] is None
    assert cached(client, "pages/", CITY_LISTING)

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert hero_images_by_slug(client)["anyang"]["id"] == anyang.hero_image_id


def test_cached_answers_showing_an_image_are_dropped_when_it_moves_to_a_private_collection(
    client, response_cache, django_capture_on_commit_callbacks
):
    anyang = anyang_with_image_block()
    product, document = a_knowledge_product_with_a_document()
    collection = restricted_collection()
    for path in [f"pages/{anyang.pk}/", f"images/{anyang.hero_image_id}/"]:
        assert get(client, path).status_code == 200
    assert hero_images_by_slug(client)["anyang"] is not None
    assert get(client, f"knowledge/{product.pk}/").json()["document"] is not None

    with django_capture_on_commit_callbacks(execute=True):
        move_to(anyang.hero_image, collection)
        move_to(document, collection)

    detail = get(client, f"pages/{anyang.pk}/").json()
    assert detail["hero_image"] is None
    assert next(b for b in detail["body"] if b["type"] == "image")["value"]["image"] is None
    assert hero_images_by_slug(client)["anyang"] is None
    assert get(client, f"images/{anyang.hero_image_id}/").status_code == 404
    assert get(client, f"knowledge/{product.pk}/").json()["document"] is None


@pytest.mark.parametrize("change", ["restriction", "collection"])
def test_a_change_of_privacy_purges_every_listing_from_the_http_cache(
    settings, monkeypatch, django_capture_on_commit_callbacks, change
):
    purged = []
    monkeypatch.setattr("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache", purged.extend)
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "a backend the test stands in for"}}
    collection = Collection.get_first_root_node().add_child(name="Album")
    private = restricted_collection()

    with django_capture_on_commit_callbacks(execute=True):
        if change == "restriction":
            CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=CollectionViewRestriction.LOGIN
            )
        else:  # moved below a private collection, as the admin's edit view does
            collection.save()
            collection.move(private, pos="sorted-child")

    for endpoint in ["pages", "images", "documents", "knowledge"]:
        assert f"http://testserver/api/v2/{endpoint}/" in purged
