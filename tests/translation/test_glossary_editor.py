"""The glossary in wagtail-localize's translation editor: the editor page loads the panel's
script, and the panel's endpoint lists the strings whose translation lacks an approved form."""

from datetime import date

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from cluster.models import NewsItem
from cluster.translation.glossary_warnings import WARNINGS_URL_NAME
from cluster.translation.po_import import store_strings
from cluster.translation.roles import TRANSLATOR_GROUPS
from tests.seed import locale

SUMMARY = "Mayors of World Heritage cities meet."


@pytest.fixture
def translation(db, admin_user):
    item = NewsItem.objects.create(
        locale=locale("en"),
        title="A glossary test",
        slug="glossary-editor-news",
        date=date(2025, 5, 1),
        summary=SUMMARY,
        live=True,
    )
    source, _ = TranslationSource.get_or_create_from_instance(item)
    translation = Translation.objects.create(
        source=source, target_locale=locale("es"), enabled=True
    )
    translation.save_target(user=admin_user, publish=False)
    return translation


def translate_summary(translation, text):
    store_strings(translation.source, translation.target_locale, [("summary", SUMMARY, text)])


def warnings(client, translation):
    response = client.get(reverse(WARNINGS_URL_NAME, args=[translation.pk]))
    assert response.status_code == 200
    return response.json()


def test_the_translation_editor_loads_the_glossary_panel(admin_client, translation):
    target = translation.get_target_instance()
    response = admin_client.get(reverse("wagtailsnippets_cluster_newsitem:edit", args=[target.pk]))

    html = response.content.decode()
    assert "js-translation-editor" in html
    assert "cluster/js/glossary-warnings" in html
    assert f'data-glossary-warnings-url="{reverse(WARNINGS_URL_NAME, args=[0])}"' in html


def test_the_panel_lists_a_string_without_the_approved_form_until_it_is_fixed(
    admin_client, translation
):
    assert warnings(admin_client, translation) == {"heading": "", "warnings": []}  # untranslated

    translate_summary(translation, "Se reúnen alcaldes de ciudades del patrimonio de la humanidad.")
    answer = warnings(admin_client, translation)

    assert answer["heading"] == "Glossary: 1 string(s) lack an approved term"
    (warning,) = answer["warnings"]
    assert warning["field"] == "summary"
    assert warning["source"] == SUMMARY
    assert warning["findings"] == [{"term": "World Heritage", "approved": "Patrimonio Mundial"}]
    assert warning["message"] == "“World Heritage” should be “Patrimonio Mundial”"

    translate_summary(translation, "Se reúnen alcaldes de Ciudades Patrimonio Mundial.")
    assert warnings(admin_client, translation)["warnings"] == []


def test_the_panel_speaks_the_translators_language(client, django_user_model, translation):
    user = django_user_model.objects.create_user("glossary-es", password="not-used")
    user.groups.add(Group.objects.get(name=TRANSLATOR_GROUPS["es"]))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(user)
    translate_summary(translation, "Ciudades del patrimonio")

    answer = warnings(client, translation)

    assert answer["heading"] == "Glosario: a 1 cadena(s) les falta un término aprobado"
    assert answer["warnings"][0]["message"] == (
        "“World Heritage” debe traducirse como “Patrimonio Mundial”"
    )


def test_a_translator_of_another_language_is_refused(client, django_user_model, translation):
    user = django_user_model.objects.create_user("glossary-zh", password="not-used")
    user.groups.add(Group.objects.get(name=TRANSLATOR_GROUPS["zh-hans"]))
    client.force_login(user)

    response = client.get(reverse(WARNINGS_URL_NAME, args=[translation.pk]))

    # Wagtail's admin answers a refusal with its "no permission" redirect to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
