"""A missing file never breaks an answer. An image whose original cannot be read (deleted from
the disk, gone from the bucket, only on another server's disk) gets no renditions, with a
warning in the log, and the API serves them as null; the rest of the item and of the listing
are served (200). The API never reads an original (cluster/renditions.py), so renditions made
before the original went missing are still served, and still load.

Each case runs on this server's disk and on an S3 bucket (tests/support/s3_stand_in.py). No
snippet shows an image (their rich text allows none: tests/delivery/test_private_media.py); the
snippet with a file is a knowledge product and its document."""

import io
import logging

import pytest
import requests
from PIL import Image as PILImage

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cluster.models import CityPage, KnowledgeProduct
from cluster.renditions import HERO_RENDITIONS, make_renditions
from tests.seed import english

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_files")]

NO_RENDITIONS = {name: None for name in HERO_RENDITIONS}


@pytest.fixture(params=["disk", "bucket"])
def storage(request, settings):
    """Media on this server's disk (the test settings), or in a bucket of the S3 stand-in."""
    if request.param == "bucket":
        storages, media_url = request.getfixturevalue("s3_stand_in").storages
        settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
        settings.MEDIA_URL = media_url
    return request.param


def png_file(name="lost.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (200, 80, 40)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def an_image_whose_original_is_gone(title="The lost original"):
    """An image saved without its commit callbacks (no renditions made), then its file deleted,
    as when the worker runs on a server that never had the upload."""
    image = get_image_model().objects.create(title=title, file=png_file())
    default_storage.delete(image.file.name)
    assert not default_storage.exists(image.file.name)
    return image


def show_on_anyang(image, on_commit):
    """Anyang with `image` as hero and in a body block, published: the task that makes the
    renditions of the images a page shows runs at the commit (immediately in the tests)."""
    anyang = english(CityPage, slug="anyang")
    anyang.hero_image = image
    anyang.body = [
        ("paragraph", "<p>Before the image.</p>"),
        ("image", {"image": image, "caption": "Lost", "credit": "Archive"}),
    ]
    with on_commit(execute=True):
        anyang.save_revision().publish()
    return anyang


def rendition_warnings(caplog, image):
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "cluster.renditions" and record.levelno == logging.WARNING
        if f"image {image.pk}:" in record.getMessage()
    ]


def test_a_page_showing_an_image_whose_original_is_gone_is_served_with_null_renditions(
    storage, client, caplog, django_capture_on_commit_callbacks
):
    image = an_image_whose_original_is_gone()
    with caplog.at_level(logging.WARNING, logger="cluster.renditions"):
        anyang = show_on_anyang(image, django_capture_on_commit_callbacks)

    [warning] = rendition_warnings(caplog, image)
    assert warning.startswith(f"No renditions for image {image.pk}: its original {image.file.name}")
    assert image.renditions.count() == 0

    detail = client.get(f"/api/v2/pages/{anyang.pk}/")
    assert detail.status_code == 200
    item = detail.json()
    assert item["hero_image"] == {
        "id": image.pk,
        "title": "The lost original",
        "alt": anyang.hero_image_alt,  # the page's own description of its hero image
        "renditions": NO_RENDITIONS,
    }
    assert [block["value"] for block in item["body"]] == [
        "<p>Before the image.</p>",
        {"image": None, "caption": "Lost", "credit": "Archive"},
    ]
    assert item["summary"] and item["facts"]  # the rest of the item

    listing = client.get(
        "/api/v2/pages/",
        {"type": "cluster.CityPage", "fields": "hero_image", "limit": 50, "locale": "en"},
    )
    assert listing.status_code == 200
    heroes = {item["meta"]["slug"]: item["hero_image"] for item in listing.json()["items"]}
    assert heroes["anyang"]["renditions"] == NO_RENDITIONS
    others = [hero for slug, hero in heroes.items() if slug != "anyang"]
    assert len(others) == 16 and all(None not in h["renditions"].values() for h in others)


def test_the_images_endpoint_lists_and_shows_an_image_whose_original_is_gone(storage, client):
    image = an_image_whose_original_is_gone()

    listing = client.get("/api/v2/images/", {"limit": 100})
    assert listing.status_code == 200
    assert image.pk in [item["id"] for item in listing.json()["items"]]
    detail = client.get(f"/api/v2/images/{image.pk}/")
    assert detail.status_code == 200
    assert detail.json()["title"] == "The lost original"
    assert (detail.json()["width"], detail.json()["height"]) == (1600, 900)


def test_making_renditions_goes_on_past_an_unreadable_original(storage, caplog):
    lost = an_image_whose_original_is_gone()
    readable = get_image_model().objects.create(title="Still here", file=png_file("here.png"))

    with caplog.at_level(logging.WARNING, logger="cluster.renditions"):
        made = make_renditions.call([lost.pk, readable.pk])
        call_command("make_renditions", stdout=io.StringIO())  # every image, seed included

    assert made == 4  # the readable image's four, none for the lost one
    assert readable.renditions.count() == 4
    assert lost.renditions.count() == 0
    assert len(rendition_warnings(caplog, lost)) == 2  # once by the task, once by the command
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_renditions_made_before_the_original_went_missing_are_served_and_load(
    storage, client, django_capture_on_commit_callbacks
):
    image = get_image_model().objects.create(title="Kept renditions", file=png_file("kept.png"))
    anyang = show_on_anyang(image, django_capture_on_commit_callbacks)
    default_storage.delete(image.file.name)

    renditions = client.get(f"/api/v2/pages/{anyang.pk}/").json()["hero_image"]["renditions"]
    assert None not in renditions.values()
    for rendition in renditions.values():
        if storage == "bucket":
            response = requests.get(rendition["url"], timeout=10)
        else:
            response = Client().get(rendition["url"].removeprefix("http://testserver"))
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "image/png"


def test_a_knowledge_product_whose_document_file_is_gone_is_served_and_its_download_is_404(
    storage, client, caplog
):
    document = get_document_model().objects.create(
        title="Lost report", file=ContentFile(b"report", name="lost-report.txt")
    )
    product = KnowledgeProduct.objects.filter(locale__language_code="en", live=True).first()
    product.document = document
    product.save_revision().publish()
    default_storage.delete(document.file.name)

    detail = client.get(f"/api/v2/knowledge/{product.pk}/")
    assert detail.status_code == 200
    assert detail.json()["document"]["title"] == "Lost report"
    listing = client.get("/api/v2/knowledge/", {"fields": "document", "limit": 50, "locale": "en"})
    assert listing.status_code == 200
    documents = {item["id"]: item["document"] for item in listing.json()["items"]}
    assert documents[product.pk]["download_url"] == f"http://testserver{document.url}"
    with caplog.at_level(logging.WARNING, logger="cluster.delivery.document_files"):
        assert client.get(document.url).status_code == 404  # not a server error
    assert f"Document {document.pk}: its file {document.file.name} is missing" in caplog.messages
