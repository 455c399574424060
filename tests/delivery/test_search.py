"""`?search=` in English, Chinese and Spanish, on pages and snippets, within `?locale=` and the
other filters, ranked; hostile queries get a 200 or a 400, never a 500.

Runs on PostgreSQL (DATABASE_URL set) and on SQLite (DATABASE_URL unset): both must pass."""

import datetime
import shutil

import polib
import pytest

from django.db import connection

from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.index import SearchField

from cluster.models import (
    CityPage,
    ClusterPage,
    KnowledgeProduct,
    NewsItem,
    OrganisationPage,
    Topic,
    Video,
)
from cluster.multilingual_search import (
    MultilingualSearchField,
    fold_accents,
    index_variants,
    query_words,
    search_query,
)
from cluster.translation.po_import import (
    export_translations,
    import_translations,
    read_translation_files,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(api):
    """GET a listing with `?search=` and return its items, asserting a 200."""

    def get(endpoint, query, **params):
        status, body = api(f"{endpoint}/", search=query, **params)
        assert status == 200, body
        return body["items"]

    return get


def titles(items):
    return [(item.get("title") or item["name"], item["meta"]["locale"]) for item in items]


def slugs(items):
    """Pages have the slug in `meta`, snippets among their fields."""
    return [item["meta"]["slug"] for item in items]


# --- Chinese ------------------------------------------------------------------------------------


def test_a_chinese_city_name_finds_that_citys_chinese_page_first(search):
    assert titles(search("pages", "洛阳", locale="all"))[0] == ("洛阳", "zh-hans")
    assert titles(search("pages", "洛阳", locale="zh-hans"))[0] == ("洛阳", "zh-hans")


@pytest.mark.parametrize("query", ["龙门", "石窟", "龙门石窟", "洛阳龙门石窟"])
def test_a_word_inside_a_run_of_chinese_text_finds_the_page(search, api, query):
    """`龙门` appears only inside `龙门石窟` (and `洛阳龙门石窟是...`): without segmentation
    neither database would find it."""
    items = search("pages", query, locale="zh-hans")

    assert titles(items)[0] == ("洛阳", "zh-hans")
    _status, page = api(f"pages/{items[0]['id']}/")
    assert "龙门石窟" in [highlight["name"] for highlight in page["heritage_highlights"]]


def test_a_word_jieba_keeps_whole_in_the_text_is_found_character_by_character(search):
    """jieba keeps `唐三彩` (Tang tri-colour pottery) as one word in the text, so the word `三彩`
    is not in the index; its characters side by side are."""
    assert titles(search("pages", "三彩", locale="zh-hans")) == [("洛阳", "zh-hans")]


# --- Spanish ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Queretaro", "querétaro", "QUERETARO", "Querétaro", "QUERÉTARO"])
def test_spanish_search_ignores_accents_and_case(search, query):
    assert titles(search("pages", query, locale="es"))[0] == ("Querétaro", "es")


def test_an_accented_word_in_the_text_is_found_without_its_accent(search):
    """`innovación` in the Spanish webinar's title."""
    items = search("news", "innovacion digital", locale="es")

    assert slugs(items) == ["leveraging-digital-innovation-world-heritage-cities"]


# --- English ------------------------------------------------------------------------------------


def test_english_search_works_as_before(search):
    assert titles(search("pages", "oracle")) == [("Anyang", "en")]
    assert titles(search("pages", "oracle bone", locale="en")) == [("Anyang", "en")]


def test_search_operator_or_matches_any_word(search):
    assert search("pages", "oracle xylophones", locale="en") == []
    assert titles(search("pages", "oracle xylophones", locale="en", search_operator="or")) == [
        ("Anyang", "en")
    ]


# --- Within ?locale= and the other filters ------------------------------------------------------


def test_search_stays_within_the_requested_language(search):
    assert search("pages", "洛阳", locale="es") == []
    assert {locale for _title, locale in titles(search("pages", "Queretaro", locale="en"))} == {
        "en"
    }
    assert {"en", "es"} <= {
        locale for _title, locale in titles(search("pages", "Queretaro", locale="all"))
    }


@pytest.mark.parametrize(
    "language, query", [("zh-hans", "城市"), ("es", "ciudades"), ("en", "cities")]
)
def test_search_combines_with_kind_topic_and_dates(search, language, query):
    webinar = "leveraging-digital-innovation-world-heritage-cities"
    workshop = "uzbekistan-35-cities-urban-development-workshop"

    assert {webinar, workshop} <= set(slugs(search("news", query, locale=language)))
    assert workshop not in slugs(search("news", query, locale=language, kind="webinar"))
    assert webinar in slugs(search("news", query, locale=language, kind="webinar"))
    assert slugs(search("news", query, locale=language, kind="news")) == [workshop]
    assert workshop not in slugs(search("news", query, locale=language, topic="webinars"))
    assert slugs(
        search("news", query, locale=language, date_from="2020-11-01", date_to="2020-11-15")
    ) == [workshop]


def test_search_combines_with_page_type_and_tree_filters(search, api):
    _status, clusters = api("pages/", type="cluster.ClusterPage", locale="zh-hans")
    cluster_id = clusters["items"][0]["id"]

    found = search("pages", "洛阳", locale="zh-hans", type="cluster.CityPage", child_of=cluster_id)
    assert titles(found)[0] == ("洛阳", "zh-hans")
    assert search("pages", "洛阳", type="cluster.OrganisationPage") == []


def publish_news(slug, title, summary, date):
    return NewsItem.objects.create(
        locale=Locale.get_default(), slug=slug, title=title, summary=summary, date=date, live=True
    )


def test_results_are_ranked_by_relevance_unless_an_order_is_given(
    search, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_news("mole", "Mole poblano", "The mole of Puebla.", datetime.date(2019, 5, 1))
        publish_news(
            "food-fair",
            "A food fair in Puebla",
            "Stalls, music, talks on heritage cooking, and mole among many other dishes.",
            datetime.date(2022, 5, 1),
        )

    assert slugs(search("news", "mole", locale="en")) == ["mole", "food-fair"]
    assert slugs(search("news", "mole", locale="en", order="-date")) == ["food-fair", "mole"]
    assert slugs(search("news", "mole", locale="en", order="title")) == ["food-fair", "mole"]


@pytest.mark.parametrize(
    "endpoint, language, query, expected",
    [
        ("news", "zh-hans", "电子商务", "travel-south-over-cloud-creative-economy-e-commerce"),
        ("news", "es", "Mexico", "travel-south-over-cloud-china-mexico"),
        ("knowledge", "zh-hans", "塑料", "tourism-plastic-pollution-covid-19-recommendations"),
        ("knowledge", "es", "plasticos", "tourism-plastic-pollution-covid-19-recommendations"),
        ("knowledge", "zh-hans", "经济后果", "unctad-covid-19-and-tourism"),
        ("videos", "zh-hans", "数字创新", "leveraging-digital-innovation-world-heritage-cities"),
        ("videos", "es", "recuperacion", "travel-south-over-cloud-creative-economy-e-commerce"),
        ("topics", "zh-hans", "网络研讨会", "webinars"),
    ],
)
def test_snippets_are_searchable_in_chinese_and_spanish(
    search, endpoint, language, query, expected
):
    items = search(endpoint, query, locale=language)

    assert expected in slugs(items)
    assert {item["meta"]["locale"] for item in items} == {language}


# --- The index follows publishing ---------------------------------------------------------------


def test_a_published_translation_is_searchable_at_once(
    search, tmp_path, django_capture_on_commit_callbacks
):
    """A translator changes a heritage highlight of the Chinese Luoyang page and imports the PO
    file; the new text is found (and struct blocks such as highlights are indexed)."""
    export_translations(tmp_path / "all", "zh-hans")
    changed = tmp_path / "changed" / "zh-hans" / "citypage"
    changed.mkdir(parents=True)
    shutil.copy(tmp_path / "all" / "zh-hans" / "citypage" / "luoyang.po", changed)
    po = polib.pofile(str(changed / "luoyang.po"))
    description = next(e for e in po if e.msgid.startswith("Luoyang Longmen Grottoes is"))
    description.msgstr = "龙门石窟的佛像里住着一只大熊猫。"
    po.save()
    assert search("pages", "熊猫", locale="zh-hans") == []

    with django_capture_on_commit_callbacks(execute=True):
        report = import_translations(read_translation_files(tmp_path / "changed"))

    assert report.count("updated") == 1
    assert titles(search("pages", "熊猫", locale="zh-hans")) == [("洛阳", "zh-hans")]


# --- Hostile queries ----------------------------------------------------------------------------

HOSTILE_QUERIES = [
    "\\",
    "&",
    "|",
    "!",
    "-x",
    "-",
    '"unbalanced',
    '"',
    "'",
    "(",
    ")",
    ":*",
    "oracle:*",
    "a & b | !c",
    "<->",
    "NEAR(a b)",
    "title:oracle",
    "{title}: x",
    "*",
    "%",
    "_",
    "😀",
    "洛阳😀",
    "🇨🇳 洛阳",
    "\u200b",
    "\ufffd",
    "\x01\x02",
    "   ",
    "",
    "x" * 200,
    "洛" * 200,
    "城市发展研讨会" * 28,
    " ".join(f"w{i}" for i in range(60)),
    "x" * 10_000,
    "\x00",
    "oracle\x00",
]


@pytest.mark.parametrize("endpoint", ["pages", "news", "knowledge", "videos", "topics"])
@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=lambda q: repr(q[:20]))
def test_hostile_queries_get_results_or_a_400_never_a_500(api, endpoint, query):
    status, body = api(f"{endpoint}/", search=query, locale="zh-hans")

    assert status in (200, 400), body
    if status == 400:
        assert body["message"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"search": "x" * 201}, "search must be at most 200 characters"),
        ({"search": "x" * 10_000}, "search must be at most 200 characters"),
        ({"search": " ".join(f"w{i}" for i in range(33))}, "search must have at most 32 words"),
        ({"search": "oracle\x00"}, "null characters are not allowed"),
        ({"search": "oracle", "search_operator": "not"}, "search_operator must be one of and, or"),
    ],
)
def test_refused_queries_say_why(api, params, message):
    status, body = api("pages/", **params)

    assert status == 400
    assert message in body["message"]


@pytest.mark.parametrize("query", ["&", "\\", "😀", "-", '"', "", "   "])
def test_a_query_without_letters_or_digits_finds_nothing(search, query):
    assert search("pages", query) == []
    assert search("news", query) == []


# --- The analysis itself ------------------------------------------------------------------------


def test_the_index_adds_accent_free_spellings_and_the_chinese_words_to_the_text():
    assert index_variants("Querétaro: 龙门石窟").split("\n") == [
        "Queretaro",
        "龙门 石窟 龙门石窟",
        "龙 门 石 窟",
    ]
    assert index_variants("Anyang, oracle-bone inscriptions") == ""


def test_every_searchable_field_of_the_content_models_is_analysed():
    models = [ClusterPage, CityPage, OrganisationPage, NewsItem, KnowledgeProduct, Video, Topic]
    for model in models:
        plain = {
            f.field_name for f in model.get_searchable_search_fields() if type(f) is SearchField
        }
        analysed = {
            f.field_name
            for f in model.get_searchable_search_fields()
            if isinstance(f, MultilingualSearchField)
        }
        assert plain == analysed, model
    assert "heritage_highlights" in {f.field_name for f in CityPage.get_searchable_search_fields()}


def test_queries_keep_only_letters_and_digits_each_word_once():
    assert query_words('"Oracle" & -bones | (Anyang):* oracle') == ["oracle", "bones", "anyang"]
    assert query_words("Querétaro: 龙门石窟在洛阳!") == ["queretaro", "龙门石窟", "在", "洛阳"]
    assert query_words("&|!\\😀") == []
    assert search_query([]) is None
    assert fold_accents("ÁÉÍÓÚÑÜ ａｂｃ") == "AEIOUNU abc"


def test_search_uses_the_full_text_backend_of_the_database():
    """On SQLite without FTS5 Wagtail would quietly fall back to a LIKE search."""
    expected = {"postgresql": "PostgresSearchBackend", "sqlite": "SQLiteSearchBackend"}
    # The project's backend extends it (cluster/multilingual_search_backend.py).
    backend_classes = {cls.__name__ for cls in type(get_search_backend()).__mro__}
    assert expected[connection.vendor] in backend_classes
