"""The OpenAPI document at /api/v2/schema/: a valid OpenAPI 3.1 document that describes every
endpoint, parameter and field the API has, and that every live response of the seed, in every
language, conforms to."""

import contextlib

import pytest
from openapi_spec_validator import validate

from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, resolve, reverse

from wagtail import blocks
from wagtail.api import APIField
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from cluster.api import schema as schema_module
from cluster.api.endpoint_contract import serializer_class_for
from cluster.api.fields import ReadOnlyField
from cluster.api.schema import OPENAPI_MEDIA_TYPE, SchemaError, build_document
from cluster.models import CityPage, ClusterPage, NewsItem, Video
from cms.api import api_router
from tests.support.openapi import Contract

LANGUAGES = ["en", "zh-hans", "es"]
ROUTER = api_router.url_namespace


def endpoint_models(name):
    """What an endpoint serves, from the router and the app registry: each page type for pages,
    one for a listing of one page type."""
    page_type = getattr(api_router.endpoints[name], "page_type", None)
    if page_type is not None:
        return [page_type]
    return [
        model
        for model in apps.get_models()
        if model is not Page and (api_router.get_model_endpoint(model) or [None])[0] == name
    ]


def routes(name):
    """The URL names an endpoint routes: listing, detail and find, or a listing alone."""
    return {pattern.name for pattern in api_router.endpoints[name].get_urlpatterns()}


@pytest.fixture(autouse=True)
def serializer_classes_built_afresh():
    """Serializer classes are built once per process; tests here change models' API fields."""
    serializer_class_for.cache_clear()
    yield
    serializer_class_for.cache_clear()


@pytest.fixture(scope="module")
def document():
    return build_document(api_router)


@pytest.fixture(scope="module")
def contract(document):
    return Contract(document)


@pytest.fixture
def get(client, contract, db):
    """GET an API path (`pages/`, or a full path), check it against the document, return the
    response."""

    def get(path, headers=None, **params):
        url = path if path.startswith("/") else f"/api/v2/{path}"
        response = client.get(url, params, headers=headers)
        contract.assert_conforms(response)
        return response

    return get


# --- The document itself --------------------------------------------------------------------


def test_document_is_valid_openapi_3_1(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_schema_endpoint_serves_the_document_cacheably(client, document):
    response = client.get("/api/v2/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == OPENAPI_MEDIA_TYPE
    assert response.json() == document
    assert "max-age=" in response["Cache-Control"] and "public" in response["Cache-Control"]

    again = client.get("/api/v2/schema/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]


def test_schema_is_built_once_per_process(client, monkeypatch):
    first = client.get("/api/v2/schema/").content

    def build_again(router):
        raise AssertionError("the document was built a second time")

    monkeypatch.setattr(schema_module, "build_document", build_again)
    assert client.get("/api/v2/schema/").content == first


# --- It describes everything the API has ----------------------------------------------------


def router_paths():
    """The paths of every endpoint the router has, from Django's URL reversing."""
    paths = set()
    for name in api_router.endpoints:
        paths.add(reverse(f"{ROUTER}:{name}:listing"))
        if "detail" in routes(name):
            paths.add(reverse(f"{ROUTER}:{name}:detail", args=[1]).replace("/1/", "/{id}/"))
        if "find" in routes(name):
            paths.add(reverse(f"{ROUTER}:{name}:find"))
    return paths


def test_every_endpoint_is_described(document):
    expected = router_paths() | {
        reverse(name) for name in ("api_schema", "api_sitemap", "api_redirects")
    }
    with contextlib.suppress(NoReverseMatch):  # unless the draft preview is not mounted
        expected.add(reverse("api_preview"))
    assert set(document["paths"]) == expected
    for path in document["paths"]:
        resolve(path.replace("{id}", "1"))  # and each one is really served


def detail_schema(document, model):
    return document["components"]["schemas"][model.__name__]


def listing_schema(document, model, endpoint_name):
    """A listing item's schema; in `pages/`, a page type's own fields are optional there."""
    in_pages = "Pages" if endpoint_name == "pages" else ""
    return document["components"]["schemas"][f"{model.__name__}{in_pages}ListingItem"]


@pytest.mark.parametrize("endpoint_name", list(api_router.endpoints))
def test_every_api_field_of_every_model_is_described(document, endpoint_name):
    endpoint = api_router.endpoints[endpoint_name]
    models = endpoint_models(endpoint_name)
    assert models, f"{endpoint_name} serves no model"
    for model in models:
        body = endpoint.get_body_fields_names(model)
        meta = endpoint.get_meta_fields_names(model)
        detail_only = {
            *endpoint.detail_only_fields,
            *getattr(model, "api_detail_only_fields", []),
        }
        for schema, names in [
            (detail_schema(document, model), set(body) | set(meta)),
            (listing_schema(document, model, endpoint_name), (set(body) | set(meta)) - detail_only),
        ]:
            described = set(schema["properties"]) | set(schema["properties"]["meta"]["properties"])
            assert names <= described, f"{model.__name__}: {names - described} undescribed"
            assert schema["additionalProperties"] is False
            assert schema["properties"]["meta"]["additionalProperties"] is False


def operation_parameters(document, path):
    return {p["name"] for p in document["paths"][path]["get"]["parameters"]}


@pytest.mark.parametrize("endpoint_name", list(api_router.endpoints))
def test_every_query_parameter_is_described(document, endpoint_name):
    endpoint = api_router.endpoints[endpoint_name]
    listing = operation_parameters(document, reverse(f"{ROUTER}:{endpoint_name}:listing"))
    assert endpoint.known_query_parameters <= listing
    for model in endpoint_models(endpoint_name):
        filters = set(endpoint.get_available_fields(model, db_fields_only=True))
        assert filters <= listing, f"{model.__name__} filters {filters - listing} undescribed"
    if "find" in routes(endpoint_name):
        find = operation_parameters(document, reverse(f"{ROUTER}:{endpoint_name}:find"))
        assert endpoint.find_query_parameters <= find


def test_every_page_type_is_one_of_the_pages_listing_items(document):
    items = document["components"]["schemas"]["PagesListing"]["properties"]["items"]["items"]
    refs = {variant["$ref"].rsplit("/", 1)[1] for variant in items["oneOf"]}
    assert refs == {f"{model.__name__}PagesListingItem" for model in endpoint_models("pages")}
    assert refs == {"HomePagePagesListingItem", "ClusterPagePagesListingItem",
                    "CityPagePagesListingItem", "OrganisationPagePagesListingItem"}  # fmt: skip
    mapping = items["discriminator"]["mapping"]
    assert items["discriminator"]["propertyName"] == "type"
    assert mapping["cluster.CityPage"] == "#/components/schemas/CityPagePagesListingItem"


def test_a_listing_of_one_page_type_requires_every_listing_field(document):
    item = listing_schema(document, CityPage, "cities")
    assert set(item["required"]) == set(item["properties"])
    assert item["properties"]["type"] == {"type": "string", "const": "cluster.CityPage"}


def leaf_subclasses(cls):
    subclasses = cls.__subclasses__()
    if not subclasses:
        return [cls]
    return [leaf for sub in subclasses for leaf in leaf_subclasses(sub)]


def test_every_serializer_field_of_ours_declares_its_schema():
    for field_class in leaf_subclasses(ReadOnlyField):
        declares = field_class.schema is not None or any(
            "json_schema" in vars(cls) for cls in field_class.__mro__[: -len(ReadOnlyField.__mro__)]
        )
        assert declares, f"{field_class.__name__} declares no JSON schema"


def test_a_new_api_field_without_a_schema_breaks_the_document(monkeypatch):
    class UndescribedField(ReadOnlyField):
        def to_representation(self, value):
            return value

    monkeypatch.setattr(
        Video,
        "api_fields",
        [*Video.api_fields, APIField("slug_again", UndescribedField(source="slug"))],
    )
    with pytest.raises(SchemaError, match="slug_again"):
        build_document(api_router)


def test_a_model_property_without_a_serializer_breaks_the_document(monkeypatch):
    monkeypatch.setattr(NewsItem, "headline", property(lambda item: item.title.upper()), False)
    monkeypatch.setattr(NewsItem, "api_fields", [*NewsItem.api_fields, APIField("headline")])
    with pytest.raises(SchemaError, match="headline"):
        build_document(api_router)


def test_a_block_with_its_own_api_shape_but_no_schema_breaks_the_document(monkeypatch):
    class Shout(blocks.CharBlock):
        def get_api_representation(self, value, context=None):
            return {"text": value.upper()}

    stream_block = CityPage._meta.get_field("body").stream_block
    monkeypatch.setitem(stream_block.child_blocks, "shout", Shout())
    with pytest.raises(SchemaError, match="Shout"):
        build_document(api_router)


def test_an_undescribed_query_parameter_breaks_the_document(monkeypatch):
    videos = api_router.endpoints["videos"]
    monkeypatch.setattr(
        videos, "known_query_parameters", videos.known_query_parameters | {"channel"}
    )
    with pytest.raises(SchemaError, match="channel"):
        build_document(api_router)


def test_schemas_are_strict_enough_to_catch_a_changed_item(client, contract, db):
    response = client.get("/api/v2/videos/", {"fields": "*", "locale": "en"})
    item = response.json()["items"][0]
    for changed in [
        {**item, "youtube_url": ""},  # an unknown field
        {key: value for key, value in item.items() if key != "title"},  # a default field missing
        {**item, "date": "15 January 2021"},  # not a date
        {**item, "meta": {**item["meta"], "locale": "fr"}},  # not a content language
    ]:
        data = {**response.json(), "items": [changed]}
        assert contract.errors(data, "/api/v2/videos/", 200), changed


# --- Every live response conforms -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("endpoint_name", list(api_router.endpoints))
def test_listings_conform(get, endpoint_name, language):
    for params in [{}, {"fields": "*"}]:
        response = get(f"{endpoint_name}/", locale=language, limit=100, **params)
        assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", endpoint_models("pages"), ids=lambda m: m.__name__)
def test_page_listings_of_one_type_conform(get, page_type, language):
    label = f"{page_type._meta.app_label}.{page_type.__name__}"
    response = get("pages/", type=label, fields="*", locale=language, limit=100)
    items = response.json()["items"]
    assert items and {item["meta"]["type"] for item in items} == {label}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", endpoint_models("pages"), ids=lambda m: m.__name__)
def test_page_details_conform(get, page_type, language):
    pages = page_type.objects.live().public().filter(locale__language_code=language)
    assert pages.exists()
    for page in pages:
        data = get(f"pages/{page.pk}/").json()
        assert data["meta"]["type"].endswith(page_type.__name__)


SNIPPET_ENDPOINTS = ["news", "knowledge", "videos", "topics"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("endpoint_name", SNIPPET_ENDPOINTS)
def test_snippet_details_conform(get, endpoint_name, language):
    [model] = endpoint_models(endpoint_name)
    items = model.objects.filter(live=True, locale__language_code=language)
    assert items.exists()
    for item in items:
        assert get(f"{endpoint_name}/{item.pk}/", locale=language).status_code == 200


def test_image_details_conform(get):
    for image in get_image_model().objects.all():
        assert get(f"images/{image.pk}/").status_code == 200


def test_documents_conform(get):
    document = get_document_model().objects.create(
        title="Training report", file=ContentFile(b"%PDF-1.4\n", name="training-report.pdf")
    )
    assert get("documents/", fields="*").json()["meta"]["total_count"] == 1
    assert get(f"documents/{document.pk}/").status_code == 200


def test_videos_on_both_platforms_conform(get):
    Video.objects.filter(live=True).update(
        youtube_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        bilibili_url="https://www.bilibili.com/video/BV1GJ411x7h7",
    )
    items = get("videos/", fields="*").json()["items"]
    assert all(item["youtube"] and item["bilibili"] for item in items)


@pytest.mark.parametrize("language", LANGUAGES)
def test_find_redirects_conform(get, language):
    home = Page.objects.get(depth=2, locale__language_code=language)
    response = get("pages/find/", html_path=f"/{language}/")
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"/pages/{home.pk}/")
    for endpoint_name in SNIPPET_ENDPOINTS:
        [model] = endpoint_models(endpoint_name)
        item = model.objects.filter(live=True, locale__language_code=language).first()
        assert get(f"{endpoint_name}/find/", id=item.pk).status_code == 302


@pytest.mark.parametrize("endpoint_name", list(api_router.endpoints))
def test_errors_conform(get, endpoint_name):
    assert get(f"{endpoint_name}/", limit=-1).status_code == 400
    assert get(f"{endpoint_name}/", locale="fr").status_code == 400
    assert get(f"{endpoint_name}/", fields="-title").status_code == 400
    if "detail" in routes(endpoint_name):
        assert get(f"{endpoint_name}/999999/").status_code == 404
        assert get(f"{endpoint_name}/1/", fields="no_such_field").status_code in {400, 404}
    if "find" in routes(endpoint_name):
        assert get(f"{endpoint_name}/find/", id=999999).status_code == 404


def test_conditional_requests_conform(get, document):
    for endpoint_name in SNIPPET_ENDPOINTS + ["pages"]:
        path = f"{endpoint_name}/"
        if "304" not in document["paths"][f"/api/v2/{path}"]["get"]["responses"]:
            pytest.skip("the API sends no validators")
        etag = get(path)["ETag"]
        assert get(path, headers={"If-None-Match": etag}).status_code == 304


def test_preview_errors_conform(get, document):
    if "/api/v2/preview/" not in document["paths"]:
        pytest.skip("the draft preview is not mounted")
    assert get("/api/v2/preview/").status_code == 400
    assert get("/api/v2/preview/", content_type="cluster.citypage", token="x").status_code == 400


@pytest.mark.parametrize(
    "model", [CityPage, ClusterPage, NewsItem, Video], ids=lambda m: m.__name__
)
def test_previews_of_drafts_conform(get, document, model):
    if "/api/v2/preview/" not in document["paths"]:
        pytest.skip("the draft preview is not mounted")
    draft = model.objects.filter(locale__language_code="zh-hans").first()
    draft.title = "草稿"
    token = draft.create_page_preview().token
    response = get("/api/v2/preview/", content_type=draft._meta.label_lower, token=token)
    assert response.status_code == 200
    assert response.json()["title"] == "草稿"
