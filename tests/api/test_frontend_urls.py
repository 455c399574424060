"""Pages live on the frontend: `meta.html_url` and `meta.translations[].html_url` are its
addresses, every page item has its `html_path`, the admin's "View live" and rich-text links open
the frontend, and the CMS's own page URLs redirect there (or, with no frontend, answer a short
page) instead of failing."""

import pytest

from cluster.models import CityPage, ClusterPage
from home.models import HomePage
from tests.seed import english

FRONTEND = "https://cities.example.org"
CHINESE_FRONTEND = "https://zh.cities.example.org"


@pytest.fixture
def frontend(settings):
    settings.FRONTEND_BASE_URL = FRONTEND
    settings.FRONTEND_URLS = {"zh-hans": CHINESE_FRONTEND}


def anyang(language="en"):
    return CityPage.objects.get(slug="anyang", locale__language_code=language)


def cluster_path(language):
    slug = ClusterPage.objects.get(locale__language_code=language).slug
    return f"/{language}/{slug}/"


@pytest.mark.parametrize("language", ["en", "zh-hans", "es"])
def test_every_page_item_has_its_html_path_and_its_frontend_url(api, frontend, language):
    status, listing = api("pages/", locale=language, limit=100)
    assert status == 200
    root = CHINESE_FRONTEND if language == "zh-hans" else FRONTEND
    assert len(listing["items"]) == 20  # a home page, the cluster page, 18 members
    for item in listing["items"]:
        meta = item["meta"]
        assert meta["html_path"].startswith(f"/{language}/")
        assert meta["html_url"] == root + meta["html_path"]
    city = next(item for item in listing["items"] if item["id"] == anyang(language).pk)
    assert city["meta"]["html_path"] == cluster_path(language) + "anyang/"


def test_translations_give_each_language_versions_path_and_frontend_url(api, frontend):
    status, detail = api(f"pages/{anyang().pk}/")
    assert status == 200
    assert detail["meta"]["html_url"] == f"{FRONTEND}{cluster_path('en')}anyang/"
    by_language = {version["locale"]: version for version in detail["meta"]["translations"]}
    assert by_language["es"]["html_path"] == cluster_path("es") + "anyang/"
    assert by_language["es"]["html_url"] == FRONTEND + by_language["es"]["html_path"]
    assert by_language["zh-hans"]["html_url"] == (
        CHINESE_FRONTEND + cluster_path("zh-hans") + "anyang/"
    )


def test_without_a_frontend_pages_are_addressed_on_the_cms_itself(api, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example.org"
    status, detail = api(f"pages/{anyang('es').pk}/")
    assert detail["meta"]["html_url"] == "https://cms.example.org" + detail["meta"]["html_path"]


def test_the_cms_page_url_redirects_to_the_frontend(client, frontend, db):
    path = cluster_path("es") + "anyang/"
    response = client.get(path, {"utm_source": "newsletter"})
    assert response.status_code == 302
    assert response["Location"] == f"{FRONTEND}{path}?utm_source=newsletter"
    response = client.get(cluster_path("zh-hans"))
    assert response["Location"] == CHINESE_FRONTEND + cluster_path("zh-hans")


def test_without_a_frontend_the_cms_page_url_points_to_the_api_and_the_admin(client, db):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/en/")
    home = HomePage.objects.get(locale__language_code="es")
    response = client.get("/es/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "/api/v2/pages/find/?html_path=/es/" in html
    assert f"/admin/pages/{home.pk}/edit/" in html
    assert "no hay ningún frontend configurado" in html
    assert client.get("/es/no-such-page/").status_code == 404


def test_view_live_in_the_admin_opens_the_frontend(editor_client, frontend):
    cluster = english(ClusterPage)
    response = editor_client.get(f"/admin/pages/{cluster.pk}/")
    assert response.status_code == 200
    assert f'href="{FRONTEND}{cluster_path("en")}anyang/"' in response.content.decode()
    assert anyang().url == f"{FRONTEND}{cluster_path('en')}anyang/"
    assert anyang("zh-hans").url == f"{CHINESE_FRONTEND}{cluster_path('zh-hans')}anyang/"


def test_rich_text_links_to_pages_point_at_the_frontend(api, frontend):
    cluster = english(ClusterPage)
    cluster.body = f'<p><a linktype="page" id="{anyang().pk}">Anyang</a></p>'
    cluster.save_revision().publish()
    status, detail = api(f"pages/{cluster.pk}/")
    assert f'href="{FRONTEND}{cluster_path("en")}anyang/"' in detail["body"]
