"""Filters, ordering and paging work; bad parameters get a 400 with a message, never a 500."""

import pytest

from wagtail.models import Locale

from cluster.models import CityPage
from tests.seed import english

ENDPOINTS = ["pages/", "images/", "documents/", "news/", "knowledge/", "videos/", "topics/"]
BAD_PARAMETERS = [
    {"limit": "-1"},
    {"limit": "abc"},
    {"offset": "abc"},
    {"offset": "-5"},
    {"locale": "xx"},
    {"locale": "\x00"},
    {"fields": "no_such_field"},
    {"fields": "\x00"},
    {"order": "no_such_field"},
    {"no_such_parameter": "1"},
    {"title": "a\x00b"},
    {"search": "\x00"},
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "params", BAD_PARAMETERS, ids=lambda p: "&".join(f"{k}={v!r}" for k, v in p.items())
)
def test_bad_parameters_get_a_400_with_a_message(api, endpoint, params):
    status, data = api(endpoint, **params)
    assert status == 400, data
    assert isinstance(data["message"], str) and data["message"]


@pytest.mark.parametrize(
    "endpoint, params",
    [
        ("pages/", {"type": "nope.Nope"}),
        ("pages/", {"type": "\x00"}),
        ("pages/", {"child_of": "abc"}),
        ("pages/", {"latitude": "north", "type": "cluster.CityPage"}),
        ("news/", {"date": "abc"}),
        ("news/", {"kind": "bogus"}),
        ("news/", {"date_from": "2021-13-01"}),
        ("news/", {"date_from": "2021-02-01", "date_to": "2021-01-01"}),
        ("news/", {"topic": ","}),
        ("knowledge/", {"kind": "webinar"}),
        ("videos/", {"date_to": "yesterday"}),
    ],
)
def test_bad_filter_values_get_a_400(api, endpoint, params):
    status, data = api(endpoint, **params)
    assert status == 400, data
    assert data["message"]


@pytest.mark.parametrize("language", ["en", "zh-hans", "es"])
def test_locale_filter_keeps_one_language(api, language):
    status, data = api("pages/", locale=language, limit=100)
    assert status == 200
    assert data["meta"]["total_count"] == 20  # home, cluster, 18 members
    assert {item["meta"]["locale"] for item in data["items"]} == {language}
    status, data = api("news/", locale=language)
    assert status == 200
    assert data["meta"]["total_count"] == 4
    assert {item["meta"]["locale"] for item in data["items"]} == {language}


def test_a_page_detail_is_served_through_the_requests_filters(api):
    anyang = english(CityPage, slug="anyang")
    spanish = anyang.get_translation(Locale.objects.get(language_code="es"))

    assert api(f"pages/{anyang.pk}/", fields="title")[0] == 200
    assert api(f"pages/{anyang.pk}/", locale="en")[0] == 200
    assert api(f"pages/{anyang.pk}/", locale="es")[0] == 404
    assert api(f"pages/{spanish.pk}/", locale="es")[0] == 200
    assert api(f"pages/{anyang.pk}/", child_of=anyang.get_parent().pk)[0] == 200
    assert api(f"pages/{anyang.pk}/", child_of=anyang.pk)[0] == 404


def test_news_filters_by_kind_topic_and_date_range(api):
    status, data = api("news/", kind="webinar", locale="en")
    assert data["meta"]["total_count"] == 3
    status, data = api("news/", kind="news", locale="en")
    assert [item["meta"]["slug"] for item in data["items"]] == [
        "uzbekistan-35-cities-urban-development-workshop"
    ]
    status, data = api(
        "news/", date_from="2020-12-01", date_to="2021-01-31", order="date", locale="en"
    )
    assert [item["date"] for item in data["items"]] == ["2020-12-18", "2021-01-13"]
    status, data = api("news/", topic="cities-clusters-drr", locale="en")
    assert data["meta"]["total_count"] == 1


def test_knowledge_filters_by_kind_and_topic(api):
    status, data = api("knowledge/", kind="training_report", locale="en")
    assert [item["meta"]["slug"] for item in data["items"]] == [
        "training-report-travel-south-over-cloud"
    ]
    status, data = api("knowledge/", topic="publications", order="-date", locale="en")
    assert [item["date"] for item in data["items"]] == sorted(
        (item["date"] for item in data["items"]), reverse=True
    )
    assert data["meta"]["total_count"] == 3


def test_limit_offset_and_ordering(api):
    status, first = api("pages/", type="cluster.CityPage", order="title", limit=5, locale="en")
    status, second = api(
        "pages/", type="cluster.CityPage", order="title", limit=5, offset=5, locale="en"
    )
    titles = [item["title"] for item in first["items"] + second["items"]]
    assert titles == sorted(titles)
    assert len(set(titles)) == 10
    assert first["meta"]["total_count"] == 17


def test_news_is_newest_first_by_default(api):
    status, data = api("news/")
    dates = [item["date"] for item in data["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "\u0661"])
def test_find_by_a_malformed_id_is_a_400(api, endpoint, value):
    status, data = api(f"{endpoint}find/", id=value)
    assert status == 400, data
    assert "id" in data["message"]


# --- Integer parameters: written as integers, within what a 64-bit column holds --------------

PAST_64_BITS = str(2**63)
LARGEST = str(2**63 - 1)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("offset", [PAST_64_BITS, "1" + "0" * 23])
def test_an_offset_past_the_64_bit_range_is_a_400(api, endpoint, offset):
    status, data = api(endpoint, offset=offset)
    assert status == 400, data
    assert data["message"] == f"offset must be an integer from 0 to {LARGEST}; got {offset!r}"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_largest_offset_is_an_empty_page(api, endpoint):
    status, data = api(endpoint, offset=LARGEST)
    assert status == 200, data
    assert data["items"] == []


@pytest.mark.parametrize(
    "endpoint, params",
    [
        ("pages/", {"type": "cluster.CityPage", "hero_image": "1" * 20}),
        ("knowledge/", {"document": "1" * 20}),
        ("videos/", {"related_news": "1" * 20}),
        ("news/", {"recordings": "1" * 20}),
        ("images/", {"width": PAST_64_BITS}),
        ("images/", {"id": PAST_64_BITS}),
        ("pages/", {"child_of": PAST_64_BITS}),
        ("pages/", {"descendant_of": PAST_64_BITS}),
        ("pages/", {"ancestor_of": PAST_64_BITS}),
        ("pages/", {"translation_of": PAST_64_BITS}),
        ("pages/", {"child_of": "0"}),
        ("pages/", {"id": "-1"}),
        ("pages/", {"limit": PAST_64_BITS}),
        ("news/find/", {"id": "9" * 5000}),
        ("topics/find/", {"id": "0"}),
    ],
    ids=lambda value: value if isinstance(value, str) else ",".join(value),
)
def test_an_integer_parameter_out_of_range_is_a_400_naming_it(api, endpoint, params):
    [name] = [name for name in params if name != "type"]
    status, data = api(endpoint, **params)
    assert status == 400, data
    assert data["message"].startswith(f"{name} must be an integer from ")
    assert len(data["message"]) < 200  # a long value is cut


@pytest.mark.parametrize("value", ["+1", " 1", "1_0", "\u0661", "1.0", "1e3", "0x1", ""])
def test_integers_are_written_in_ascii_digits(api, value):
    """Python's int() takes all of these; the API does not."""
    for params in [{"offset": value}, {"limit": value}, {"child_of": value}]:
        status, data = api("pages/", **params)
        assert status == 400, (params, data)


def test_the_largest_ids_and_root_are_served(api):
    assert api("pages/", type="cluster.CityPage", hero_image=LARGEST) == (
        200,
        {"meta": {"total_count": 0}, "items": []},
    )
    assert api("videos/", related_news=LARGEST)[1]["items"] == []
    assert api(f"pages/{LARGEST}/")[0] == 404
    status, data = api("pages/", child_of="root", locale="en")
    assert status == 200 and data["meta"]["total_count"] == 1  # the English home page


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unknown_search_operator_is_a_400_on_every_endpoint(api, endpoint):
    status, data = api(endpoint, search="a", search_operator="xor")
    assert status == 400, data
    assert data["message"] == "search_operator must be one of and, or; got 'xor'"
