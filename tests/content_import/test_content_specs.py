"""What each content file must hold (cluster/content_import/content_specs.py), without a database.

Each test feeds one small YAML document to a spec and checks the cleaned value or the errors it
collects (file, line, dotted path, message).
"""

from decimal import Decimal

import pytest

from cluster.content_import import content_specs
from tests.support.spec_cleaning import clean_yaml, line_of

# --- mappings: unknown keys, required keys, line numbers ------------------------------------


def test_mapping_reports_unknown_and_missing_keys_at_their_lines():
    text = "title: Home\nintro: <p>x</p>\ncolour: blue\n"
    result, errors = clean_yaml(content_specs.HOME, text)
    assert errors == [
        (line_of(text, "colour"), "colour", "unknown key; expected one of title, intro")
    ]

    text = "# comment\nintro: <p>x</p>\n"
    result, errors = clean_yaml(content_specs.HOME, text)
    assert errors == [(2, "title", "is required")]


def test_nested_errors_carry_a_dotted_path_and_the_line_of_the_item():
    text = (
        "- slug: news\n"
        "  name: News\n"
        "- slug: Bad Slug\n"
        "  name: Bad\n"
        "- slug: news\n"
        "  name: News again\n"
    )
    result, errors = clean_yaml(content_specs.TOPICS, text)
    assert errors == [
        (3, "[1].slug", "a slug is lowercase letters, digits and single hyphens"),
        (5, "[2]", "duplicate 'news'"),
    ]


# --- fact checks -------------------------------------------------------------------------

FACT_YAML = """\
key: {key}
value: {value}
unit: {unit}
source: Test source
"""


def check_fact(key, value, unit):
    text = FACT_YAML.format(key=key, value=value, unit=unit)
    result, errors = clean_yaml(content_specs.FACT, text)
    return result, [(path, message) for _line, path, message in errors], text


def test_founded_in_a_whole_year_is_accepted():
    result, errors, _ = check_fact("founded", 1529, "year")
    assert errors == []
    assert result == {
        "key": "founded",
        "value": Decimal("1529"),
        "unit": "year",
        "source": "Test source",
    }


def test_founded_must_be_given_in_unit_year():
    _, errors, _ = check_fact("founded", 1529, "years")
    assert errors == [("unit", "a founding date is given as a year (unit: year)")]


def test_founded_must_be_a_whole_number():
    _, errors, text = check_fact("founded", 1529.5, "year")
    assert errors == [("value", "a founding year is a whole number")]
    _result, with_lines = clean_yaml(content_specs.FACT, text)
    assert with_lines[0][0] == line_of(text, "value:")


@pytest.mark.parametrize("unit", ["CNY", "BRL", "MXN", "USD"])
def test_gdp_in_a_currency_is_accepted(unit):
    assert check_fact("gdp", 230050000000, unit)[1] == []


@pytest.mark.parametrize("unit", ["people", "count", "km"])
def test_gdp_needs_a_currency_unit(unit):
    assert check_fact("gdp", 230050000000, unit)[1] == [
        ("unit", "GDP is given in a currency (CNY, BRL, MXN, USD)")
    ]


@pytest.mark.parametrize("value", [0, 3.3, 100])
def test_percent_between_0_and_100_is_accepted(value):
    assert check_fact("forest_coverage", value, "percent")[1] == []


@pytest.mark.parametrize("value", [-0.1, 100.5, 250])
def test_percent_outside_0_to_100_is_an_error(value):
    assert check_fact("forest_coverage", value, "percent")[1] == [
        ("value", "a percentage lies between 0 and 100")
    ]


def test_unknown_fact_key_and_unit_are_errors():
    _, errors, _ = check_fact("altitude", 10, "metres")
    assert [path for path, _message in errors] == ["key", "unit"]
    assert errors[0][1].startswith("must be one of population, area_km2,")
    assert errors[1][1].endswith("got 'metres'")


# --- member checks -----------------------------------------------------------------------

CITY = """\
kind: city
slug: testville
title: Testville
country: CN
region: Test Province
summary: A city for tests.
hero:
  colour: "#336699"
  alt: Placeholder image for Testville
"""

ORGANISATION = """\
kind: organisation
slug: test-org
title: Test Organisation
acronym: TO
country: MX
summary: An organisation for tests.
hero:
  colour: "#336699"
  alt: Placeholder image for Test Organisation
"""

FACTS = """\
facts:
  - key: population
    value: 1000
    unit: people
    source: Test source
"""


def test_valid_city_and_organisation_pass():
    city, errors = clean_yaml(content_specs.MEMBER, CITY)
    assert errors == []
    assert (city["kind"], city["region"]) == ("city", "Test Province")
    organisation, errors = clean_yaml(content_specs.MEMBER, ORGANISATION)
    assert errors == []
    assert organisation["acronym"] == "TO"


def test_organisation_with_facts_is_an_error_at_the_facts_line():
    text = ORGANISATION + FACTS
    _, errors = clean_yaml(content_specs.MEMBER, text)
    assert errors == [(line_of(text, "facts:"), "facts", "only cities have this")]


def test_organisation_with_a_region_is_an_error():
    text = ORGANISATION + "region: Somewhere\n"
    _, errors = clean_yaml(content_specs.MEMBER, text)
    assert errors == [(line_of(text, "region:"), "region", "only cities have this")]


def test_city_without_region_is_an_error():
    text = CITY.replace("region: Test Province\n", "")
    _, errors = clean_yaml(content_specs.MEMBER, text)
    assert errors == [(1, "region", "a city needs its region or province")]


def test_city_with_an_acronym_is_an_error():
    text = CITY + "acronym: TV\n"
    _, errors = clean_yaml(content_specs.MEMBER, text)
    assert errors == [(line_of(text, "acronym:"), "acronym", "only organisations have an acronym")]


def test_summary_over_400_characters_is_an_error():
    text = CITY.replace("A city for tests.", "x" * 401)
    _, errors = clean_yaml(content_specs.MEMBER, text)
    assert errors == [(line_of(text, "summary:"), "summary", "at most 400 characters, got 401")]


def test_body_blocks_are_one_key_mappings_of_known_types():
    text = CITY + "body:\n  - heading: History\n  - gallery: [a, b]\n"
    result, errors = clean_yaml(content_specs.MEMBER, text)
    assert len(errors) == 1
    line, path, message = errors[0]
    assert (line, path) == (line_of(text, "gallery"), "body[1]")
    assert message.startswith("unknown block 'gallery'")


# --- Video addresses -----------------------------------------------------------------------


def test_a_video_file_takes_only_addresses_the_admin_would_accept():
    text = (
        "slug: intro\n"
        "title: Intro\n"
        "youtube_url: https://www.bilibili.com/video/BV1xx411c7mD\n"
        "bilibili_url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n"
    )

    _, errors = clean_yaml(content_specs.VIDEO, text)

    assert [(line, path) for line, path, _ in errors] == [(3, "youtube_url"), (4, "bilibili_url")]
    assert "not the address of a YouTube video" in errors[0][2]


def test_a_video_file_with_real_addresses_is_valid():
    text = (
        "slug: intro\n"
        "title: Intro\n"
        "youtube_url: https://youtu.be/dQw4w9WgXcQ\n"
        "bilibili_url: https://www.bilibili.com/video/BV1xx411c7mD\n"
    )

    _, errors = clean_yaml(content_specs.VIDEO, text)

    assert errors == []
