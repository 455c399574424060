"""Images and documents in a collection with a view restriction (login, password, groups) are
not shown to a request that does not pass it: not by `images/` and `documents/`, and not
embedded in pages and snippets (hero images, body image blocks, knowledge products' documents,
the draft preview), which show `null` instead. A restriction the request passes hides nothing
from it, and that answer is private. Rich text can hold neither images nor document links."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, CollectionViewRestriction, get_page_models
from wagtail.snippets.models import get_snippet_models

from cluster.blocks import CaptionedImageBlock
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

RESTRICTIONS = [
    CollectionViewRestriction.LOGIN,
    CollectionViewRestriction.PASSWORD,
    CollectionViewRestriction.GROUPS,
]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_files")]


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
