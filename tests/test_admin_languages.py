"""The admin speaks English, Simplified Chinese and Spanish: each user picks a language in their
Wagtail profile, and both Wagtail's own strings and the project's (menu labels, model and field
names, help texts) follow it. The project's strings come from locale/, compiled with polib."""

import json
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from wagtail.users.models import UserProfile

from cluster.models import CityPage, NewsItem
from cluster.translation.permissions import EDITORS_GROUP

# What an editor sees, per admin language: Wagtail's own strings and the project's.
EXPECTED = {
    "zh-hans": {
        "wagtail": {"pages": "页面", "skip to main content": "跳到主要内容"},
        # Wagtail's "Add %(model_name)s" around the project's verbose name.
        "both": {"add news item": "添加 新闻"},
        "project": {
            "cluster content": "集群内容",
            "news and events": "新闻与活动",
            "region or province": "地区或省份",
            "facts and figures": "数据概览",
        },
    },
    "es": {
        "wagtail": {"pages": "Páginas", "skip to main content": "Saltar al contenido principal"},
        "both": {"add news item": "Añadir noticia"},
        "project": {
            "cluster content": "Contenido del clúster",
            "news and events": "Noticias y eventos",
            "region or province": "Región o provincia",
            "facts and figures": "Datos y cifras",
        },
    },
}


def catalogues():
    """The project's catalogues of Python strings (the djangojs ones only complete
    wagtail-localize's JavaScript: tests/admin/test_localize_screens.py)."""
    return sorted(
        po for locale_path in settings.LOCALE_PATHS for po in Path(locale_path).rglob("django.po")
    )


@pytest.fixture(autouse=True)
def compiled_catalogues(settings):
    call_command("compile_catalogues", stdout=StringIO())
    # Changing LOCALE_PATHS makes Django drop the catalogues it has already loaded, so these
    # tests read the .mo just compiled even if an earlier test activated the same languages.
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


@pytest.fixture
def log_in_editor_speaking(client, django_user_model, db):
    def log_in(language):
        editor = django_user_model.objects.create_user(username=f"editor-{language}")
        editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = language
        profile.save()
        client.force_login(editor)
        return editor

    return log_in


def sidebar_menu_labels(response):
    """{menu item name: label} of the admin sidebar, which Wagtail sends as telepath-packed JSON
    (a value used twice is sent once, so only plain string names and labels are collected)."""
    props = re.search(
        rb'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content,
        re.S,
    )
    labels = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and isinstance(node.get("label"), str):
                labels[node["name"]] = node["label"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return labels


def test_the_admin_offers_english_chinese_and_spanish():
    assert settings.WAGTAILADMIN_PERMITTED_LANGUAGES == [
        ("en", "English"),
        ("zh-hans", "简体中文"),
        ("es", "Español"),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "es"])
def test_the_sidebar_speaks_the_editors_language(log_in_editor_speaking, client, language):
    log_in_editor_speaking(language)
    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert f'<html lang="{language}"'.encode() in response.content
    labels = sidebar_menu_labels(response)
    assert labels["explorer"] == EXPECTED[language]["wagtail"]["pages"]
    assert labels["cluster-content"] == EXPECTED[language]["project"]["cluster content"]


@pytest.mark.parametrize("language", ["zh-hans", "es"])
def test_a_snippet_listing_speaks_the_editors_language(log_in_editor_speaking, client, language):
    log_in_editor_speaking(language)
    response = client.get(reverse(NewsItem.snippet_viewset.get_url_name("list")))

    assert response.status_code == 200
    content = response.content.decode()
    assert EXPECTED[language]["wagtail"]["skip to main content"] in content
    assert EXPECTED[language]["project"]["news and events"] in content
    assert EXPECTED[language]["both"]["add news item"] in content
    assert "news and events" not in content.lower()


@pytest.mark.parametrize("language", ["zh-hans", "es"])
def test_a_page_editor_speaks_the_editors_language(log_in_editor_speaking, client, language):
    log_in_editor_speaking(language)
    anyang = CityPage.objects.get(slug="anyang", locale__language_code="en")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[anyang.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert EXPECTED[language]["project"]["region or province"] in content
    assert EXPECTED[language]["project"]["facts and figures"] in content
    assert "Region or province" not in content


def test_an_editor_without_a_preference_sees_english(log_in_editor_speaking, client):
    log_in_editor_speaking("")
    labels = sidebar_menu_labels(client.get(reverse("wagtailadmin_home")))
    assert labels["explorer"] == "Pages"
    assert labels["cluster-content"] == "Cluster content"


def test_there_is_a_catalogue_for_each_translated_admin_language():
    languages = {po.parent.parent.name for po in catalogues()}
    assert languages == {"zh_Hans", "es"}


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda path: path.parent.parent.name)
def test_every_message_is_translated_and_reviewed(po_path):
    catalogue = polib.pofile(str(po_path))
    assert len(catalogue) > 100
    assert not catalogue.metadata_is_fuzzy
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert catalogue.metadata["Language"] == po_path.parent.parent.name


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda path: path.parent.parent.name)
def test_the_compiled_catalogue_holds_every_translation(po_path):
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    source = polib.pofile(str(po_path))
    assert {entry.msgid: entry.msgstr for entry in compiled if entry.msgid} == {
        entry.msgid: entry.msgstr for entry in source.translated_entries()
    }


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext's xgettext is not installed")
@pytest.mark.parametrize("po_path", catalogues(), ids=lambda path: path.parent.parent.name)
def test_the_catalogue_has_every_string_the_code_marks_for_translation(po_path):
    """What `makemessages` would add: a string wrapped in gettext but missing from the catalogue
    would show in English in a Chinese or Spanish admin."""
    sources = sorted(
        str(path.relative_to(settings.BASE_DIR))
        for package in ["cluster", "home", "cms"]
        for path in (settings.BASE_DIR / package).rglob("*.py")
    )
    keywords = ["gettext", "gettext_lazy", "_", "pgettext:1c,2", "pgettext_lazy:1c,2"]
    marked = subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "--output=-"]
        + [f"--keyword={keyword}" for keyword in keywords]
        + sources,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    in_code = {entry.msgid for entry in polib.pofile(marked) if entry.msgid}
    in_catalogue = {entry.msgid for entry in polib.pofile(str(po_path))}
    assert sorted(in_code - in_catalogue) == []
