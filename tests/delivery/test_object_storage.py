"""Media storage (cms/media_storage.py). With AWS_STORAGE_BUCKET_NAME set, images, renditions and
documents are objects in that bucket, here a moto server on 127.0.0.1 (tests/support/
s3_stand_in.py) with the bucket policy of docs/deployment.md: the API hands out rendition URLs
that load from the bucket, and documents, private ones above all, are only served through
Wagtail's serve view, which checks their collection's privacy. Without a bucket, media are files
on this server's disk, and the server answers the image URLs itself, in production too."""

import io

import pytest
import requests
from PIL import Image as PILImage

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction

from cluster.models import CityPage
from cluster.renditions import API_RENDITION_SPECS, HERO_RENDITIONS
from cms.media_storage import media_storages, s3_options
from tests.seed import english
from tests.support.private_media import restricted_collection
from tests.test_production_settings import GOOD_KEY, run

pytestmark = pytest.mark.django_db


def png_bytes(size=(1200, 800), colour=(30, 110, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media_in_bucket(settings, s3_stand_in):
    """This process's settings pointed at the stand-in's bucket, as the environment would."""
    storages, media_url = s3_stand_in.storages
    settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
    settings.MEDIA_URL = media_url
    return s3_stand_in


def upload_image(editor_client, on_commit, title="Harbour at dusk", name="harbour.png"):
    """Upload through the admin, running the commit callbacks: the renditions task runs."""
    with on_commit(execute=True):
        response = editor_client.post(
            reverse("wagtailimages:add"),
            {"title": title, "file": SimpleUploadedFile(name, png_bytes(), "image/png")},
        )
    assert response.status_code == 302, response.content[:500]
    return get_image_model().objects.get(title=title)


def show_on_anyang(image, on_commit):
    anyang = english(CityPage, slug="anyang")
    anyang.hero_image = image
    anyang.body = [("image", {"image": image, "caption": "The harbour", "credit": ""})]
    with on_commit(execute=True):
        anyang.save_revision().publish()
    return anyang


def assert_loads_as_png(url, size=None):
    response = requests.get(url, timeout=10)  # anonymously, as a browser would
    assert response.status_code == 200, url
    assert response.headers["Content-Type"] == "image/png"
    image = PILImage.open(io.BytesIO(response.content))
    if size is not None:
        assert image.size == size


def test_an_uploaded_image_and_its_renditions_are_in_the_bucket_and_every_api_url_loads(
    editor_client, media_in_bucket, django_capture_on_commit_callbacks
):
    client = Client()  # the frontend: anonymous (editor_client is pytest-django's `client`)
    image = upload_image(editor_client, django_capture_on_commit_callbacks)
    anyang = show_on_anyang(image, django_capture_on_commit_callbacks)

    renditions = list(image.renditions.all())
    assert sorted(r.filter_spec for r in renditions) == sorted(API_RENDITION_SPECS)
    assert media_in_bucket.object_keys() >= {image.file.name, *(r.file.name for r in renditions)}

    detail = client.get(f"/api/v2/pages/{anyang.pk}/").json()
    listing = client.get("/api/v2/pages/", {"type": "cluster.CityPage", "fields": "hero_image"})
    [listed] = [item for item in listing.json()["items"] if item["id"] == anyang.pk]
    assert listed["hero_image"] == detail["hero_image"]
    body_image = detail["body"][0]["value"]["image"]
    urls = [
        *(
            (r["url"], (r["width"], r["height"]))
            for r in detail["hero_image"]["renditions"].values()
        ),
        (body_image["url"], (body_image["width"], body_image["height"])),
    ]
    assert len(urls) == len(HERO_RENDITIONS) + 1
    bucket_url = f"{media_in_bucket.endpoint_url}/{media_in_bucket.bucket}/images/"
    for url, size in urls:
        assert url.startswith(bucket_url)
        assert_loads_as_png(url, size)

    original = client.get(f"/api/v2/images/{image.pk}/").json()["meta"]["download_url"]
    assert original.startswith(f"{media_in_bucket.endpoint_url}/{media_in_bucket.bucket}/")
    assert_loads_as_png(original, (1200, 800))


def test_two_uploads_of_the_same_name_keep_both_files(
    editor_client, media_in_bucket, django_capture_on_commit_callbacks
):
    first = upload_image(editor_client, django_capture_on_commit_callbacks, "First", "a.png")
    second = upload_image(editor_client, django_capture_on_commit_callbacks, "Second", "a.png")

    assert first.file.name != second.file.name
    assert {first.file.name, second.file.name} <= media_in_bucket.object_keys()


def test_a_private_document_is_not_readable_from_the_bucket_and_served_only_to_those_allowed(
    editor_client, media_in_bucket
):
    client = Client()  # anonymous (editor_client is pytest-django's `client`, logged in)
    collection = restricted_collection(CollectionViewRestriction.LOGIN)
    document = get_document_model().objects.create(
        title="Partners' annex",
        file=ContentFile(b"confidential figures", name="annex.txt"),
        collection=collection,
    )
    assert document.file.name in media_in_bucket.object_keys()

    assert media_in_bucket.anonymous_get(document.file.name).status_code == 403
    assert document.url == f"/documents/{document.pk}/annex.txt"  # Django's, not the bucket's
    assert client.get("/api/v2/documents/", {"limit": 100}).json()["items"] == []

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].endswith(f"/_util/login/?next={document.url}")  # Wagtail's login

    allowed = editor_client.get(document.url)
    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == b"confidential figures"


def test_a_public_document_is_served_through_django_from_the_bucket(client, media_in_bucket):
    document = get_document_model().objects.create(
        title="Annual report", file=ContentFile(b"annual figures", name="report.txt")
    )

    [item] = client.get("/api/v2/documents/").json()["items"]
    download_url = item["meta"]["download_url"]
    assert download_url == f"http://testserver/documents/{document.pk}/report.txt"
    response = client.get(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"annual figures"
    # Documents are never bucket URLs, so the bucket keeps them all to itself.
    assert media_in_bucket.anonymous_get(document.file.name).status_code == 403


# A probe in a process of the production settings, configured only by the environment.
PRODUCTION_PROBE = """
import django
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
names = [default_storage.save("original_images/probe.png", ContentFile(PNG)) for _ in range(2)]
print(*[default_storage.url(name) for name in names])
print(settings.MEDIA_URL, settings.WAGTAILDOCS_SERVE_METHOD)
print(" ".join(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]))
"""


def test_production_settings_store_media_in_the_bucket_the_environment_names(s3_stand_in):
    png = png_bytes((64, 48))
    result = run(
        "-c",
        f"PNG = {png!r}\n{PRODUCTION_PROBE}",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=GOOD_KEY,
        **s3_stand_in.env,
    )

    assert result.returncode == 0, result.stderr
    urls, media, csp_images = result.stdout.splitlines()
    first, second = urls.split()
    assert first != second  # the second upload of probe.png did not overwrite the first
    bucket_url = f"{s3_stand_in.endpoint_url}/{s3_stand_in.bucket}/"
    assert first.startswith(bucket_url + "original_images/probe")
    for url in (first, second):
        assert requests.get(url, timeout=10).content == png
    assert media.split() == [bucket_url, "serve_view"]
    assert s3_stand_in.endpoint_url in csp_images.split()  # the admin may show its images


def test_a_custom_domain_serves_the_bucket_and_urls_are_unsigned():
    from storages.backends.s3 import S3Storage

    environ = {
        "AWS_STORAGE_BUCKET_NAME": "cities-media",
        "AWS_S3_REGION_NAME": "eu-west-1",
        "AWS_S3_CUSTOM_DOMAIN": "media.citiescluster.example",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    storages, media_url = media_storages(environ)
    storage = S3Storage(**storages["default"]["OPTIONS"])

    assert storage.url("images/a.png") == "https://media.citiescluster.example/images/a.png"
    assert media_url == "https://media.citiescluster.example/"
    without_domain = {**environ, "AWS_S3_CUSTOM_DOMAIN": ""}
    url = S3Storage(**s3_options(without_domain)).url("images/a.png")
    assert "Signature" not in url and "X-Amz" not in url
    assert url == "https://cities-media.s3.amazonaws.com/images/a.png"
    assert media_storages(without_domain)[1] == "https://cities-media.s3.amazonaws.com/"
    dotted = {**without_domain, "AWS_STORAGE_BUCKET_NAME": "media.cities.example"}
    assert media_storages(dotted)[1] == "https://s3.eu-west-1.amazonaws.com/media.cities.example/"


# --- without a bucket: this one server's disk --------------------------------------------


def test_without_a_bucket_media_are_files_on_disk():
    storages, media_url = media_storages({"MEDIA_ROOT": "/srv/media"})

    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_url == "/media/"


def test_without_a_bucket_the_server_answers_the_image_urls_itself_but_no_document(
    client, media_files
):
    hero = english(CityPage, slug="anyang").hero_image
    detail = client.get(f"/api/v2/images/{hero.pk}/").json()
    rendition = hero.renditions.first()
    document = get_document_model().objects.create(
        title="Report", file=ContentFile(b"report", name="report.txt")
    )

    for path in (rendition.url, detail["meta"]["download_url"].removeprefix("http://testserver")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "image/png"
    assert client.get(f"/media/{document.file.name}").status_code == 404
    traversal = client.get(f"/media/images/../{document.file.name}")
    assert traversal.status_code in {400, 404}
    assert client.get(document.url).status_code == 200  # through Wagtail's serve view


def test_production_without_a_bucket_serves_its_media_itself():
    result = run(
        "-c",
        "import django; django.setup(); from django.urls import resolve; "
        "print(resolve('/media/images/a.fill-400x225.png').func.__module__)",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=GOOD_KEY,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.views.static"
