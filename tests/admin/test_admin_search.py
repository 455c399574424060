"""The admin's searches find Chinese words inside a text, as the API's `?search=` does: the
page search, the page explorer and the snippet listings (cluster/multilingual_search_backend.py).
Run on SQLite by default and on PostgreSQL with DATABASE_URL, as the whole suite."""

import pytest

from django.urls import reverse

from cluster.models import CityPage, NewsItem
from tests.seed import english

pytestmark = pytest.mark.django_db

# Inside the Chinese Luoyang profile's summary and body ("境内有龙门石窟"), in no title.
LONGMEN = "龙门"
# Inside the Chinese Uzbekistan workshop's summary ("完成了一期在线培训"), not in its title.
TRAINING = "培训"


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    return client


def chinese(model, **lookup):
    return model.objects.get(locale__language_code="zh-hans", **lookup)


def found_pages(response):
    assert response.status_code == 200
    return {page.pk for page in response.context["object_list"]}


def test_the_api_finds_longmen_in_the_luoyang_profile(api):
    _, data = api("pages/", search=LONGMEN, locale="zh-hans")

    assert [item["meta"]["slug"] for item in data["items"]] == ["luoyang"]


def test_the_admin_page_search_finds_longmen_in_the_luoyang_profile(superuser_client):
    response = superuser_client.get(reverse("wagtailadmin_pages:search"), {"q": LONGMEN})

    assert found_pages(response) == {chinese(CityPage, slug="luoyang").pk}


def test_the_page_explorer_search_finds_longmen_among_the_cluster_pages(superuser_client):
    luoyang = chinese(CityPage, slug="luoyang")
    explorer = reverse("wagtailadmin_explore", args=[luoyang.get_parent().pk])

    response = superuser_client.get(explorer, {"q": LONGMEN})

    assert found_pages(response) == {luoyang.pk}


def test_a_chinese_title_word_is_still_found(superuser_client):
    response = superuser_client.get(reverse("wagtailadmin_pages:search"), {"q": "洛阳"})

    assert chinese(CityPage, slug="luoyang").pk in found_pages(response)


def test_latin_queries_keep_wagtails_prefix_matching_on_titles(superuser_client):
    response = superuser_client.get(reverse("wagtailadmin_pages:search"), {"q": "Luoy"})

    assert english(CityPage, slug="luoyang").pk in found_pages(response)


def test_the_news_listing_finds_a_chinese_word_inside_a_summary(superuser_client):
    workshop = chinese(NewsItem, slug="uzbekistan-35-cities-urban-development-workshop")
    assert TRAINING not in workshop.title and TRAINING in workshop.summary
    listing = reverse("wagtailsnippets_cluster_newsitem:list")

    response = superuser_client.get(listing, {"q": TRAINING})

    assert response.status_code == 200
    assert [item.pk for item in response.context["object_list"]] == [workshop.pk]


def test_a_chinese_word_in_no_text_finds_nothing(superuser_client):
    response = superuser_client.get(reverse("wagtailadmin_pages:search"), {"q": "熊猫"})

    assert found_pages(response) == set()
