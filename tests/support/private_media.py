"""Media in private collections, for tests/delivery/test_private_media*.py: a collection with a
view restriction, media moved into it, and the pages and snippets that show them."""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from cluster.models import CityPage, KnowledgeProduct
from tests.seed import english

CITY_LISTING = {"type": "cluster.CityPage", "fields": "hero_image", "limit": 50, "locale": "en"}


def get(client, path, params=None):
    return client.get(f"/api/v2/{path}", params or {})


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
