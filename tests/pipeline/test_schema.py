"""The validation rules of the content files (cluster/pipeline/schema.py), without a database.

Each test feeds one value or one small YAML document to a spec and checks the cleaned value or
the errors it collects (file, line, dotted path, message).
"""

import datetime
from decimal import Decimal

import pytest

from cluster.pipeline import schema
from cluster.pipeline.yaml_lines import load_yaml


def clean(spec, value, line=1):
    """Validate one value; returns (cleaned value, [(line, path, message), ...])."""
    source = schema.Source("test.yaml")
    result = schema.validate(value, spec, source, line)
    return result, [(e.line, e.path, e.message) for e in source.errors]


def clean_yaml(spec, text):
    data = load_yaml(text)
    return clean(spec, data, data.line)


def line_of(text, needle):
    """The 1-based number of the one line of `text` that contains `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


# --- Text and Slug -----------------------------------------------------------------------


def test_text_at_max_length_is_accepted_and_stripped():
    assert clean(schema.Text(max_length=5), "  abcde \n") == ("abcde", [])


def test_text_longer_than_max_length_is_an_error_with_both_lengths():
    assert clean(schema.Text(max_length=5), "abcdef", line=7) == (
        None,
        [(7, "", "at most 5 characters, got 6")],
    )


def test_required_text_must_not_be_blank_but_optional_text_may_be():
    assert clean(schema.Text(), "   ") == (None, [(1, "", "must not be empty")])
    assert clean(schema.Text(required=False), "") == ("", [])


def test_text_rejects_mappings_lists_and_bools():
    assert clean(schema.Text(), {"a": 1})[1] == [(1, "", "expected text, got a mapping")]
    assert clean(schema.Text(), ["a"])[1] == [(1, "", "expected text, got a list")]
    assert clean(schema.Text(), True)[1] == [(1, "", "expected text, got bool")]


def test_text_takes_a_number_as_its_string():
    assert clean(schema.Text(), 2021) == ("2021", [])


@pytest.mark.parametrize("slug", ["anyang", "san-luis-potosi", "covid-19", "a1"])
def test_slug_accepts_lowercase_letters_digits_and_single_hyphens(slug):
    assert clean(schema.Slug(), slug) == (slug, [])


@pytest.mark.parametrize(
    "slug", ["Anyang", "san_luis", "two--hyphens", "-leading", "trailing-", "with space", "año"]
)
def test_slug_rejects_anything_else(slug):
    assert clean(schema.Slug(), slug) == (
        None,
        [(1, "", "a slug is lowercase letters, digits and single hyphens")],
    )


def test_slug_is_at_most_120_characters():
    assert clean(schema.Slug(), "a" * 120) == ("a" * 120, [])
    assert clean(schema.Slug(), "a" * 121)[1] == [(1, "", "at most 120 characters, got 121")]


# --- RichText ----------------------------------------------------------------------------


def test_rich_text_accepts_the_editor_subset():
    html = '<p><b>x</b> <a href="https://x.org">y</a></p>'
    assert clean(schema.RichText(), html) == (html, [])


def test_rich_text_accepts_headings_lists_and_line_breaks():
    html = "<h2>A</h2><ul><li><i>b</i></li></ul><ol><li>c<br>d<br/></li></ol><h4>e</h4>"
    assert clean(schema.RichText(), html) == (html, [])


@pytest.mark.parametrize(
    "html, message",
    [
        ("<p>hi</p><script>alert(1)</script>", "tag <script> is not allowed"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "link href must be http(s) or mailto"),
        ("<p>never closed", "unclosed <p>"),
        ("<p><b>crossed</p></b>", "</p> does not close the open tag"),
        ('<p class="lead">x</p>', "<p> takes no attributes"),
        ('<p><a href="https://x.org" target="_blank">x</a></p>', "links take only an href"),
        ('<p><img src="https://x.org/a.png"></p>', "tag <img> is not allowed"),
        ("plain words, no markup", "rich text is HTML"),
    ],
)
def test_rich_text_rejects_what_the_editor_cannot_produce(html, message):
    result, errors = clean(schema.RichText(), html, line=4)
    assert result is None
    assert len(errors) == 1
    line, path, text = errors[0]
    assert (line, path) == (4, "")
    assert message in text


def test_rich_text_accepts_mailto_links():
    html = '<p><a href="mailto:cities@example.org">write</a></p>'
    assert clean(schema.RichText(), html) == (html, [])


# --- numbers and dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, cleaned", [(3, Decimal("3")), (2.5, Decimal("2.5")), (-7, Decimal("-7"))]
)
def test_number_gives_a_decimal(value, cleaned):
    result, errors = clean(schema.Number(), value)
    assert errors == []
    assert result == cleaned
    assert isinstance(result, Decimal)


@pytest.mark.parametrize(
    "value, message",
    [
        (True, "expected a number, got bool"),
        (False, "expected a number, got bool"),
        ("12", "expected a number, got str"),
        ("lots", "expected a number, got str"),
        (None, "expected a number, got nothing"),
        (float("inf"), "must be a finite number"),
        (float("nan"), "must be a finite number"),
    ],
)
def test_number_rejects_bools_strings_and_non_finite_values(value, message):
    assert clean(schema.Number(), value) == (None, [(1, "", message)])


def test_number_bounds_are_inclusive():
    spec = schema.Number(min_value=-90, max_value=90)
    assert clean(spec, 90) == (Decimal("90"), [])
    assert clean(spec, -90) == (Decimal("-90"), [])
    assert clean(spec, 90.5)[1] == [(1, "", "must be at most 90")]
    assert clean(spec, -91)[1] == [(1, "", "must be at least -90")]


def test_integer_rejects_bools_and_fractions():
    assert clean(schema.Integer(), 2019) == (2019, [])
    assert clean(schema.Integer(), True)[1] == [(1, "", "expected a whole number, got bool")]
    assert clean(schema.Integer(), 2019.5)[1] == [(1, "", "expected a whole number, got float")]


def test_date_accepts_a_date_but_not_a_string_or_a_datetime():
    assert clean(schema.Date(), datetime.date(2021, 1, 13)) == (datetime.date(2021, 1, 13), [])
    assert clean(schema.Date(), "13 January 2021")[1] == [
        (1, "", "expected a date as YYYY-MM-DD, got '13 January 2021'")
    ]
    assert clean(schema.Date(), datetime.datetime(2021, 1, 13, 7, 0))[1][0][2].startswith(
        "expected a date as YYYY-MM-DD"
    )


def test_datetime_with_an_offset_is_accepted_from_yaml_and_from_a_string():
    from_yaml = load_yaml("starts_at: 2021-01-15T07:00:00-05:00\n")["starts_at"]
    expected = datetime.datetime(2021, 1, 15, 12, 0, tzinfo=datetime.UTC)
    for value in (from_yaml, "2021-01-15T07:00:00-05:00"):
        result, errors = clean(schema.DateTime(), value)
        assert errors == []
        assert result == expected
        assert result.utcoffset() == datetime.timedelta(hours=-5)


@pytest.mark.parametrize(
    "value",
    [
        "2021-01-15T07:00:00",
        datetime.datetime(2021, 1, 15, 7, 0),
        load_yaml("a: 2021-01-15T07:00:00\n")["a"],
    ],
    ids=["string", "naive-datetime", "yaml-without-offset"],
)
def test_datetime_without_an_offset_is_an_error(value):
    assert clean(schema.DateTime(), value) == (
        None,
        [(1, "", "a date-time needs an offset, e.g. 2021-01-15T07:00:00-05:00")],
    )


def test_datetime_rejects_a_bare_date_and_garbage():
    assert clean(schema.DateTime(), datetime.date(2021, 1, 15))[1] == [
        (1, "", "expected an ISO 8601 date-time, got date")
    ]
    assert clean(schema.DateTime(), "next Friday")[1] == [
        (1, "", "expected an ISO 8601 date-time, got 'next Friday'")
    ]


# --- mappings: unknown keys, required keys, line numbers ------------------------------------


def test_mapping_reports_unknown_and_missing_keys_at_their_lines():
    text = "title: Home\nintro: <p>x</p>\ncolour: blue\n"
    result, errors = clean_yaml(schema.HOME, text)
    assert errors == [
        (line_of(text, "colour"), "colour", "unknown key; expected one of title, intro")
    ]

    text = "# comment\nintro: <p>x</p>\n"
    result, errors = clean_yaml(schema.HOME, text)
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
    result, errors = clean_yaml(schema.TOPICS, text)
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
    result, errors = clean_yaml(schema.FACT, text)
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
    _result, with_lines = clean_yaml(schema.FACT, text)
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
    city, errors = clean_yaml(schema.MEMBER, CITY)
    assert errors == []
    assert (city["kind"], city["region"]) == ("city", "Test Province")
    organisation, errors = clean_yaml(schema.MEMBER, ORGANISATION)
    assert errors == []
    assert organisation["acronym"] == "TO"


def test_organisation_with_facts_is_an_error_at_the_facts_line():
    text = ORGANISATION + FACTS
    _, errors = clean_yaml(schema.MEMBER, text)
    assert errors == [(line_of(text, "facts:"), "facts", "only cities have this")]


def test_organisation_with_a_region_is_an_error():
    text = ORGANISATION + "region: Somewhere\n"
    _, errors = clean_yaml(schema.MEMBER, text)
    assert errors == [(line_of(text, "region:"), "region", "only cities have this")]


def test_city_without_region_is_an_error():
    text = CITY.replace("region: Test Province\n", "")
    _, errors = clean_yaml(schema.MEMBER, text)
    assert errors == [(1, "region", "a city needs its region or province")]


def test_city_with_an_acronym_is_an_error():
    text = CITY + "acronym: TV\n"
    _, errors = clean_yaml(schema.MEMBER, text)
    assert errors == [(line_of(text, "acronym:"), "acronym", "only organisations have an acronym")]


def test_summary_over_400_characters_is_an_error():
    text = CITY.replace("A city for tests.", "x" * 401)
    _, errors = clean_yaml(schema.MEMBER, text)
    assert errors == [(line_of(text, "summary:"), "summary", "at most 400 characters, got 401")]


def test_body_blocks_are_one_key_mappings_of_known_types():
    text = CITY + "body:\n  - heading: History\n  - gallery: [a, b]\n"
    result, errors = clean_yaml(schema.MEMBER, text)
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

    _, errors = clean_yaml(schema.VIDEO, text)

    assert [(line, path) for line, path, _ in errors] == [(3, "youtube_url"), (4, "bilibili_url")]
    assert "not the address of a YouTube video" in errors[0][2]


def test_a_video_file_with_real_addresses_is_valid():
    text = (
        "slug: intro\n"
        "title: Intro\n"
        "youtube_url: https://youtu.be/dQw4w9WgXcQ\n"
        "bilibili_url: https://www.bilibili.com/video/BV1xx411c7mD\n"
    )

    _, errors = clean_yaml(schema.VIDEO, text)

    assert errors == []
