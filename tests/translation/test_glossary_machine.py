"""Machine translation uses the heritage glossary: DeepL through its glossary API, LibreTranslate
with the terms protected as placeholders and replaced by their approved forms; both against
stand-ins started on 127.0.0.1."""

from datetime import date
from io import StringIO

import pytest

from django.core.management import call_command

from cluster.models import GlossaryTerm, NewsItem
from cluster.translation.glossary_checks import Glossary, Term
from cluster.translation.machine_translation import machine_translator_setting
from cluster.translation.po_import import object_key, stored_translations
from tests.seed import locale
from tests.support.deepl import DeepLStandIn
from tests.support.libretranslate import LibreTranslateStandIn

SUMMARY = "Our World Heritage cities stream on BiliBili."
BODY = '<p>See <a href="https://example.org/whc">World Heritage</a> videos.</p>'
DEEPL_KEY = "test-key:fx"


def news_item(slug="glossary-machine-news"):
    return NewsItem.objects.create(
        locale=locale("en"),
        title=f"Glossary test ({slug})",
        slug=slug,
        date=date(2025, 5, 1),
        summary=SUMMARY,
        body=BODY,
        live=True,
    )


def machine_translate(*args):
    out = StringIO()
    call_command("machine_translate", *args, stdout=out)
    return out.getvalue()


def stored(instance, language):
    return {
        context: translation.data
        for (context, _), translation in stored_translations(instance, locale(language)).items()
    }


# --- LibreTranslate: placeholders ---------------------------------------------------------------


@pytest.fixture
def libretranslate(settings, db):
    server = LibreTranslateStandIn().start()
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(
        {"LIBRETRANSLATE_URL": server.url}
    )
    yield server
    server.stop()


@pytest.mark.parametrize(
    "language, summary, body",
    [
        (
            "es",
            "[es] Our Patrimonio Mundial cities stream on BiliBili.",
            '[es] See <a id="a1">Patrimonio Mundial</a> videos.',
        ),
        (
            "zh-hans",
            "[zh] Our 世界遗产 cities stream on 哔哩哔哩.",
            '[zh] See <a id="a1">世界遗产</a> videos.',
        ),
    ],
)
def test_libretranslate_gets_placeholders_and_the_approved_forms_come_back(
    libretranslate, language, summary, body
):
    item = news_item()

    machine_translate("--locale", language, "--object", object_key(item))

    (request,) = libretranslate.translations
    assert 'Our <x id="g0"/> cities stream on <x id="g1"/>.' in request["q"]
    assert 'See <a id="a1"><x id="g0"/></a> videos.' in request["q"]
    assert stored(item, language)["summary"] == summary
    assert stored(item, language)["body"] == body


def test_a_term_edited_in_the_admin_is_what_the_machine_uses(libretranslate):
    GlossaryTerm.objects.filter(term="BiliBili").update(es="Bilibili")
    item = news_item()

    machine_translate("--locale", "es", "--object", object_key(item))

    assert stored(item, "es")["summary"] == "[es] Our Patrimonio Mundial cities stream on Bilibili."


def test_an_answer_that_lost_or_doubled_a_placeholder_is_not_used():
    glossary = Glossary([Term("World Heritage", {"es": "Patrimonio Mundial"})])
    protected, forms = glossary.protect("World Heritage sites", "es")
    assert (protected, forms) == ('<x id="g0"/> sites', {"g0": "Patrimonio Mundial"})
    assert Glossary.restore('sitios <x id="g0"></x>', forms) == "sitios Patrimonio Mundial"
    assert Glossary.restore("sitios", forms) is None
    assert Glossary.restore('<x id="g0"/> y <x id="g0"/>', forms) is None


# --- DeepL: its glossary API -----------------------------------------------------------------


@pytest.fixture
def deepl(settings, db):
    server = DeepLStandIn(auth_key=DEEPL_KEY).start()
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(
        {"DEEPL_API_KEY": DEEPL_KEY, "DEEPL_API_URL": server.url + "/"}
    )
    yield server
    server.stop()


def test_deepl_translates_with_a_glossary_of_the_current_terms(deepl):
    item = news_item()

    machine_translate("--locale", "es", "--object", object_key(item))

    (glossary_id,) = deepl.glossaries
    glossary = deepl.glossaries[glossary_id]
    assert (glossary["source_lang"], glossary["target_lang"]) == ("en", "es")
    assert glossary["entries"] == {row.term: row.es for row in GlossaryTerm.objects.all()}
    (request,) = deepl.translations
    assert request["glossary_id"] == [glossary_id]
    assert stored(item, "es")["summary"] == "[ES] Our Patrimonio Mundial cities stream on BiliBili."


def test_deepl_reuses_an_unchanged_glossary_and_replaces_an_edited_one(deepl):
    machine_translate("--locale", "zh-hans", "--object", object_key(news_item("first")))
    machine_translate("--locale", "zh-hans", "--object", object_key(news_item("second")))
    creations = [r for r in deepl.requests if r[:2] == ("POST", "/v2/glossaries")]
    assert len(creations) == 1
    (first_id,) = deepl.glossaries
    assert deepl.glossaries[first_id]["target_lang"] == "zh"

    GlossaryTerm.objects.filter(term="BiliBili").update(zh_hans="B站")
    third = news_item("third")
    machine_translate("--locale", "zh-hans", "--object", object_key(third))

    (second_id,) = deepl.glossaries  # the old one deleted
    assert second_id != first_id
    assert deepl.glossaries[second_id]["entries"]["BiliBili"] == "B站"
    assert stored(third, "zh-hans")["summary"] == "[ZH] Our 世界遗产 cities stream on B站."
