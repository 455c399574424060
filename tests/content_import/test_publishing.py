"""The imports write through Wagtail's and wagtail-localize's own calls: a new object is what the
stock way makes (its revision, its history, Wagtail's publish signals once), and a translation is
what wagtail-localize's `Translation.save_target(publish=True)` makes from the same strings."""

import shutil

import polib
import pytest

from django.db import transaction

from wagtail.log_actions import registry as log_registry
from wagtail.models import Page
from wagtail.signals import page_published, published
from wagtail_localize.models import Translation, TranslationSource

from cluster.content_import.reading import read_content
from cluster.content_import.writing import import_content
from cluster.models import CityPage, ClusterPage, NewsItem
from cluster.translation.po_import import import_translations, read_translation_files
from cluster.translation.translatable import relative_path
from tests.conftest import CONTENT_DIR
from tests.content_import.test_import_content import NEW_MEMBER
from tests.seed import english, locale

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


@pytest.fixture
def content_copy(tmp_path):
    path = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, path)
    return path


NEW_NEWS = """\
slug: a-test-webinar
title: A test webinar
kind: webinar
date: 2026-11-28
summary: Only in the tests.
topics: [cities-clusters-tourism]
"""


def actions(instance):
    """The history entry actions of an object, oldest first."""
    entries = sorted(log_registry.get_logs_for_instance(instance), key=lambda entry: entry.pk)
    return [entry.action for entry in entries]


def test_a_new_page_is_live_with_its_first_revision_and_wagtails_history(
    content_copy, media_files, received
):
    (content_copy / "members" / "testville.yaml").write_text(NEW_MEMBER, encoding="utf-8")

    import_content(read_content(content_copy))

    page = CityPage.objects.get(slug="testville")
    assert page.live and not page.has_unpublished_changes
    assert page.latest_revision == page.live_revision
    assert page.first_published_at == page.last_published_at is not None
    assert page.url_path == f"{english(ClusterPage).url_path}testville/"
    assert actions(page) == ["wagtail.create", "wagtail.publish"]
    # Wagtail 8 sends both signals for a page, once; the 46 unchanged objects send none.
    assert [(name, obj.pk) for name, obj in received] == [
        ("page_published", page.pk),
        ("published", page.pk),
    ]


def test_a_new_snippet_is_live_with_its_first_revision_and_wagtails_history(content_copy, received):
    (content_copy / "news" / "a-test-webinar.yaml").write_text(NEW_NEWS, encoding="utf-8")

    import_content(read_content(content_copy))

    news = english(NewsItem, slug="a-test-webinar")
    assert news.live and not news.has_unpublished_changes
    assert news.latest_revision == news.live_revision
    assert [link.topic.slug for link in news.topic_links.all()] == ["cities-clusters-tourism"]
    assert actions(news) == ["wagtail.create", "wagtail.publish"]
    assert [(name, obj.pk) for name, obj in received] == [("published", news.pk)]


IGNORED = {
    "pk",
    "path",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "latest_revision",
    "live_revision",
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


def state(instance):
    """What a translation is made of: its data, comparable, and its history entries."""
    instance = type(instance).objects.get(pk=instance.pk)
    history = sorted(
        (entry.action, entry.label, entry.content_changed, entry.user_id, bool(entry.revision_id))
        for entry in log_registry.get_logs_for_instance(instance)
    )
    return {"data": comparable(instance.serializable_data()), "history": history}


def first_translation_both_ways(original, language, tmp_path, django_capture_on_commit_callbacks):
    """Delete `original`'s translation into `language` and make it again from its PO file
    twice: the stock way (`Translation.import_po`, `save_target(publish=True)`, whose publish
    waits for the commit), rolled back, and with `import_translations`. Returns both states."""
    target = locale(language)
    original.get_translation(target).delete()
    po_file = CONTENT_DIR / "locale" / relative_path(original, language)
    single = tmp_path / "one" / relative_path(original, language)
    single.parent.mkdir(parents=True)
    shutil.copy(po_file, single)

    savepoint = transaction.savepoint()
    source, _created = TranslationSource.update_or_create_from_instance(original)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=target)
    translation.import_po(polib.pofile(str(po_file)), tool_name="PO file")
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    stock = state(original.get_translation(target))
    transaction.savepoint_rollback(savepoint)

    report = import_translations(read_translation_files(tmp_path / "one"))

    assert report.summary() == "1 created, 0 updated, 0 unchanged"
    return state(original.get_translation(target)), stock


@pytest.mark.parametrize("language", ["es", "zh-hans"])
def test_a_first_page_translation_is_what_wagtail_localize_makes(
    language, tmp_path, django_capture_on_commit_callbacks
):
    actual, stock = first_translation_both_ways(
        english(CityPage, slug="luoyang"), language, tmp_path, django_capture_on_commit_callbacks
    )

    assert actual == stock
    assert actual["data"]["locale"] == locale(language).pk
    assert actual["data"]["live"]
    assert actual["data"]["topic_links"]  # with the topics in that language
    assert "wagtail.copy_for_translation" in [action for action, *_ in actual["history"]]


def test_a_first_snippet_translation_is_what_wagtail_localize_makes(
    tmp_path, django_capture_on_commit_callbacks
):
    news = english(NewsItem, slug=NewsItem.objects.filter(topic_links__isnull=False)[0].slug)

    actual, stock = first_translation_both_ways(
        news, "es", tmp_path, django_capture_on_commit_callbacks
    )

    assert actual == stock
    assert actual["data"]["live"]


def test_a_page_translated_before_its_parent_goes_under_an_alias_replaced_later(tmp_path):
    spanish = locale("es")
    cluster, luoyang = english(ClusterPage), english(CityPage, slug="luoyang")
    cluster.get_translation(spanish).delete()  # and the Spanish cities under it
    one = tmp_path / "one"
    for page in (cluster, luoyang):
        path = relative_path(page, "es")
        (one / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CONTENT_DIR / "locale" / path, one / path)
    luoyang_file = [f for f in read_translation_files(one) if f.instance.pk == luoyang.pk]

    import_translations(luoyang_file)

    parent = luoyang.get_translation(spanish).get_parent().specific
    assert parent.alias_of_id == cluster.pk and parent.translation_key == cluster.translation_key

    report = import_translations(read_translation_files(one))

    assert dict(((key, outcome) for _l, key, outcome in report.outcomes)) == {
        "cluster.clusterpage:" + cluster.slug: "updated",  # the alias became a translation
        "cluster.citypage:luoyang": "unchanged",
    }
    parent = luoyang.get_translation(spanish).get_parent().specific
    assert parent.alias_of_id is None and parent.live
    assert parent.title != cluster.title


def test_the_tree_stays_consistent_when_a_whole_language_is_imported_again(tmp_path):
    english(ClusterPage).get_translation(locale("es")).delete()

    report = import_translations(read_translation_files(CONTENT_DIR / "locale"))

    assert report.count("created") == 19  # the cluster page and its 18 members
    assert Page.find_problems() == ([], [], [], [], [])
    cluster = english(ClusterPage).get_translation(locale("es"))
    assert cluster.get_children().count() == cluster.numchild == 18
