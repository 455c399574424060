"""The whole loop of a translation that follows its source, in Chromium, with the translators'
admin in Chinese and in Spanish: an editor changes an English string and publishes; each
translator finds the item in their dashboard, opens it, sees the new English beside the previous
translation, starts from it, translates and publishes; the API says `translated`, and the other
string the translator had changed before (saved, not published) is published with it."""

import json
import os
import re
import secrets
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.admin_login import log_in

from .conftest import CHROMIUM, manage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and os.geteuid() != 0,
        reason=f"{CHROMIUM} is missing and only root can install it (`apt-get install chromium`, "
        "which `make test` runs as root)",
    ),
]

CITY_SLUG = "luoyang"
NEW_ENGLISH_SUMMARY = (
    "Luoyang, capital of thirteen dynasties, keeps the Longmen Grottoes, the White Horse Temple "
    "and the peony gardens that bloom every April."
)
# What each translator does, in the words of their admin (wagtail-localize's and the project's
# catalogues).
TRANSLATORS = {
    "zh-hans": {
        "edit": "编辑",
        "save": "保存",
        "start_from_previous": "以先前的译文为起点",
        "publish": re.compile(r"^发布在"),
        "draft_title": "洛阳（译者修订稿）",
        "added": "每年四月牡丹盛开。",
    },
    "es": {
        "edit": "Editar",
        "save": "Guardar",
        "start_from_previous": "Partir de la traducción anterior",
        "publish": re.compile(r"^Publicar en"),
        "draft_title": "Luoyang (revisión de la traductora)",
        "added": " Sus jardines de peonías florecen cada abril.",
    },
}


def api_get(cms_server, path):
    with urllib.request.urlopen(cms_server.url(f"/api/v2/{path}"), timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def translators(cms_server):
    """A translator per language, each with the admin in their language: {language: (username,
    password)}."""
    accounts = {
        language: (f"loop-{language}", secrets.token_urlsafe(16)) for language in TRANSLATORS
    }
    code = "\n".join(
        [
            "from django.contrib.auth import get_user_model",
            "from django.contrib.auth.models import Group",
            "from wagtail.users.models import UserProfile",
            "from cluster.translation.roles import TRANSLATOR_GROUPS",
        ]
        + [
            f"user = get_user_model().objects.create_user({username!r}, password={password!r})\n"
            f"user.groups.add(Group.objects.get(name=TRANSLATOR_GROUPS[{language!r}]))\n"
            "profile = UserProfile.get_for_user(user)\n"
            f"profile.preferred_language = {language!r}\n"
            "profile.save()"
            for language, (username, password) in accounts.items()
        ]
    )
    manage(cms_server.env, "shell", "--no-imports", "-c", code)
    return accounts


def segment_of(page, english_text):
    """The translation editor's segment (one string) whose English is `english_text`."""
    return page.locator(".js-translation-editor li:is(.complete, .incomplete, .errored)").filter(
        has=page.get_by_text(english_text, exact=True)
    )


def save_segment(segment, words):
    segment.get_by_role("button", name=words["save"], exact=True).click()
    expect(segment.get_by_role("button", name=words["edit"], exact=True)).to_be_visible()
    expect(segment).to_have_class("complete")


def test_an_english_change_reaches_the_translators_and_comes_back_translated(
    cms_server, chromium, browser_page, translators
):
    (english,) = api_get(cms_server, f"pages/?locale=en&type=cluster.CityPage&slug={CITY_SLUG}")[
        "items"
    ]
    english = api_get(cms_server, f"pages/{english['id']}/")
    ids = {t["locale"]: t["id"] for t in english["meta"]["translations"]}
    before = {language: api_get(cms_server, f"pages/{ids[language]}/") for language in TRANSLATORS}

    # Each translator has revised the title in the editor, saved, not published yet.
    contexts = {}
    for language, words in TRANSLATORS.items():
        context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(15_000)
        contexts[language] = page = context.new_page()
        log_in(page, cms_server, *translators[language])
        page.goto(cms_server.url(f"/admin/pages/{ids[language]}/edit/"))
        title = segment_of(page, english["title"])
        title.get_by_role("button", name=words["edit"], exact=True).click()
        title.get_by_role("textbox").fill(words["draft_title"])
        save_segment(title, words)

    # The editor changes the English summary and publishes.
    editor = browser_page
    log_in(editor, cms_server, cms_server.admin_username, cms_server.admin_password)
    editor.goto(cms_server.url(f"/admin/pages/{english['id']}/edit/"))
    editor.locator("#id_summary").fill(NEW_ENGLISH_SUMMARY)
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish", exact=True).click()
    expect(editor.get_by_role("status")).to_contain_text("has been published")

    for language in TRANSLATORS:
        status = api_get(cms_server, f"pages/{ids[language]}/")["meta"]["translation_status"]
        assert status["state"] == "outdated"

    for language, words in TRANSLATORS.items():
        page = contexts[language]
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.goto(cms_server.url("/admin/"))
        panel = page.locator("#translation-needs-work-section")
        panel.get_by_role("link", name=before[language]["title"], exact=True).click()
        expect(page).to_have_url(cms_server.url(f"/admin/pages/{ids[language]}/edit/"))

        # The new English, beside the previous translation; the draft title is still there.
        summary = segment_of(page, NEW_ENGLISH_SUMMARY)
        expect(summary).to_have_class("incomplete")
        previous = summary.locator(".cluster-previous-translation")
        expect(previous).to_contain_text(before[language]["summary"])
        expect(previous).to_contain_text(english["summary"])
        expect(segment_of(page, english["title"])).to_contain_text(words["draft_title"])

        previous.get_by_role("button", name=words["start_from_previous"]).click()
        textbox = summary.get_by_role("textbox")
        expect(textbox).to_have_value(before[language]["summary"])
        new_summary = before[language]["summary"] + words["added"]
        textbox.fill(new_summary)
        save_segment(summary, words)
        expect(summary).to_contain_text(new_summary)

        page.get_by_role("button", name=words["publish"]).click()
        expect(page.get_by_role("status")).to_be_visible()

        after = api_get(cms_server, f"pages/{ids[language]}/")
        assert after["meta"]["translation_status"] == {
            "state": "translated",
            "share": 1.0,
            "source_locale": "en",
        }
        assert after["summary"] == new_summary
        assert after["title"] == words["draft_title"]
        page.context.close()

    assert api_get(cms_server, f"pages/{english['id']}/")["summary"] == NEW_ENGLISH_SUMMARY
