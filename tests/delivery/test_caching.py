"""HTTP caching of the API: ETag and Cache-Control on every GET, 304s, a server-side cache that
answers a repeated request without a query and that any change to what the API serves empties
(on local memory and on Redis), CDN purges, and CORS for the frontends only."""

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
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction, Site
from wagtail_localize.models import StringTranslation

from cluster.api.views import PagesViewSet
from cluster.delivery import cache_version
from cluster.models import CityPage, ClusterPage, KnowledgeProduct, NewsItem, Topic, Video
from cluster.translation.po_import import (
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
    caches[cache_version.CACHE_ALIAS].clear()
    yield caches[cache_version.CACHE_ALIAS]
    caches[cache_version.CACHE_ALIAS].clear()


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            **settings.CACHES,
            cache_version.CACHE_ALIAS: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_TEST_URL,
            },
        }
        caches[cache_version.CACHE_ALIAS].clear()
    yield request.param
    caches[cache_version.CACHE_ALIAS].clear()


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
    assert {"Accept-Encoding", "Cookie"} <= set(re.split(r",\s*", response["Vary"]))


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

    answer_reads = [keys for keys in reads if any(key.startswith("response:") for key in keys)]
    assert answer_reads == [[cache_version.VERSION_KEY, answer_reads[0][1]]]


@pytest.mark.django_db
def test_a_path_that_is_no_endpoint_is_never_stored(client, api_cache, monkeypatch):
    stored = []
    set_entry = api_cache.set
    monkeypatch.setattr(
        api_cache, "set", lambda key, *args, **kw: stored.append(key) or set_entry(key, *args, **kw)
    )

    for _ in range(2):
        _count, response = get(client, "nothing-here/")
        assert response.status_code == 404
        assert not response.has_header("ETag")

    assert not [key for key in stored if key.startswith("response:")]


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
    caches[cache_version.CACHE_ALIAS].clear()

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


# --- One rule: any change replaces the one version ------------------------------------------


def publish_a_page():
    anyang = english(CityPage, slug="anyang")
    anyang.summary = "Anyang, republished."
    anyang.save_revision().publish()


def unpublish_a_page():
    english(CityPage, slug="puebla").unpublish()


def move_a_page():
    campeche = english(CityPage, slug="campeche")
    campeche.move(english(ClusterPage).get_parent(), pos="last-child")


def delete_a_page():
    english(CityPage, slug="puebla").delete()


def publish_a_snippet():
    news = first_english(NewsItem)
    news.title = "Renamed"
    news.save_revision().publish()


def unpublish_a_snippet():
    first_english(KnowledgeProduct).unpublish()


def delete_a_snippet():
    first_english(KnowledgeProduct).delete()


def restrict_a_page():
    page = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def restrict_a_collection():
    collection = Collection.get_first_root_node().add_child(name="Partners only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )


def change_an_image():
    image = english(CityPage, slug="anyang").hero_image
    image.title = "Yinxu, the ruins of Anyang"
    image.save()


def add_a_document():
    a_document()


def change_a_site():
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Cities Cluster, renamed"
    site.save()


def add_a_locale():
    Locale.objects.create(language_code="fr")


def save_a_translated_string():
    spanish = english(CityPage, slug="anyang").get_translation(locale("es"))
    string = StringTranslation.objects.filter(
        locale=locale("es"), context__object_id=spanish.translation_key
    ).first()
    string.translation_type = StringTranslation.TRANSLATION_TYPE_MACHINE
    string.save()


def run_the_search_index_task():
    anyang = english(CityPage, slug="anyang")
    insert_or_update_object_task.enqueue("cluster", "citypage", str(anyang.pk))


CHANGES = {
    "page published": publish_a_page,
    "page unpublished": unpublish_a_page,
    "page moved": move_a_page,
    "page deleted": delete_a_page,
    "snippet published": publish_a_snippet,
    "snippet unpublished": unpublish_a_snippet,
    "snippet deleted": delete_a_snippet,
    "page restriction": restrict_a_page,
    "collection privacy": restrict_a_collection,
    "image changed": change_an_image,
    "document added": add_a_document,
    "site changed": change_a_site,
    "locale added": add_a_locale,
    "string translated": save_a_translated_string,
    "search index updated": run_the_search_index_task,
}

# Answers of endpoints none of the changes above touches.
UNRELATED = [
    lambda: (f"videos/{first_english(Video).pk}/", {}),
    lambda: ("topics/", {"locale": "zh-hans"}),
    lambda: ("pages/find/", {"html_path": "/en/"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_drops_every_cached_answer(client, committed, change):
    requests = [request() for request in UNRELATED]
    for path, params in requests:
        get(client, path, params)
    assert all(cached(client, path, params) for path, params in requests)

    with committed():
        CHANGES[change]()

    for path, params in requests:
        assert not cached(client, path, params), (path, params)
    assert all(cached(client, path, params) for path, params in requests)  # filled again


@pytest.mark.django_db
def test_a_change_drops_the_answers_on_redis_too(client, cache_backend, publish):
    anyang = english(CityPage, slug="anyang")
    requests = [(f"pages/{anyang.pk}/", {}), listing("news/", "en")]
    for path, params in requests:
        get(client, path, params)
    assert all(cached(client, path, params) for path, params in requests)

    publish(anyang, summary="Anyang, cradle of Chinese writing, republished.")

    assert not any(cached(client, path, params) for path, params in requests)
    _count, detail = get(client, f"pages/{anyang.pk}/")
    assert detail.json()["summary"] == "Anyang, cradle of Chinese writing, republished."


@pytest.mark.django_db
def test_answers_built_inside_a_changing_transaction_are_not_served_after_its_commit(
    client, committed
):
    """A request answered while a change is being committed (here inside the transaction; in
    production another process that still reads what was live before) stores its answer under
    the version made after the change began: the commit replaces that version again."""
    path = f"pages/{english(CityPage, slug='morelia').pk}/"

    with committed():
        restrict_a_page()  # morelia (a change whose commit runs no search index task)
        get(client, path)
        assert cached(client, path)  # stored during the transaction ...

    assert not cached(client, path)  # ... and never served after the commit


@pytest.mark.django_db
def test_an_answer_rendered_while_a_publish_commits_is_not_served_afterwards(client, monkeypatch):
    anyang = english(CityPage, slug="anyang")
    read_from_database = PagesViewSet.get_object

    def read_then_publish_commits(view):
        page = read_from_database(view)  # the answer now holds what was live before ...
        cache_version.forget_everything()  # ... the publish
        return page

    monkeypatch.setattr(PagesViewSet, "get_object", read_then_publish_commits)
    get(client, f"pages/{anyang.pk}/")
    monkeypatch.undo()

    assert not cached(client, f"pages/{anyang.pk}/")


@pytest.mark.django_db
def test_a_change_rolled_back_is_never_served(client, django_capture_on_commit_callbacks):
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

    _count, detail = get(client, f"pages/{anyang.pk}/")
    assert detail.json()["summary"] != "Never published."


# --- Nothing stale is served after a change --------------------------------------------------


@pytest.mark.django_db
def test_a_published_page_is_shown_in_every_language_and_listing(client, publish):
    anyang = english(CityPage, slug="anyang")
    spanish = anyang.get_translation(locale("es"))
    english_listing = listing("pages/", "en")
    for path, params in [(f"pages/{spanish.pk}/", {}), english_listing]:
        get(client, path, params)

    publish(anyang, summary="Anyang, cradle of Chinese writing, republished.")

    _count, cities = get(client, *english_listing)
    assert "Anyang, cradle of Chinese writing, republished." in cities.content.decode()
    _count, translated = get(client, f"pages/{spanish.pk}/")
    assert translated.status_code == 200


@pytest.mark.django_db
def test_a_published_snippet_is_shown_in_the_videos_showing_it(client, publish):
    video = first_english(Video, related_news__isnull=False)
    get(client, f"videos/{video.pk}/")

    publish(video.related_news, title="Cities cluster webinar, renamed")

    _count, shown = get(client, f"videos/{video.pk}/")
    assert shown.json()["related_news"]["title"] == "Cities cluster webinar, renamed"


@pytest.mark.django_db
def test_an_edited_topic_is_shown_in_the_pages_showing_it(client, publish):
    anyang = english(CityPage, slug="anyang")
    topic = anyang.topic_links.first().topic
    get(client, f"pages/{anyang.pk}/")

    publish(topic, name="Heritage cities, renamed")

    _count, page = get(client, f"pages/{anyang.pk}/")
    assert "Heritage cities, renamed" in [shown["name"] for shown in page.json()["topics"]]


@pytest.mark.django_db
def test_a_translators_saved_string_is_shown_in_the_translation_status(client, committed):
    spanish = english(CityPage, slug="anyang").get_translation(locale("es"))
    get(client, f"pages/{spanish.pk}/")

    with committed():
        save_a_translated_string()

    _count, response = get(client, f"pages/{spanish.pk}/")
    assert response.json()["meta"]["translation_status"]["state"] == "machine"


@pytest.mark.django_db
def test_an_unpublished_page_leaves_its_detail_and_the_listings(client, committed):
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
def test_a_deleted_snippet_leaves_its_detail_and_the_listings(client, committed):
    knowledge = first_english(KnowledgeProduct)
    get(client, f"knowledge/{knowledge.pk}/")
    get(client, "knowledge/", {"locale": "en"})

    with committed():
        knowledge.delete()

    _count, detail = get(client, f"knowledge/{knowledge.pk}/")
    _count, products = get(client, "knowledge/", {"locale": "en"})
    assert detail.status_code == 404
    assert knowledge.slug not in [item["meta"]["slug"] for item in products.json()["items"]]


@pytest.mark.django_db
def test_a_moved_page_is_shown_at_its_new_address(client, committed):
    campeche = english(CityPage, slug="campeche")
    get(client, f"pages/{campeche.pk}/")

    with committed():
        move_a_page()

    _count, moved = get(client, f"pages/{campeche.pk}/")
    assert moved.json()["meta"]["html_url"].endswith("/en/campeche/")


@pytest.mark.django_db
def test_a_renamed_parent_page_is_shown_in_the_addresses_below_it(client, publish):
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
def test_a_changed_image_is_shown_in_the_pages_showing_it(client, committed):
    anyang = english(CityPage, slug="anyang")
    get(client, f"pages/{anyang.pk}/")
    get(client, f"images/{anyang.hero_image_id}/")

    with committed():
        change_an_image()

    _count, image = get(client, f"images/{anyang.hero_image_id}/")
    _count, page = get(client, f"pages/{anyang.pk}/")
    assert image.json()["title"] == "Yinxu, the ruins of Anyang"
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


@pytest.mark.django_db
def test_an_import_of_translations_is_shown(client, tmp_path, committed):
    chinese = english(CityPage, slug="luoyang").get_translation(locale("zh-hans"))
    export_translations(tmp_path / "all", "zh-hans")
    changed = tmp_path / "changed" / "zh-hans" / "citypage"
    changed.mkdir(parents=True)
    shutil.copy(tmp_path / "all" / "zh-hans" / "citypage" / f"{chinese.slug}.po", changed)
    po = polib.pofile(str(changed / f"{chinese.slug}.po"))
    next(entry for entry in po if entry.msgctxt == "summary").msgstr = f"{chinese.title}，古都。"
    po.save()
    get(client, f"pages/{chinese.pk}/")
    get(client, *listing("pages/", "zh-hans"))

    with committed():
        import_translations(read_translation_files(tmp_path / "changed"))

    _count, shown = get(client, f"pages/{chinese.pk}/")
    _count, cities = get(client, *listing("pages/", "zh-hans"))
    assert shown.json()["summary"] == f"{chinese.title}，古都。"
    assert f"{chinese.title}，古都。" in cities.content.decode()


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
def test_a_browser_asking_for_html_gets_the_json_answer(client):
    path = f"pages/{english(CityPage, slug='anyang').pk}/"
    _count, first = get(client, path)

    _count, browsing = get(client, path, HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert browsing["Content-Type"] == "application/json"
    assert browsing.content == first.content


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
