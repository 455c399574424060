"""Limits on media: upload sizes and image pixels, renditions made ahead of time (never by an API
request), and a worker's memory while it makes them for the largest image allowed."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cluster.api.schema import build_document
from cluster.models import CityPage
from cluster.renditions import API_RENDITION_SPECS, make_api_renditions
from cms.api import api_router
from tests.delivery.test_openapi import Contract
from tests.seed import english

REPO = Path(__file__).resolve().parent.parent.parent
MIB = 1024 * 1024
WORKER_MEMORY_LIMIT_MIB = 512


def png_bytes(size, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


def new_image(title="A photograph", size=(1920, 1080)):
    """An image saved without running its commit callbacks: no renditions made."""
    return get_image_model().objects.create(
        title=title, file=ContentFile(png_bytes(size), name="photograph.png")
    )


def rendition_specs(image):
    return sorted(image.renditions.values_list("filter_spec", flat=True))


# --- uploads -----------------------------------------------------------------------------


def test_uploads_are_limited_to_50_mb_and_images_to_40_megapixels_by_default():
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * MIB
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 50 * MIB
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow warns
def test_the_11000_by_11000_png_of_the_report_is_refused_at_upload(editor_client, media_files):
    small_file = png_bytes((11_000, 11_000), mode="1")  # 121 Mpx in a few hundred KB
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Huge", "file": SimpleUploadedFile("huge.png", small_file, "image/png")},
    )
    assert response.status_code == 200  # the form again, with its error
    [error] = response.context["form"].errors["file"]
    assert "too many pixels (121000000)" in error
    assert not get_image_model().objects.filter(title="Huge").exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1000)
@pytest.mark.parametrize("size, accepted", [(1000, True), (1001, False)])
def test_a_document_over_the_upload_limit_is_refused(editor_client, media_files, size, accepted):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Report", "file": SimpleUploadedFile("report.pdf", b"x" * size)},
    )
    assert get_document_model().objects.filter(title="Report").exists() == accepted
    if not accepted:
        errors = response.context["form"].errors["file"]
        assert any(error.startswith("This file is too big") for error in errors)


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000)
def test_an_image_over_the_upload_limit_is_refused(editor_client, media_files):
    data = png_bytes((600, 600), mode="RGB") + b"\0" * 1000
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Heavy", "file": SimpleUploadedFile("heavy.png", data, "image/png")},
    )
    [error] = response.context["form"].errors["file"]
    assert "This file is too big" in error
    assert not get_image_model().objects.filter(title="Heavy").exists()


# --- renditions: made in the background, only read by the API -----------------------------


@pytest.fixture(scope="module")
def contract():
    return Contract(build_document(api_router))


def test_the_api_serves_null_for_renditions_not_made_yet_and_makes_none(
    client, db, contract, media_files
):
    image = new_image()
    anyang = english(CityPage, slug="anyang")
    CityPage.objects.filter(pk=anyang.pk).update(hero_image=image)

    response = client.get(f"/api/v2/pages/{anyang.pk}/")

    hero = contract.assert_conforms(response)["hero_image"]
    assert hero["id"] == image.pk
    assert hero["renditions"] == {"thumbnail": None, "card": None, "hero": None}
    assert rendition_specs(image) == []


def test_saving_an_image_makes_its_api_renditions_once_committed(
    client, db, django_capture_on_commit_callbacks, media_files
):
    with django_capture_on_commit_callbacks(execute=True):
        image = new_image()
    assert rendition_specs(image) == sorted(API_RENDITION_SPECS)

    anyang = english(CityPage, slug="anyang")
    CityPage.objects.filter(pk=anyang.pk).update(hero_image=image)
    card = client.get(f"/api/v2/pages/{anyang.pk}/").json()["hero_image"]["renditions"]["card"]
    assert (card["width"], card["height"]) == (800, 450)


def test_saving_only_an_images_title_makes_nothing(
    db, django_capture_on_commit_callbacks, media_files
):
    image = new_image()
    image.title = "Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        image.save(update_fields=["title"])
    assert rendition_specs(image) == []


def test_publishing_a_page_makes_the_renditions_of_the_images_it_shows(
    client, db, django_capture_on_commit_callbacks, media_files
):
    hero, in_body = new_image("Hero"), new_image("In the body")
    anyang = english(CityPage, slug="anyang")
    anyang.hero_image = hero
    anyang.body = [("image", {"image": in_body, "caption": "A caption", "credit": ""})]
    with django_capture_on_commit_callbacks(execute=True):
        anyang.save_revision().publish()

    assert rendition_specs(hero) == sorted(API_RENDITION_SPECS)
    assert rendition_specs(in_body) == sorted(API_RENDITION_SPECS)
    [block] = client.get(f"/api/v2/pages/{anyang.pk}/").json()["body"]
    assert (block["value"]["image"]["width"], block["value"]["image"]["height"]) == (1200, 675)


def test_an_image_over_the_pixel_limit_gets_no_renditions(db, media_files):
    image = new_image()
    image.width, image.height = 8000, 5001  # as if uploaded before the limit
    assert make_api_renditions(image) == []
    assert rendition_specs(image) == []


# --- a worker's memory ------------------------------------------------------------------------


def largest_allowed_png(path, height):
    """An RGBA PNG (four bytes a pixel decoded, the most of the allowed formats) with as many
    pixels as allowed: `height` rows of the widest width that fits."""
    width = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // height
    image = PILImage.new("RGBA", (width, height), (200, 120, 40, 255))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 97):
        draw.line([(x, 0), (width - x, height)], fill=(x % 255, 30, 200, 128), width=3)
    image.save(path, compress_level=1)
    return width * height


@pytest.mark.parametrize(
    "height",
    [
        5000,  # 8000x5000: a landscape photograph's shape
        20_000,  # 2000x20000: a long infographic, whose body rendition is the largest
    ],
)
def test_a_worker_making_the_renditions_of_the_largest_allowed_image_stays_under_512_mib(
    tmp_path, height
):
    source = tmp_path / "largest.png"
    pixels = largest_allowed_png(source, height)
    assert pixels > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS - height  # no larger one is allowed

    result = subprocess.run(
        [sys.executable, "-m", "tests.support.rendition_memory", source, tmp_path / "media"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )

    measured = json.loads(result.stdout.splitlines()[-1])
    assert measured["renditions"] == sorted(API_RENDITION_SPECS)
    assert measured["peak_mib"] < WORKER_MEMORY_LIMIT_MIB


def test_the_command_makes_the_renditions_images_lack(db, media_files):
    hero = english(CityPage, slug="anyang").hero_image
    hero.renditions.filter(filter_spec="fill-800x450").delete()
    stdout = io.StringIO()

    call_command("make_renditions", stdout=stdout)

    assert rendition_specs(hero) == sorted(API_RENDITION_SPECS)
    assert stdout.getvalue().startswith("Made 1 renditions for ")
