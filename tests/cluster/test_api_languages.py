"""The API tells a frontend which language it gets: every item's language versions, how complete
its translation is, and whether it stands in with the source's text."""

import pytest

from wagtail.models import Page
from wagtail_localize.models import StringTranslation, TranslationSource

from cluster.api.language_versions import TranslationIndex
from cluster.models import CityPage, ClusterPage
from cluster.translation.po_import import publish_translation
from tests.seed import locale

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "es"]


def english_city(slug):
    return CityPage.objects.get(slug=slug, locale__language_code="en")


def find(client, html_path, **params):
    return client.get("/api/v2/pages/find/", {"html_path": html_path, **params})


@pytest.mark.parametrize("language", ["zh-hans", "es"])
def test_every_seed_page_and_snippet_is_published_and_translated(api, language):
    for endpoint in ["pages/", "news/", "knowledge/", "videos/", "topics/"]:
        _, english = api(endpoint, locale="en", limit=100)
        _, translated = api(endpoint, locale=language, limit=100)

        assert translated["meta"]["total_count"] == english["meta"]["total_count"] > 0
        for item in translated["items"]:
            meta = item["meta"]
            assert meta["locale"] == meta["served_locale"] == language
            assert meta["is_fallback"] is False
            assert meta["translation_status"] == {
                "state": "translated",
                "share": 1.0,
                "source_locale": "en",
            }


def test_source_items_say_so(api):
    _, data = api("news/", locale="en")

    assert {item["meta"]["translation_status"]["state"] for item in data["items"]} == {"source"}


def test_a_listing_of_every_language_reports_each_item_as_its_own_language_does(api):
    _, mixed = api("news/", locale="all", limit=100)
    statuses = {}
    for language in LANGUAGES:
        _, data = api("news/", locale=language, limit=100)
        statuses |= {item["id"]: item["meta"]["translation_status"] for item in data["items"]}

    assert {item["meta"]["locale"] for item in mixed["items"]} == set(LANGUAGES)
    assert {item["id"]: item["meta"]["translation_status"] for item in mixed["items"]} == {
        item_id: statuses[item_id] for item_id in (item["id"] for item in mixed["items"])
    }
    assert {status["state"] for status in statuses.values()} == {"source", "translated"}


def test_translations_list_every_other_language_for_a_switcher(api, client):
    _, data = api("pages/", locale="es", type="cluster.CityPage", slug="ciudad-de-mexico")
    (mexico_city,) = data["items"]
    versions = {v["locale"]: v for v in mexico_city["meta"]["translations"]}

    assert set(versions) == {"en", "zh-hans"}
    assert versions["en"]["html_path"] == "/en/tourism-heritage-creative-economy/mexico-city/"
    for version in versions.values():
        response = find(client, version["html_path"])
        assert response.status_code == 302
        assert response["Location"].split("?")[0].endswith(f"/api/v2/pages/{version['id']}/")


def test_proper_names_are_written_as_each_language_writes_them(api):
    titles = {}
    for language in LANGUAGES:
        _, data = api("pages/", locale=language, type="cluster.CityPage", fields="title")
        titles[language] = {item["title"] for item in data["items"]}

    assert {"安阳", "洛阳", "泉州", "丽水"} <= titles["zh-hans"]
    assert {"Ciudad de México", "Querétaro", "San Luis Potosí"} <= titles["es"]


@pytest.mark.parametrize(
    "html_path, language",
    [
        ("/zh-hans/tourism-heritage-creative-economy/luoyang/", "zh-hans"),
        ("/es/turismo-patrimonio-economia-creativa/ciudad-de-mexico/", "es"),
        ("/en/tourism-heritage-creative-economy/luoyang/", "en"),
        ("/tourism-heritage-creative-economy/luoyang/", "en"),
        ("/es/", "es"),
        ("/", "en"),
    ],
)
def test_find_by_path_works_in_every_language(client, api, html_path, language):
    response = find(client, html_path)

    assert response.status_code == 302
    status, page = api(response["Location"].split("/api/v2/")[1].split("?")[0])
    assert page["meta"]["locale"] == language


def test_a_path_without_prefix_is_looked_up_in_the_requested_locale(client, api):
    response = find(client, "/turismo-patrimonio-economia-creativa/ciudad-de-mexico/", locale="es")

    assert response.status_code == 302


@pytest.mark.parametrize(
    "html_path",
    [
        "/es/tourism-heritage-creative-economy/mexico-city/",  # English slugs under /es/
        "/fr/tourism-heritage-creative-economy/anyang/",
        "/zh-hans/nowhere/",
        "/en/tourism-heritage-creative-economy/luoyang/luoyang/",
    ],
)
def test_a_path_that_does_not_exist_in_that_language_is_a_404(client, html_path):
    assert find(client, html_path).status_code == 404


def make_city(slug, title):
    cluster = ClusterPage.objects.get(locale__language_code="en")
    page = CityPage(
        title=title, slug=slug, country="MX", region="Test", summary=f"{title} in English."
    )
    cluster.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_an_untranslated_copy_is_served_as_what_it_is(api, django_capture_on_commit_callbacks):
    page = make_city("tlaxcala", "Tlaxcala")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    chinese = publish_translation(source, locale("zh-hans"))  # no strings translated

    _, data = api(f"pages/{chinese.pk}/")

    assert data["summary"] == "Tlaxcala in English."
    assert data["meta"]["locale"] == "zh-hans"
    assert data["meta"]["served_locale"] == "en"
    assert data["meta"]["is_fallback"] is True
    assert data["meta"]["translation_status"]["state"] == "untranslated"
    assert data["meta"]["translation_status"]["share"] == 0.0


def test_an_item_without_a_translation_is_left_out_of_that_language(api):
    make_city("tlaxcala", "Tlaxcala")

    _, spanish = api("pages/", locale="es", type="cluster.CityPage", limit=100)
    _, english = api("pages/", locale="en", type="cluster.CityPage", limit=100)

    assert "tlaxcala" in {item["meta"]["slug"] for item in english["items"]}
    assert "tlaxcala" not in {item["meta"]["slug"] for item in spanish["items"]}
    (item,) = [i for i in english["items"] if i["meta"]["slug"] == "tlaxcala"]
    assert item["meta"]["translations"] == []


def test_unreviewed_machine_strings_are_reported(api):
    spanish = english_city("anyang").get_translation(locale("es"))
    StringTranslation.objects.filter(
        context__object_id=spanish.translation_key, locale=locale("es"), context__path="title"
    ).update(translation_type="machine")

    _, data = api(f"pages/{spanish.pk}/")

    assert data["meta"]["translation_status"]["state"] == "machine"


def test_rich_text_links_point_to_the_page_in_the_same_language(api):
    anyang = english_city("anyang")
    cluster = ClusterPage.objects.get(locale__language_code="en")
    cluster.introduction = f'<p>Read about <a linktype="page" id="{anyang.pk}">Anyang</a>.</p>'
    cluster.save_revision().publish()
    source, _ = TranslationSource.update_or_create_from_instance(cluster)
    spanish_cluster = publish_translation(source, locale("es"))
    spanish_anyang = anyang.get_translation(locale("es"))

    _, spanish = api(f"pages/{spanish_cluster.pk}/")
    _, listing = api(
        "pages/", type="cluster.ClusterPage", fields="introduction", locale="all", limit=10
    )
    _, english = api(f"pages/{cluster.pk}/")

    assert f'href="{spanish_anyang.url}"' in spanish["introduction"]
    assert spanish_anyang.url.startswith("/es/")
    assert f'href="{anyang.url}"' in english["introduction"]
    in_listing = {item["meta"]["locale"]: item["introduction"] for item in listing["items"]}
    assert f'href="{spanish_anyang.url}"' in in_listing["es"]


def test_a_translation_not_yet_published_is_measured_against_its_source():
    """A preview of a draft: the object has no published version to read its source with."""
    anyang = CityPage.objects.get(slug="anyang", locale__language_code="es")
    published = TranslationIndex([anyang], Page.objects.live())
    unpublished = TranslationIndex([anyang], Page.objects.none())

    assert unpublished.status(anyang) == published.status(anyang)
    assert unpublished.status(anyang).state == "translated"
    assert unpublished.status(anyang).source_locale == "en"


def test_fact_labels_are_in_each_item_s_own_language(api):
    _, mixed = api("pages/", type="cluster.CityPage", slug="anyang", fields="facts", locale="all")
    labels = {
        item["meta"]["locale"]: {fact["key"]: fact["label"] for fact in item["facts"]}
        for item in mixed["items"]
    }

    assert labels["en"]["population"] == "Population"
    assert labels["es"]["population"] == "Población"
    assert labels["zh-hans"]["population"] == "人口"
