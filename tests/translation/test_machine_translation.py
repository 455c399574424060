"""Machine translation pre-fills strings, through wagtail-localize's own client, against a
LibreTranslate stand-in: the admin button, `manage.py machine_translate`, and the human review
that turns a machine string into a manual one."""

import html
import json
import re
from datetime import date
from io import StringIO

import polib
import pytest
import requests

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.machine_translators.libretranslate import (
    LibreTranslator as StockLibreTranslator,
)
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from cluster.models import CityPage, ClusterPage, NewsItem
from cluster.translation.machine_translation import LibreTranslator, machine_translator_setting
from cluster.translation.po_import import (
    MACHINE_COMMENT,
    export_translations,
    import_translations,
    object_key,
    read_translation_files,
    relative_path,
    store_strings,
    stored_translations,
)
from tests.seed import locale
from tests.support.libretranslate import CURRENT_LANGUAGES, LibreTranslateStandIn

API_KEY = "test-key"
BODY = '<p>Read the <b>report</b> on <a href="https://example.org/report">our site</a>.</p>'
BODY_STRING = 'Read the <b>report</b> on <a id="a1">our site</a>.'


@pytest.fixture
def libretranslate():
    server = LibreTranslateStandIn(api_key=API_KEY).start()
    yield server
    server.stop()


@pytest.fixture
def machine(settings, libretranslate, db):
    """The project configured, as from its environment, to use the stand-in."""
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(
        {"LIBRETRANSLATE_URL": libretranslate.url + "/", "LIBRETRANSLATE_API_KEY": API_KEY}
    )
    return libretranslate


def make_news_item(slug="machine-test-news", live=True):
    return NewsItem.objects.create(
        locale=locale("en"),
        title=f"Heritage cities meet online ({slug})",
        slug=slug,
        date=date(2025, 5, 1),
        summary="Mayors share what worked.",
        body=BODY,
        live=live,
    )


def make_city_page(slug="machine-town"):
    cluster = ClusterPage.objects.get(locale=locale("en"))
    page = CityPage(
        title="Machine Town",
        slug=slug,
        country="MX",
        region="Test Valley",
        summary="A town that exists only in tests.",
    )
    cluster.add_child(instance=page)
    page.save_revision().publish()
    return page


def submit_for_translation(instance, language, user=None):
    """What "Translate" in the admin does: a source, a translation record, a draft target."""
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(
        source=source, target_locale=locale(language), enabled=True
    )
    translation.save_target(user=user, publish=False)
    return translation


def translations_of(instance, language):
    """{context: StringTranslation} for one object in one language."""
    return {
        context: translation
        for (context, _), translation in stored_translations(instance, locale(language)).items()
    }


def machine_translate(*args):
    out = StringIO()
    call_command("machine_translate", *args, stdout=out)
    return out.getvalue()


# --- (a) choosing the service from the environment ----------------------------------------


def test_a_deepl_key_wins_over_libretranslate():
    setting = machine_translator_setting(
        {"DEEPL_API_KEY": "abc:fx", "LIBRETRANSLATE_URL": "http://lt:5000"}
    )
    assert setting == {
        "CLASS": "cluster.translation.machine_translation.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": "abc:fx"},
    }


def test_deepl_free_and_pro_keys_reach_their_own_endpoints(settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(
        {"DEEPL_API_KEY": "abc:fx"}
    )
    translator = get_machine_translator()
    assert isinstance(translator, DeepLTranslator)
    assert translator.get_api_endpoint() == "https://api-free.deepl.com/v2/translate"
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(
        {"DEEPL_API_KEY": "abc"}
    )
    assert get_machine_translator().get_api_endpoint() == "https://api.deepl.com/v2/translate"


def test_libretranslate_url_and_key_configure_the_project_client():
    setting = machine_translator_setting(
        {"LIBRETRANSLATE_URL": " http://lt:5000/ ", "LIBRETRANSLATE_API_KEY": "k"}
    )
    assert setting == {
        "CLASS": "cluster.translation.machine_translation.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": "http://lt:5000", "API_KEY": "k"},
    }
    no_key = machine_translator_setting({"LIBRETRANSLATE_URL": "http://lt:5000"})
    assert no_key["OPTIONS"]["API_KEY"] == ""


@pytest.mark.parametrize("environ", [{}, {"DEEPL_API_KEY": " ", "LIBRETRANSLATE_URL": ""}])
def test_no_service_configured_means_no_translator(settings, environ):
    assert machine_translator_setting(environ) is None
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(environ)
    assert get_machine_translator() is None


@pytest.mark.parametrize(
    "server_languages, expected",
    [
        (None, {"en": "en", "es": "es", "zh-hans": "zh"}),
        (CURRENT_LANGUAGES, {"zh-hans": "zh-Hans"}),
    ],
)
def test_libretranslate_client_sends_the_codes_the_server_lists(
    libretranslate, server_languages, expected
):
    if server_languages:
        libretranslate.languages = dict(server_languages)
    translator = LibreTranslator({"LIBRETRANSLATE_URL": libretranslate.url})
    assert {code: translator.language_code(code) for code in expected} == expected
    assert [path for _, path, _ in libretranslate.requests] == ["/languages"]  # asked once


def test_stock_client_sends_zh_which_a_current_server_refuses(libretranslate, db):
    libretranslate.languages = dict(CURRENT_LANGUAGES)
    options = {"LIBRETRANSLATE_URL": libretranslate.url, "API_KEY": API_KEY}
    stock = StockLibreTranslator(options)
    with pytest.raises(requests.HTTPError):
        stock.translate(locale("en"), locale("zh-hans"), [StringValue("Hello")])
    assert libretranslate.translations[-1]["target"] == "zh"

    translated = LibreTranslator(options).translate(
        locale("en"), locale("zh-hans"), [StringValue("Hello")]
    )
    assert translated == {StringValue("Hello"): StringValue("[zh-Hans] Hello")}


# --- (b) the admin's machine translation button -------------------------------------------


@pytest.mark.parametrize(
    "language, server_languages, target",
    [("es", None, "es"), ("zh-hans", None, "zh"), ("zh-hans", CURRENT_LANGUAGES, "zh-Hans")],
)
def test_admin_button_stores_machine_translations(
    machine, admin_client, admin_user, language, server_languages, target
):
    if server_languages:
        machine.languages = dict(server_languages)
    item = make_news_item()
    translation = submit_for_translation(item, language, admin_user)
    edit_url = reverse(
        "wagtailsnippets_cluster_newsitem:edit", args=[item.get_translation(locale(language)).pk]
    )
    button_url = reverse("wagtail_localize:machine_translate", args=[translation.id])
    assert machine_translator_offered(admin_client, edit_url) == {
        "name": "LibreTranslate",
        "url": button_url,
    }

    response = admin_client.post(button_url, {"next": edit_url})

    assert response.status_code == 302
    stored = translations_of(item, language)
    assert {context: t.data for context, t in stored.items()} == {
        "title": f"[{target}] {item.title}",
        "summary": f"[{target}] Mayors share what worked.",
        "body": f"[{target}] {BODY_STRING}",
    }
    assert {t.translation_type for t in stored.values()} == {"machine"}
    assert {t.tool_name for t in stored.values()} == {"LibreTranslate"}
    (request,) = machine.translations
    assert request["source"] == "en"
    assert request["target"] == target
    assert request["api_key"] == API_KEY
    assert request["format"] == "html"
    assert sorted(request["q"]) == sorted([item.title, "Mayors share what worked.", BODY_STRING])


def test_translation_editor_offers_no_button_without_a_service(settings, admin_client, admin_user):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    item = make_news_item()
    submit_for_translation(item, "es", admin_user)
    edit_url = reverse(
        "wagtailsnippets_cluster_newsitem:edit", args=[item.get_translation(locale("es")).pk]
    )
    assert machine_translator_offered(admin_client, edit_url) is None


def machine_translator_offered(client, edit_url):
    """What wagtail-localize's translation editor is told about the machine translator."""
    response = client.get(edit_url)
    assert response.status_code == 200
    props = re.search(r'data-props="([^"]*)"', response.content.decode())
    return json.loads(html.unescape(props.group(1)))["machineTranslator"]


# --- (c) manage.py machine_translate ------------------------------------------------------


def test_command_fills_only_missing_strings_and_keeps_manual_ones(machine):
    item = make_news_item()
    source, _ = TranslationSource.get_or_create_from_instance(item)
    store_strings(source, locale("es"), [("title", item.title, "Las ciudades se reúnen")])

    output = machine_translate("--locale", "es", "--object", object_key(item))

    stored = translations_of(item, "es")
    assert stored["title"].data == "Las ciudades se reúnen"
    assert stored["title"].translation_type == "manual"
    machine_made = {c: t for c, t in stored.items() if c != "title"}
    assert {c: t.data for c, t in machine_made.items()} == {
        "summary": "[es] Mayors share what worked.",
        "body": f"[es] {BODY_STRING}",
    }
    assert {(t.translation_type, t.tool_name) for t in machine_made.values()} == {
        ("machine", "LibreTranslate")
    }
    (request,) = machine.translations
    assert sorted(request["q"]) == sorted([BODY_STRING, "Mayors share what worked."])
    assert (request["source"], request["target"], request["api_key"]) == ("en", "es", API_KEY)
    assert item.get_translation_or_none(locale("es")) is None  # stored only, not published
    assert "2 string(s) machine-translated in 1 object(s)" in output

    machine_translate("--locale", "es", "--object", object_key(item))
    assert len(machine.translations) == 1  # nothing left to ask for


def test_command_covers_every_live_object_and_never_touches_manual_translations(machine):
    es = locale("es")
    manual_before = set(
        StringTranslation.objects.filter(locale=es, translation_type="manual").values_list(
            "id", "data", "tool_name", "updated_at"
        )
    )
    assert manual_before  # the seed's translations
    item = make_news_item("machine-test-live")
    draft = make_news_item("machine-test-draft", live=False)

    machine_translate("--locale", "es")

    manual_after = set(
        StringTranslation.objects.filter(locale=es, translation_type="manual").values_list(
            "id", "data", "tool_name", "updated_at"
        )
    )
    assert manual_after == manual_before
    assert {t.translation_type for t in translations_of(item, "es").values()} == {"machine"}
    assert translations_of(draft, "es") == {}
    assert {(r["source"], r["target"]) for r in machine.translations} == {("en", "es")}
    sent = [text for request in machine.translations for text in request["q"]]
    assert item.title in sent and draft.title not in sent


def test_command_publish_creates_the_translated_page(machine, django_capture_on_commit_callbacks):
    page = make_city_page()

    with django_capture_on_commit_callbacks(execute=True):
        output = machine_translate("--locale", "zh-hans", "--object", object_key(page), "--publish")

    translated = page.get_translation(locale("zh-hans")).specific
    assert translated.live
    assert translated.title == "[zh] Machine Town"
    assert translated.summary == "[zh] A town that exists only in tests."
    assert translated.region == "[zh] Test Valley"
    assert translated.slug == page.slug  # slugs are shared, never machine-translated
    assert translated.get_parent().specific.locale.language_code == "zh-hans"
    assert "slug" not in translations_of(page, "zh-hans")
    assert page.slug not in [text for r in machine.translations for text in r["q"]]
    assert "1 translation(s) published" in output


def test_command_publishes_strings_stored_by_an_earlier_run(
    machine, django_capture_on_commit_callbacks
):
    page = make_city_page()
    with django_capture_on_commit_callbacks(execute=True):
        machine_translate("--locale", "es", "--object", object_key(page), "--publish")
    page.summary = "A town that changed its summary."
    page.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        machine_translate("--locale", "es", "--object", object_key(page))
    translated = page.get_translation(locale("es")).specific
    assert translated.summary == "[es] A town that exists only in tests."  # stored, not published

    with django_capture_on_commit_callbacks(execute=True):
        output = machine_translate("--locale", "es", "--object", object_key(page), "--publish")
    translated.refresh_from_db()
    assert translated.summary == "[es] A town that changed its summary."
    assert "0 string(s) machine-translated in 0 object(s); 1 translation(s) published" in output

    with django_capture_on_commit_callbacks(execute=True):
        output = machine_translate("--locale", "es", "--object", object_key(page), "--publish")
    assert "0 translation(s) published" in output  # up to date: no new revision


def test_command_leaves_out_answers_that_break_the_markup(machine):
    machine.drop_links = True
    item = make_news_item()

    output = machine_translate("--locale", "es", "--object", object_key(item))

    assert set(translations_of(item, "es")) == {"title", "summary"}
    assert "body: the answer broke the markup; left out" in output
    assert "1 answer(s) broke the markup and were left out" in output


@pytest.mark.parametrize("failure", ["500", "down"])
def test_command_writes_nothing_when_the_service_fails(machine, failure):
    first = make_news_item("machine-test-a")
    second = make_news_item("machine-test-b")
    if failure == "500":
        machine.fail_with, machine.fail_after = 500, 1  # the first object gets translated
        failed, reason = second, "answered 500"
    else:
        machine.stop()
        failed, reason = first, "unreachable"
    counts = (StringTranslation.objects.count(), TranslationSource.objects.count())

    with pytest.raises(CommandError) as error:
        machine_translate(
            "--locale", "es", "--object", object_key(second), "--object", object_key(first)
        )

    assert object_key(failed) in str(error.value)
    assert reason in str(error.value)
    assert "Nothing was written" in str(error.value)
    assert (StringTranslation.objects.count(), TranslationSource.objects.count()) == counts


def test_command_refuses_to_run_without_a_translator(settings, db):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    with pytest.raises(CommandError, match="No machine translator is configured"):
        machine_translate("--locale", "es")


def test_command_names_an_unknown_object(machine):
    with pytest.raises(CommandError, match="cluster.citypage:atlantis"):
        machine_translate("--locale", "es", "--object", "cluster.citypage:atlantis")
    assert machine.requests == []


# --- (d) human review ---------------------------------------------------------------------


def test_editing_a_machine_string_in_the_admin_makes_it_manual(machine, admin_client, admin_user):
    item = make_news_item()
    translation = submit_for_translation(item, "es", admin_user)
    machine_translate("--locale", "es", "--object", object_key(item))
    segment = StringSegment.objects.get(source=translation.source, context__path="summary")

    response = admin_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id]),
        "value=Los+alcaldes+comparten+lo+que+funcion%C3%B3.",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    stored = translations_of(item, "es")
    assert stored["summary"].data == "Los alcaldes comparten lo que funcionó."
    assert stored["summary"].translation_type == "manual"
    assert stored["title"].translation_type == "machine"


def test_po_review_of_a_machine_string_makes_it_manual(
    machine, tmp_path, django_capture_on_commit_callbacks
):
    item = make_news_item()
    machine_translate("--locale", "es", "--object", object_key(item))

    export_translations(tmp_path / "export", "es")
    po = polib.pofile(str(tmp_path / "export" / relative_path(item, "es")))
    assert all(entry.fuzzy and entry.tcomment == MACHINE_COMMENT for entry in po)
    assert {entry.msgctxt: entry.msgstr for entry in po}["title"] == f"[es] {item.title}"

    summary = next(entry for entry in po if entry.msgctxt == "summary")
    summary.flags.remove("fuzzy")
    summary.tcomment = ""
    summary.msgstr = "Los alcaldes comparten lo que funcionó."
    reviewed = tmp_path / "reviewed" / relative_path(item, "es")
    reviewed.parent.mkdir(parents=True)
    po.save(str(reviewed))
    with django_capture_on_commit_callbacks(execute=True):
        import_translations(read_translation_files(tmp_path / "reviewed"))

    stored = translations_of(item, "es")
    assert stored["summary"].data == "Los alcaldes comparten lo que funcionó."
    assert stored["summary"].translation_type == "manual"
    assert stored["title"].translation_type == "machine"  # still fuzzy, not imported
    published = item.get_translation(locale("es"))
    assert published.live
    assert published.summary == "Los alcaldes comparten lo que funcionó."
    # Publishing uses every stored string, so an unreviewed machine title goes live with it.
    assert published.title == f"[es] {item.title}"


def test_command_publish_keeps_a_new_parent_and_its_child_together(
    machine, django_capture_on_commit_callbacks, client
):
    """A parent and its child translated and published in one run: the translated parent
    still lists its child (a publish deferred to the commit would save a stale page tree)."""
    home = ClusterPage.objects.get(locale=locale("en")).get_parent()
    cluster = ClusterPage(
        title="Second Cluster",
        slug="second-cluster",
        introduction="<p>Another cluster.</p>",
        join_call="<p>Join.</p>",
    )
    home.add_child(instance=cluster)
    cluster.save_revision().publish()
    city = CityPage(title="Child Town", slug="child-town", country="MX", region="R", summary="S.")
    cluster.add_child(instance=city)
    city.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        machine_translate(
            "--locale",
            "es",
            "--object",
            object_key(cluster),
            "--object",
            object_key(city),
            "--publish",
        )

    spanish_cluster = cluster.get_translation(locale("es"))
    spanish_city = city.get_translation(locale("es"))
    assert list(spanish_cluster.get_children().live()) == [spanish_city.page_ptr]
    html_path = f"/es/{spanish_cluster.slug}/{spanish_city.slug}/"
    response = client.get("/api/v2/pages/find/", {"html_path": html_path})
    assert response.status_code == 302
