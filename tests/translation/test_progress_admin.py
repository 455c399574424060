"""The translation progress in the admin: the progress view, the translator's dashboard panel,
the page explorer, the snippet listings and Reports → Translations."""

import re

import pytest

from django.urls import reverse

from cluster.models import CityPage, NewsItem
from cluster.translation import progress
from tests.seed import english, locale, new_webinar

pytestmark = pytest.mark.django_db


def change_english_summary(slug, capture):
    city = english(CityPage, slug=slug)
    city.summary = "A changed English summary."
    with capture(execute=True):
        city.save_revision().publish()
    return city


def rows_of(html, table_id):
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    return re.findall(r"<tr data-[^>]*>.*?</tr>", table, re.S)


def cells(row):
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]


def test_the_progress_view_counts_per_language_and_lists_every_object(
    editor_client, django_capture_on_commit_callbacks
):
    anyang = change_english_summary("anyang", django_capture_on_commit_callbacks)
    items = progress.progress()
    per_language = progress.counts_by_language(items)

    response = editor_client.get(reverse("cluster_translation_progress"))

    html = response.content.decode()
    counts = {
        cells(row)[0]: [int(n) for n in cells(row)[1:]]
        for row in rows_of(html, "translation-counts")
    }
    assert counts == {
        name: [per_language[code][state] for state in progress.STATES]
        for code, name in [("en", "English"), ("zh-hans", "Simplified Chinese"), ("es", "Spanish")]
    }
    assert counts["English"][0] == len(items) // 3
    assert counts["Spanish"][3] == 1  # outdated
    assert len(rows_of(html, "translation-items")) == len(items)
    outdated = [
        cells(row) for row in rows_of(html, "translation-items") if 'data-state="outdated"' in row
    ]
    assert sorted(row[0] for row in outdated) == sorted(
        anyang.get_translation(locale(language)).title for language in ["zh-hans", "es"]
    )


def test_the_progress_view_filters_by_language_state_and_type(
    editor_client, django_capture_on_commit_callbacks
):
    anyang = change_english_summary("anyang", django_capture_on_commit_callbacks)

    response = editor_client.get(
        reverse("cluster_translation_progress"),
        {"language": "es", "state": "outdated", "type": "cluster.citypage"},
    )

    (row,) = rows_of(response.content.decode(), "translation-items")
    spanish = anyang.get_translation(locale("es"))
    assert cells(row)[:4] == [spanish.title, "City page", "Spanish", "Outdated"]
    assert f'href="/admin/pages/{spanish.pk}/edit/"' in row

    response = editor_client.get(reverse("cluster_translation_progress"), {"state": "missing"})
    assert rows_of(response.content.decode(), "translation-items") == []


def test_the_progress_view_reads_the_same_queries_however_much_content(
    editor_client, django_assert_num_queries
):
    url = reverse("cluster_translation_progress")
    editor_client.get(url)  # the admin's per-process caches
    with django_assert_num_queries(QUERIES):
        editor_client.get(url)
    new_webinar().save()
    new_webinar(slug="another-webinar").save()
    with django_assert_num_queries(QUERIES):
        response = editor_client.get(url)
    assert len(rows_of(response.content.decode(), "translation-items")) == len(progress.progress())


# The session, the user and the admin's own (menu, base template): six; the user's interface
# language (cms.middleware.AdminLanguageMiddleware): one; the progress: nine.
QUERIES = 16


def test_a_translator_s_dashboard_lists_what_needs_work_in_their_language(
    client, translator, django_capture_on_commit_callbacks
):
    first = change_english_summary("anyang", django_capture_on_commit_callbacks)
    second = change_english_summary("luoyang", django_capture_on_commit_callbacks)
    client.force_login(translator("zh-hans"))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    panel = re.search(r'id="translation-needs-work-section".*?</table>', html, re.S).group(0)
    links = re.findall(r'<td class="title"><a href="([^"]+)">([^<]+)</a>', panel)
    assert links == [
        (
            f"/admin/pages/{city.get_translation(locale('zh-hans')).pk}/edit/",
            city.get_translation(locale("zh-hans")).title,
        )
        for city in (first, second)  # the longest waiting first
    ]


def test_editors_and_translators_of_other_languages_do_not_get_the_panel(
    client, editor_client, translator, django_capture_on_commit_callbacks
):
    anyang = change_english_summary("anyang", django_capture_on_commit_callbacks)
    chinese_title = anyang.get_translation(locale("zh-hans")).title

    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "translation-needs-work" not in html

    client.force_login(translator("es"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = re.search(r'id="translation-needs-work-section".*?</table>', html, re.S).group(0)
    assert chinese_title not in panel
    assert anyang.get_translation(locale("es")).title in panel


def test_the_page_explorer_shows_each_translation_s_state(
    editor_client, django_capture_on_commit_callbacks
):
    anyang = change_english_summary("anyang", django_capture_on_commit_callbacks)
    chinese = anyang.get_translation(locale("zh-hans"))
    luoyang = english(CityPage, slug="luoyang").get_translation(locale("zh-hans"))

    html = editor_client.get(
        reverse("wagtailadmin_explore", args=[chinese.get_parent().pk])
    ).content.decode()

    states = dict(
        re.findall(r'href="/admin/pages/(\d+)/edit/"[^>]*data-translation-state="(\w+)"', html)
        + re.findall(r'data-translation-state="(\w+)"[^>]*href="/admin/pages/(\d+)/edit/"', html)[
            ::-1
        ]
    )
    assert states.get(str(chinese.pk)) == "outdated", html[:0]
    assert states.get(str(luoyang.pk)) == "translated"


def test_the_snippet_listing_shows_each_object_s_state(
    editor_client, django_capture_on_commit_callbacks
):
    news = NewsItem.objects.filter(locale__language_code="en").order_by("slug").first()
    news.summary = "A changed summary."
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    spanish = news.get_translation(locale("es"))

    html = editor_client.get(
        reverse(NewsItem.snippet_viewset.get_url_name("list")), {"locale": "es"}
    ).content.decode()

    rows = {
        item.pk: row
        for item in NewsItem.objects.filter(locale=locale("es"))
        for row in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S)
        if f"/edit/{item.pk}/" in row
    }
    assert len(rows) == NewsItem.objects.filter(locale=locale("es")).count()
    for pk, row in rows.items():
        state = "Outdated" if pk == spanish.pk else "Translated"
        assert re.search(rf"<td[^>]*>\s*{state}\s*</td>", row), row


def test_reports_translations_says_outdated_not_up_to_date(
    editor_client, django_capture_on_commit_callbacks
):
    anyang = change_english_summary("anyang", django_capture_on_commit_callbacks)

    html = editor_client.get(
        reverse("wagtail_localize:translations_report_results"),
        {"source_title": anyang.title, "target_locale": "zh-hans"},
    ).content.decode()

    rows = re.findall(r"<tr>.*?</tr>", html, re.S)[1:]
    assert rows and all("Outdated" in row for row in rows)
    assert "Up to date" not in html
