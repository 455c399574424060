"""Old paths keep working: Wagtail's redirects app records a permanent redirect when a live
page's slug changes or a page moves; `pages/find/?html_path=<old path>` answers a 301 to the page
now there, `GET /api/v2/redirects/` lists the redirects, and the move's webhook names both paths."""

import pytest

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

from cluster.models import CityPage, ClusterPage
from home.models import HomePage
from tests.seed import english
from tests.support.openapi import Contract

FRONTEND = "https://cities.example.org"


@pytest.fixture(autouse=True)
def frontend(settings):
    settings.FRONTEND_BASE_URL = FRONTEND


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def publish(page, **changes):
        for name, value in changes.items():
            setattr(page, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    return publish


def path_of(page):
    return Page.objects.get(pk=page.pk).specific.get_url_parts()[2]


def all_redirects(api, **params):
    status, body = api("redirects/", limit=100, **params)
    assert status == 200
    assert body["meta"]["total_count"] == len(body["items"])
    return body["items"]


def test_a_slug_change_redirects_the_old_paths_of_the_page_and_the_pages_below_it(
    api, client, publish
):
    cluster, city = english(ClusterPage), english(CityPage, slug="anyang")
    old_cluster_path, old_city_path = path_of(cluster), path_of(city)
    publish(cluster, slug="cluster")

    for old_path, page in ((old_cluster_path, cluster), (old_city_path, city)):
        response = client.get("/api/v2/pages/find/", {"html_path": old_path, "fields": "title"})
        assert response.status_code == 301
        assert response["Location"] == f"http://testserver/api/v2/pages/{page.pk}/?fields=title"
    listed = {item["old_path"]: item for item in all_redirects(api)}
    assert listed[old_city_path.rstrip("/")] == {
        "id": Redirect.objects.get(old_path=old_city_path.rstrip("/")).pk,
        "old_path": old_city_path.rstrip("/"),
        "is_permanent": True,
        "page_id": city.pk,
        "locale": "en",
        "new_path": "/en/cluster/anyang/",
        "new_url": f"{FRONTEND}/en/cluster/anyang/",
    }
    # The new path is found as before; an old path in another language leads to that
    # language's page (the seed's Spanish pages were first created with the English slugs).
    found = client.get("/api/v2/pages/find/", {"html_path": "/en/cluster/anyang/"})
    assert found["Location"].split("?")[0].endswith(f"/pages/{city.pk}/")
    spanish = CityPage.objects.get(slug="anyang", locale__language_code="es")
    old_spanish_path = "/es/tourism-heritage-creative-economy/anyang/"
    response = client.get("/api/v2/pages/find/", {"html_path": old_spanish_path})
    assert (response.status_code, response["Location"]) == (
        301,
        f"http://testserver/api/v2/pages/{spanish.pk}/",
    )


def test_a_move_redirects_the_old_path(api, client, django_capture_on_commit_callbacks):
    city = english(CityPage, slug="puebla")
    old_path = path_of(city)
    home = HomePage.objects.get(locale__language_code="en")
    other = home.add_child(
        instance=ClusterPage(title="Another cluster", slug="another", introduction="<p>x</p>")
    )
    with django_capture_on_commit_callbacks(execute=True):
        city.move(other, pos="last-child")

    response = client.get("/api/v2/pages/find/", {"html_path": old_path.rstrip("/")})
    assert (response.status_code, response["Location"]) == (
        301,
        f"http://testserver/api/v2/pages/{city.pk}/",
    )
    [moved] = [item for item in all_redirects(api) if item["page_id"] == city.pk]
    assert moved["new_path"] == "/en/another/puebla/"


def test_only_redirects_to_live_public_pages_and_to_addresses_are_listed(api, client, publish):
    city = english(CityPage, slug="anyang")
    publish(city, slug="anyang-city")
    restricted = english(CityPage, slug="puebla")
    publish(restricted, slug="puebla-city")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    elsewhere = Redirect.add_redirect("/en/old-report", "https://example.org/report.pdf")

    items = all_redirects(api)
    page_ids = {item["page_id"] for item in items}
    assert city.pk in page_ids
    assert restricted.pk not in page_ids
    [link] = [item for item in items if item["id"] == elsewhere.pk]
    assert link == {
        "id": elsewhere.pk,
        "old_path": "/en/old-report",
        "is_permanent": True,
        "page_id": None,
        "locale": None,
        "new_path": None,
        "new_url": "https://example.org/report.pdf",
    }
    old_path = "/en/" + restricted.url_path.split("/", 2)[2].replace("puebla-city", "puebla")
    assert client.get("/api/v2/pages/find/", {"html_path": old_path}).status_code == 404
    city.unpublish()
    assert city.pk not in {item["page_id"] for item in all_redirects(api)}


def test_a_temporary_redirect_is_a_302(client, db):
    city = english(CityPage, slug="anyang")
    Redirect.add_redirect("/en/anyang-old", city, is_permanent=False)
    response = client.get("/api/v2/pages/find/", {"html_path": "/en/anyang-old/"})
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver/api/v2/pages/{city.pk}/"


def test_redirects_are_paginated_and_check_their_parameters(api, db):
    everything = all_redirects(api)
    assert len(everything) > 3  # the seed's translations renamed their slugs
    status, window = api("redirects/", limit=2, offset=1)
    assert window["items"] == everything[1:3]
    assert [item["old_path"] for item in everything] == sorted(
        item["old_path"] for item in everything
    )
    for params in ({"limit": "-1"}, {"offset": "x"}, {"locale": "en"}, {"page_id": "1"}):
        status, body = api("redirects/", **params)
        assert (status, set(body)) == (400, {"message"})


def test_redirects_listing_costs_two_queries_and_the_site(client, db, django_assert_num_queries):
    client.get("/api/v2/redirects/")
    with django_assert_num_queries(3):  # the request's site, the count, the window
        client.get("/api/v2/redirects/", {"limit": 100})


def test_the_redirects_listing_is_cached_and_a_new_redirect_replaces_it(
    client, api_cache, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = client.get("/api/v2/redirects/", {"limit": 100})
    assert first["Cache-Control"].startswith("public")
    with django_assert_num_queries(0):
        assert client.get("/api/v2/redirects/", {"limit": 100}).content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        added = Redirect.add_redirect("/en/old-report", "https://example.org/report.pdf")
    after = client.get("/api/v2/redirects/", {"limit": 100}).json()
    assert added.pk in {item["id"] for item in after["items"]}


def test_redirect_responses_conform_to_the_openapi_document(client, db, publish):
    city = english(CityPage, slug="anyang")
    old_path = path_of(city)
    publish(city, slug="anyang-city")
    Redirect.add_redirect("/en/old-report", "https://example.org/report.pdf")
    contract = Contract(client.get("/api/v2/schema/").json())
    contract.assert_conforms(client.get("/api/v2/redirects/", {"limit": 100}))
    contract.assert_conforms(client.get("/api/v2/redirects/", {"limit": "-5"}))
    response = client.get("/api/v2/pages/find/", {"html_path": old_path})
    assert response.status_code == 301
    contract.assert_conforms(response)
