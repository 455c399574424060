"""What the frontend sees, compared with golden JSON files in tests/golden/."""

import json

import pytest

from cluster.models import CityPage, ClusterPage
from tests.golden import assert_matches_golden
from tests.seed import english

EN = {"locale": "en"}  # the golden listings are of the English seed


def test_city_detail_matches_golden(api):
    anyang = english(CityPage, slug="anyang")
    status, data = api(f"pages/{anyang.pk}/")
    assert status == 200
    assert_matches_golden("city_detail_anyang", data)


def test_cluster_page_detail_matches_golden(api):
    cluster = english(ClusterPage)
    status, data = api(f"pages/{cluster.pk}/")
    assert status == 200
    assert_matches_golden("cluster_page_detail", data)


@pytest.mark.parametrize(
    "name, path, params",
    [
        (
            "city_listing",
            "pages/",
            {"type": "cluster.CityPage", "fields": "*", "limit": 3, "order": "title", **EN},
        ),
        (
            "organisation_listing",
            "pages/",
            {"type": "cluster.OrganisationPage", "fields": "*", **EN},
        ),
        ("news_listing", "news/", {"fields": "*", **EN}),
        ("knowledge_listing", "knowledge/", {"fields": "*", **EN}),
        ("videos_listing", "videos/", {"fields": "*", **EN}),
        ("topics_listing", "topics/", EN),
    ],
)
def test_listing_matches_golden(api, name, path, params):
    status, data = api(path, **params)
    assert status == 200
    assert_matches_golden(name, data)


def test_city_listing_item_carries_everything_a_card_needs(api):
    status, data = api("pages/", type="cluster.CityPage", fields="*", slug="quanzhou", locale="en")
    assert status == 200
    [item] = data["items"]
    assert item["meta"]["locale"] == "en"
    assert item["country"] == "CN"
    assert item["region"] == "Fujian Province"
    assert item["summary"]
    assert [t["slug"] for t in item["topics"]] == ["cities-clusters-tourism"]
    facts = {fact["key"]: fact for fact in item["facts"]}
    assert facts["population"]["value"] == 8780000
    assert facts["population"]["unit"] == "people"
    assert facts["population"]["year"] == 2020
    assert facts["gdp"] == {**facts["gdp"], "value": 1015870000000, "unit": "CNY", "year": 2020}
    assert facts["heritage_sites"]["value"] == 945
    hero = item["hero_image"]["renditions"]["card"]
    assert (hero["width"], hero["height"]) == (800, 450)
    assert hero["url"].startswith("http://testserver/media/images/")
    assert item["hero_image"]["alt"] == "Placeholder image for Quanzhou"
    assert "body" not in item, "the body is served by the detail view only"


def test_city_detail_has_body_as_html(api):
    rio = english(CityPage, slug="rio-de-janeiro")
    status, data = api(f"pages/{rio.pk}/")
    assert status == 200
    assert data["body"][0]["type"] == "paragraph"
    assert data["body"][0]["value"].startswith("<p>")
    assert {f["key"]: f["value"] for f in data["facts"]}["population"] == 6718903


def test_cluster_page_cites_its_figures_as_numbers(api):
    cluster = english(ClusterPage)
    status, data = api(f"pages/{cluster.pk}/")
    figures = {(f["source"], f["year"]): f for f in data["figures"]}
    assert figures[("UNESCO", 2020)]["value"] == 89
    assert figures[("UNESCO", 2020)]["unit"] == "percent"
    assert figures[("UNWTO", 2021)]["value"] == -87
    assert figures[("UNCTAD", 2021)]["value"] == 7
    assert [theme["key"] for theme in data["themes"]] == [
        "technological-innovation",
        "tourism-e-commerce",
        "creative-economy",
        "world-heritage-cities",
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans", "es"])
def test_all_seed_members_are_served(api, language):
    cluster = ClusterPage.objects.get(locale__language_code=language)
    status, data = api("pages/", child_of=cluster.pk, limit=50)
    assert status == 200
    assert data["meta"]["total_count"] == 18
    assert {item["meta"]["locale"] for item in data["items"]} == {language}
    types = {item["meta"]["type"] for item in data["items"]}
    assert types == {"cluster.CityPage", "cluster.OrganisationPage"}


@pytest.mark.parametrize("path", ["pages/", "news/", "topics/", "images/"])
def test_answers_are_compact_json_unless_a_client_asks_for_an_indent(client, db, path):
    compact = client.get(f"/api/v2/{path}")
    pretty = client.get(f"/api/v2/{path}", HTTP_ACCEPT="application/json; indent=4")

    assert compact["Content-Type"] == "application/json"
    assert b"\n" not in compact.content
    assert compact.content.startswith(b'{"meta":{"total_count":')
    assert pretty.content.startswith(b'{\n    "meta": {\n')
    assert json.loads(compact.content) == json.loads(pretty.content)
