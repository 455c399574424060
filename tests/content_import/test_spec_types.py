"""The generic specs of the content files (cluster/content_import/spec_types.py), without a
database.

Each test feeds one value to a spec and checks the cleaned value or the errors it collects
(file, line, dotted path, message).
"""

import datetime
from decimal import Decimal

import pytest

from cluster.content_import import spec_types
from cluster.content_import.yaml_lines import load_yaml
from tests.support.spec_cleaning import clean

# --- Text and Slug -----------------------------------------------------------------------


def test_text_at_max_length_is_accepted_and_stripped():
    assert clean(spec_types.Text(max_length=5), "  abcde \n") == ("abcde", [])


def test_text_longer_than_max_length_is_an_error_with_both_lengths():
    assert clean(spec_types.Text(max_length=5), "abcdef", line=7) == (
        None,
        [(7, "", "at most 5 characters, got 6")],
    )


def test_required_text_must_not_be_blank_but_optional_text_may_be():
    assert clean(spec_types.Text(), "   ") == (None, [(1, "", "must not be empty")])
    assert clean(spec_types.Text(required=False), "") == ("", [])


def test_text_rejects_mappings_lists_and_bools():
    assert clean(spec_types.Text(), {"a": 1})[1] == [(1, "", "expected text, got a mapping")]
    assert clean(spec_types.Text(), ["a"])[1] == [(1, "", "expected text, got a list")]
    assert clean(spec_types.Text(), True)[1] == [(1, "", "expected text, got bool")]


def test_text_takes_a_number_as_its_string():
    assert clean(spec_types.Text(), 2021) == ("2021", [])


@pytest.mark.parametrize("slug", ["anyang", "san-luis-potosi", "covid-19", "a1"])
def test_slug_accepts_lowercase_letters_digits_and_single_hyphens(slug):
    assert clean(spec_types.Slug(), slug) == (slug, [])


@pytest.mark.parametrize(
    "slug", ["Anyang", "san_luis", "two--hyphens", "-leading", "trailing-", "with space", "año"]
)
def test_slug_rejects_anything_else(slug):
    assert clean(spec_types.Slug(), slug) == (
        None,
        [(1, "", "a slug is lowercase letters, digits and single hyphens")],
    )


def test_slug_is_at_most_120_characters():
    assert clean(spec_types.Slug(), "a" * 120) == ("a" * 120, [])
    assert clean(spec_types.Slug(), "a" * 121)[1] == [(1, "", "at most 120 characters, got 121")]


# --- RichText ----------------------------------------------------------------------------


def test_rich_text_accepts_the_editor_subset():
    html = '<p><b>x</b> <a href="https://x.org">y</a></p>'
    assert clean(spec_types.RichText(), html) == (html, [])


def test_rich_text_accepts_headings_lists_and_line_breaks():
    html = "<h2>A</h2><ul><li><i>b</i></li></ul><ol><li>c<br>d<br/></li></ol><h4>e</h4>"
    assert clean(spec_types.RichText(), html) == (html, [])


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
    result, errors = clean(spec_types.RichText(), html, line=4)
    assert result is None
    assert len(errors) == 1
    line, path, text = errors[0]
    assert (line, path) == (4, "")
    assert message in text


def test_rich_text_accepts_mailto_links():
    html = '<p><a href="mailto:cities@example.org">write</a></p>'
    assert clean(spec_types.RichText(), html) == (html, [])


# --- numbers and dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, cleaned", [(3, Decimal("3")), (2.5, Decimal("2.5")), (-7, Decimal("-7"))]
)
def test_number_gives_a_decimal(value, cleaned):
    result, errors = clean(spec_types.Number(), value)
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
    assert clean(spec_types.Number(), value) == (None, [(1, "", message)])


def test_number_bounds_are_inclusive():
    spec = spec_types.Number(min_value=-90, max_value=90)
    assert clean(spec, 90) == (Decimal("90"), [])
    assert clean(spec, -90) == (Decimal("-90"), [])
    assert clean(spec, 90.5)[1] == [(1, "", "must be at most 90")]
    assert clean(spec, -91)[1] == [(1, "", "must be at least -90")]


def test_integer_rejects_bools_and_fractions():
    assert clean(spec_types.Integer(), 2019) == (2019, [])
    assert clean(spec_types.Integer(), True)[1] == [(1, "", "expected a whole number, got bool")]
    assert clean(spec_types.Integer(), 2019.5)[1] == [(1, "", "expected a whole number, got float")]


def test_date_accepts_a_date_but_not_a_string_or_a_datetime():
    assert clean(spec_types.Date(), datetime.date(2021, 1, 13)) == (datetime.date(2021, 1, 13), [])
    assert clean(spec_types.Date(), "13 January 2021")[1] == [
        (1, "", "expected a date as YYYY-MM-DD, got '13 January 2021'")
    ]
    assert clean(spec_types.Date(), datetime.datetime(2021, 1, 13, 7, 0))[1][0][2].startswith(
        "expected a date as YYYY-MM-DD"
    )


def test_datetime_with_an_offset_is_accepted_from_yaml_and_from_a_string():
    from_yaml = load_yaml("starts_at: 2021-01-15T07:00:00-05:00\n")["starts_at"]
    expected = datetime.datetime(2021, 1, 15, 12, 0, tzinfo=datetime.UTC)
    for value in (from_yaml, "2021-01-15T07:00:00-05:00"):
        result, errors = clean(spec_types.DateTime(), value)
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
    assert clean(spec_types.DateTime(), value) == (
        None,
        [(1, "", "a date-time needs an offset, e.g. 2021-01-15T07:00:00-05:00")],
    )


def test_datetime_rejects_a_bare_date_and_garbage():
    assert clean(spec_types.DateTime(), datetime.date(2021, 1, 15))[1] == [
        (1, "", "expected an ISO 8601 date-time, got date")
    ]
    assert clean(spec_types.DateTime(), "next Friday")[1] == [
        (1, "", "expected an ISO 8601 date-time, got 'next Friday'")
    ]
