"""Generated requests to every operation of the OpenAPI document, with every parameter it
declares. Two kinds:

- every integer parameter just inside and just outside its declared range (and far outside):
  outside is a 400 (a 404 for an id in the path), inside is served;
- hypothesis draws requests with one to three parameters each, with values of the declared
  type (ids of the seed's objects, the edges of each range, each enum value) and hostile ones
  (huge and negative integers, other numerals, empty, NUL, unicode, long strings).

None gets a 5xx; every answer has a status the operation documents; every 4xx is JSON valid
against the document's error response. The requests are the same on every run (derandomized),
on SQLite and on PostgreSQL, against the seed content.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.apps import apps

from wagtail.models import Page

from cluster.api.schema import build_document
from cms.api import api_router
from tests.support.openapi import Contract

DOCUMENT = build_document(api_router)
CONTRACT = Contract(DOCUMENT)
OPERATIONS = {path: item["get"] for path, item in DOCUMENT["paths"].items()}
EXAMPLES_PER_OPERATION = 10  # 23 operations: at most 230 requests
PARAMETERS_PER_REQUEST = 3  # more, and nearly every request stops at a bad value

HOSTILE = [
    "",
    " ",
    "-1",
    "0",
    "+1",
    " 1",
    "1.5",
    "1e3",
    "0x10",
    "1_000",
    "\u0661",  # an Arabic-Indic digit one: int() takes it
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1" + "0" * 23,
    "9" * 5000,
    "\x00",
    "NaN",
    "inf",
    "root",
    "true",
    "*",
    ",",
    "-",
    "(",
    "%",
    "'\"<>",
    "a" * 1000,
    "洛阳",
]
BAD_PATH_IDS = ["0", "-1", "abc", "9" * 30, "\u0661", "1.0"]
PAGES = api_router.get_model_endpoint(Page)[1]
PAGE_TYPES = {
    model._meta.label: model
    for model in apps.get_models()
    if issubclass(model, Page) and model is not Page and api_router.get_model_endpoint(model)
}
# Values a parameter's schema does not say but that reach deeper into the code.
MEANINGFUL = {
    "type": [*PAGE_TYPES, ",".join(list(PAGE_TYPES)[:2]), "wagtailcore.Page", "auth.User"],
    "fields": ["*", "_", "title", "-title", "*,-id", "body", "title(id)", "_,meta(x)"],
    "order": ["title", "-id", "random", "date", "-first_published_at", "title,-id"],
    "search": ["cluster", "洛阳", "oracle bone", "&", "a" * 201],
    "site": ["testserver", "localhost:80", "nowhere.example"],
    "html_path": ["/", "/en/", "/es/", "/zh-hans/", "/en/no/such/page/"],
    "topic": ["webinars", "publications", "a,b"],
    "token": ["x", "a.b.c"],
}


def page_type_with(name):
    """A page type whose own field `?name=` filters on (None: every page has it)."""
    if name in PAGES.get_available_fields(Page, db_fields_only=True):
        return None
    for label, model in PAGE_TYPES.items():
        if name in PAGES.get_available_fields(model, db_fields_only=True):
            return label
    return None


def resolve(schema):
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return DOCUMENT["components"]["schemas"][name]
    return schema


def as_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def declared_values(schema):
    """Strings for values of `schema`'s type, each edge of a range and just beyond it."""
    schema = resolve(schema)
    if "anyOf" in schema:
        return st.one_of([declared_values(variant) for variant in schema["anyOf"]])
    if "const" in schema:
        return st.just(as_text(schema["const"]))
    if "enum" in schema:
        return st.sampled_from([as_text(value) for value in schema["enum"]])
    if schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        edges = [edge + step for edge in (low, high) if edge is not None for step in (-1, 0, 1)]
        seed_ids = st.integers(max(low or 0, 1), 500)  # the seed's objects
        integers = [seed_ids, st.integers(low, high)] + [st.sampled_from(edges)] * bool(edges)
        return st.one_of(integers).map(str)
    if schema.get("type") == "boolean":
        return st.sampled_from(["true", "false", "1", "0"])
    if schema.get("format") == "date":
        return st.dates().map(lambda day: day.isoformat())
    if schema.get("format") == "date-time":
        return st.datetimes(timezones=st.just(datetime.UTC)).map(lambda moment: moment.isoformat())
    return st.text(max_size=schema.get("maxLength", 30))


def values_for(parameter):
    return st.one_of(
        declared_values(parameter["schema"]),
        st.sampled_from(MEANINGFUL.get(parameter["name"], []) + HOSTILE),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=12),  # UTF-8 encodable
    )


def with_page_type(path, query):
    """A page type's own filter needs `type=` naming it, or it is an unknown parameter."""
    if path == "/api/v2/pages/" and "type" not in query:
        for name in query:
            if page_type_with(name):
                return {**query, "type": page_type_with(name)}
    return query


def requests_for(path, operation):
    """(path with its `{id}` filled in, query dict) for one request to `operation`."""
    query_parameters = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
    path_ids = st.just(path)
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            ids = st.one_of(declared_values(parameter["schema"]), st.sampled_from(BAD_PATH_IDS))
            path_ids = ids.map(lambda value: path.replace("{id}", value))
    query = st.just({})
    if query_parameters:
        names = st.lists(
            st.sampled_from(sorted(query_parameters)), max_size=PARAMETERS_PER_REQUEST, unique=True
        )
        query = names.flatmap(
            lambda chosen: st.fixed_dictionaries(
                {name: values_for(query_parameters[name]) for name in chosen}
            )
        ).map(lambda drawn: with_page_type(path, drawn))
    return st.tuples(path_ids, query)


def described(url, query):
    """The request, with long values cut, for a failure message."""
    shown = {
        name: value if len(value) < 40 else value[:40] + "..." for name, value in query.items()
    }
    return f"{url[:80]} {shown!r}"


def assert_answered_as_documented(response, url, operation, query):
    status = response.status_code
    request = described(url, query)
    assert status < 500, f"{status} for {request}"
    documented = {str(code) for code in operation["responses"]}
    assert str(status) in documented, f"{status} (not documented) for {request}"
    if status < 400:
        return
    assert response["Content-Type"] == "application/json", f"{status} not JSON for {request}"
    template, _documented = CONTRACT.response_for(url, status)
    errors = CONTRACT.errors(response.json(), template, status)
    assert not errors, f"{status} for {request}: {errors[0].message}"
    assert response.json()["message"], f"{status} with an empty message for {request}"


# --- Every integer parameter at the edges of its range ---------------------------------------


def integer_parameters():
    for path, operation in OPERATIONS.items():
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            integers = [v for v in schema.get("anyOf", [schema]) if v.get("type") == "integer"]
            if integers:
                [integer] = integers
                yield pytest.param(
                    path, parameter, integer, id=f"{operation['operationId']}-{parameter['name']}"
                )


@pytest.mark.parametrize("path, parameter, integer", list(integer_parameters()))
def test_every_integer_parameter_is_range_checked(client, db, path, parameter, integer):
    assert {"minimum", "maximum"} <= set(integer), f"{parameter['name']} declares no range"
    low, high = integer["minimum"], integer["maximum"]
    operation = OPERATIONS[path]
    name = parameter["name"]
    client.raise_request_exception = False  # a server error is a 500 to assert on, as served

    def get(value):
        if parameter["in"] == "path":
            url, query = path.replace("{id}", str(value)), {}
        else:
            url, query = path, with_page_type(path, {name: str(value)})
        response = client.get(url, query)
        assert_answered_as_documented(response, url, operation, query)
        return response.status_code

    refused = 404 if parameter["in"] == "path" else 400
    for outside in [low - 1, high + 1, 10**23, "\u0661"]:
        assert get(outside) == refused, f"{name}={outside}"
    for inside in [low, high]:
        get(inside)  # served or refused for what it means (no such parent page), never a 5xx


# --- Hypothesis: requests drawn from the document ----------------------------------------------


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda path: OPERATIONS[path]["operationId"])
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_requests_get_no_5xx_and_documented_errors(client, db, path, data):
    client.raise_request_exception = False  # a server error is a 500 to assert on, as served
    operation = OPERATIONS[path]
    url, query = data.draw(requests_for(path, operation), label="request")
    response = client.get(url, query)
    assert_answered_as_documented(response, url, operation, query)
