"""Image descriptions (alt text) are translated with the page that shows the image: each
language's API serves its own alt for the hero image (`hero_image_alt`) and for body images (the
image block's `alt`), and the translation editor offers them as strings to translate."""

import html
import json
import re
import uuid

import pytest

from django.urls import reverse

from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from cluster.models import CityPage
from cluster.renditions import make_api_renditions
from cluster.translation.po_import import publish_translation
from tests.seed import english, locale

pytestmark = pytest.mark.django_db

HERO_ALT = {
    "en": "Placeholder image for Anyang",
    "zh-hans": "安阳的占位图片",
    "es": "Imagen provisional de Anyang",
}
BODY_ALT = {
    "en": "The Yin Ruins museum at dusk",
    "zh-hans": "黄昏时的殷墟博物馆",
    "es": "El museo de las Ruinas de Yin al atardecer",
}


def anyang_in(api, language):
    _, data = api("pages/", type="cluster.CityPage", locale=language, slug="anyang")
    (anyang,) = data["items"]
    _, detail = api(f"pages/{anyang['id']}/")
    return detail


@pytest.mark.parametrize("language", ["en", "zh-hans", "es"])
def test_each_language_serves_its_own_hero_image_alt(api, language):
    anyang = anyang_in(api, language)

    assert anyang["hero_image"]["alt"] == HERO_ALT[language]


def test_an_empty_hero_image_alt_falls_back_to_the_images_description(api):
    page = english(CityPage, slug="anyang")
    page.hero_image_alt = ""
    page.save_revision().publish()

    assert anyang_in(api, "en")["hero_image"]["alt"] == page.hero_image.description


def add_body_image_with_alt(page, alt):
    make_api_renditions(page.hero_image)
    block_id = str(uuid.uuid4())
    page.body.append(("image", {"image": page.hero_image, "alt": alt, "caption": "", "credit": ""}))
    page.body[-1].id = block_id
    page.save_revision().publish()
    return block_id


def translate(source, path, translations):
    segment = StringSegment.objects.get(source=source, context__path=path)
    for language, text in translations.items():
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale(language),
            context=segment.context,
            defaults={"data": text},
        )


def test_each_language_serves_its_own_body_image_alt(api):
    page = english(CityPage, slug="anyang")
    block_id = add_body_image_with_alt(page, BODY_ALT["en"])
    source = TranslationSource.objects.get_for_instance(page)
    source.update_from_db()
    translate(source, f"body.{block_id}.alt", {k: v for k, v in BODY_ALT.items() if k != "en"})

    for language in ["zh-hans", "es"]:
        publish_translation(source, locale(language))

    for language, alt in BODY_ALT.items():
        (image,) = [block for block in anyang_in(api, language)["body"] if block["type"] == "image"]
        assert image["value"]["image"]["alt"] == alt


def test_the_translation_editor_offers_the_alt_texts(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    chinese = CityPage.objects.get(slug="anyang", locale__language_code="zh-hans")

    response = client.get(reverse("wagtailadmin_pages:edit", args=[chinese.pk]))
    props = json.loads(html.unescape(re.search(r'data-props="([^"]*)"', response.text).group(1)))

    (alt,) = [s for s in props["segments"] if s.get("source") == HERO_ALT["en"]]
    assert alt["location"]["field"] == "Hero image description (alt text)"
    translated = {t["segment_id"]: t["data"] for t in props["initialStringTranslations"]}
    assert translated[alt["id"]] == HERO_ALT["zh-hans"]
