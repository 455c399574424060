"""The import's one-pass creation of new objects (cluster/pipeline/publishing.py) and of first
translations (`create_translation`): the same result as Wagtail's and wagtail-localize's own
sequence, which stays in use for everything that already exists."""

import pytest

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.coreutils import find_available_slug
from wagtail.log_actions import registry as log_registry
from wagtail.models import Locale, Page, PageLogEntry, PageViewRestriction, Revision, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION
from wagtail.signals import page_published, published
from wagtail_localize.models import Translation, TranslationSource

from cluster.models import CityPage, ClusterPage, NewsItem, NewsItemTopic, Recording, Topic
from cluster.pipeline import publishing
from cluster.pipeline.indexing import import_transaction
from cluster.pipeline.publishing import has_view_restrictions, publish_new, translated_parent
from cluster.pipeline.translations import (
    available_slug,
    create_translation,
    publish_translation,
    record_translation,
    records_written_at_end,
)
from home.models import HomePage
from tests.seed import english, locale, new_webinar

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """The (signal name, instance) pairs sent while the test runs."""
    sent = []

    def page_receiver(sender, instance, **kwargs):
        sent.append(("page_published", instance))

    def receiver(sender, instance, **kwargs):
        sent.append(("published", instance))

    page_published.connect(page_receiver, dispatch_uid="test-publishing-page")
    published.connect(receiver, dispatch_uid="test-publishing")
    yield sent
    page_published.disconnect(dispatch_uid="test-publishing-page")
    published.disconnect(dispatch_uid="test-publishing")


def new_city(slug="testville"):
    anyang = english(CityPage, slug="anyang")
    return CityPage(
        title="Testville",
        slug=slug,
        country="CN",
        region="Test Province",
        summary="A city that only exists in the tests.",
        hero_image=anyang.hero_image,
    )


def test_a_new_page_is_live_with_its_first_revision_as_latest_and_live(received):
    cluster = english(ClusterPage)
    page = new_city()

    revision = publish_new(page, parent=cluster)

    stored = CityPage.objects.get(pk=page.pk)
    assert stored.live and not stored.has_unpublished_changes
    assert stored.latest_revision == stored.live_revision == revision
    assert stored.first_published_at == stored.last_published_at is not None
    assert stored.get_parent().pk == cluster.pk
    assert stored.url_path == f"{cluster.url_path}testville/"
    assert stored.locale == cluster.locale
    assert revision.as_object().title == "Testville"
    actions = PageLogEntry.objects.filter(page=stored).order_by("pk").values_list("action")
    assert [action for (action,) in actions] == ["wagtail.create", "wagtail.publish"]
    assert received == [("page_published", page), ("published", page)]


def test_a_new_snippet_is_live_with_its_first_revision(received):
    news = new_webinar()

    revision = publish_new(news)

    stored = NewsItem.objects.get(pk=news.pk)
    assert stored.live and not stored.has_unpublished_changes
    assert stored.latest_revision == stored.live_revision == revision
    assert stored.first_published_at is not None
    assert received == [("published", news)]


def test_an_invalid_object_is_refused_before_it_gets_a_revision(received):
    page = new_city()
    page.country = "not a country code"  # longer than the field allows

    with pytest.raises(ValidationError) as refused, transaction.atomic():
        publish_new(page, parent=english(ClusterPage))

    assert "country" in refused.value.message_dict
    assert not CityPage.objects.filter(slug="testville").exists()
    assert not Revision.objects.filter(object_str="Testville").exists()
    assert received == []


def test_a_slug_its_siblings_use_is_refused_before_anything_is_written(received):
    page = new_city(slug="anyang")

    with pytest.raises(ValidationError) as refused, transaction.atomic():
        publish_new(page, parent=english(ClusterPage))

    assert "slug" in refused.value.message_dict
    assert CityPage.objects.filter(slug="anyang", locale__language_code="en").count() == 1
    assert received == []


def test_a_new_objects_inline_children_are_not_read_back_and_are_what_is_stored(
    django_assert_num_queries,
):
    en = locale("en")
    topics = Topic.objects.filter(locale=en).order_by("pk")[:2]
    news = new_webinar(
        topic_links=[
            NewsItemTopic(topic=topic, sort_order=n, locale=en) for n, topic in enumerate(topics)
        ],
        recordings=[
            Recording(platform="youtube", language="en", label="English", sort_order=0, locale=en),
            Recording(
                platform="bilibili", language="zh-hans", label="中文", sort_order=1, locale=en
            ),
        ],
    )

    revision = publish_new(news)

    with django_assert_num_queries(0):
        in_memory = news.serializable_data()
    stored = NewsItem.objects.get(pk=news.pk).serializable_data()
    assert in_memory == stored
    recorded = Revision.objects.get(pk=revision.pk).content  # with the stored children's ids
    for relation in ["topic_links", "recordings"]:
        assert [row["pk"] for row in recorded[relation]] == [row["pk"] for row in stored[relation]]
    assert [link["topic"] for link in stored["topic_links"]] == [topic.pk for topic in topics]
    assert [recording["platform"] for recording in stored["recordings"]] == ["youtube", "bilibili"]


IGNORED = {
    "pk",
    "path",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "latest_revision",
    "live_revision",
    "live",
    "has_unpublished_changes",
    "page",
    "news_item",
}


def comparable(data):
    """An object's serialised data without what differs between two creations of it (keys,
    tree position, times, revision ids)."""
    if isinstance(data, dict):
        return {key: comparable(value) for key, value in data.items() if key not in IGNORED}
    if isinstance(data, list):
        return [comparable(item) for item in data]
    return data


def first_translation_both_ways(original, language):
    """Delete `original`'s translation into `language`, then create it again twice from its
    stored strings: with wagtail-localize's own create_or_update_translation (rolled back), and
    with create_translation. Returns both, comparable."""
    target = locale(language)
    original.get_translation(target).delete()
    source = TranslationSource.objects.get(
        object_id=original.translation_key, locale=original.locale
    )
    savepoint = transaction.savepoint()
    publish_translation(source, target)
    expected = state(original.get_translation(target))
    transaction.savepoint_rollback(savepoint)

    created = create_translation(source, original, target)

    translation = type(original).objects.get(pk=created.pk)
    assert translation.live and translation.live_revision_id == translation.latest_revision_id
    return state(translation), expected


def state(instance):
    """What a translation is made of: its data, comparable, and its history entries."""
    history = sorted(
        (entry.action, entry.label, entry.content_changed, entry.user_id, bool(entry.revision_id))
        for entry in log_registry.get_logs_for_instance(instance)
    )
    return {"data": comparable(instance.serializable_data()), "history": history}


@pytest.mark.parametrize("language", ["es", "zh-hans"])
def test_a_first_page_translation_is_what_wagtail_localize_makes(language):
    actual, expected = first_translation_both_ways(english(CityPage, slug="luoyang"), language)

    assert actual == expected
    assert actual["data"]["locale"] == locale(language).pk
    assert actual["data"]["topic_links"]  # with the topics in that language
    assert "wagtail.copy_for_translation" in [action for action, *_ in actual["history"]]


def test_a_first_snippet_translation_is_what_wagtail_localize_makes():
    news = english(NewsItem, slug=NewsItem.objects.filter(topic_links__isnull=False)[0].slug)

    actual, expected = first_translation_both_ways(news, "es")

    assert actual == expected


def test_a_page_whose_parent_is_not_translated_is_left_to_wagtail_localize():
    luoyang = english(CityPage, slug="luoyang")
    spanish = locale("es")
    luoyang.get_translation(spanish).delete()
    english(ClusterPage).get_translation(spanish).delete()
    source = TranslationSource.objects.get(object_id=luoyang.translation_key, locale=luoyang.locale)

    assert create_translation(source, luoyang, spanish) is None
    assert luoyang.get_translation_or_none(spanish) is None


def site_root_paths_cached():
    return cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION) is not None


def test_outside_an_import_a_new_site_root_translation_clears_the_site_root_paths(db):
    home = english(HomePage)
    french = Locale.objects.create(language_code="fr")
    Site.get_site_root_paths()

    publish_new(new_city(), parent=english(ClusterPage))
    assert site_root_paths_cached()  # a city roots no site

    accueil = HomePage(
        title="Accueil", slug="accueil", translation_key=home.translation_key, locale=french
    )
    publish_new(accueil, parent=Page.get_first_root_node())
    assert not site_root_paths_cached()


def test_inside_an_import_the_site_root_paths_are_cleared_once_at_commit(
    db, django_capture_on_commit_callbacks
):
    cluster = english(ClusterPage)
    Site.get_site_root_paths()

    with django_capture_on_commit_callbacks(execute=True), import_transaction():
        with CaptureQueriesContext(connection) as queries:
            publish_new(new_city(), parent=cluster)
        assert site_root_paths_cached()  # others see the new page only after the commit
        assert not [query for query in queries if "wagtailcore_site" in query["sql"]]
    assert not site_root_paths_cached()


def test_inside_an_import_a_parent_is_read_and_locked_once_for_its_new_children(
    db, django_capture_on_commit_callbacks
):
    cluster = english(ClusterPage)
    before = [page.slug for page in cluster.get_children()]

    counts = []
    with django_capture_on_commit_callbacks(execute=True), import_transaction():
        for number in range(3):
            with CaptureQueriesContext(connection) as queries:
                publish_new(new_city(f"testville-{number}"), parent=cluster)
            counts.append(len(queries))
        cluster.add_child(instance=new_city("wagtailville"))  # Wagtail's own, in between
        with CaptureQueriesContext(connection) as queries:
            publish_new(new_city("testville-3"), parent=cluster)
        counts.append(len(queries))

    # the parent locked, its last child and its children's slugs read for the first page, and
    # again after Wagtail's; the slug not looked up for each page
    assert counts == [counts[0], counts[0] - 3, counts[0] - 3, counts[0]]
    assert [page.slug for page in cluster.get_children()] == [
        *before,
        "testville-0",
        "testville-1",
        "testville-2",
        "wagtailville",
        "testville-3",
    ]
    assert Page.find_problems() == ([], [], [], [], [])  # paths, depths and child counts


def test_inside_an_import_a_slug_its_siblings_use_is_refused_with_wagtails_message(db):
    cluster = english(ClusterPage)

    with import_transaction():
        publish_new(new_city("testville"), parent=cluster)
        for slug in ["anyang", "testville"]:  # there before the import, and added in it
            with pytest.raises(ValidationError) as refused, transaction.atomic():
                publish_new(new_city(slug), parent=cluster)
            assert "is already in use within the parent page" in str(refused.value)
        renamed = Page.objects.get(pk=english(CityPage, slug="luoyang").pk)
        renamed.slug = "luoyang-renamed"
        renamed.save()  # by other code, in the same transaction
        publish_new(new_city("luoyang"), parent=cluster)
        with pytest.raises(ValidationError), transaction.atomic():
            publish_new(new_city("luoyang-renamed"), parent=cluster)

    slugs = [page.slug for page in cluster.get_children()]
    assert slugs.count("anyang") == slugs.count("testville") == 1
    assert slugs.count("luoyang") == slugs.count("luoyang-renamed") == 1


def test_inside_an_import_a_translation_takes_the_slug_wagtail_would_find_free(db):
    cluster = english(ClusterPage)

    with import_transaction():
        publish_new(new_city("testville"), parent=cluster)
        publish_new(new_city("testville-1"), parent=cluster)

        assert available_slug(cluster, "testville") == "testville-2"
        assert available_slug(cluster, "anyang") == "anyang-1"
        assert available_slug(cluster, "newville") == "newville"
        for slug in ["testville", "anyang", "newville"]:
            assert available_slug(cluster, slug) == find_available_slug(cluster, slug)


def test_inside_an_import_a_parents_translation_is_read_once_until_a_page_is_saved(
    db, django_assert_num_queries
):
    spanish = locale("es")
    luoyang, anyang = english(CityPage, slug="luoyang"), english(CityPage, slug="anyang")
    spanish_cluster = english(ClusterPage).get_translation(spanish)

    with import_transaction():
        with django_assert_num_queries(2):  # the parent, its translation
            assert translated_parent(luoyang, spanish)[0].pk == spanish_cluster.pk
        with django_assert_num_queries(0):  # a sibling's
            parent, source_parent = translated_parent(anyang, spanish)
        assert (parent.pk, source_parent.pk) == (spanish_cluster.pk, english(ClusterPage).pk)
        spanish_cluster.slug = "grupo"
        spanish_cluster.save()
        with django_assert_num_queries(2):
            parent, _source_parent = translated_parent(anyang, spanish)
        assert parent.url_path.endswith("/grupo/")
    home = english(HomePage)
    assert translated_parent(home, spanish) == (None, Page.get_first_root_node())


def test_inside_an_import_a_view_restriction_added_is_seen_by_the_next_translation(db):
    spanish = locale("es")
    luoyang = english(CityPage, slug="luoyang")
    luoyang.get_translation(spanish).delete()
    source = TranslationSource.objects.get(object_id=luoyang.translation_key, locale=luoyang.locale)

    with import_transaction():
        assert not has_view_restrictions(luoyang)
        PageViewRestriction.objects.create(page=luoyang, restriction_type=PageViewRestriction.LOGIN)
        assert has_view_restrictions(luoyang)
        translation = create_translation(source, luoyang, spanish)

    assert translation.view_restrictions.get().restriction_type == PageViewRestriction.LOGIN


def test_inside_an_import_a_page_moved_under_a_parent_is_seen(django_capture_on_commit_callbacks):
    cluster, spanish_cluster = english(ClusterPage), ClusterPage.objects.get(locale=locale("es"))

    with django_capture_on_commit_callbacks(execute=True), import_transaction():
        publish_new(new_city("testville-0"), parent=cluster)
        moved = new_city("wanderer")
        publish_new(moved, parent=spanish_cluster)
        Page.objects.get(pk=moved.pk).move(cluster, pos="last-child")
        publish_new(new_city("testville-1"), parent=cluster)

    slugs = [page.slug for page in cluster.get_children()]
    assert slugs[-3:] == ["testville-0", "wanderer", "testville-1"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_inside_an_import_history_entries_are_written_a_batch_at_a_time(db, monkeypatch):
    monkeypatch.setattr(publishing.HISTORY, "batch", 4)
    cluster = english(ClusterPage)
    before = PageLogEntry.objects.count()
    counts = []

    with import_transaction():
        for number in range(3):
            publish_new(new_city(f"testville-{number}"), parent=cluster)  # two entries each
            counts.append(PageLogEntry.objects.count() - before)

    assert counts == [0, 4, 4]
    assert PageLogEntry.objects.count() - before == 6
    for number in range(3):
        page = CityPage.objects.get(slug=f"testville-{number}")
        actions = PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action")
        assert [action for (action,) in actions] == ["wagtail.create", "wagtail.publish"]


def test_translation_records_are_kept_until_the_end_or_a_deletion(db):
    luoyang = english(CityPage, slug="luoyang")
    spanish, chinese = locale("es"), locale("zh-hans")
    source = TranslationSource.objects.get(object_id=luoyang.translation_key, locale=luoyang.locale)
    Translation.objects.filter(source=source).delete()

    def recorded():
        return {record.target_locale.language_code for record in source.translations.all()}

    with records_written_at_end():
        record_translation(source, spanish)
        assert recorded() == set()
        english(NewsItem, slug=NewsItem.objects.first().slug).get_translation(chinese).delete()
        assert recorded() == {"es"}  # wagtail-localize reads the records on a deletion
        record_translation(source, chinese)
        record_translation(source, spanish)  # already there: left as it is
    assert recorded() == {"es", "zh-hans"}
