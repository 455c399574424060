"""HTTP caching of the API: ETag and Cache-Control on every GET, 304s, a server-side cache that
answers a repeated request without a query and that publishing invalidates exactly (in every
language, on local memory and on Redis), CDN purges, and CORS for the frontends only."""

import gzip
import json
import re
import shutil
from http.server import BaseHTTPRequestHandler

import polib
import pytest
from modelsearch.tasks import insert_or_update_object_task

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail_localize.models import StringTranslation

from cluster.api import caching
from cluster.api.views import PagesViewSet
from cluster.models import CityPage, ClusterPage, KnowledgeProduct, NewsItem, Topic, Video
from cluster.pipeline.translations import (
    export_translations,
    import_translations,
    read_translation_files,
)
from tests.seed import english, locale
from tests.support.local_server import LocalServer

REDIS_TEST_URL = "redis://127.0.0.1:6379/7"  # this module's own Redis database, flushed
PUBLIC = "public, max-age=60, stale-while-revalidate=30"
ETAG = re.compile(r'"[0-9a-f]{32}"')


@pytest.fixture(autouse=True)
def api_cache(settings):
    """The cache is off for the rest of the suite; on here, and empty before and after each
    test (local memory outlives a test's rolled-back transaction)."""
    settings.API_CACHE_ENABLED = True
    settings.API_CACHE_MAX_AGE, settings.API_CACHE_STALE_WHILE_REVALIDATE = 60, 30  # = PUBLIC
    caches[caching.CACHE_ALIAS].clear()
    yield caches[caching.CACHE_ALIAS]
    caches[caching.CACHE_ALIAS].clear()


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            **settings.CACHES,
            caching.CACHE_ALIAS: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_TEST_URL,
            },
        }
        caches[caching.CACHE_ALIAS].clear()
    yield request.param
    caches[caching.CACHE_ALIAS].clear()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Change fields of a page or snippet and publish it, running what waits for the commit."""

    def publish_changes(obj, **changes):
        for name, value in changes.items():
            setattr(obj, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            obj.save_revision().publish()

    return publish_changes


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block defers to the commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def get(client, path, params=None, **meta):
    """(number of SQL queries, response) of one GET of an API path."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v2/{path}", params or {}, **meta)
    return len(queries), response


def cached(client, path, params=None):
    """True when the answer came from the cache: no query at all."""
    count, _response = get(client, path, params)
    return count == 0


def assert_change_drops_only(client, affected, unaffected, change):
    """Fill the cache with every answer, make the change, and check that exactly the affected
    answers were dropped."""
    for path, params in [*affected, *unaffected]:
        get(client, path, params)
    change()
    for path, params in affected:
        assert not cached(client, path, params), (path, params)
    for path, params in unaffected:
        assert cached(client, path, params), (path, params)


def language_versions(obj):
    return [obj, *obj.get_translations()]


def listing(path, language):
    params = {"locale": language, "fields": "*", "limit": 50}
    return path, {**params, "type": "cluster.CityPage"} if path == "pages/" else params


def first_english(model, **lookup):
    return model.objects.filter(locale__language_code="en", live=True, **lookup).first()


def a_document():
    return get_document_model().objects.create(
        title="Annual report", file=ContentFile(b"report", name="annual-report.txt")
    )


def documents_listing():
    a_document()
    return "documents/", {}


EXAMPLES = {
    "page listing": lambda: ("pages/", {"type": "cluster.CityPage", "fields": "*"}),
    "page detail": lambda: (f"pages/{english(CityPage, slug='anyang').pk}/", {}),
    "image listing": lambda: ("images/", {}),
    "image detail": lambda: (f"images/{english(CityPage, slug='anyang').hero_image_id}/", {}),
    "document listing": documents_listing,
    "document detail": lambda: (f"documents/{a_document().pk}/", {}),
    "news listing": lambda: ("news/", {"locale": "zh-hans", "topic": "webinars"}),
    "news detail": lambda: (f"news/{first_english(NewsItem).pk}/", {}),
    "knowledge listing": lambda: ("knowledge/", {"locale": "es"}),
    "knowledge detail": lambda: (f"knowledge/{first_english(KnowledgeProduct).pk}/", {}),
    "video listing": lambda: ("videos/", {"fields": "*"}),
    "video detail": lambda: (f"videos/{first_english(Video).pk}/", {}),
    "topic listing": lambda: ("topics/", {}),
    "topic detail": lambda: (f"topics/{first_english(Topic).pk}/", {}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_endpoint_answers_with_an_etag_and_public_cache_control(client, example):
    path, params = EXAMPLES[example]()
    _count, response = get(client, path, params)

    assert response.status_code == 200
    assert ETAG.fullmatch(response["ETag"])
    assert response["Cache-Control"] == PUBLIC
    assert {"Accept", "Accept-Encoding", "Cookie"} <= set(re.split(r",\s*", response["Vary"]))


@pytest.mark.django_db
@pytest.mark.parametrize("example", EXAMPLES)
def test_a_repeated_request_costs_no_query(client, django_assert_num_queries, example):
    path, params = EXAMPLES[example]()
    _count, first = get(client, path, params)

    with django_assert_num_queries(0):
        again = client.get(f"/api/v2/{path}", params)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == PUBLIC


@pytest.mark.django_db
def test_query_parameters_in_another_order_share_the_cached_answer(client):
    get(client, "pages/?type=cluster.CityPage&locale=es&fields=summary")

    assert cached(client, "pages/?fields=summary&locale=es&type=cluster.CityPage")
    assert not cached(client, "pages/?fields=summary&locale=zh-hans&type=cluster.CityPage")


@pytest.mark.django_db
def test_searches_are_kept_and_a_publish_drops_them(client, publish):
    _count, first = get(client, "pages/", {"search": "Anyang"})
    count, again = get(client, "pages/", {"search": "Anyang"})

    assert count == 0
    assert again["Cache-Control"] == PUBLIC
    assert again["ETag"] == first["ETag"]

    publish(english(CityPage, slug="luoyang"), summary="Luoyang, now with a new summary.")
    assert not cached(client, "pages/", {"search": "Anyang"})


@pytest.mark.django_db
def test_a_search_is_answered_again_once_the_search_index_task_has_run(client, committed):
    """With a queued task backend the index is updated after the publish's commit: the
    search answers of that endpoint are dropped again when the task is done."""
    anyang = english(CityPage, slug="anyang")
    search = ("pages/", {"search": "Anyang"})
    news_search = ("news/", {"search": "Anyang"})
    plain = ("pages/", {"type": "cluster.CityPage"})
    for path, params in (search, news_search, plain):
        get(client, path, params)

    with committed():
        insert_or_update_object_task.enqueue("cluster", "citypage", str(anyang.pk))

    assert not cached(client, *search)
    assert cached(client, *news_search)
    assert cached(client, *plain)


@pytest.mark.django_db
def test_a_hit_is_answered_before_the_view_runs(client, monkeypatch):
    path = f"pages/{english(CityPage, slug='anyang').pk}/"
    _count, first = get(client, path)

    def refuse(*args, **kwargs):
        raise AssertionError("the view ran for a cached answer")

    monkeypatch.setattr(PagesViewSet, "dispatch", refuse)
    _count, hit = get(client, path)

    assert hit.status_code == 200
    assert hit.content == first.content
    assert hit["ETag"] == first["ETag"]
    assert hit["Cache-Control"] == PUBLIC


@pytest.mark.django_db
def test_a_miss_reads_the_cache_once(client, api_cache, monkeypatch):
    reads = []
    get_many = api_cache.get_many
    monkeypatch.setattr(api_cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))

    get(client, "pages/", {"type": "cluster.CityPage"})

    answer_reads = [keys for keys in reads if keys[0].startswith("response:")]
    assert len(answer_reads) == 1


@pytest.mark.django_db
def test_repeated_requests_for_a_path_resolve_it_once(client, monkeypatch):
    caching._cached_route.cache_clear()
    resolved = []
    resolve = caching.resolve
    monkeypatch.setattr(
        caching, "resolve", lambda *args: resolved.append(args[0]) or resolve(*args)
    )
    detail = f"pages/{english(CityPage, slug='anyang').pk}/"

    for params in [{}, {}, {"fields": "title"}]:
        get(client, detail, params)
    get(client, "pages/", {"type": "cluster.CityPage"})

    assert resolved == [f"/api/v2/{detail}", "/api/v2/pages/"]
    assert cached(client, detail, {"fields": "title"})


@pytest.mark.django_db
def test_a_path_that_is_no_endpoint_is_not_looked_up(client, api_cache, monkeypatch):
    reads = []
    get_many = api_cache.get_many
    monkeypatch.setattr(api_cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))

    _count, response = get(client, "nothing-here/")

    assert response.status_code == 404
    assert reads == []


@pytest.mark.django_db
def test_a_find_redirect_is_cached_with_cache_control(client):
    path = "/es/turismo-patrimonio-economia-creativa/ciudad-de-mexico/"
    _count, found = get(client, "pages/find/", {"html_path": path})
    count, again = get(client, "pages/find/", {"html_path": path})

    mexico = CityPage.objects.get(
        translation_key=english(CityPage, slug="mexico-city").translation_key,
        locale__language_code="es",
    )
    assert found.status_code == 302
    assert f"/api/v2/pages/{mexico.pk}/" in found["Location"]
    assert found["Cache-Control"] == PUBLIC
    assert (count, again.status_code, again["Location"]) == (0, 302, found["Location"])


@pytest.mark.django_db
def test_head_is_answered_from_the_cache_filled_by_get(client):
    path = f"/api/v2/pages/{english(CityPage, slug='anyang').pk}/"
    response = client.get(path)

    with CaptureQueriesContext(connection) as queries:
        head = client.head(path)
    assert (len(queries), head.status_code, head["ETag"]) == (0, 200, response["ETag"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "if_none_match",
    ["{etag}", "W/{etag}", '"stale", {etag}', 'W/"stale", W/{etag}', "*"],
)
def test_a_matching_if_none_match_gets_a_304_from_the_cache(client, if_none_match):
    path = f"pages/{english(CityPage, slug='anyang').pk}/"
    _count, response = get(client, path)
    etag = response["ETag"]

    count, revalidated = get(client, path, HTTP_IF_NONE_MATCH=if_none_match.format(etag=etag))

    assert (count, revalidated.status_code, revalidated.content) == (0, 304, b"")
    assert revalidated["ETag"] == etag
    assert revalidated["Cache-Control"] == PUBLIC


@pytest.mark.django_db
def test_an_if_none_match_that_does_not_match_gets_the_answer(client):
    path = f"pages/{english(CityPage, slug='anyang').pk}/"
    _count, response = get(client, path)

    _count, other = get(client, path, HTTP_IF_NONE_MATCH='"0123456789abcdef", W/"stale"')
    assert other.status_code == 200
    assert other.content == response.content


@pytest.mark.django_db
def test_the_first_request_answers_a_304_too(client):
    path = f"pages/{english(CityPage, slug='anyang').pk}/"
    _count, response = get(client, path)
    caches[caching.CACHE_ALIAS].clear()

    count, revalidated = get(client, path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert count > 0
    assert revalidated.status_code == 304


@pytest.mark.django_db
def test_gzipped_answers_carry_a_weak_etag_that_revalidates(client):
    path = "pages/"
    params = {"type": "cluster.CityPage", "fields": "*", "locale": "zh-hans"}
    _count, plain = get(client, path, params)
    _count, zipped = get(client, path, params, HTTP_ACCEPT_ENCODING="gzip")

    assert zipped["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    assert zipped["ETag"] == f"W/{plain['ETag']}"
    _count, revalidated = get(
        client, path, params, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
    )
    assert revalidated.status_code == 304


@pytest.mark.django_db
def test_publishing_a_page_drops_its_answers_in_every_language_and_nothing_unrelated(
    client, cache_backend, publish
):
    anyang = english(CityPage, slug="anyang")
    versions = language_versions(anyang)
    details = [(f"pages/{page.pk}/", {}) for page in versions]
    listings = [listing("pages/", language) for language in ("en", "zh-hans", "es")]
    find = ("pages/find/", {"html_path": versions[1].get_url_parts()[2]})
    unrelated = [
        (f"pages/{english(CityPage, slug='campeche').pk}/", {}),
        (f"pages/{english(ClusterPage).pk}/", {}),
        listing("news/", "en"),
    ]
    requests = [*details, *listings, find, *unrelated]
    for path, params in requests:
        get(client, path, params)
    assert all(cached(client, path, params) for path, params in requests)

    publish(anyang, summary="Anyang, cradle of Chinese writing, republished.")

    for path, params in [*details, *listings, find]:
        assert not cached(client, path, params), (path, params)
    for path, params in unrelated:
        assert cached(client, path, params), (path, params)
    _count, detail = get(client, *details[0])
    assert detail.json()["summary"] == "Anyang, cradle of Chinese writing, republished."
    _count, english_listing = get(client, *listings[0])
    assert "Anyang, cradle of Chinese writing, republished." in english_listing.content.decode()


@pytest.mark.django_db
def test_publishing_a_snippet_drops_its_answers_and_the_videos_showing_it(client, publish):
    video = first_english(Video, related_news__isnull=False)
    news = video.related_news
    other_news = first_english(NewsItem, videos=None)
    other_video = Video.objects.exclude(related_news=news).filter(locale=news.locale).first()
    affected = [
        *[(f"news/{item.pk}/", {}) for item in language_versions(news)],
        *[listing("news/", language) for language in ("en", "zh-hans", "es")],
        (f"videos/{video.pk}/", {}),
        listing("videos/", "en"),
    ]
    unaffected = [
        (f"news/{other_news.pk}/", {}),
        (f"videos/{other_video.pk}/", {}),
        listing("pages/", "en"),
        listing("topics/", "en"),
    ]
    assert_change_drops_only(
        client, affected, unaffected, lambda: publish(news, title="Cities cluster webinar, renamed")
    )
    _count, shown = get(client, f"videos/{video.pk}/")
    assert shown.json()["related_news"]["title"] == "Cities cluster webinar, renamed"


@pytest.mark.django_db
def test_editing_a_topic_drops_the_pages_and_news_that_show_it(client, publish):
    anyang = english(CityPage, slug="anyang")
    topic = anyang.topic_links.first().topic
    labelled = first_english(NewsItem, topic_links__topic=topic)
    # Spanish news shows the Spanish version of the topic, which did not change.
    spanish_news = NewsItem.objects.filter(locale__language_code="es", live=True).first()
    affected = [
        (f"pages/{anyang.pk}/", {}),
        (f"news/{labelled.pk}/", {}),
        (f"topics/{topic.pk}/", {}),
        listing("news/", "es"),
        ("news/", {"topic": topic.slug}),
    ]
    unaffected = [(f"news/{spanish_news.pk}/", {}), listing("videos/", "en")]
    assert_change_drops_only(
        client, affected, unaffected, lambda: publish(topic, name="Heritage cities, renamed")
    )
    _count, page = get(client, f"pages/{anyang.pk}/")
    assert "Heritage cities, renamed" in [shown["name"] for shown in page.json()["topics"]]


@pytest.mark.django_db
def test_a_translator_saving_a_string_drops_the_answers_showing_its_status(client, committed):
    spanish = english(CityPage, slug="anyang").get_translation(locale("es"))
    detail = f"pages/{spanish.pk}/"
    unrelated = f"pages/{english(CityPage, slug='luoyang').get_translation(locale('es')).pk}/"
    for path in (detail, unrelated):
        get(client, path)
    string = StringTranslation.objects.filter(
        locale=locale("es"), context__object_id=spanish.translation_key
    ).first()

    with committed():
        string.translation_type = StringTranslation.TRANSLATION_TYPE_MACHINE
        string.save()

    assert not cached(client, detail)
    assert cached(client, unrelated)
    _count, response = get(client, detail)
    assert response.json()["meta"]["translation_status"]["state"] == "machine"


@pytest.mark.django_db
def test_unpublishing_a_page_drops_its_detail_and_the_listings(client, committed):
    puebla = english(CityPage, slug="puebla")
    params = {"type": "cluster.CityPage", "locale": "en", "limit": 50}
    get(client, f"pages/{puebla.pk}/")
    get(client, "pages/", params)

    with committed():
        puebla.unpublish()

    _count, detail = get(client, f"pages/{puebla.pk}/")
    _count, cities = get(client, "pages/", params)
    assert detail.status_code == 404
    assert "puebla" not in [item["meta"]["slug"] for item in cities.json()["items"]]


@pytest.mark.django_db
def test_deleting_a_snippet_drops_its_detail_and_the_listings(client, committed):
    knowledge = first_english(KnowledgeProduct)
    get(client, f"knowledge/{knowledge.pk}/")
    get(client, "knowledge/", {"locale": "en"})

    with committed():
        knowledge.delete()

    _count, detail = get(client, f"knowledge/{knowledge.pk}/")
    _count, products = get(client, "knowledge/", {"locale": "en"})
    assert detail.status_code == 404
    assert knowledge.slug not in [item["slug"] for item in products.json()["items"]]


@pytest.mark.django_db
def test_moving_a_page_drops_the_answers_showing_its_address(client, committed):
    cluster = english(ClusterPage)
    home = cluster.get_parent()
    campeche = english(CityPage, slug="campeche")
    get(client, f"pages/{campeche.pk}/")
    get(client, f"pages/{english(CityPage, slug='anyang').pk}/")

    with committed():
        campeche.move(home, pos="last-child")

    _count, moved = get(client, f"pages/{campeche.pk}/")
    assert moved.json()["meta"]["html_url"].endswith("/en/campeche/")
    assert cached(client, f"pages/{english(CityPage, slug='anyang').pk}/")


@pytest.mark.django_db
def test_renaming_a_parent_page_drops_the_answers_showing_the_addresses_below_it(client, publish):
    anyang = english(CityPage, slug="anyang")
    anyang_in_spanish = anyang.get_translation(locale("es"))
    for page in [anyang, anyang_in_spanish]:
        get(client, f"pages/{page.pk}/")

    publish(english(ClusterPage), slug="cities-cluster")

    _count, detail = get(client, f"pages/{anyang.pk}/")
    _count, spanish = get(client, f"pages/{anyang_in_spanish.pk}/")
    assert detail.json()["meta"]["html_url"].endswith("/en/cities-cluster/anyang/")
    assert detail.json()["meta"]["parent"]["meta"]["html_url"].endswith("/en/cities-cluster/")
    english_version = next(v for v in spanish.json()["meta"]["translations"] if v["locale"] == "en")
    assert english_version["html_path"] == "/en/cities-cluster/anyang/"


@pytest.mark.django_db
def test_changing_an_image_drops_the_pages_showing_it(client, committed):
    anyang = english(CityPage, slug="anyang")
    campeche = english(CityPage, slug="campeche")
    assert anyang.hero_image_id != campeche.hero_image_id
    for page in [anyang, campeche]:
        get(client, f"pages/{page.pk}/")
    get(client, f"images/{anyang.hero_image_id}/")

    with committed():
        image = anyang.hero_image
        image.title = "Yinxu, the ruins of Anyang"
        image.save()

    assert not cached(client, f"images/{anyang.hero_image_id}/")
    assert cached(client, f"pages/{campeche.pk}/")
    _count, page = get(client, f"pages/{anyang.pk}/")
    assert page.json()["hero_image"]["title"] == "Yinxu, the ruins of Anyang"


@pytest.mark.django_db
def test_a_cached_404_turns_into_the_object_when_it_is_published(client, committed, publish):
    news = first_english(NewsItem)
    with committed():
        news.unpublish()
    _count, missing = get(client, f"news/{news.pk}/")
    assert (missing.status_code, missing["Cache-Control"]) == (404, PUBLIC)

    publish(news)

    _count, found = get(client, f"news/{news.pk}/")
    assert found.status_code == 200


@pytest.fixture
def affected_by_calls(monkeypatch):
    """The objects of each call of `caching.affected_by`, which works out what a change drops."""
    calls = []
    real = caching.affected_by

    def recorded(instances):
        calls.append({(type(instance), instance.pk) for instance in instances})
        return real(instances)

    monkeypatch.setattr(caching, "affected_by", recorded)
    return calls


@pytest.mark.django_db
def test_changes_collected_while_invalidation_is_deferred_are_worked_out_together(
    client, committed, affected_by_calls
):
    anyang = english(CityPage, slug="anyang")
    news = first_english(NewsItem, videos=None)
    affected = [
        *[(f"pages/{page.pk}/", {}) for page in language_versions(anyang)],
        listing("pages/", "es"),
        *[(f"news/{item.pk}/", {}) for item in language_versions(news)],
        listing("news/", "zh-hans"),
    ]
    unaffected = [(f"pages/{english(CityPage, slug='campeche').pk}/", {}), listing("videos/", "en")]

    def publish_both():
        with committed(), caching.invalidation_deferred():
            anyang.summary = "Anyang, published with the news."
            anyang.save_revision().publish()
            news.title = "Published with Anyang"
            news.save_revision().publish()
            assert affected_by_calls == []  # nothing worked out before the block ends

    assert_change_drops_only(client, affected, unaffected, publish_both)
    assert affected_by_calls == [{(CityPage, anyang.pk), (NewsItem, news.pk)}]


@pytest.mark.django_db
def test_a_failed_block_of_deferred_changes_works_nothing_out(client, affected_by_calls):
    anyang = english(CityPage, slug="anyang")

    with pytest.raises(RuntimeError), transaction.atomic(), caching.invalidation_deferred():
        anyang.save_revision().publish()
        raise RuntimeError("the import fails")

    assert affected_by_calls == []


@pytest.mark.django_db
def test_an_import_drops_the_answers_of_what_it_changed(
    client, tmp_path, committed, affected_by_calls
):
    chinese = [
        english(CityPage, slug=slug).get_translation(locale("zh-hans"))
        for slug in ("luoyang", "anyang")
    ]
    export_translations(tmp_path / "all", "zh-hans")
    changed = tmp_path / "changed" / "zh-hans" / "citypage"
    changed.mkdir(parents=True)
    for page in chinese:
        shutil.copy(tmp_path / "all" / "zh-hans" / "citypage" / f"{page.slug}.po", changed)
        po = polib.pofile(str(changed / f"{page.slug}.po"))
        next(entry for entry in po if entry.msgctxt == "summary").msgstr = f"{page.title}，古都。"
        po.save()
    affected = [
        *[(f"pages/{page.pk}/", {}) for page in chinese],
        listing("pages/", "zh-hans"),
        listing("pages/", "en"),
    ]
    unaffected = [(f"pages/{english(CityPage, slug='campeche').pk}/", {}), listing("news/", "en")]

    def import_the_files():
        with committed():
            import_translations(read_translation_files(tmp_path / "changed"))

    assert_change_drops_only(client, affected, unaffected, import_the_files)
    # Wagtail publishes each translation through its own calls: each is looked at once.
    assert sorted(affected_by_calls, key=str) == sorted(
        [{(CityPage, page.pk)} for page in chinese], key=str
    )
    _count, shown = get(client, f"pages/{chinese[0].pk}/")
    assert shown.json()["summary"] == f"{chinese[0].title}，古都。"


@pytest.mark.django_db
def test_a_change_rolled_back_drops_nothing(client, django_capture_on_commit_callbacks):
    anyang = english(CityPage, slug="anyang")
    get(client, f"pages/{anyang.pk}/")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        anyang.summary = "Never published."
        anyang.save_revision().publish()
        raise RuntimeError("the publish fails")

    assert cached(client, f"pages/{anyang.pk}/")


@pytest.mark.django_db
def test_an_answer_rendered_while_a_publish_commits_is_not_served_afterwards(client, monkeypatch):
    anyang = english(CityPage, slug="anyang")
    read_from_database = PagesViewSet.get_object

    def read_then_publish_commits(view):
        page = read_from_database(view)  # the answer now holds what was live before ...
        caching.drop_and_purge({caching.object_tag(Page, page.pk)}, [])  # ... the publish
        return page

    monkeypatch.setattr(PagesViewSet, "get_object", read_then_publish_commits)
    get(client, f"pages/{anyang.pk}/")
    monkeypatch.undo()

    assert not cached(client, f"pages/{anyang.pk}/")


@pytest.mark.django_db
def test_answers_to_logged_in_users_are_private_and_never_stored(client):
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("editor", "e@example.org", "x"))
    path = f"pages/{english(CityPage, slug='anyang').pk}/"

    _count, first = get(editor, path)
    count, again = get(editor, path)

    assert count > 0
    assert again["Cache-Control"] == "private, no-cache"
    assert again["ETag"] == first["ETag"]
    assert get(editor, path, HTTP_IF_NONE_MATCH=first["ETag"])[1].status_code == 304
    assert not cached(client, path)  # an anonymous request after them finds nothing stored


@pytest.mark.django_db
def test_an_answer_to_a_session_given_a_password_is_private_and_never_stored(client):
    morelia = english(CityPage, slug="morelia")
    password = PageViewRestriction.objects.create(
        page=morelia, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    visitor = Client()
    session = visitor.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [password.pk]
    session.save()
    listing = {"type": "cluster.CityPage", "limit": 50, "locale": "en"}

    _count, answer = get(visitor, "pages/", listing)
    _count, anonymous = get(client, "pages/", listing)

    assert answer["Cache-Control"] == "private, no-cache"
    assert "morelia" in [item["meta"]["slug"] for item in answer.json()["items"]]
    assert "morelia" not in [item["meta"]["slug"] for item in anonymous.json()["items"]]


@pytest.mark.django_db
def test_the_browsable_html_api_is_never_served_from_or_stored_in_the_cache(client):
    path = f"pages/{english(CityPage, slug='anyang').pk}/"
    get(client, path)

    count, html = get(client, path, HTTP_ACCEPT="text/html")
    assert count > 0
    assert html["Content-Type"].startswith("text/html")
    assert html["Cache-Control"] == "private, no-cache"
    _count, json_again = get(client, path)
    assert json_again["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_a_bad_request_is_neither_stored_nor_cacheable(client):
    missing_parent = {"child_of": "999999"}  # refused after a query: the view ran
    get(client, "pages/", missing_parent)  # warm-up: Wagtail's cached site root paths
    count_first, first = get(client, "pages/", missing_parent)
    count_again, again = get(client, "pages/", missing_parent)

    assert (first.status_code, again.status_code) == (400, 400)
    assert again["Cache-Control"] == "no-store"
    assert count_again == count_first > 0


@pytest.mark.django_db
def test_the_draft_preview_keeps_its_no_store_and_is_never_stored(client):
    count_first, first = get(client, "preview/", {"content_type": "cluster.newsitem", "token": "x"})
    count_again, again = get(client, "preview/", {"content_type": "cluster.newsitem", "token": "x"})

    assert first.status_code == again.status_code == 400
    assert "no-store" in again["Cache-Control"]
    assert "public" not in again["Cache-Control"]
    assert not again.has_header("ETag")


# --- CDN purge -----------------------------------------------------------------------------


class PurgeRecorder(BaseHTTPRequestHandler):
    """A stand-in for the HTTP cache in front of the API: records each PURGE it receives."""

    def do_PURGE(self):
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_cache(settings):
    server = LocalServer(PurgeRecorder)
    server.purged = []
    server.start()
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": server.url,
        }
    }
    yield server
    server.stop()


@pytest.mark.django_db
def test_publishing_purges_the_api_urls_it_affects_from_the_http_cache(http_cache, publish):
    video = first_english(Video, related_news__isnull=False)
    news = video.related_news
    other_news = first_english(NewsItem, videos=None)

    publish(news, title="Renamed for the purge")

    purged = {path for _host, path in http_cache.purged}
    assert {host for host, _path in http_cache.purged} == {"testserver"}
    assert {f"/api/v2/news/{item.pk}/" for item in language_versions(news)} <= purged
    assert {"/api/v2/news/", "/api/v2/videos/"} <= purged
    assert f"/api/v2/videos/{video.pk}/" in purged
    assert f"/api/v2/news/{other_news.pk}/" not in purged
    assert not any(path.startswith("/api/v2/pages/") for path in purged)


@pytest.mark.django_db
def test_nothing_is_purged_without_a_configured_http_cache(settings, publish, monkeypatch):
    sent = []
    monkeypatch.setattr("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache", sent.append)
    assert not getattr(settings, "WAGTAILFRONTENDCACHE", None)

    publish(first_english(NewsItem), title="Renamed without a CDN")

    assert sent == []


# --- CORS ----------------------------------------------------------------------------------

FRONTEND = "https://citiescluster.example"


@pytest.fixture
def frontend_origins(settings):
    """What FRONTEND_ORIGINS=https://citiescluster.example sets (see cms/settings/base.py)."""
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND]
    settings.CORS_URLS_REGEX = r"^/api/"


@pytest.mark.django_db
def test_the_frontend_origin_may_read_the_api(client, frontend_origins):
    response = client.get("/api/v2/pages/", headers={"Origin": FRONTEND})

    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert response["Access-Control-Expose-Headers"] == "ETag"
    assert "origin" in response["Vary"].lower()


@pytest.mark.django_db
def test_a_cached_answer_gets_the_cors_headers_of_its_own_request(client, frontend_origins):
    client.get("/api/v2/pages/", headers={"Origin": FRONTEND})

    with CaptureQueriesContext(connection) as queries:
        other = client.get("/api/v2/pages/", headers={"Origin": "https://elsewhere.example"})
    assert len(queries) == 0
    assert not other.has_header("Access-Control-Allow-Origin")


@pytest.mark.django_db
def test_a_preflight_allows_reading_only(client, frontend_origins):
    response = client.options(
        "/api/v2/news/",
        headers={"Origin": FRONTEND, "Access-Control-Request-Method": "GET"},
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
def test_other_origins_and_the_admin_get_no_cors_headers(client, frontend_origins):
    elsewhere = client.get("/api/v2/pages/", headers={"Origin": "https://elsewhere.example"})
    admin = client.get("/admin/login/", headers={"Origin": FRONTEND})

    assert not elsewhere.has_header("Access-Control-Allow-Origin")
    assert not admin.has_header("Access-Control-Allow-Origin")


@pytest.mark.django_db
def test_without_frontend_origins_there_is_no_cors_at_all(client, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []

    response = client.get("/api/v2/pages/", headers={"Origin": FRONTEND})

    assert not response.has_header("Access-Control-Allow-Origin")
    assert "origin" not in response["Vary"].lower()
