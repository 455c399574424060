"""Images and documents in a collection with a view restriction (login, password, groups) are
not shown to a request that does not pass it: not by `images/` and `documents/`, and not
embedded in pages and snippets (hero images, body image blocks, knowledge products' documents),
which show `null` instead. A restriction the request passes hides nothing from it, and that
answer is private. Cached answers are dropped when a collection's privacy changes."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, CollectionViewRestriction, get_page_models
from wagtail.snippets.models import get_snippet_models

from cluster.api import caching, media_visibility
from cluster.blocks import CaptionedImageBlock
from cluster.models import CityPage, KnowledgeProduct
from tests.seed import english

CITY_LISTING = {"type": "cluster.CityPage", "fields": "hero_image", "limit": 50, "locale": "en"}
RESTRICTIONS = [
    CollectionViewRestriction.LOGIN,
    CollectionViewRestriction.PASSWORD,
    CollectionViewRestriction.GROUPS,
]

pytestmark = pytest.mark.django_db


def get(client, path, params=None):
    response = client.get(f"/api/v2/{path}", params or {})
    return response


def restricted_collection(restriction_type=CollectionViewRestriction.LOGIN, name="Partners only"):
    collection = Collection.get_first_root_node().add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type, password="secret"
    )
    if restriction_type == CollectionViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.create(name="Partners"))
    return collection


def move_to(media, collection, **changes):
    media.collection = collection
    for name, value in changes.items():
        setattr(media, name, value)
    media.save()


def anyang_with_image_block():
    """Anyang, published with its hero image also in an image block of its body."""
    anyang = english(CityPage, slug="anyang")
    anyang.body = [
        ("paragraph", "<p>The ruins of Yin.</p>"),
        ("image", {"image": anyang.hero_image, "caption": "Yinxu", "credit": "Anyang"}),
    ]
    anyang.save_revision().publish()
    return english(CityPage, slug="anyang")


def hero_images_by_slug(client):
    items = get(client, "pages/", CITY_LISTING).json()["items"]
    return {item["meta"]["slug"]: item["hero_image"] for item in items}


def a_knowledge_product_with_a_document():
    document = get_document_model().objects.create(
        title="Confidential annex", file=ContentFile(b"annex", name="confidential-annex.txt")
    )
    product = KnowledgeProduct.objects.filter(locale__language_code="en", live=True).first()
    product.document = document
    product.save_revision().publish()
    return product, document


@pytest.mark.parametrize("restriction_type", RESTRICTIONS)
def test_a_private_hero_image_is_null_in_the_city_detail_and_listing(
    client, settings, restriction_type
):
    anyang = anyang_with_image_block()
    image = anyang.hero_image
    move_to(image, restricted_collection(restriction_type), title="Excavation, partners only")

    detail = get(client, f"pages/{anyang.pk}/")
    assert detail.status_code == 200
    assert detail.json()["hero_image"] is None
    image_block = next(block for block in detail.json()["body"] if block["type"] == "image")
    assert image_block["value"] == {"image": None, "caption": "Yinxu", "credit": "Anyang"}
    for private in ["Excavation, partners only", settings.MEDIA_URL + "images/"]:
        assert private not in detail.content.decode()

    listing = get(client, "pages/", CITY_LISTING)
    heroes = {item["meta"]["slug"]: item["hero_image"] for item in listing.json()["items"]}
    assert heroes["anyang"] is None
    assert heroes["campeche"] is not None  # its image is in no restricted collection
    assert "Excavation, partners only" not in listing.content.decode()

    assert get(client, f"images/{image.pk}/").status_code == 404
    assert image.pk not in [item["id"] for item in get(client, "images/").json()["items"]]


def test_a_collection_below_a_restricted_one_is_private_too(client):
    anyang = english(CityPage, slug="anyang")
    below = restricted_collection().add_child(name="Partners' photographs")
    move_to(anyang.hero_image, below)

    assert get(client, f"pages/{anyang.pk}/").json()["hero_image"] is None
    assert get(client, f"images/{anyang.hero_image_id}/").status_code == 404


def test_an_image_in_a_public_collection_is_shown(client):
    anyang = anyang_with_image_block()
    collection = Collection.get_first_root_node().add_child(name="Press photographs")
    move_to(anyang.hero_image, collection)

    detail = get(client, f"pages/{anyang.pk}/").json()
    assert detail["hero_image"]["id"] == anyang.hero_image_id
    assert detail["hero_image"]["renditions"]["hero"]["url"].startswith("http://testserver/")
    image_block = next(block for block in detail["body"] if block["type"] == "image")
    assert image_block["value"]["image"]["url"].startswith("http://testserver/")


def test_a_private_document_is_null_on_its_knowledge_product(client):
    product, document = a_knowledge_product_with_a_document()
    assert get(client, f"knowledge/{product.pk}/").json()["document"]["title"] == document.title

    move_to(document, restricted_collection())

    detail = get(client, f"knowledge/{product.pk}/")
    assert detail.json()["document"] is None
    assert document.title not in detail.content.decode()
    listing = get(client, "knowledge/", {"fields": "document", "limit": 50, "locale": "en"})
    assert {item["id"]: item["document"] for item in listing.json()["items"]}[product.pk] is None
    assert get(client, f"documents/{document.pk}/").status_code == 404


def test_a_private_image_is_null_in_the_preview_the_frontend_reads(client):
    anyang = anyang_with_image_block()
    move_to(anyang.hero_image, restricted_collection())
    token = anyang.create_page_preview().token

    response = get(client, "preview/", {"content_type": "cluster.citypage", "token": token})

    assert response.status_code == 200
    assert response.json()["hero_image"] is None
    image_block = next(block for block in response.json()["body"] if block["type"] == "image")
    assert image_block["value"]["image"] is None


def test_a_block_rendered_without_a_request_shows_no_private_image():
    anyang = english(CityPage, slug="anyang")
    move_to(anyang.hero_image, restricted_collection())
    value = CaptionedImageBlock().to_python({"image": anyang.hero_image_id, "caption": "Yinxu"})

    assert CaptionedImageBlock().get_api_representation(value)["image"] is None


# --- Requests that pass a restriction ----------------------------------------------------------


def test_a_logged_in_user_sees_a_login_restricted_image_in_a_private_answer(client):
    anyang = english(CityPage, slug="anyang")
    move_to(anyang.hero_image, restricted_collection(CollectionViewRestriction.LOGIN))
    client.force_login(get_user_model().objects.create_user("reader", password="x"))

    detail = get(client, f"pages/{anyang.pk}/")

    assert detail.json()["hero_image"]["id"] == anyang.hero_image_id
    assert detail["Cache-Control"] == "private, no-cache"
    assert hero_images_by_slug(client)["anyang"]["id"] == anyang.hero_image_id
    assert get(client, f"images/{anyang.hero_image_id}/").status_code == 200


def test_a_group_restricted_image_is_shown_to_its_groups_only(client):
    anyang = english(CityPage, slug="anyang")
    move_to(anyang.hero_image, restricted_collection(CollectionViewRestriction.GROUPS))
    reader = get_user_model().objects.create_user("reader", password="x")
    client.force_login(reader)

    assert get(client, f"pages/{anyang.pk}/").json()["hero_image"] is None
    assert get(client, f"images/{anyang.hero_image_id}/").status_code == 404

    reader.groups.add(Group.objects.get(name="Partners"))
    assert get(client, f"pages/{anyang.pk}/").json()["hero_image"]["id"] == anyang.hero_image_id


def test_a_session_given_a_collections_password_sees_its_media_in_a_private_answer(client):
    anyang = english(CityPage, slug="anyang")
    collection = restricted_collection(CollectionViewRestriction.PASSWORD)
    move_to(anyang.hero_image, collection)
    visitor = Client()
    session = visitor.session
    session[CollectionViewRestriction.passed_view_restrictions_session_key] = [
        collection.view_restrictions.get().pk
    ]
    session.save()

    detail = get(visitor, f"pages/{anyang.pk}/")

    assert detail.json()["hero_image"]["id"] == anyang.hero_image_id
    assert detail["Cache-Control"] == "private, no-cache"
    assert get(client, f"pages/{anyang.pk}/").json()["hero_image"] is None


# --- Reading the restrictions --------------------------------------------------------------


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
    api_cache = caches[caching.CACHE_ALIAS]
    assert media_visibility.hidden_from_anonymous() == frozenset()
    version_before = api_cache.get(caching.tag_key(caching.ALL))

    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
        # Another process read the database before the commit and caches what it read, under
        # the version it found then.
        stale = {"version": version_before, "ids": frozenset()}
        api_cache.set(media_visibility.HIDDEN_KEY, stale)
        api_cache.set(caching.tag_key(caching.ALL), version_before)

    assert media_visibility.hidden_from_anonymous() == {collection.pk}
    assert get(client, f"pages/{anyang.pk}/").json()["hero_image"] is None


def test_without_the_cache_the_restrictions_are_read_from_the_database(client, monkeypatch):
    anyang = english(CityPage, slug="anyang")
    move_to(anyang.hero_image, restricted_collection())

    def unreachable(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(caches[caching.CACHE_ALIAS], "get_many", unreachable)

    assert get(client, f"pages/{anyang.pk}/").json()["hero_image"] is None
    assert get(client, f"images/{anyang.hero_image_id}/").status_code == 404


# --- With the response cache on -------------------------------------------------------------


@pytest.fixture
def response_cache(settings):
    """On, and empty before and after (as in test_caching.py)."""
    settings.API_CACHE_ENABLED = True
    caches[caching.CACHE_ALIAS].clear()
    yield
    caches[caching.CACHE_ALIAS].clear()


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


# --- Rich text ----------------------------------------------------------------------------


def rich_text_features():
    """{where: features} of every rich-text field and block of the served models."""
    found = {}
    for model in [*get_page_models(), *get_snippet_models()]:
        for field in model._meta.get_fields():
            if isinstance(field, RichTextField):
                found[f"{model.__name__}.{field.name}"] = field.features
            if isinstance(field, StreamField):
                for name, block in field.stream_block.child_blocks.items():
                    if isinstance(block, blocks.RichTextBlock):
                        found[f"{model.__name__}.{field.name}.{name}"] = block.features
    return found


def test_rich_text_can_hold_no_image_and_no_document_link():
    """Wagtail expands an image or a document link in rich text whatever its collection: if a
    field ever allows them, private ones must be taken out of the API's HTML first."""
    features = rich_text_features()
    assert "CityPage.body.paragraph" in features and "KnowledgeProduct.body" in features
    for where, allowed in features.items():
        assert allowed is not None, f"{where} takes Wagtail's default features, images included"
        assert not {"image", "document-link"} & set(allowed), where


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
