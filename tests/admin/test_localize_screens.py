"""The admin screens editors and translators use speak Chinese and Spanish, wagtail-localize's
included: every string wagtail-localize marks for translation (its Python, its templates, its
JavaScript) has a translation under each admin language, and the screens show none of them in
English; the editor's heading and the PO import's tool name, which reach the editor as data,
are translated too (cluster/translation/editor_language.py); and so is Wagtail's
permission-denied message (cms/middleware.py, AdminLanguageMiddleware)."""

import html
import json
import re
import shutil
import subprocess
import tempfile
from functools import cache
from io import StringIO
from pathlib import Path

import polib
import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext, override, pgettext
from django.utils.translation.template import templatize

import wagtail_localize
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation

from cluster.models import CityPage, NewsItem
from cluster.translation.roles import EDITORS_GROUP, TRANSLATOR_GROUPS

pytestmark = pytest.mark.django_db

LOCALIZE_DIR = Path(wagtail_localize.__file__).parent
LANGUAGES = ["zh-hans", "es"]
# The same word in English and Spanish: nothing to translate.
SAME_IN = {"es": {"Manual"}}
PERMISSION_DENIED = "Sorry, you do not have permission to access this area."


@cache
def localize_python_strings():
    """(msgctxt, msgid) of every string wagtail-localize's Python code and templates mark for
    translation, as `makemessages` extracts them (xgettext over the code and the templates
    turned into Python by Django's `templatize`)."""
    sources = [
        str(path)
        for path in LOCALIZE_DIR.rglob("*.py")
        if not {"tests", "test", "migrations"} & set(path.relative_to(LOCALIZE_DIR).parts)
    ]
    with tempfile.TemporaryDirectory() as directory:
        for template in LOCALIZE_DIR.rglob("*.html"):
            if "test" in template.relative_to(LOCALIZE_DIR).parts[0]:
                continue
            python = Path(directory) / f"{len(sources)}_{template.name}.py"
            python.write_text(templatize(template.read_text(), origin=str(template)))
            sources.append(str(python))
        keywords = ["gettext", "gettext_lazy", "_", "pgettext:1c,2", "pgettext_lazy:1c,2"]
        extracted = subprocess.run(
            ["xgettext", "--language=Python", "--from-code=UTF-8", "--output=-"]
            + [f"--keyword={keyword}" for keyword in keywords]
            + sources,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return [(entry.msgctxt, entry.msgid) for entry in polib.pofile(extracted) if entry.msgid]


def localize_javascript_strings():
    """The strings wagtail-localize's JavaScript passes to gettext (its English catalogue)."""
    english = polib.pofile(str(LOCALIZE_DIR / "locale/en/LC_MESSAGES/djangojs.po"))
    return [entry.msgid for entry in english if entry.msgid]


@pytest.fixture(autouse=True)
def compiled_catalogues(settings):
    call_command("compile_catalogues", stdout=StringIO())
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # drop catalogues loaded before


@pytest.fixture
def log_in_speaking(client, django_user_model):
    def log_in(group_name, language):
        user = django_user_model.objects.create_user(
            username=f"{group_name}-{language}", first_name="A", last_name="User"
        )
        user.groups.add(Group.objects.get(name=group_name))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return user

    return log_in


def visible_text(response):
    """The text a person reads on an admin page: tags, scripts and styles taken out, and the
    translation editor's strings (its props) added."""
    page = response.content.decode()
    props = re.search(r'data-props="([^"]*)"', page)
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    return [line.strip() for line in text.splitlines() if line.strip()] + (
        editor_strings(json.loads(html.unescape(props.group(1)))) if props else []
    )


def editor_strings(props):
    """The interface strings among the translation editor's props (not the content)."""
    strings = [tab["label"] for tab in props["tabs"]]
    strings += [props["sourceLocale"]["displayName"], props["locale"]["displayName"]]
    strings += [t["comment"] for t in props["initialStringTranslations"] if t["comment"]]
    return strings


def english_strings_in(lines, language):
    """The wagtail-localize strings a screen shows in English under `language`."""
    untranslated = {
        msgid
        for msgctxt, msgid in localize_python_strings()
        if "%" not in msgid and "{" not in msgid and msgid not in SAME_IN.get(language, set())
    }
    return sorted(untranslated & set(lines))


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext's xgettext is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_python_and_template_string_of_wagtail_localize_is_translated(language):
    strings = localize_python_strings()
    assert len(strings) > 80

    with override(language):
        untranslated = [
            msgid
            for msgctxt, msgid in strings
            if (pgettext(msgctxt, msgid) if msgctxt else gettext(msgid)) == msgid
            and msgid not in SAME_IN.get(language, set())
        ]

    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_javascript_string_of_wagtail_localize_is_translated(
    log_in_speaking, client, language
):
    log_in_speaking(EDITORS_GROUP, language)

    response = client.get(reverse("wagtail_localize:javascript_catalog"))

    catalog = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    translated = json.loads(catalog.group(1))
    strings = localize_javascript_strings()
    assert len(strings) > 40
    assert [msgid for msgid in strings if not translated.get(msgid)] == []


def translation_editor(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_translation_editor_speaks_the_translators_language(log_in_speaking, client, language):
    log_in_speaking(TRANSLATOR_GROUPS[language], language)
    page = CityPage.objects.get(slug="anyang", locale__language_code=language)

    response = translation_editor(client, page)
    lines = visible_text(response)

    assert english_strings_in(lines, language) == []
    english_name = {"zh-hans": "英语", "es": "Inglés"}[language]
    assert english_name in lines  # "English", in the header and the props
    comments = [line for line in lines if "PO" in line]
    assert comments and all("PO file" not in line for line in comments)
    assert {"zh-hans": "由 PO 文件 翻译于", "es": "Traducido con archivo PO el"}[language] in (
        comments[0]
    )


@pytest.mark.parametrize(
    "language, heading",
    [("zh-hans", "翻译：英语 → 简体中文"), ("es", "Traducción: Inglés → Español")],
)
def test_the_editors_heading_is_carried_translated_to_the_page(
    log_in_speaking, client, language, heading
):
    log_in_speaking(TRANSLATOR_GROUPS[language], language)
    page = CityPage.objects.get(slug="anyang", locale__language_code=language)

    content = translation_editor(client, page).content.decode()

    script = re.search(r'<script src="[^"]*translation-editor-heading\.js"([^>]*)>', content)
    attributes = dict(re.findall(r'data-(\w+)="([^"]*)"', script.group(1)))
    english = {"zh-hans": "英语 to 简体中文 translation", "es": "Inglés to Español translation"}
    assert attributes == {"english": english[language], "translated": heading}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_snippet_translation_editor_speaks_the_translators_language(
    log_in_speaking, client, language
):
    log_in_speaking(TRANSLATOR_GROUPS[language], language)
    news = NewsItem.objects.filter(locale__language_code=language).first()

    response = client.get(reverse(NewsItem.snippet_viewset.get_url_name("edit"), args=[news.pk]))

    assert response.status_code == 200
    assert english_strings_in(visible_text(response), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_editors_translation_screens_speak_their_language(log_in_speaking, client, language):
    log_in_speaking(EDITORS_GROUP, language)
    anyang = CityPage.objects.get(slug="anyang", locale__language_code="en")
    translation = Translation.objects.filter(target_locale__language_code=language).first()
    screens = [
        reverse("wagtail_localize:submit_page_translation", args=[anyang.pk]),
        reverse("wagtail_localize:update_translations", args=[translation.source_id]),
        reverse("wagtail_localize:translations_report"),
        reverse("wagtailadmin_explore", args=[anyang.get_parent().pk]),
        reverse("wagtailadmin_home"),
        reverse(NewsItem.snippet_viewset.get_url_name("list")),
    ]

    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_strings_in(visible_text(response), language) == [], url


@pytest.mark.parametrize(
    "language, message",
    [("zh-hans", "对不起， 你没有权限访问。"), ("es", "Lo sentimos, no tienes permisos")],
)
def test_the_permission_denied_message_speaks_the_translators_language(
    log_in_speaking, client, language, message
):
    log_in_speaking(TRANSLATOR_GROUPS[language], language)
    other = "es" if language == "zh-hans" else "zh-hans"
    page = CityPage.objects.get(slug="anyang", locale__language_code=other)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]), follow=True)

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert message in content
    assert PERMISSION_DENIED not in content
