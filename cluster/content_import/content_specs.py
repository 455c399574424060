"""What each content file must hold (see cluster/content/README.md), declared with the generic
specs of spec_types.py, and the checks across fields of a fact and of a member.
"""

from cluster.content_import.spec_types import (
    Choice,
    Colour,
    Date,
    DateTime,
    Integer,
    ListOf,
    Mapping,
    Number,
    OneOf,
    RichText,
    Slug,
    Text,
    Url,
    VideoUrl,
)
from cluster.embeds import bilibili_player_url, youtube_player_url
from cluster.facts import COUNTRIES, FACT_KEYS, UNITS
from cluster.languages import CONTENT_LANGUAGES

HOME = Mapping({"title": Text(max_length=255), "intro": RichText(required=False)})

THEME = Mapping({"key": Slug(), "title": Text(max_length=255), "description": Text()})
FIGURE = Mapping(
    {
        "value": Number(),
        "unit": Choice(UNITS),
        "measure": Text(max_length=255),
        "source": Text(max_length=255),
        "year": Integer(min_value=1900, max_value=2100),
        "period": Text(required=False, max_length=255),
        "source_url": Url(required=False),
    }
)
CLUSTER = Mapping(
    {
        "slug": Slug(),
        "title": Text(max_length=255),
        "subtitle": Text(required=False, max_length=255),
        "introduction": RichText(),
        "themes": ListOf(THEME, unique_key="key"),
        "figures": ListOf(FIGURE, required=False),
        "body": RichText(required=False),
        "join_call": RichText(),
    }
)

TOPICS = ListOf(Mapping({"slug": Slug(), "name": Text(max_length=120)}), unique_key="slug")

# The heritage glossary: an English term, its approved Chinese and Spanish forms, and a note.
GLOSSARY = ListOf(
    Mapping(
        {
            "term": Text(max_length=120),
            "zh-hans": Text(max_length=120),
            "es": Text(max_length=120),
            "note": Text(required=False),
        }
    ),
    unique_key="term",
)


def check_fact(fact):
    if fact["key"] == "founded":
        if fact["unit"] != "year":
            yield "unit", "a founding date is given as a year (unit: year)"
        if fact["value"] != fact["value"].to_integral_value():
            yield "value", "a founding year is a whole number"
    if fact["key"] == "gdp" and fact["unit"] not in {"CNY", "BRL", "MXN", "USD"}:
        yield "unit", "GDP is given in a currency (CNY, BRL, MXN, USD)"
    if fact["unit"] == "percent" and not 0 <= fact["value"] <= 100:
        yield "value", "a percentage lies between 0 and 100"


FACT = Mapping(
    {
        "key": Choice(FACT_KEYS),
        "value": Number(min_value=-(10**15), max_value=10**15),
        "unit": Choice(UNITS),
        "year": Integer(required=False, min_value=1, max_value=2100),
        "source": Text(max_length=255),
        "note": Text(required=False, max_length=255),
    },
    check=lambda fact: list(check_fact(fact)),
)
BODY = ListOf(
    OneOf(
        {
            "heading": Text(max_length=255),
            "paragraph": RichText(),
            "quote": Mapping({"text": Text(), "attribution": Text(required=False, max_length=255)}),
        }
    ),
    required=False,
)
HERO = Mapping({"colour": Colour(), "alt": Text(max_length=255)})
LOCATION = Mapping(
    {
        "latitude": Number(min_value=-90, max_value=90),
        "longitude": Number(min_value=-180, max_value=180),
    }
)


def check_member(member):
    if member["kind"] == "city":
        if not member.get("region"):
            yield "region", "a city needs its region or province"
        if member.get("acronym"):
            yield "acronym", "only organisations have an acronym"
    else:
        for key in ("region", "location", "facts", "heritage_highlights"):
            if member.get(key):
                yield key, "only cities have this"


MEMBER = Mapping(
    {
        "kind": Choice(["city", "organisation"]),
        "slug": Slug(),
        "title": Text(max_length=255),
        "country": Choice(COUNTRIES),
        "region": Text(required=False, max_length=120),
        "acronym": Text(required=False, max_length=40),
        "website": Url(required=False),
        "location": Mapping(LOCATION.fields, required=False),
        "summary": Text(max_length=400),
        "body": BODY,
        "heritage_highlights": ListOf(
            Mapping({"name": Text(max_length=255), "description": Text()}), required=False
        ),
        "facts": ListOf(FACT, required=False),
        "topics": ListOf(Slug(), required=False, unique_key=True),
        "hero": HERO,
    },
    check=lambda member: list(check_member(member)),
)

RECORDING = Mapping(
    {
        "platform": Choice(["youtube", "bilibili", "fengzhibo", "fengshow", "other"]),
        "language": Choice(CONTENT_LANGUAGES),
        "label": Text(max_length=255),
        "url": Url(required=False),
    }
)
NEWS = Mapping(
    {
        "slug": Slug(),
        "kind": Choice(["news", "event", "webinar"]),
        "title": Text(max_length=255),
        "date": Date(),
        "summary": Text(),
        "body": RichText(required=False),
        "event": Mapping(
            {"starts_at": DateTime(required=False), "access": Text(required=False)},
            required=False,
        ),
        "recordings": ListOf(RECORDING, required=False),
        "topics": ListOf(Slug(), required=False, unique_key=True),
    },
    check=lambda item: (
        [("event", "news items have no event; use kind: event or webinar")]
        if item["kind"] == "news" and item.get("event", {}).get("starts_at")
        else []
    ),
)
KNOWLEDGE = Mapping(
    {
        "slug": Slug(),
        "kind": Choice(["training_report", "publication", "policy_brief"]),
        "title": Text(max_length=255),
        "date": Date(),
        # Only as the seed names it; left out where the seed names none.
        "publisher": Text(required=False, max_length=255),
        "summary": Text(),
        "body": RichText(required=False),
        "external_url": Url(required=False),
        "topics": ListOf(Slug(), required=False, unique_key=True),
    }
)
VIDEO = Mapping(
    {
        "slug": Slug(),
        "title": Text(max_length=255),
        "description": Text(required=False),
        "date": Date(required=False),
        "youtube_url": VideoUrl("YouTube", youtube_player_url, required=False),
        "bilibili_url": VideoUrl("BiliBili", bilibili_player_url, required=False),
        "related_news": Slug(required=False),
    }
)
