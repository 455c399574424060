"""Translation progress, one truth: the API, the admin's progress view, the translator's
dashboard, the explorer and snippet listings, Reports → Translations and `manage.py
translation_status` all say the same state for the same object in the same language."""

import json
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from cluster.models import CityPage, KnowledgeProduct, NewsItem, Topic, Video
from cluster.translation import progress
from cluster.translation.po_import import publish_translation
from tests.seed import english, locale

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "es"]
ENDPOINTS = {
    "pages/": Page,
    "news/": NewsItem,
    "knowledge/": KnowledgeProduct,
    "videos/": Video,
    "topics/": Topic,
}


def seed_object_count():
    pages = Page.objects.filter(depth__gt=1, locale__language_code="en").count()
    snippets = sum(
        model.objects.filter(locale__language_code="en").count()
        for model in (NewsItem, KnowledgeProduct, Video, Topic)
    )
    return pages + snippets


def change_english_summary(slug, capture, text="A changed English summary."):
    city = english(CityPage, slug=slug)
    city.summary = text
    with capture(execute=True):
        city.save_revision().publish()
    return city


def new_english_city(slug):
    cluster = english(CityPage, slug="anyang").get_parent()
    city = CityPage(
        title=slug.title(),
        slug=slug,
        summary=f"{slug} in English.",
        country="MX",
        region="Somewhere",
        locale=locale("en"),
    )
    cluster.add_child(instance=city)
    city.save_revision().publish()
    return city


def test_the_seed_is_translated_into_every_language():
    items = progress.progress()
    counts = progress.counts_by_language(items)
    total = seed_object_count()

    assert counts["en"] == {"source": total}
    assert counts["zh-hans"] == {"translated": total}
    assert counts["es"] == {"translated": total}


def test_the_api_says_what_the_progress_says(api, django_capture_on_commit_callbacks):
    change_english_summary("anyang", django_capture_on_commit_callbacks)
    items = {(item.pk, item.language, item.type_label): item for item in progress.progress()}
    states = set()

    for endpoint, model in ENDPOINTS.items():
        for language in LANGUAGES:
            _, data = api(endpoint, locale=language, limit=100)
            for entry in data["items"]:
                label = entry["meta"]["type"].lower() if model is Page else model._meta.label_lower
                item = items[(entry["id"], language, label)]
                assert entry["meta"]["translation_status"] == {
                    "state": item.state,
                    "share": item.status.share,
                    "source_locale": item.status.source_locale,
                }
                states.add(item.state)
    assert states == {"source", "translated", "outdated"}


def test_an_english_change_makes_each_translation_outdated(django_capture_on_commit_callbacks):
    anyang = change_english_summary("anyang", django_capture_on_commit_callbacks)

    states = {
        item.language: item.state
        for item in progress.progress(models=[CityPage])
        if item.translation_key == anyang.translation_key
    }

    assert states == {"en": "source", "zh-hans": "outdated", "es": "outdated"}


def test_missing_and_untranslated():
    city = new_english_city("tlaxcala")
    source, _ = TranslationSource.get_or_create_from_instance(city)
    publish_translation(source, locale("es"))  # a copy holding the English text

    states = {
        item.language: item.state
        for item in progress.progress(models=[CityPage])
        if item.translation_key == city.translation_key
    }

    assert states == {"en": "source", "zh-hans": "missing", "es": "untranslated"}


def test_machine_translations_waiting_for_review():
    from wagtail_localize.models import StringTranslation

    news = NewsItem.objects.filter(locale__language_code="en").order_by("slug").first()
    StringTranslation.objects.filter(
        context__object_id=news.translation_key, locale=locale("zh-hans"), context__path="title"
    ).update(translation_type="machine")

    (item,) = [
        item
        for item in progress.progress(models=[NewsItem], languages=["zh-hans"])
        if item.translation_key == news.translation_key
    ]

    assert item.state == "machine"


def test_the_progress_reads_a_bounded_number_of_queries(django_assert_num_queries):
    # the locales, the page tree, four snippet models, the sources, their strings, the translated
    with django_assert_num_queries(9):
        before = progress.progress()
    new_english_city("tlaxcala")
    new_english_city("tepic")
    with django_assert_num_queries(9):
        after = progress.progress()
    assert len(after) == len(before) + 6


# --- manage.py translation_status ----------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("translation_status", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_counts_per_language_and_state():
    total = seed_object_count()

    lines = run().splitlines()

    assert lines[0].split() == ["language", *progress.STATES]
    rows = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[1:]}
    assert rows == {
        "en": [total, 0, 0, 0, 0, 0],
        "zh-hans": [0, total, 0, 0, 0, 0],
        "es": [0, total, 0, 0, 0, 0],
    }


def test_the_command_lists_every_object_s_state_as_json(django_capture_on_commit_callbacks):
    anyang = change_english_summary("anyang", django_capture_on_commit_callbacks)
    chinese = anyang.get_translation(locale("zh-hans"))

    data = json.loads(run("--json", "--locale", "zh-hans"))

    assert len(data) == seed_object_count()
    assert {entry["language"] for entry in data} == {"zh-hans"}
    (entry,) = [
        entry for entry in data if entry["id"] == chinese.pk and entry["type"] == "cluster.citypage"
    ]
    assert entry["state"] == "outdated"
    assert entry["title"] == chinese.title
    assert [e["state"] for e in data].count("outdated") == 1


def test_the_command_fails_on_a_state_for_pipelines(django_capture_on_commit_callbacks):
    run("--fail-on", "outdated")  # the seed: nothing outdated

    change_english_summary("anyang", django_capture_on_commit_callbacks)
    with pytest.raises(CommandError, match=r"2 object\(s\) in state outdated") as failure:
        run("--fail-on", "outdated")
    assert failure.value.returncode == 1
    with pytest.raises(CommandError, match=r"1 object\(s\)"):
        run("--fail-on", "outdated", "--locale", "es")
    run("--fail-on", "missing")


def test_the_command_reads_a_bounded_number_of_queries(django_assert_num_queries):
    with django_assert_num_queries(9):
        run("--json")
