"""Editors press Preview in the admin and see the draft in the frontend: the admin redirects to
FRONTEND_PREVIEW_URL with a short-lived token, and the frontend reads the draft from
/api/v2/preview/, shaped exactly like the published detail."""

import time
from types import SimpleNamespace
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest

from django import forms
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from wagtail import blocks
from wagtail.admin.panels import get_edit_handler
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.models import Page
from wagtail_headless_preview.models import PagePreview

from cluster.models import (
    CityPage,
    ClusterPage,
    KnowledgeProduct,
    NewsItem,
    OrganisationPage,
    Video,
)
from home.models import HomePage
from tests.seed import english

FRONTEND = "https://frontend.example.org/preview"
CHINESE_FRONTEND = "https://zh.frontend.example.org/preview"

WEBINAR = "leveraging-digital-innovation-world-heritage-cities"  # a news item with recordings
REPORT = "unctad-covid-19-and-tourism"
TRANSLATION_META = ["locale", "translations", "translation_status", "served_locale", "is_fallback"]

# (model, lookup, endpoint, the field an editor changes: a body field of the API too)
DRAFTS = [
    pytest.param(HomePage, {}, "pages", "title", id="home page"),
    pytest.param(ClusterPage, {}, "pages", "subtitle", id="cluster page"),
    pytest.param(CityPage, {"slug": "anyang"}, "pages", "summary", id="city page"),
    pytest.param(OrganisationPage, {"slug": "ancmpm"}, "pages", "summary", id="organisation page"),
    pytest.param(NewsItem, {"slug": WEBINAR}, "news", "summary", id="news item"),
    pytest.param(
        KnowledgeProduct, {"slug": REPORT}, "knowledge", "summary", id="knowledge product"
    ),
    pytest.param(Video, {"slug": WEBINAR}, "videos", "description", id="video"),
]


@pytest.fixture
def frontend_preview(settings):
    settings.FRONTEND_PREVIEW_URL = FRONTEND
    settings.FRONTEND_PREVIEW_URLS = {}


@pytest.fixture
def frontend(db):
    """The frontend's server: anonymous, it knows only what the admin's redirect told it."""
    client = Client()

    def read_preview(params):
        response = client.get("/api/v2/preview/", params)
        return response.status_code, response.json()

    client.read_preview = read_preview
    return client


# --- What the admin posts -----------------------------------------------------------------


def edit_form(obj, user):
    """The admin's edit form for `obj`, as it opens (the latest revision, drafts included)."""
    instance = obj.get_latest_revision_as_object()
    if isinstance(obj, Page):
        form_class = obj.get_edit_handler().get_form_class()
        return form_class(instance=instance, parent_page=obj.get_parent().specific, for_user=user)
    return get_edit_handler(type(obj)).get_form_class()(instance=instance, for_user=user)


def unchanged_form_data(form):
    """What the edit form submits when the editor changes nothing: every field as its widget
    renders it, StreamFields and inline panels in the nested form the admin's JavaScript posts."""
    data = {}
    for name, field in form.fields.items():
        key, value = form.add_prefix(name), form[name].value()
        if isinstance(field.widget, blocks.BlockWidget):
            data |= block_data(field.block, form.initial.get(name, value), key)
        else:
            data[key] = widget_data(field.widget, value)
    for formset in getattr(form, "formsets", {}).values():
        data |= unchanged_form_data(formset.management_form)
        for child_form in formset.forms:
            data |= unchanged_form_data(child_form)
    return data


def block_data(block, value, prefix):
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        data = {f"{prefix}-count": str(len(value))}
        children = value if isinstance(block, blocks.StreamBlock) else value.bound_blocks
        for index, child in enumerate(children):
            item = f"{prefix}-{index}"
            data |= {f"{item}-deleted": "", f"{item}-order": str(index), f"{item}-id": child.id}
            if isinstance(block, blocks.StreamBlock):
                data[f"{item}-type"] = child.block_type
            data |= block_data(child.block, child.value, f"{item}-value")
        return data
    if isinstance(block, blocks.StructBlock):
        data = {}
        for name, child_block in block.child_blocks.items():
            data |= block_data(child_block, value.get(name), f"{prefix}-{name}")
        return data
    return {prefix: widget_data(block.field.widget, block.value_for_form(value))}


def widget_data(widget, value):
    if isinstance(widget, BaseChooser):
        return getattr(value, "pk", value) or ""
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else ""
    formatted = widget.format_value(value)
    if isinstance(formatted, list) and not getattr(widget, "allow_multiple_selected", False):
        return formatted[0] if formatted else ""
    return "" if formatted is None else formatted


def admin_preview_url(obj):
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:preview_on_edit", args=[obj.pk])
    meta = obj._meta
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:preview_on_edit", args=[obj.pk]
    )


def press_preview(client, user, obj, **changes):
    """What the admin does when the editor changes `obj` in the edit form and presses Preview:
    it posts the form to the preview view, then opens the preview. Returns where it went."""
    url = admin_preview_url(obj)
    posted = client.post(url, unchanged_form_data(edit_form(obj, user)) | changes)
    assert posted.json() == {"is_valid": True, "is_available": True}
    opened = client.get(url)
    assert opened.status_code == 302, opened.content[:500]
    return opened["Location"]


def preview_params(location):
    query = parse_qs(urlsplit(location).query)
    return {name: values[0] for name, values in query.items()}


# --- The preview flow, for every type ---------------------------------------------------------


@pytest.mark.parametrize("model, lookup, endpoint, field", DRAFTS)
def test_the_frontend_reads_the_draft_the_editor_previews(
    frontend_preview, editor_client, editor, api, frontend, model, lookup, endpoint, field
):
    obj = english(model, **lookup)
    _, published = api(f"{endpoint}/{obj.pk}/")
    draft_text = f"Draft, not published: {published[field]}"

    location = press_preview(editor_client, editor, obj, **{field: draft_text})

    assert location.startswith(f"{FRONTEND}?")
    params = preview_params(location)
    assert params["content_type"] == f"{obj._meta.app_label}.{obj._meta.model_name}"
    status, preview = frontend.read_preview(params)
    assert status == 200, preview
    assert preview[field] == draft_text
    assert shape(preview) == shape(published)
    assert (preview["id"], preview["meta"]["type"]) == (published["id"], published["meta"]["type"])
    for name in TRANSLATION_META:
        assert preview["meta"][name] == published["meta"][name]
    assert api(f"{endpoint}/{obj.pk}/") == (200, published)


def shape(value):
    """The keys of a JSON value, all the way down."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return None


# --- Tokens -----------------------------------------------------------------------------------

DRAFT_SUMMARY = "A draft summary nobody has published."


@pytest.fixture
def anyang_preview(frontend_preview, editor_client, editor):
    """The query the frontend receives when an editor previews a draft of Anyang's page."""
    anyang = english(CityPage, slug="anyang")
    return preview_params(press_preview(editor_client, editor, anyang, summary=DRAFT_SUMMARY))


def assert_refused(response, status=400):
    assert response.status_code == status
    assert set(response.json()) == {"message"}
    assert DRAFT_SUMMARY not in response.content.decode()


def test_the_preview_is_never_cached(frontend, anyang_preview):
    for params, status in [(anyang_preview, 200), ({}, 400)]:
        response = frontend.get("/api/v2/preview/", params)
        assert response.status_code == status
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives


def test_a_tampered_token_is_refused(frontend, anyang_preview):
    token = anyang_preview["token"]
    anyang, luoyang = english(CityPage, slug="anyang"), english(CityPage, slug="luoyang")
    other_signature = token[:-1] + ("A" if token[-1] != "A" else "B")
    other_object = token.replace(f":{anyang.pk}:", f":{luoyang.pk}:", 1)
    for forged in [other_signature, other_object, "garbage", token + "x"]:
        response = frontend.get("/api/v2/preview/", anyang_preview | {"token": forged})
        assert_refused(response)
        assert response.json() == {"message": "invalid preview token"}


def test_a_token_reused_with_another_content_type_is_refused(frontend, anyang_preview):
    for content_type in ["cluster.organisationpage", "cluster.newsitem", "home.homepage"]:
        response = frontend.get("/api/v2/preview/", anyang_preview | {"content_type": content_type})
        assert_refused(response)


def later(seconds):
    """The clock the token signer reads, `seconds` from now."""
    now = time.time()
    return mock.patch.object(signing, "time", SimpleNamespace(time=lambda: now + seconds))


def test_a_token_is_useless_after_it_expires(settings, frontend, anyang_preview):
    settings.PREVIEW_TOKEN_MAX_AGE = 120
    with later(110):
        status, preview = frontend.read_preview(anyang_preview)
    assert (status, preview["summary"]) == (200, DRAFT_SUMMARY)
    with later(130):
        response = frontend.get("/api/v2/preview/", anyang_preview)
    assert_refused(response)
    assert "expired" in response.json()["message"]


def test_a_preview_deleted_from_the_store_is_not_found(frontend, anyang_preview):
    PagePreview.objects.all().delete()
    assert_refused(frontend.get("/api/v2/preview/", anyang_preview), status=404)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"content_type": "cluster.citypage"},
        {"token": "TOKEN"},
        {"content_type": "", "token": "TOKEN"},
        {"content_type": "citypage", "token": "TOKEN"},
        {"content_type": "cluster.city.page", "token": "TOKEN"},
        {"content_type": "cluster.nosuchpage", "token": "TOKEN"},
        {"content_type": "cluster.topic", "token": "TOKEN"},
        {"content_type": "wagtailcore.page", "token": "TOKEN"},
        {"content_type": "cluster.citypage\x00", "token": "TOKEN"},
        {"content_type": "cluster.citypage", "token": "TOKEN\x00"},
        {"content_type": "cluster.citypage", "token": "TOKEN", "locale": "xx"},
        {"content_type": "cluster.citypage", "token": "TOKEN", "fields": "nonsense"},
    ],
)
def test_bad_parameters_get_a_400_with_a_message(frontend, anyang_preview, params):
    params = {
        name: value.replace("TOKEN", anyang_preview["token"]) for name, value in params.items()
    }
    assert_refused(frontend.get("/api/v2/preview/", params))


def test_each_token_shows_only_its_own_object(frontend_preview, editor_client, editor, frontend):
    cities = [english(CityPage, slug="anyang"), english(CityPage, slug="luoyang")]
    previews = {
        city.pk: press_preview(editor_client, editor, city, summary=f"Draft of {city.slug}")
        for city in cities
    }
    for city in cities:
        status, preview = frontend.read_preview(preview_params(previews[city.pk]))
        assert status == 200
        assert (preview["id"], preview["summary"]) == (city.pk, f"Draft of {city.slug}")


# --- Where the admin sends the editor ------------------------------------------------------


def test_each_language_can_have_its_own_frontend(settings, editor_client, editor, api, frontend):
    settings.FRONTEND_PREVIEW_URL = FRONTEND
    settings.FRONTEND_PREVIEW_URLS = {"zh-hans": f"{CHINESE_FRONTEND}?secret=s3"}
    english_anyang = english(CityPage, slug="anyang")
    chinese_anyang = CityPage.objects.get(locale__language_code="zh-hans", slug="anyang")
    _, published = api(f"pages/{chinese_anyang.pk}/")

    assert press_preview(editor_client, editor, english_anyang).startswith(f"{FRONTEND}?")
    location = press_preview(editor_client, editor, chinese_anyang, summary="安阳草稿")

    assert location.startswith(f"{CHINESE_FRONTEND}?secret=s3&content_type=cluster.citypage&token=")
    _, preview = frontend.read_preview(preview_params(location))
    assert preview["summary"] == "安阳草稿"
    for name in TRANSLATION_META:
        assert preview["meta"][name] == published["meta"][name]
    assert preview["meta"]["locale"] == "zh-hans"


def test_without_a_frontend_snippets_have_no_preview(settings, editor_client):
    news = english(NewsItem, slug=WEBINAR)
    edit_url = reverse("wagtailsnippets_cluster_newsitem:edit", args=[news.pk])

    settings.FRONTEND_PREVIEW_URL, settings.FRONTEND_PREVIEW_URLS = None, {}
    assert not news.is_previewable()
    assert admin_preview_url(news) not in editor_client.get(edit_url).content.decode()

    settings.FRONTEND_PREVIEW_URLS = {"en": FRONTEND}
    assert news.is_previewable()
    assert admin_preview_url(news) in editor_client.get(edit_url).content.decode()


def test_without_a_frontend_pages_offer_no_preview(settings, db):
    """The CMS renders no pages itself (no templates): without a frontend there is nothing to
    preview in, so the admin shows no Preview button rather than an error page."""
    settings.FRONTEND_PREVIEW_URL, settings.FRONTEND_PREVIEW_URLS = None, {}
    anyang = english(CityPage, slug="anyang")
    assert not anyang.is_previewable()
    assert anyang.preview_modes == []


def test_a_new_object_is_previewed_in_the_frontend_once_saved(frontend_preview, db):
    locale = english(CityPage, slug="anyang").locale
    assert not CityPage(locale=locale).is_previewable()
    assert not Video(locale=locale).is_previewable()


def test_preview_urls_per_language_are_read_from_the_environment(monkeypatch):
    from cms.settings.base import env_language_urls

    monkeypatch.setenv(
        "PREVIEW_URLS", "zh-hans=https://zh.example.org/p, es=https://es.example.org/p"
    )
    assert env_language_urls("PREVIEW_URLS") == {
        "zh-hans": "https://zh.example.org/p",
        "es": "https://es.example.org/p",
    }
    for wrong in ["fr=https://fr.example.org/p", "zh-hans", "es="]:
        monkeypatch.setenv("PREVIEW_URLS", wrong)
        with pytest.raises(ImproperlyConfigured):
            env_language_urls("PREVIEW_URLS")
