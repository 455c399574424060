"""Translations follow their source: an editor publishes a changed English page or snippet, the
translation editor shows the new English at once, unchanged strings keep their translations, the
changed one offers its previous translation, and the item is `outdated` until the translator
publishes it again. Nothing a translator typed is lost."""

import json
import re

import pytest

from django.urls import reverse

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cluster.models import CityPage, NewsItem
from cluster.translation.previous_translations import previous_translations
from cluster.translation.source_refresh import refresh_translation_source
from tests.seed import english, locale

pytestmark = pytest.mark.django_db

NEW_SUMMARY = "Anyang, cradle of Chinese writing, keeps the oracle bones of the Shang capital Yin."
NEW_CHINESE_SUMMARY = "安阳是汉字的摇篮，保存着商都殷墟的甲骨。"
DRAFT_CHINESE_TITLE = "安阳（草稿）"


def publish(instance, capture):
    """Publish as the admin does, running what waits for the commit (the refresh task)."""
    with capture(execute=True):
        instance.save_revision().publish()


def source_strings(instance):
    source = TranslationSource.objects.get_for_instance(instance)
    return set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))


def translation_into(instance, language):
    source = TranslationSource.objects.get_for_instance(instance)
    return Translation.objects.get(source=source, target_locale=locale(language))


def translated_text(instance, language, english_text):
    return StringTranslation.objects.get(
        context__object_id=instance.translation_key,
        locale=locale(language),
        translation_of__data=english_text,
    ).data


def state(api, instance):
    _, data = api(f"pages/{instance.pk}/")
    return data["meta"]["translation_status"]


def edit_string(client, translation, english_text, value):
    segment = StringSegment.objects.get(source=translation.source, string__data=english_text)
    url = reverse(
        "wagtail_localize:edit_string_translation",
        kwargs={"translation_id": translation.id, "string_segment_id": segment.id},
    )
    response = client.put(url, f"value={value}", content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 201), response.content  # updated, created


def test_publishing_the_english_page_shows_the_new_string_and_keeps_the_others(
    api, django_capture_on_commit_callbacks
):
    anyang = english(CityPage, slug="anyang")
    old_summary = anyang.summary
    chinese = anyang.get_translation(locale("zh-hans"))
    chinese_summary = chinese.summary
    chinese_title = translated_text(anyang, "zh-hans", anyang.title)
    assert state(api, chinese)["state"] == "translated"

    anyang.summary = NEW_SUMMARY
    publish(anyang, django_capture_on_commit_callbacks)

    strings = source_strings(anyang)
    assert NEW_SUMMARY in strings
    assert old_summary not in strings
    assert translated_text(anyang, "zh-hans", anyang.title) == chinese_title
    for language in ["zh-hans", "es"]:
        status = state(api, anyang.get_translation(locale(language)))
        assert status["state"] == "outdated"
        assert 0 < status["share"] < 1
    chinese.refresh_from_db()
    assert chinese.summary == chinese_summary  # nothing was published for the translator


def test_the_changed_string_offers_its_previous_translation(django_capture_on_commit_callbacks):
    anyang = english(CityPage, slug="anyang")
    old_summary = anyang.summary
    chinese_summary = anyang.get_translation(locale("zh-hans")).summary
    anyang.summary = NEW_SUMMARY
    publish(anyang, django_capture_on_commit_callbacks)

    (offered,) = previous_translations(translation_into(anyang, "zh-hans"))

    assert offered.source == NEW_SUMMARY
    assert offered.previous_source == old_summary
    assert offered.previous_translation == chinese_summary


def test_the_translation_editor_shows_the_previous_translation(
    client, translator, django_capture_on_commit_callbacks
):
    anyang = english(CityPage, slug="anyang")
    chinese = anyang.get_translation(locale("zh-hans"))
    old_summary = anyang.summary
    anyang.summary = NEW_SUMMARY
    publish(anyang, django_capture_on_commit_callbacks)
    client.force_login(translator("zh-hans"))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[chinese.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    data = json.loads(
        re.search(r'id="cluster-previous-translations"[^>]*>(.*?)</script>', html).group(1)
    )
    assert data["strings"] == [
        {
            "source": NEW_SUMMARY,
            "previousSource": old_summary,
            "previousTranslation": chinese.summary,
        }
    ]
    assert data["labels"]["heading"] == "Previous translation"
    assert "cluster/js/previous-translations.js" in html


def test_outdated_until_the_translator_publishes_and_drafts_of_other_strings_survive(
    api, client, translator, django_capture_on_commit_callbacks
):
    anyang = english(CityPage, slug="anyang")
    chinese = anyang.get_translation(locale("zh-hans"))
    translation = translation_into(anyang, "zh-hans")
    client.force_login(translator("zh-hans"))
    # The translator has changed the title in the editor and not published it yet.
    edit_string(client, translation, anyang.title, DRAFT_CHINESE_TITLE)

    anyang.summary = NEW_SUMMARY
    publish(anyang, django_capture_on_commit_callbacks)
    assert translated_text(anyang, "zh-hans", anyang.title) == DRAFT_CHINESE_TITLE

    edit_string(client, translation, NEW_SUMMARY, NEW_CHINESE_SUMMARY)
    assert state(api, chinese)["state"] == "outdated"  # translated, not yet published

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[chinese.pk]), {"action": "publish"}
        )
    assert response.status_code == 302

    assert state(api, chinese) == {"state": "translated", "share": 1.0, "source_locale": "en"}
    _, data = api(f"pages/{chinese.pk}/")
    assert data["summary"] == NEW_CHINESE_SUMMARY
    assert data["title"] == DRAFT_CHINESE_TITLE
    assert state(api, anyang.get_translation(locale("es")))["state"] == "outdated"


def test_publishing_a_snippet_refreshes_its_source(api, django_capture_on_commit_callbacks):
    news = NewsItem.objects.filter(locale__language_code="en").order_by("slug").first()
    news.summary = "A new summary of the news item."
    publish(news, django_capture_on_commit_callbacks)

    assert "A new summary of the news item." in source_strings(news)
    spanish = news.get_translation(locale("es"))
    _, data = api(f"news/{spanish.pk}/")
    assert data["meta"]["translation_status"]["state"] == "outdated"


def test_publishing_a_translation_never_makes_it_a_source(django_capture_on_commit_callbacks):
    chinese = english(CityPage, slug="anyang").get_translation(locale("zh-hans"))
    sources_before = TranslationSource.objects.count()

    publish(chinese, django_capture_on_commit_callbacks)

    assert TranslationSource.objects.count() == sources_before
    assert refresh_translation_source.call("cluster.citypage", chinese.pk) is False


def test_an_object_never_submitted_for_translation_has_nothing_to_refresh(
    django_capture_on_commit_callbacks,
):
    from tests.seed import new_webinar

    webinar = new_webinar()
    webinar.save()
    publish(webinar, django_capture_on_commit_callbacks)

    assert refresh_translation_source.call("cluster.newsitem", webinar.pk) is False
    assert TranslationSource.objects.get_for_instance_or_none(webinar) is None
